"""Many plans on a real Dask cluster (two worker processes on 127.0.0.1): the tables equal
a serial loop's exactly, and the national roll-up foots."""

import subprocess
from decimal import Decimal

import pytest

import goldthread

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
gd = pytest.importorskip("goldthread.dask")

TABLES = ("summary", "goals", "leaks", "projects", "by_org_unit")


@pytest.fixture(scope="module")
def country(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("country")
    subprocess.run([cli, "synth", "--plans", "50", "--lines", "1000", "--seed", "5", "--out", str(out)], check=True)
    paths = sorted(str(p) for p in out.glob("*.json"))
    assert len(paths) == 50
    return paths


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def _serial(paths, table):
    parts = []
    for path in paths:
        t = goldthread.Plan.load(path).report().to_arrow(table)
        parts.append(t.add_column(0, "plan", pa.array([path] * t.num_rows, pa.string())))
    return pa.concat_tables(parts).to_pandas(types_mapper=pd.ArrowDtype)


def test_the_cluster_equals_a_serial_loop_exactly(client, country):
    frames = gd.report_tables(country, TABLES, plans_per_partition=4)
    assert frames["goals"].npartitions == 13
    computed = dict(zip(TABLES, __import__("dask").compute(*(frames[t] for t in TABLES))))
    for t in TABLES:
        got = computed[t].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, _serial(country, t), check_exact=True)
    goals = computed["goals"]
    assert goals["rolled_up_amount"].dtype == pd.ArrowDtype(pa.decimal128(38, 0))
    assert set(goals["plan"]) == set(country)
    # Dask's own groupby, on the decimals: exact.
    per_goal = frames["goals"].groupby("id")["rolled_up_amount"].sum().compute()
    assert per_goal.dtype == pd.ArrowDtype(pa.decimal128(38, 0))


def test_the_national_rollup_sums_per_goal_and_foots(client, country):
    rollup = gd.national_rollup(country)
    # Each goal's sum, computed apart from the JSON reports in plain Decimal.
    want = {}
    totals = Decimal(0)
    for path in country:
        d = goldthread.Plan.load(path).report().to_dict()
        totals += d["traceability"]["total_amount"]
        for g in d["goals"]:
            want[g["id"]] = want.get(g["id"], Decimal(0)) + g["rolled_up_amount"]
    got = dict(zip(rollup.goals["id"], rollup.goals["rolled_up_amount"]))
    assert got == want
    assert len(rollup.plans) == 50
    roots = rollup.goals[rollup.goals["parent"].isna()]["rolled_up_amount"].sum()
    reasons = [c for c in rollup.plans.columns if c not in ("plan", "total_amount", "traced_amount")]
    assert len(reasons) == 6
    leaks = sum(rollup.plans[c].sum() for c in reasons)
    assert roots + leaks == rollup.plans["total_amount"].sum() == totals
    assert rollup.plans["traced_amount"].sum() == roots


def test_plans_of_other_goals_or_precisions_are_refused(client, country, root):
    with pytest.raises(ValueError, match="do not share one goal framework"):
        gd.national_rollup(country[:3] + [str(root / "examples/isfahan/plan.json")])
    eu = str(root / "examples/eu-cohesion-2014-2020/plan.json")
    with pytest.raises(ValueError, match="precision"):
        gd.report_tables(country[:2] + [eu], ("summary",))["summary"].compute()
