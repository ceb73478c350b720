"""The analysts' notebook runs headless from start to end, so it cannot rot."""

import nbformat
import pytest
from nbclient import NotebookClient


def test_isfahan_notebook_runs(root):
    pytest.importorskip("matplotlib")
    pytest.importorskip("plotly")
    path = root / "examples/python/isfahan.ipynb"
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "outputs are not committed"
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(root)}}).execute()
    for name in ("isfahan-goals.png", "isfahan-goals-fa.png"):
        png = root / "target" / name
        assert png.exists() and png.stat().st_size > 10_000, name
    # The headline cell printed the traced share.
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "traced to goals: 59,977,417,600,000 of 75,903,618,000,000 IRR (79.0%)" in printed
