"""Every plan of a country: serial against Dask (processes), and the Arrow path against
pandas on a large report (BENCHMARKS.md, issue 21).

    .venv/bin/python benches/country.py [--plans 1000] [--lines 10000] [--workers 2]
    .venv/bin/python benches/country.py --arrow-lines 1000000

The plans are made by `goldthread synth --plans N --lines M` (release build) into
target/bench-country/, once. Wall times are the best of --repeat runs; peak memory per
worker is each worker process's maximum resident set, read on the worker.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa

import goldthread
import goldthread.dask as gd

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("summary", "goals", "leaks")


def cli() -> str:
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "goldthread-cli"], cwd=ROOT, check=True)
    return str(ROOT / "target/release/goldthread")


def country(plans: int, lines: int) -> list:
    out = ROOT / f"target/bench-country/{plans}x{lines}"
    paths = sorted(str(p) for p in out.glob("*.json"))
    if len(paths) != plans:
        subprocess.run([cli(), "synth", "--plans", str(plans), "--lines", str(lines), "--out", str(out)], check=True)
        paths = sorted(str(p) for p in out.glob("*.json"))
    return paths


def serial(paths):
    parts = {t: [] for t in TABLES}
    for path in paths:
        report = goldthread.Plan.load(path).report()
        for t in TABLES:
            table = report.to_arrow(t)
            parts[t].append(table.add_column(0, "plan", pa.array([path] * table.num_rows, pa.string())))
    return {t: pa.concat_tables(p).to_pandas(types_mapper=pd.ArrowDtype) for t, p in parts.items()}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000


def best(f, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def many_plans(args):
    import dask
    from distributed import Client, LocalCluster

    if not args.dask_malloc_trim:
        # distributed starts workers with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc
        # give memory back after nearly every free: a plan's load allocates much, and runs
        # ~25 % slower so. Workers started with glibc's usual threshold instead:
        dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 128 << 20})
    paths = country(args.plans, args.lines)
    mb = sum(os.path.getsize(p) for p in paths) / 1e6
    print(f"{len(paths)} plans of {args.lines} lines ({mb:.0f} MB of plan files)")
    t_serial, s = best(lambda: serial(paths), args.repeat)
    print(f"serial, one process:        {t_serial:7.2f} s  {1000 * t_serial / len(paths):6.1f} ms/plan  peak {peak_mb():.0f} MB")
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None) as cluster, Client(cluster) as client:
        def run():
            frames = gd.report_tables(paths, TABLES, plans_per_partition=args.per_partition)
            return dict(zip(TABLES, dask.compute(*(frames[t] for t in TABLES))))
        t_dask, d = best(run, args.repeat)
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000)
        t_rollup, rollup = best(lambda: gd.national_rollup(paths), 1)
    print(f"dask, {args.workers} worker processes ({args.per_partition} plans a task):  {t_dask:7.2f} s  {1000 * t_dask / len(paths):6.1f} ms/plan  "
          f"speed-up {t_serial / t_dask:.2f}×  peak per worker {', '.join(f'{v:.0f}' for v in peaks.values())} MB")
    print(f"national roll-up (dask):    {t_rollup:7.2f} s  {len(rollup.goals)} goals")
    for t in TABLES:
        pd.testing.assert_frame_equal(d[t].reset_index(drop=True), s[t], check_exact=True)
    total = s["summary"]["total_amount"].sum()
    print(f"dask tables equal the serial loop's; the country's total {total}")


def arrow_path(args):
    plan_path = ROOT / f"target/bench-plans/synth-{args.arrow_lines}.json"
    if not plan_path.exists():
        plan_path.parent.mkdir(parents=True, exist_ok=True)
        with open(plan_path, "wb") as f:
            subprocess.run([cli(), "synth", "--lines", str(args.arrow_lines), "--seed", "1"], stdout=f, check=True)
    report = goldthread.Plan.load(plan_path).report()
    rows = len(report._data["projects"])
    print(f"report of a {args.arrow_lines}-line plan: the projects table, {rows} rows")

    def json_route():
        # What to_pandas did before: the JSON report as dicts with Decimal, then rows.
        d = json.loads(report.to_json(), parse_float=Decimal)
        return pd.DataFrame(d["projects"])

    for name, f in [
        ("to_arrow (pyarrow.Table)", lambda: report.to_arrow("projects")),
        ("to_arrow → pandas ArrowDtype", lambda: report.to_arrow("projects").to_pandas(types_mapper=pd.ArrowDtype)),
        ("to_pandas (Decimal objects)", lambda: report.to_pandas("projects")),
        ("JSON → dicts → DataFrame", json_route),
    ]:
        t, _ = best(f, args.repeat)
        print(f"  {name:30s} {1000 * t:8.1f} ms")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--plans", type=int, default=1000)
    p.add_argument("--lines", type=int, default=10000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--per-partition", type=int, default=10)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--dask-malloc-trim", action="store_true", help="keep distributed's MALLOC_TRIM_THRESHOLD_=65536")
    p.add_argument("--arrow-lines", type=int, default=0, help="only the Arrow path, on a plan of this many lines")
    args = p.parse_args()
    if args.arrow_lines:
        arrow_path(args)
    else:
        many_plans(args)


if __name__ == "__main__":
    sys.exit(main())
