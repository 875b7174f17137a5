#!/usr/bin/env python3
"""Converts the Alibaba cluster-trace-gpu-v2023 (openb) pod list into Orrery's job CSV.

Keeps pods that hold whole GPUs (gpu_milli == 1000) and were scheduled; a job's duration
is deletion_time - scheduled_time (seconds), its submit time creation_time, its tenant
the QoS class. Source and licence: docs/data.md.

usage: make-alibaba-trace.py openb_pod_list_default.csv > Scenarios/traces/alibaba-openb-2023-whole-gpu.csv
"""
import csv
import sys


def main(path):
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "submit", "duration", "gpus", "tenant"])
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if int(row["num_gpu"]) < 1 or int(row["gpu_milli"]) != 1000:
                continue
            if not row["scheduled_time"] or not row["deletion_time"]:
                continue
            duration = max(1, int(row["deletion_time"]) - int(row["scheduled_time"]))
            out.writerow([row["name"], row["creation_time"], duration, row["num_gpu"], row["qos"]])


if __name__ == "__main__":
    main(sys.argv[1])
