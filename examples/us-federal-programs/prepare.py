#!/usr/bin/env python3
"""Joins the US Federal Program Inventory files into one table for `goldthread import`.

    python3 examples/us-federal-programs/prepare.py > examples/us-federal-programs/table.csv

Rows of the output table:
- definition rows (no amount): the government-wide outcome taxonomy as a goal tree,
  category → focus area → outcome (source/Taxonomy_GWO_crosswalk.csv);
- one row per assistance-listing program, fiscal year and category of the program: the
  program's obligations that year (`sam_actual`, USD) as one budget line, its agency as the
  org unit, and the taxonomy category its own category matches (crosswalk.csv, visible
  and explained). A program with several categories gives several rows of the same line:
  goldthread links the program to each category (equal shares), without counting the
  money twice.

Nothing is fudged silently: every source value that carries float noise beyond cents is
rounded to cents here and listed on standard error, and categories without a taxonomy
match are kept with an empty goal, so their money shows as a leak.
"""

import csv
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "source"


def read(name):
    with open(SRC / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


taxonomy = read("Taxonomy_GWO_crosswalk.csv")
programs = {p["program_id"]: p for p in read("programs.csv")}
categories = {}
for row in read("program_categories.csv"):
    categories.setdefault(row["program_id"], [])
    if row["category"] not in categories[row["program_id"]]:
        categories[row["program_id"]].append(row["category"])
with open(HERE / "crosswalk.csv", newline="", encoding="utf-8") as f:
    crosswalk = {r["program_category"]: r["taxonomy_category"] for r in csv.DictReader(f)}
category_code = {}
for t in taxonomy:
    category_code[t["Category"].strip()] = t["Category Code"].strip()

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["line_id", "program_id", "program_name", "agency", "fiscal_year",
              "goal_id", "goal_name", "goal_parent_id", "goal_parent_name", "obligations"])

# The goal tree: category → focus area → outcome.
seen = set()
for t in taxonomy:
    edges = [
        (t["Category Code"], t["Category"], "", ""),
        (t["FA Code"], t["Focus Area"], t["Category Code"], t["Category"]),
        (t["GWO ID"], t["GWO"], t["FA Code"], t["Focus Area"]),
    ]
    for goal_id, name, parent_id, parent_name in edges:
        key = (goal_id.strip(), parent_id.strip())
        if key in seen:
            continue
        seen.add(key)
        out.writerow(["", "", "", "", "", goal_id.strip(), name.strip(), parent_id.strip(), parent_name.strip(), ""])

# The money: obligations per program and fiscal year, linked through the categories.
unmatched = set()
for ob in read("program_obligations.csv"):
    pid = ob["program_id"]
    program = programs.get(pid)
    if program is None:
        print(f"obligations of unknown program {pid} ({ob['fiscal_year']}): left out", file=sys.stderr)
        continue
    value = Decimal(ob["sam_actual"])
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if cents != value:
        print(f"{pid} {ob['fiscal_year']}: sam_actual {value} rounded to {cents}", file=sys.stderr)
    goals = []
    for category in categories.get(pid, []):
        taxonomy_category = crosswalk.get(category)
        if taxonomy_category is None:
            unmatched.add(category)
        goals.append(category_code.get(taxonomy_category or "", ""))
    goals = list(dict.fromkeys(goals)) or [""]
    for goal in goals:
        out.writerow([f"{pid}/{ob['fiscal_year']}", pid, program["title"], program["agency"],
                      ob["fiscal_year"], goal, "", "", "", str(cents)])
for category in sorted(unmatched):
    print(f"category {category!r} is not in crosswalk.csv", file=sys.stderr)
