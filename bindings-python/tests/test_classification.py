"""Classifications from Python (SPEC §10): the hand-worked vector's figures, and the two
long tables that pivot them."""

import json
from decimal import Decimal

import pytest

import goldthread


@pytest.fixture(scope="module")
def report(root):
    return goldthread.Plan.load(root / "tests/fixtures/vectors/classification.plan.json").report()


def test_the_vector_s_figures_as_decimals(report, root):
    expected = json.loads((root / "tests/fixtures/vectors/classification.expected.json").read_text())
    for want, got in zip(expected["classifications"], report.to_dict()["classifications"]):
        assert got["id"] == want["id"]
        assert got["unclassified_amount"] == Decimal(want["unclassified_amount"])
        for code in want["codes"]:
            found = next(c for c in got["codes"] if c["id"] == code["id"])
            assert found["amount"] == Decimal(code["amount"]) and isinstance(found["amount"], Decimal)
            assert found["lines"] == code["lines"]


def test_codes_and_goal_codes_foot(report):
    pd = pytest.importorskip("pandas")
    codes = report.to_pandas("codes")
    sdg = codes[codes["classification"] == "sdg"]
    assert sum(sdg["amount"]) == report.traceability.total_amount
    cells = report.to_pandas("goal_codes")
    roots = cells[(cells["classification"] == "sdg") & (cells["goal"].isin(["G"]) | cells["goal"].isna())]
    by_code = roots.groupby(roots["code"].fillna("(unclassified)"))["amount"].sum()
    assert by_code["11.6"] == Decimal("40") and by_code["(unclassified)"] == Decimal("15")
    assert sum(by_code) == report.traceability.total_amount
    persian = report.to_pandas("goal_codes", lang="fa")
    assert list(persian.columns) == ["طبقه‌بندی", "هدف", "کد", "مبلغ"]
    assert isinstance(pd.DataFrame(persian), pd.DataFrame)
