"""Many plans on Dask (``pip install goldthread[dask]``): the report tables of thousands of
plans as Dask DataFrames with a ``plan`` column, and a national roll-up of plans that
share a goal framework.

Each worker loads and reports its own plans — a plan is never sent between processes,
only its path goes out and its tables come back — and the core releases the GIL while it
computes. Money stays ``decimal128(38, precision)`` end to end (pandas ``ArrowDtype``), so
``groupby(...).sum()`` across plans is exact::

    from dask.distributed import Client, LocalCluster
    import goldthread.dask as gd

    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    frames = gd.report_tables(paths, tables=("summary", "goals"))
    goals = frames["goals"]
    per_goal = goals.groupby("id")["rolled_up_amount"].sum().compute()

Compute the tables of one call together (``dask.compute(a, b)``) or ``persist()`` them:
each plan is then reported once for all of them. A task reports ``plans_per_partition``
plans (50: a plan of 10,000 lines takes some 15 ms, far less than a task's scheduling).

distributed starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``, under which loading a
plan runs about 25 % slower; for a cluster that mostly reports plans, start it after
``dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": 128 << 20})``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import goldthread

try:
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow as pa
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError(
        "goldthread.dask needs dask[dataframe], pandas and pyarrow: pip install goldthread[dask]"
    ) from e

__all__ = ["report_tables", "national_rollup", "Rollup"]

Paths = Union[Sequence[Union[str, os.PathLike]], Any]  # or a db.Bag of paths


def _options(years, org_units, categories, phase, compare_phases) -> Dict[str, Any]:
    return {
        "years": list(years) if years is not None else None,
        "org_units": list(org_units) if org_units is not None else None,
        "categories": list(categories) if categories is not None else None,
        "phase": phase,
        "compare_phases": compare_phases,
    }


def _frame(table: "pa.Table") -> "pd.DataFrame":
    # ArrowDtype keeps decimal128 as it is: sums across plans stay exact.
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _with_plan(table: "pa.Table", path: str) -> "pa.Table":
    return table.add_column(0, "plan", pa.array([path] * table.num_rows, pa.string()))


def _report_partition(
    paths: Iterable[Union[str, os.PathLike]],
    tables: Sequence[str],
    options: Dict[str, Any],
    precision: int,
) -> Dict[str, "pd.DataFrame"]:
    """Runs on a worker: loads and reports each plan, and stacks each table's rows."""
    parts: Dict[str, List["pa.Table"]] = {t: [] for t in tables}
    for path in paths:
        path = os.fspath(path)
        report = goldthread.Plan.load(path).report(**options)
        if report.precision != precision:
            raise ValueError(
                f"{path}: precision {report.precision}, but the plans stacked here have "
                f"precision {precision}: their money columns cannot share one decimal type; "
                "report plans of each precision apart (precision=...)"
            )
        for t in tables:
            parts[t].append(_with_plan(report.to_arrow(t), path))
    return {
        t: _frame(pa.concat_tables(parts[t]) if parts[t] else _empty(t, precision, options))
        for t in tables
    }


def _empty(table: str, precision: int, options: Dict[str, Any]) -> "pa.Table":
    """The table's columns and types with no row (what Dask calls meta)."""
    plan = goldthread.Plan.from_dict(
        {"format": "goldthread/1", "name": "meta", "precision": precision}
    )
    report = plan.report(compare_phases=options["compare_phases"])
    return _with_plan(report.to_arrow(table).slice(0, 0), "")


def _chunks(paths: Sequence[Any], size: int) -> List[List[Any]]:
    return [list(paths[i : i + size]) for i in range(0, len(paths), size)]


