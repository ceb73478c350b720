"""The Python package against the core's contract: same figures as the CLI, exact
Decimals, every error path, pickling, threads, HTML escaping."""

import json
import pickle
import subprocess
import threading
from decimal import Decimal

import pytest

import goldthread

FIXTURES = [
    "examples/isfahan/plan.json",
    "tests/fixtures/vectors/split-leftover.plan.json",
    "tests/fixtures/vectors/cents-partial.plan.json",
    "tests/fixtures/vectors/classification.plan.json",
]
SCOPES = [
    {"compare_phases": True},
    {"years": ["1398"]},
    {"org_units": ["D03", "HQ"], "phase": "spent"},
    {"categories": ["capital"], "phase": "revised"},
]

AMOUNT_KEYS = goldthread._AMOUNT_KEYS


def cli_report(cli, path, scope):
    args = [cli, "report", str(path), "--format", "json"]
    for y in scope.get("years", []):
        args += ["--year", y]
    for u in scope.get("org_units", []):
        args += ["--org-unit", u]
    for c in scope.get("categories", []):
        args += ["--category", c]
    args += ["--phase", scope.get("phase", "amount")]
    if scope.get("compare_phases"):
        args.append("--compare-phases")
    out = subprocess.run(args, capture_output=True, check=True).stdout
    return json.loads(out, object_hook=goldthread._amounts_to_decimal)


@pytest.mark.parametrize("fixture", FIXTURES)
@pytest.mark.parametrize("scope", SCOPES, ids=["all", "1398", "units-spent", "capital-revised"])
def test_report_equals_the_cli(root, cli, fixture, scope):
    plan = goldthread.Plan.load(root / fixture)
    report = plan.report(**scope).to_dict()
    expected = cli_report(cli, root / fixture, scope)
    assert report.keys() == expected.keys()
    for key in expected:
        assert report[key] == expected[key], key


def test_load_reads_the_file_as_from_json_reads_its_text(root, tmp_path):
    path = root / "examples/isfahan/plan.json"
    loaded = goldthread.Plan.load(path).report().to_dict()
    assert loaded == goldthread.Plan.from_json(path.read_bytes()).report().to_dict()
    assert goldthread.Plan.load(str(path)).name == goldthread.Plan.load(path).name
    with pytest.raises(FileNotFoundError) as missing:
        goldthread.Plan.load(tmp_path / "none.json")
    assert missing.value.filename == str(tmp_path / "none.json")
    with pytest.raises(IsADirectoryError):
        goldthread.Plan.load(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "goldthread/1", "name": "x", "goals": [{"id": "G"}]}')
    with pytest.raises(goldthread.PlanError) as error:
        goldthread.Plan.load(bad)
    assert error.value.diagnostics[0]["code"] == "E008"


def test_amounts_are_exact_decimals(root):
    plan = goldthread.Plan.load(root / "tests/fixtures/vectors/cents-partial.plan.json")
    r = plan.report()
    t = r.traceability
    assert t.total_amount == Decimal("100.06")
    assert isinstance(t.total_amount, Decimal)
    assert str(t.traced_amount) == "66.70"
    assert t.traced_amount + sum(r.to_dict()["traceability"]["leaks"].values()) == t.total_amount
    assert r.coverage.measured_amount_ratio == 0.5
    assert r.goals[0].indicators[0].progress == 0.25
    d = r.to_dict()
    for g in d["goals"]:
        assert isinstance(g["rolled_up_amount"], Decimal)
        assert isinstance(g["share"], float)


def test_attribute_access_and_dicts_agree(root):
    r = goldthread.Plan.load(root / "examples/isfahan/plan.json").report()
    assert r.coverage.leaf_goals == 27
    assert r.coverage.pefa_grade == "majority"
    assert r.traceability["lines"] == 1000
    with pytest.raises(AttributeError):
        r.no_such_part
    assert "traceability" in dir(r)
    assert r.to_dict()["goals"][0]["id"] == r.goals[0].id


@pytest.mark.parametrize("table", goldthread.TABLES)
def test_every_table_is_a_dataframe(root, table):
    pd = pytest.importorskip("pandas")
    report = goldthread.Plan.load(root / "examples/isfahan/plan.json").report(compare_phases=True)
    df = report.to_pandas(table)
    assert isinstance(df, pd.DataFrame)
    assert len(df) > 0


def test_phases_need_asking(root):
    report = goldthread.Plan.load(root / "examples/isfahan/plan.json").report()
    assert "phases" not in report.to_dict()
    with pytest.raises(ValueError, match="compare_phases"):
        report.to_pandas("phases")


def test_dataframes_keep_decimals(root):
    df = goldthread.Plan.load(root / "examples/isfahan/plan.json").report().to_pandas("goals")
    assert list(df["id"][:2]) == ["G1", "G1.1"]
    assert all(isinstance(v, Decimal) for v in df["rolled_up_amount"])
    leaks = goldthread.Plan.load(root / "examples/isfahan/plan.json").report().to_pandas("leaks")
    assert list(leaks["reason"]) == list(goldthread.Plan.load(root / "examples/isfahan/plan.json").report().to_dict()["traceability"]["leaks"])
    with pytest.raises(ValueError, match="unknown table"):
        goldthread.Plan.load(root / "examples/isfahan/plan.json").report().to_pandas("nope")


def test_the_goals_table_is_the_tree_whatever_the_file_order():
    plan = goldthread.Plan.from_json(json.dumps({
        "format": "goldthread/1", "name": "t",
        "goals": [{"id": "A", "name": "a"}, {"id": "B", "name": "b"},
                  {"id": "A.1", "name": "a1", "parent": "A"}],
    }))
    df = plan.report().to_pandas("goals")
    assert list(zip(df["id"], df["depth"])) == [("A", 0), ("A.1", 1), ("B", 0)]


