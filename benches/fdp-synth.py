#!/usr/bin/env python3
"""A budget table of N rows in the form of tests/fixtures/fdp (a Fiscal Data Package whose
activity, the programme, is classified by function, the goal): 5,000 programmes in 50
departments and 10 functions over two years, amounts with cents. For `report --mapping`
against DuckDB (benches/compare.sh). Seeded: the same N gives the same table.

    python3 benches/fdp-synth.py N OUT_DIR     (writes OUT_DIR/budget.csv and the descriptor)
"""

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(rows, out):
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests/fixtures/fdp/datapackage.json", out / "datapackage.json")
    r = random.Random(1)
    with open(out / "budget.csv", "w") as f:
        f.write("Year,Department,Function code,Function,Programme,Programme title,Approved,Executed\n")
        for i in range(rows):
            p = r.randrange(5000)
            code = p % 10 + 1
            approved = r.randrange(1, 10**8)
            executed = r.randrange(0, approved + 1)
            f.write(
                f"{2024 + i % 2},Dept-{p % 50:02d},{code:02d},Function {code},P-{p},Programme {p},"
                f"{approved // 100}.{approved % 100:02d},{executed // 100}.{executed % 100:02d}\n"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