def report_tables(
    paths: Paths,
    tables: Sequence[str] = ("summary", "goals"),
    *,
    years: Optional[Sequence[str]] = None,
    org_units: Optional[Sequence[str]] = None,
    categories: Optional[Sequence[str]] = None,
    phase: str = "amount",
    compare_phases: bool = False,
    precision: Optional[int] = None,
    plans_per_partition: int = 50,
) -> Dict[str, "dd.DataFrame"]:
    """The report tables of many plans, as Dask DataFrames with a ``plan`` column (the
    plan's path) before the table's own columns (those of :meth:`goldthread.Report.to_arrow`).

    ``paths`` is a list of plan files, or a Dask bag of them (its partitions are kept).
    Scope and phase are those of :meth:`goldthread.Plan.report`. Every plan must have one
    precision — ``precision``, or the first plan's when not given (read here, the only plan
    this process loads) — else the worker raises ValueError naming the plan.
    """
    unknown = [t for t in tables if t not in goldthread.TABLES]
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; choose from {', '.join(goldthread.TABLES)}")
    if "phases" in tables and not compare_phases:
        raise ValueError("the phases table needs compare_phases=True")
    options = _options(years, org_units, categories, phase, compare_phases)
    tables = tuple(tables)
    if isinstance(paths, db.Bag):
        chunks = paths.to_delayed()
        first = None
    else:
        paths = [os.fspath(p) for p in paths]
        if plans_per_partition < 1:
            raise ValueError("plans_per_partition is at least 1")
        chunks = _chunks(paths, plans_per_partition)
        first = paths[0] if paths else None
    if precision is None:
        if first is None and not isinstance(paths, db.Bag):
            raise ValueError("no plans given")
        if first is None:
            raise ValueError("with a bag of paths, say the plans' precision (precision=...)")
        precision = goldthread.Plan.load(first).report().precision
    parts = [
        dask.delayed(_report_partition, pure=True)(chunk, tables, options, precision)
        for chunk in chunks
    ]
    frames = {}
    for t in tables:
        meta = _frame(_empty(t, precision, options))
        pieces = [dask.delayed(lambda p, t=t: p[t], pure=True)(part) for part in parts]
        frames[t] = dd.from_delayed(pieces, meta=meta, verify_meta=True)
    return frames


@dataclass
class Rollup:
    """Plans that share a goal framework, summed per goal, with each plan's leaks.

    ``goals``: one row per goal id (name and parent from the plans, which agree), with
    ``direct_amount`` and ``rolled_up_amount`` summed over the plans, exactly, and
    ``plans_funding`` (how many plans put money on it). ``plans``: one row per plan, its
    ``total_amount``, ``traced_amount`` and each leak reason's amount; the root goals'
    rolled-up amounts plus every plan's leaks foot to the plans' total, to the smallest
    unit.
    """

    goals: "pd.DataFrame"
    plans: "pd.DataFrame"


def national_rollup(paths: Paths, **report_options: Any) -> Rollup:
    """The national roll-up of many plans (see :class:`Rollup`), computed on the current
    Dask scheduler. Raises ValueError when the plans do not share their goal ids, naming
    the goals some plans lack."""
    frames = report_tables(paths, ("summary", "goals", "leaks"), **report_options)
    summary, goals, leaks = dask.compute(frames["summary"], frames["goals"], frames["leaks"])
    n_plans = len(summary)
    counts = goals.groupby("id", sort=False)["plan"].count()
    missing = counts[counts != n_plans]
    if len(missing):
        shown = ", ".join(f"{g} (in {c} of {n_plans})" for g, c in missing.head(10).items())
        raise ValueError(
            f"the plans do not share one goal framework: {shown}"
            + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        )
    first = goals.drop_duplicates("id").set_index("id")
    sums = goals.groupby("id", sort=False)[["direct_amount", "rolled_up_amount"]].sum()
    funding = goals[goals["rolled_up_amount"] != 0].groupby("id", sort=False)["plan"].count()
    per_goal = first[["depth", "name", "parent"]].join(sums)
    per_goal["plans_funding"] = funding.reindex(per_goal.index, fill_value=0).astype("int64")
    wide = leaks.pivot(index="plan", columns="reason", values="amount")
    per_plan = summary.set_index("plan")[["total_amount", "traced_amount"]].join(wide)
    return Rollup(goals=per_goal.reset_index(), plans=per_plan.reset_index())