def test_every_bad_plan_raises_plan_error_with_its_codes(root):
    manifest = json.loads((root / "tests/fixtures/bad/expected-codes.json").read_text())
    for name, codes in manifest.items():
        data = (root / "tests/fixtures/bad" / name).read_bytes()
        with pytest.raises(goldthread.PlanError) as e:
            goldthread.Plan.from_json(data)
        assert isinstance(e.value, ValueError)
        assert isinstance(e.value, goldthread.GoldthreadError)
        assert sorted({d["code"] for d in e.value.diagnostics}) == codes, name
        assert [d["code"] for d in goldthread.check(data)] == [d["code"] for d in e.value.diagnostics]


def test_plan_error_names_entity_and_path():
    with pytest.raises(goldthread.PlanError) as e:
        goldthread.Plan.from_dict(
            {"format": "goldthread/1", "name": "p", "precision": 0,
             "budget_lines": [{"id": "BL-7", "year": "1398", "amount": "12/5"}]}
        )
    d = e.value.diagnostics[0]
    assert (d["code"], d["entity"], d["path"]) == ("E007", "BL-7", "/budget_lines/0/amount")
    assert "E007" in str(e.value)


def test_float_money_is_refused():
    with pytest.raises(TypeError, match="Decimal"):
        goldthread.Plan.from_dict(
            {"format": "goldthread/1", "name": "p",
             "budget_lines": [{"id": "L", "year": "1", "amount": 0.1}]}
        )
    plan = goldthread.Plan.from_dict(
        {"format": "goldthread/1", "name": "p",
         "budget_lines": [{"id": "L", "year": "1", "amount": Decimal("0.10")}, {"id": "M", "year": "1", "amount": 3}]}
    )
    assert plan.report().traceability.total_amount == Decimal("3.10")


def test_wrong_argument_types():
    plan = goldthread.Plan.from_json('{"format": "goldthread/1", "name": "p"}')
    with pytest.raises(TypeError, match="list of strings"):
        plan.report(years="1398")
    with pytest.raises(TypeError):
        plan.report(years=[1398])
    with pytest.raises(ValueError, match="unknown phase"):
        plan.report(phase="later")
    with pytest.raises(TypeError):
        goldthread.Plan.from_json(42)
    with pytest.raises(TypeError):
        goldthread.Plan.from_dict([])
    with pytest.raises(TypeError):
        goldthread.Plan(object())


def test_trace_and_its_errors(root):
    plan = goldthread.Plan.load(root / "tests/fixtures/vectors/split-leftover.plan.json")
    t = plan.trace("L1")
    assert t["amount"] == Decimal("100")
    assert [p["path"] for p in t["paths"]][0] == ["L1", "J1", "P1", "G1.1"]
    assert isinstance(t["paths"][0]["share"], Decimal)
    with pytest.raises(goldthread.TraceError, match="NOPE"):
        plan.trace("NOPE")
    with pytest.raises(goldthread.TraceError, match="goal"):
        plan.trace("G1")


def test_sankey_is_ready_for_plotly(root):
    s = goldthread.Plan.load(root / "tests/fixtures/vectors/cents-partial.plan.json").sankey()
    assert {"nodes", "links"} <= s.keys()
    values = [l["value"] for l in s["links"]]
    assert all(isinstance(v, (int, Decimal)) for v in values)
    assert Decimal("33.36") in values


def test_pickle_round_trip(root):
    plan = goldthread.Plan.load(root / "examples/isfahan/plan.json")
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan
    assert again.report(years=["1399"]).to_dict() == plan.report(years=["1399"]).to_dict()


def test_round_trip_through_dicts(root):
    plan = goldthread.Plan.load(root / "examples/isfahan/plan.json")
    assert goldthread.Plan.from_dict(plan.to_dict()) == plan


def test_two_threads_compute_at_once(root):
    plan = goldthread.Plan.load(root / "examples/isfahan/plan.json")
    expected = plan.report(phase="spent").to_dict()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def work():
        try:
            barrier.wait()
            for _ in range(5):
                results.append(plan.report(phase="spent").to_dict())
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 10
    assert all(r == expected for r in results)


def test_html_escapes_names():
    plan = goldthread.Plan.from_dict(
        {"format": "goldthread/1", "name": "<img src=x onerror=alert(1)>",
         "goals": [{"id": "G", "name": "<script>alert(1)</script>"}, {"id": "H", "name": "منطقه ۳"}]}
    )
    html = plan.report()._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'dir="auto"' in html
    assert "منطقه ۳" in html
    assert "<img" not in plan._repr_html_()


def test_text_and_markdown(root):
    r = goldthread.Plan.load(root / "examples/isfahan/plan.json").report()
    assert "Traced to goals" in r.text()
    assert r.markdown().startswith("# goldthread report")
    assert repr(r).startswith("<goldthread.Report")
    assert "digraph" in goldthread.Plan.load(root / "examples/isfahan/plan.json").to_dot()


def test_warnings_and_check(root):
    plan = goldthread.Plan.load(root / "examples/isfahan/plan.json")
    codes = {w["code"] for w in plan.warnings}
    assert {"W101", "W103", "W108", "W109"} <= codes
    diags = goldthread.check(root / "examples/isfahan/plan.json")
    assert len(diags) == len(plan.warnings)


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(goldthread)
    assert result.attempted >= 3
    assert result.failed == 0
