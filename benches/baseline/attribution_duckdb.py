#!/usr/bin/env python3
"""The same split-mode attribution (SPEC §3) as a SQL engine computes it: DuckDB over a
plan kept as CSV tables (`goldthread export --to csv --out DIR`), the form
`goldthread report --tables DIR` reads. Prints the total and traced amounts and the time
it took, from connecting to the answer.

    python3 benches/baseline/attribution_duckdb.py DIR

Each table is read once, every link is a join and a group-by. Shares are DOUBLE, as an
analyst's query would have them, so the traced amount can differ from goldthread's exact
figure by rounding; the script reports it as it is. The traced amount is the sum of what
reaches every goal directly (the roots' rolled-up amounts add up to the same).
"""

import json
import os
import sys
import time

import duckdb

# Each step a table, as an analyst would build it up; every link a join and a group-by.
STEPS = [
    # One row per line: its fields repeat on each of its link rows.
    """CREATE TABLE lines AS
       SELECT id, CAST(first(amount) AS HUGEINT) AS amount,
              coalesce(first(nullif(direction, '')), 'expenditure') AS direction
       FROM bl GROUP BY id""",
    "CREATE TABLE spent AS SELECT id, amount FROM lines WHERE direction <> 'revenue'",
    """CREATE TABLE line_links AS
       SELECT id, coalesce(nullif(project, ''), nullif(program, '')) AS parent,
              CAST(nullif(share, '') AS DOUBLE) AS share, count(*) OVER (PARTITION BY id) AS n
       FROM bl WHERE coalesce(nullif(project, ''), nullif(program, '')) IS NOT NULL""",
    # What reaches each project and program from the lines.
    """CREATE TABLE inflow AS
       SELECT l.parent, sum(s.amount * coalesce(l.share, 1.0 / l.n)) AS v
       FROM line_links l JOIN spent s USING (id) GROUP BY l.parent""",
    """CREATE TABLE project_links AS
       SELECT id, program AS parent, CAST(nullif(share, '') AS DOUBLE) AS share,
              count(*) OVER (PARTITION BY id) AS n
       FROM pj WHERE nullif(program, '') IS NOT NULL""",
    # From projects, and from lines that fund a program directly.
    """CREATE TABLE program_in AS
       SELECT parent, sum(v) AS v FROM (
           SELECT p.parent, i.v * coalesce(p.share, 1.0 / p.n) AS v
           FROM project_links p JOIN inflow i ON i.parent = p.id
           UNION ALL
           SELECT parent, v FROM inflow WHERE parent IN (SELECT id FROM pg)
       ) GROUP BY parent""",
    """CREATE TABLE goal_links AS
       SELECT id, goal AS parent, CAST(nullif(share, '') AS DOUBLE) AS share,
              count(*) OVER (PARTITION BY id) AS n
       FROM pg WHERE nullif(goal, '') IS NOT NULL""",
    """CREATE TABLE goal_direct AS
       SELECT g.parent AS goal, sum(i.v * coalesce(g.share, 1.0 / g.n)) AS v
       FROM goal_links g JOIN program_in i ON i.parent = g.id GROUP BY g.parent""",
]

# What the report's goal, program and project tables hold, fetched whole, as an analyst's
# notebook would: money per goal, per program and per project.
TABLES = {
    "goals": "SELECT goal, v FROM goal_direct",
    "programs": "SELECT parent, v FROM program_in",
    "projects": "SELECT parent, v FROM inflow WHERE parent IN (SELECT id FROM pj)",
}


def main(directory: str) -> None:
    t0 = time.perf_counter()
    con = duckdb.connect()
    for view, table in (("bl", "budget_lines"), ("pj", "projects"), ("pg", "programs")):
        path = os.path.join(directory, f"{table}.csv")
        con.execute(
            f"CREATE TABLE {view} AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
            [path],
        )
    for step in STEPS:
        con.execute(step)
    rows = {name: len(con.execute(select).fetchall()) for name, select in TABLES.items()}
    total, traced = con.execute(
        "SELECT (SELECT sum(amount) FROM spent), (SELECT sum(v) FROM goal_direct)"
    ).fetchone()
    elapsed = time.perf_counter() - t0
    result = {
        "total_amount": int(total),
        "traced_amount": round(float(traced)),
        "rows": rows,
        "seconds": elapsed,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
