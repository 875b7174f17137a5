#!/usr/bin/env python3
"""Derives the compact prefix-hash fixtures in Tests/Fixtures/mooncake/ from the Mooncake
traces (kvcache-ai/Mooncake traces/{conversation,synthetic}_trace.jsonl, Apache-2.0).

Each output line is one request, in file order: its `hash_ids` with runs of consecutive
ids written `first-last` (Mooncake numbers new blocks consecutively, so runs are long).
Usage: scripts/make-mooncake-hash-fixtures.py MOONCAKE_DIR
"""
import json
import sys
from pathlib import Path

source = Path(sys.argv[1])
target = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "mooncake"
for name in ["conversation", "synthetic"]:
    lines = []
    with open(source / f"{name}_trace.jsonl") as rows:
        for row in rows:
            hashes = json.loads(row)["hash_ids"]
            runs, i = [], 0
            while i < len(hashes):
                j = i
                while j + 1 < len(hashes) and hashes[j + 1] == hashes[j] + 1:
                    j += 1
                runs.append(str(hashes[i]) if i == j else f"{hashes[i]}-{hashes[j]}")
                i = j + 1
            lines.append(" ".join(runs))
    (target / f"{name}-hash-ids.txt").write_text("\n".join(lines) + "\n")
