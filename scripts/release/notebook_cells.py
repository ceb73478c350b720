"""Run by scripts/test-release.sh in a fresh virtual environment with the released wheel
and no Rust: the Isfahan report, then the analysts' notebook's first code cells."""

import json
import pathlib
import shutil
import sys

assert shutil.which("cargo") is None and shutil.which("rustc") is None, "Rust is on PATH"
import goldthread  # noqa: E402

assert "site-packages" in goldthread.__file__, goldthread.__file__
root = pathlib.Path(__file__).resolve().parents[2]
nb = json.loads((root / "examples/python/isfahan.ipynb").read_text(encoding="utf-8"))
cells = [c for c in nb["cells"] if c["cell_type"] == "code"][:3]
scope = {}
import os  # noqa: E402

os.chdir(root)
for cell in cells:
    exec("".join(cell["source"]), scope)
report = scope["report"]
assert str(report.traceability.traced_amount) == "59977417600000", report.traceability.traced_amount
goals = scope["goals"]
assert len(goals) > 10 and goals["rolled_up_amount"].map(type).eq(type(report.traceability.traced_amount)).all()
print(f"wheel {goldthread.__version__} without Rust: Isfahan traced {report.traceability.traced_amount}", file=sys.stderr)
