#!/usr/bin/env python3
"""What an analyst would write instead of goldthread: the same split-mode attribution
(SPEC §3) as a vectorised pandas script, honestly optimised (explode + merge + groupby,
no Python loops over rows). Prints the total and traced amounts and the time it took.

    python3 benches/baseline/attribution.py PLAN.json

Shares are floats here, as an analyst's would be, so the traced amount can differ from
goldthread's exact figure by rounding; the script reports that difference honestly.
"""

import json
import sys
import time

import numpy as np
import pandas as pd


def links(frame: pd.DataFrame, column: str, key: str) -> pd.DataFrame:
    """One row per (child, parent) link with its share; equal split where none is given."""
    x = frame[["id", column]].explode(column).dropna(subset=[column])
    if x.empty:
        return pd.DataFrame(columns=["id", "parent", "share"])
    detail = pd.json_normalize(x[column].tolist())
    detail.index = x.index
    out = pd.DataFrame({"id": x["id"].to_numpy()})
    if key == "funds":
        out["parent"] = detail.get("project", pd.Series(index=detail.index, dtype=object)).fillna(
            detail.get("program", pd.Series(index=detail.index, dtype=object))
        ).to_numpy()
    else:
        out["parent"] = detail[key].to_numpy()
    share = detail["share"].astype(float) if "share" in detail else pd.Series(np.nan, index=detail.index)
    out["share"] = share.to_numpy()
    n = out.groupby("id")["id"].transform("size")
    out["share"] = out["share"].fillna(1.0 / n)
    return out


def main(path: str) -> None:
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        plan = json.load(f)
    lines = pd.DataFrame(plan["budget_lines"])
    if "direction" in lines:
        lines = lines[lines["direction"].fillna("expenditure") != "revenue"]
    lines = lines.assign(amount=lines["amount"].astype("int64"))
    if "funds" not in lines:
        lines["funds"] = None
    projects = pd.DataFrame(plan["projects"]) if plan["projects"] else pd.DataFrame(columns=["id", "programs"])
    programs = pd.DataFrame(plan["programs"]) if plan["programs"] else pd.DataFrame(columns=["id", "goals"])
    goals = pd.DataFrame(plan["goals"])

    # Lines → projects and programs.
    lf = links(lines, "funds", "funds").merge(lines[["id", "amount"]], on="id")
    lf["part"] = lf["amount"] * lf["share"]
    inflow = lf.groupby("parent")["part"].sum()

    # Projects → programs.
    pl = links(projects, "programs", "program")
    pl["part"] = pl["id"].map(inflow).fillna(0.0) * pl["share"]
    program_in = pl.groupby("parent")["part"].sum().add(
        inflow[inflow.index.isin(programs["id"])], fill_value=0.0
    )

    # Programs → goals, then up the goal tree.
    gl = links(programs, "goals", "goal")
    gl["part"] = gl["id"].map(program_in).fillna(0.0) * gl["share"]
    direct = gl.groupby("parent")["part"].sum().reindex(goals["id"], fill_value=0.0)
    parent = goals.set_index("id")["parent"] if "parent" in goals else pd.Series(np.nan, index=goals["id"])
    rolled = direct.copy()
    level = direct.copy()
    while True:
        up = level.groupby(parent.reindex(level.index)).sum()
        up = up[up.index.notna()] if len(up) else up
        if up.empty:
            break
        rolled = rolled.add(up, fill_value=0.0)
        level = up
    roots = parent[parent.isna()].index
    traced = rolled.reindex(roots).sum()
    total = lines["amount"].sum()
    elapsed = time.perf_counter() - t0
    print(json.dumps({"total_amount": int(total), "traced_amount": round(float(traced)), "seconds": elapsed}))


if __name__ == "__main__":
    main(sys.argv[1])
