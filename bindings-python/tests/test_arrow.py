"""Report and plan tables as Arrow and Parquet (SPEC §14): money is decimal128 at the
plan's precision, and every figure equals the JSON report's, read back by pyarrow, Polars
and DuckDB."""

import json
import subprocess
from decimal import Decimal

import pytest

import goldthread

pa = pytest.importorskip("pyarrow")

EXAMPLES = ["examples/isfahan/plan.json", "examples/eu-cohesion-2014-2020/plan.json"]

# Tables whose rows are, one for one, a list of the JSON report, by its path.
AS_IN_JSON = {
    "programs": ("programs",),
    "projects": ("projects",),
    "by_org_unit": ("traceability", "by_org_unit"),
    "by_year": ("traceability", "by_year"),
    "by_category": ("traceability", "by_category"),
    "balance": ("balance",),
    "diagnostics": ("diagnostics",),
}


def _json_rows(report, path):
    d = report.to_dict()
    for key in path:
        d = d[key]
    return d


@pytest.mark.parametrize("example", EXAMPLES)
def test_money_is_decimal128_and_equals_the_json_report(root, example):
    report = goldthread.Plan.load(root / example).report(compare_phases=True)
    precision = report.precision
    money = set(goldthread._goldthread.AMOUNT_FIELDS)
    for name in goldthread.TABLES:
        table = report.to_arrow(name)
        assert table.schema.metadata[b"goldthread.precision"] == str(precision).encode()
        for field in table.schema:
            if field.name in money:
                assert field.type == pa.decimal128(38, precision), (name, field)
            assert not (pa.types.is_floating(field.type) and field.name in money), (name, field)
    for name, path in AS_IN_JSON.items():
        rows = report.to_arrow(name).to_pylist()
        expected = _json_rows(report, path)
        assert len(rows) == len(expected), name
        for got, want in zip(rows, expected):
            for key, value in want.items():
                if key in money and value is not None:
                    assert got[key] == value, (name, key, got.get("id"))
    goals = {r["id"]: r for r in report.to_arrow("goals").to_pylist()}
    for g in report.to_dict()["goals"]:
        assert goals[g["id"]]["rolled_up_amount"] == g["rolled_up_amount"]
    leaks = report.to_arrow("leaks")
    t = report.to_dict()["traceability"]
    # The leaks foot to the untraced money, to the smallest unit.
    assert sum(leaks.column("amount").to_pylist()) == t["total_amount"] - t["traced_amount"]


def test_polars_and_duckdb_take_the_table_without_pandas(root):
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    report = goldthread.Plan.load(root / "examples/isfahan/plan.json").report()
    # Straight from the C stream interface, no pyarrow in between.
    frame = pl.DataFrame(report._native.table("goals"))
    assert frame.schema["rolled_up_amount"] == pl.Decimal(38, report.precision)
    goals = report.to_arrow("goals")
    top = duckdb.sql("select sum(rolled_up_amount) from goals where depth = 0").fetchall()[0][0]
    roots = [g for g in report.to_dict()["goals"] if g["parent"] is None]
    assert top == sum(g["rolled_up_amount"] for g in roots)
    assert top == report.traceability.traced_amount


def test_an_unknown_table_names_the_known_ones(root):
    report = goldthread.Plan.load(root / "examples/isfahan/plan.json").report()
    with pytest.raises(ValueError, match="goal_codes"):
        report.to_arrow("nope")


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_cli_parquet_equals_the_json_report(root, cli, tmp_path, example):
    duckdb = pytest.importorskip("duckdb")
    pl = pytest.importorskip("polars")
    plan = str(root / example)
    out = tmp_path / "report"
    subprocess.run([cli, "report", plan, "--format", "parquet", "--out", str(out)], check=True)
    report = json.loads(
        subprocess.run([cli, "report", plan, "--format", "json"], check=True, capture_output=True).stdout,
        parse_float=Decimal,
    )
    written = sorted(p.stem for p in out.glob("*.parquet"))
    assert written == sorted(t for t in goldthread.TABLES if t != "phases")
    con = duckdb.connect()
    rows = con.sql(f"select id, rolled_up_amount from read_parquet('{out}/goals.parquet')").fetchall()
    assert {i: a for i, a in rows} == {g["id"]: Decimal(g["rolled_up_amount"]) for g in report["goals"]}
    leaks = pl.read_parquet(out / "leaks.parquet")
    assert dict(zip(leaks["reason"], leaks["amount"])) == {
        k: Decimal(v) for k, v in report["traceability"]["leaks"].items()
    }


def test_the_plans_tables_in_parquet_hold_every_line_exactly(root, cli, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    plan_path = root / "examples/eu-cohesion-2014-2020/plan.json"
    out = tmp_path / "plan"
    subprocess.run([cli, "export", str(plan_path), "--to", "parquet", "--out", str(out)], check=True)
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    con = duckdb.connect()
    # A line with several links takes several rows: one amount per line id.
    got = dict(con.sql(
        f"select id, any_value(amount) from read_parquet('{out}/budget_lines.parquet') group by id"
    ).fetchall())
    want = {l["id"]: Decimal(str(l["amount"])) for l in plan["budget_lines"] if "amount" in l}
    assert {k: v for k, v in got.items() if v is not None} == want
    assert sum(want.values()) == con.sql(
        f"select sum(a) from (select any_value(amount) a from read_parquet('{out}/budget_lines.parquet') group by id)"
    ).fetchall()[0][0]
