#!/usr/bin/env python3
"""Interleaved rounds of goldthread binaries and DuckDB on one input, the order rotating
each round, so that no run always follows DuckDB's process (whose freed memory makes the
next run on this machine slow). Prints each one's wall times (all runs, and the fast runs:
under 0.15 s of system time), user CPU, and DuckDB's own timing (from connecting to the
answer) beside its whole process.

    python3 benches/rounds.py mapping target/bench-plans/fdp-1000000 20 BIN_A BIN_B
    python3 benches/rounds.py tables target/bench-plans/synth-1000000-tables 9 BIN_A

`mapping` runs `report --mapping DIR/datapackage.json DIR/budget.csv` against
`benches/baseline/mapped_duckdb.py`; `tables` runs `report --tables DIR` against
`benches/baseline/attribution_duckdb.py`. Needs duckdb in `.venv`.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")


def commands(mode, data):
    if mode == "mapping":
        args = ["--mapping", f"{data}/datapackage.json", f"{data}/budget.csv"]
        duck = [PYTHON, str(ROOT / "benches/baseline/mapped_duckdb.py"), f"{data}/budget.csv"]
    elif mode == "tables":
        args = ["--tables", data]
        duck = [PYTHON, str(ROOT / "benches/baseline/attribution_duckdb.py"), data]
    else:
        sys.exit(f"mode is mapping or tables, not {mode}")
    return (lambda binary: [binary, "report", *args, "--format", "json"]), duck


def run(command, capture):
    """Wall seconds, (system, user) CPU seconds, and standard output if captured."""
    start = time.perf_counter()
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
    text = process.stdout.read() if capture else None
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_stime, usage.ru_utime, text


def main(mode, data, rounds, binaries):
    report, duck = commands(mode, data)
    names = [*binaries, "duckdb"]
    runs = {name: [] for name in names}
    own = []
    for r in range(int(rounds)):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            is_duck = name == "duckdb"
            wall, system, user, text = run(duck if is_duck else report(name), is_duck)
            runs[name].append((wall, system, user))
            if is_duck:
                own.append(json.loads(text)["seconds"])
    for name, times in runs.items():
        walls = sorted(w for w, _, _ in times)
        fast = sorted(w for w, s, _ in times if s < 0.15)
        fast_median = f"{statistics.median(fast):.3f}" if fast else "-"
        print(f"{name}: all runs median {statistics.median(walls):.3f} s, best {walls[0]:.3f}; "
              f"fast {len(fast)}/{len(times)}, median {fast_median}; "
              f"user median {statistics.median(u for _, _, u in times):.3f} s")
        print("   ", " ".join(f"{w:.3f}" for w in walls))
    print(f"duckdb's own timing: median {statistics.median(own):.3f} s, best {min(own):.3f}")
    print("   ", " ".join(f"{s:.3f}" for s in sorted(own)))


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
