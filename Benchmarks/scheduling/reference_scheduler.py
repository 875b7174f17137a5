#!/usr/bin/env python3
"""FIFO and EASY backfill in plain Python: the reference `scripts/bench-scheduling.sh`
compares Orrery's scheduling loop with, side by side on the same trace.

Written for the benchmark in the way the Python simulators of research schedulers are
written (an event heap, lists, one scheduling pass per instant), so the ratio says what
moving such a study to Orrery gains. It decides as Orrery's `fifo` and `easy-backfill`
do with consolidating placement on whole GPUs and trace durations, where only the count
of free GPUs matters (a job that fits in the free GPUs is placed, across nodes if it
must): the same times as Orrery, to the nanosecond, so the script checks that its mean
queueing delay and JCT equal Orrery's before its timing means anything.

    reference_scheduler.py JOBS.csv GPUS POLICY [RESULTS.sqlite]

JOBS.csv is Orrery's job CSV (`orrery trace convert`); POLICY is fifo or easy-backfill.
Prints one line: jobs, mean queueing delay and mean JCT (seconds), and the loop's wall
seconds (reading the CSV excluded, as Orrery's "run wall" excludes loading the trace).
With RESULTS.sqlite, Orrery's results of the same run: exits 1 unless both means agree
to 1e-9 of their size.
"""

import csv
import heapq
import math
import sqlite3
import sys
import time

ARRIVAL, END = 0, 1


def nanoseconds(seconds):
    """Seconds as Orrery's clock holds them: whole nanoseconds, rounded up."""
    return int(math.ceil(float(seconds) * 1e9))


def load(path):
    """(submit, gpus, duration) per job in trace order, times in nanoseconds; exits
    naming the file and line of a row it cannot read."""
    jobs = []
    try:
        with open(path, newline="") as file:
            rows = csv.DictReader(file)
            for row in rows:
                try:
                    jobs.append((nanoseconds(row["submit"]), int(row["gpus"]), nanoseconds(row["duration"])))
                except (KeyError, TypeError, ValueError):
                    sys.exit(f"{path}:{rows.line_num}: expected numbers in columns submit, gpus and duration (Orrery's job CSV)")
    except OSError as error:
        sys.exit(f"{path}: {error.strerror}")
    return jobs


def reservation(head_gpus, free, running, now):
    """EASY's reservation for the blocked head: the time enough GPUs will be free (the
    running jobs' ends in order, ties by job index) and the GPUs spare then."""
    for end, job, gpus in sorted((max(end, now), job, gpus) for job, (end, gpus) in running.items()):
        free += gpus
        if free >= head_gpus:
            return end, free - head_gpus
    return None


def simulate(jobs, total, policy):
    events = []
    for job, (submit, _, _) in enumerate(jobs):
        events.append((submit, ARRIVAL, job))
    # Arrivals in submit order, equal times in trace order; an end after the arrivals of
    # its instant (the pass sees both).
    heapq.heapify(events)
    queue = []
    running = {}
    free = total
    started = [None] * len(jobs)
    ended = [None] * len(jobs)
    while events:
        now = events[0][0]
        while events and events[0][0] == now:
            _, kind, job = heapq.heappop(events)
            if kind == ARRIVAL:
                if jobs[job][1] <= total:
                    queue.append(job)
            else:
                free += jobs[job][1]
                del running[job]
                ended[job] = now
        starts = []
        position = 0
        while position < len(queue) and jobs[queue[position]][1] <= free:
            starts.append(queue[position])
            free -= jobs[queue[position]][1]
            running[queue[position]] = (now + jobs[queue[position]][2], jobs[queue[position]][1])
            position += 1
        blocked = queue[position:]
        if policy == "easy-backfill" and blocked:
            reserved = reservation(jobs[blocked[0]][1], free, running, now)
            if reserved is not None:
                shadow, extra = reserved
                left = [blocked[0]]
                for job in blocked[1:]:
                    _, gpus, duration = jobs[job]
                    in_time = now + duration <= shadow
                    if free > 0 and gpus <= free and (in_time or gpus <= extra):
                        starts.append(job)
                        free -= gpus
                        running[job] = (now + duration, gpus)
                        if not in_time:
                            extra -= gpus
                    else:
                        left.append(job)
                blocked = left
        queue = blocked
        for job in starts:
            started[job] = now
            heapq.heappush(events, (now + jobs[job][2], END, job))
    return started, ended


def orrery_means(path):
    """Orrery's mean queueing delay and JCT from its results file."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            metrics = dict(db.execute("SELECT name, value FROM metrics WHERE name IN ('jobs.queueing.mean', 'jobs.jct.mean')"))
        return metrics["jobs.queueing.mean"], metrics["jobs.jct.mean"]
    except (sqlite3.Error, KeyError) as error:
        sys.exit(f"{path}: expected an Orrery results file with jobs.queueing.mean and jobs.jct.mean in metrics ({error})")


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[3] not in ("fifo", "easy-backfill"):
        sys.exit("usage: reference_scheduler.py JOBS.csv GPUS fifo|easy-backfill [RESULTS.sqlite]")
    jobs = load(sys.argv[1])
    if not sys.argv[2].isdigit() or int(sys.argv[2]) <= 0:
        sys.exit(f"GPUS: expected a positive whole number of GPUs, got '{sys.argv[2]}'")
    clock = time.perf_counter()
    started, ended = simulate(jobs, int(sys.argv[2]), sys.argv[3])
    loop = time.perf_counter() - clock
    done = [job for job in range(len(jobs)) if ended[job] is not None]
    if not done:
        sys.exit(f"{sys.argv[1]}: no job finished (none fits {sys.argv[2]} GPUs)")
    queueing = sum((started[job] - jobs[job][0]) / 1e9 for job in done) / len(done)
    jct = sum((ended[job] - jobs[job][0]) / 1e9 for job in done) / len(done)
    print(f"jobs {len(done)} queueing.mean {queueing:.6f} jct.mean {jct:.6f} loop {loop:.3f}")
    if len(sys.argv) == 5:
        for name, mine, theirs in zip(("queueing", "JCT"), (queueing, jct), orrery_means(sys.argv[4])):
            if abs(mine - theirs) > 1e-9 * max(1.0, abs(theirs)):
                sys.exit(f"mean {name} differs from Orrery's: {mine:.9f} s here, {theirs:.9f} s there")


if __name__ == "__main__":
    main()
