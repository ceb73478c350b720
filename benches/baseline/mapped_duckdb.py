#!/usr/bin/env python3
"""What `goldthread report --mapping` computes from a flat budget table, as a SQL engine
computes it: DuckDB over a Fiscal Data Package's table whose activity (programme) links to
a functional classification (the goal), the form of tests/fixtures/fdp. Prints the total
and traced amounts and the time it took, from connecting to the answer.

    python3 benches/baseline/mapped_duckdb.py TABLE.csv

The table is read once with the money as DECIMAL (exact, as goldthread's); then the money
per goal, per programme and per department and year, approved and executed, as each is a
group-by. Each row is a budget line, so no split is needed: a programme names one function.
"""

import json
import sys
import time

import duckdb

QUERIES = {
    "goals": """SELECT "Function code", sum("Approved"), sum("Executed") FROM t
                WHERE "Function code" IS NOT NULL GROUP BY 1""",
    "programs": """SELECT "Programme", sum("Approved"), sum("Executed") FROM t GROUP BY 1""",
    "org_units": """SELECT "Department", "Year", sum("Approved"), sum("Executed") FROM t
                    GROUP BY 1, 2""",
    "totals": """SELECT sum("Approved"),
                        sum("Approved") FILTER (WHERE "Function code" IS NOT NULL) FROM t""",
}


def main(table):
    start = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE t AS SELECT * FROM read_csv(?, header = true, types = {
             'Year': 'VARCHAR', 'Function code': 'VARCHAR',
             'Approved': 'DECIMAL(38,2)', 'Executed': 'DECIMAL(38,2)'})""",
        [table],
    )
    results = {name: con.execute(sql).fetchall() for name, sql in QUERIES.items()}
    seconds = time.perf_counter() - start
    total, traced = results["totals"][0]
    print(json.dumps({"seconds": round(seconds, 3), "total_amount": str(total),
                      "traced_amount": str(traced), "goals": len(results["goals"])}))


if __name__ == "__main__":
    main(sys.argv[1])
