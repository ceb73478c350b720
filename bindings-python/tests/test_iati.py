"""IATI activity files imported (SPEC §13), checked against the XML itself read here by
Python's own ElementTree: every budget, transaction and sector percentage reaches the
plan exactly, per activity, per fiscal year and per sector."""

import json
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal

import pytest

import goldthread

FILES = {
    "gb-dfid-albania-2.01.xml": {},
    "nl-mfa-2.03.xml": {"split_budgets_by_days": True},
    "iati-standard-example-1.05.xml": {},
    "es-maec-indonesia-2.01.xml": {},
    "iom-2.03-activities-2-41.xml": {"split_budgets_by_days": True},
}
COMMITTED = {"2", "C"}
SPENT = {"3", "4", "D", "E"}


def expected(path):
    """Per activity: budgets by phase and year (or in all, for budgets over several
    years), transactions by phase and year, sector shares by goal."""
    out = {}
    for act in ET.parse(path).getroot().iter("iati-activity"):
        aid = act.findtext("iati-identifier").strip()
        e = {"original": defaultdict(Decimal), "revised": defaultdict(Decimal), "committed": defaultdict(Decimal),
             "spent": defaultdict(Decimal), "budget_total": Decimal(0), "goals": defaultdict(Decimal)}
        for b in act.findall("budget"):
            value = Decimal(b.findtext("value").strip())
            last = b.find("period-end") if b.find("period-end") is not None else b.find("period-start")
            start, end = b.find("period-start").get("iso-date")[:4], last.get("iso-date")[:4]
            kind = "revised" if b.get("type") == "2" else "original"
            e["budget_total"] += value
            e[kind][start if start == end else "several"] += value
        for t in act.findall("transaction"):
            code = t.find("transaction-type").get("code")
            phase = "committed" if code in COMMITTED else "spent" if code in SPENT else None
            if phase:
                e[phase][t.find("transaction-date").get("iso-date")[:4]] += Decimal(t.findtext("value").strip())
        # Each vocabulary sums to 100 on its own: DAC 5-digit codes where there are any,
        # else 3-digit ones.
        five = [s for s in act.findall("sector") if s.get("vocabulary") in (None, "1", "DAC")]
        sectors = five or [s for s in act.findall("sector") if s.get("vocabulary") in ("2", "DAC-3")]
        e["several_without"] = len(sectors) > 1 and any(s.get("percentage") is None for s in sectors)
        for s in sectors:
            pct = s.get("percentage")
            e["goals"]["DAC-" + s.get("code")] += Decimal(pct) / 100 if pct else Decimal(1)
        out[aid] = e
    return out


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_budget_transaction_and_sector_reaches_the_plan(root, name):
    path = root / "tests/fixtures/real/iati" / name
    plan, summary = goldthread.import_iati([path], with_summary=True, **FILES[name])
    data = plan.to_dict()
    want = expected(path)
    assert {p["id"] for p in data["programs"]} == set(want)
    lines = defaultdict(dict)
    for line in data["budget_lines"]:
        aid, year = line["id"].rsplit("/", 1)
        assert line["year"] == year and line["funds"] == [{"program": aid}]
        lines[aid][year] = line
    for aid, e in want.items():
        got = lines.get(aid, {})
        amount = lambda phase: {y: Decimal(l[phase]) for y, l in got.items() if phase in l}
        # Transactions: per year, exactly.
        for phase in ("committed", "spent"):
            assert amount(phase) == {y: v for y, v in e[phase].items()}, (aid, phase)
        # Budgets: per year where one year holds them; every cent of the activity's budgets
        # in all (a budget over several years is split by its days).
        revised = amount("revised")
        approved = amount("amount")
        if "several" in e["original"] or "several" in e["revised"]:
            assert not e["revised"], "a split file with revised budgets needs a finer check"
            assert sum(approved.values(), Decimal(0)) == sum(e["original"].values(), Decimal(0)), aid
        else:
            # Original → approved; revised → revised (and approved where no original).
            assert revised == dict(e["revised"]), aid
            assert approved == {**e["revised"], **e["original"]}, aid
        # Sectors: each DAC code's percentages as the program's shares (one sector alone: all).
        program = next(p for p in data["programs"] if p["id"] == aid)
        shares = {l["goal"]: Decimal(l.get("share", "1")) for l in program.get("goals", [])}
        assert shares == ({} if e["several_without"] else dict(e["goals"])), aid
    # The report foots: traced + leaks = total, and reaches the sectors' categories.
    r = plan.report()
    t = r.traceability
    assert t.traced_amount + sum(v for _, v in t.leaks.to_dict().items()) == t.total_amount
    assert "activities" in summary


def test_the_command_line_gives_the_same_plan(root, cli):
    path = root / "tests/fixtures/real/iati/gb-dfid-albania-2.01.xml"
    out = subprocess.run([cli, "import", "--iati", str(path), "--fiscal-year-start", "04-01"],
                         check=True, capture_output=True, text=True)
    assert "8 activities, 14 budgets, 41 transactions read" in out.stderr
    plan = goldthread.import_iati([path], fiscal_year_start="04-01")
    assert json.loads(out.stdout) == plan.to_dict()
    # The README's figures: all of it traced to DAC sectors; the part marked principal for
    # good governance (DAC policy marker 3); none of it measured (no result indicators).
    r = plan.report()
    assert r.traceability.traced_amount == r.traceability.total_amount == Decimal("2142416.00")
    markers = next(c for c in r.classifications if c.id == "policy-markers")
    assert [(x.id, x.amount) for x in markers.codes] == [("3", Decimal("642416.00"))]
    assert r.coverage.measured_amount_ratio == 0
    assert {l["year"] for l in plan.to_dict()["budget_lines"]} <= {f"{y}-{(y + 1) % 100:02}" for y in range(2004, 2012)}


def test_problems_name_the_file_the_activity_and_the_element(root):
    path = root / "tests/fixtures/real/iati/nl-mfa-2.03.xml"
    with pytest.raises(goldthread.PlanError) as caught:
        goldthread.import_iati([path])
    first = caught.value.diagnostics[0]
    assert "nl-mfa-2.03.xml: activity NL-1-PPR-24706 (budget[1]/period-end)" in first["message"]
    assert "spans fiscal years 2014 and 2016" in first["message"]


@pytest.mark.parametrize("name", sorted(FILES))
def test_sector_categories_add_up_the_five_digit_percentages(root, name):
    """--goals sector-category: each activity's link to a category is the sum of its 5-digit
    sectors' percentages there, read from the XML."""
    path = root / "tests/fixtures/real/iati" / name
    plan = goldthread.import_iati([path], goals="sector-category", **FILES[name])
    programs = {p["id"]: p for p in plan.to_dict()["programs"]}
    for aid, e in expected(path).items():
        if e["several_without"]:
            assert programs[aid]["goals"] == []
            continue
        want = defaultdict(Decimal)
        for goal, share in e["goals"].items():
            want[goal[:7]] += share     # DAC-ccc
        got = {l["goal"]: Decimal(l.get("share") or 1) for l in programs[aid]["goals"]}
        assert got == dict(want), aid


def test_other_trees_keep_the_sectors_as_a_classification(root):
    path = root / "tests/fixtures/real/iati/gb-dfid-albania-2.01.xml"
    plan = goldthread.import_iati([path], goals="sdg", fiscal_year_start="04-01", split_budgets_by_days=True)
    report = plan.report()
    # DFID tagged no SDG: nothing reaches a goal, and the sectors still say where it goes.
    assert report.traceability.traced_amount == 0
    codes = report.to_arrow("codes").to_pylist()
    sectors = [c for c in codes if c["classification"] == "dac-sectors" and c["id"] and len(c["id"]) == 5]
    assert sum(c["amount"] for c in sectors) == report.traceability.total_amount
    sector_plan = goldthread.import_iati([path], fiscal_year_start="04-01", split_budgets_by_days=True).report()
    by_goal = {g.id: g.rolled_up_amount for g in sector_plan.goals}
    assert {c["id"]: c["amount"] for c in sectors} == {k[4:]: v for k, v in by_goal.items() if len(k) == 9}
    with pytest.raises(ValueError, match="sector-category"):
        goldthread.import_iati([path], goals="sdgs")
    example = goldthread.import_iati([root / "tests/fixtures/real/iati/iati-standard-example-1.05.xml"], goals="budget-item")
    assert [g["id"] for g in example.to_dict()["goals"]] == ["BI-1.1.1"]
    assert example.report().traceability.amount_ratio == 1


def test_two_publishers_in_two_currencies_with_exchange_rates(root, tmp_path):
    """DFID's pounds and Spain's euros in one plan: each pound value converted at the rate
    of its value-date's year and rounded to the cent, as computed here from the XML. The
    rates are illustrative, not official."""
    rates = {"2014": Decimal("1.2410"), "2015": Decimal("1.3782"), "2016": Decimal("1.2240")}
    table = tmp_path / "rates.csv"
    table.write_text("currency,year,rate\n" + "".join(f"GBP,{y},{r}\n" for y, r in rates.items()) + "GBP,,1.15\n")
    dfid = root / "tests/fixtures/real/iati/gb-dfid-albania-2.01.xml"
    maec = root / "tests/fixtures/real/iati/es-maec-indonesia-2.01.xml"
    with pytest.raises(goldthread.PlanError, match="exchange-rates"):
        goldthread.import_iati([dfid, maec])
    plan, summary = goldthread.import_iati(
        [dfid, maec], exchange_rates=table, currency="EUR", with_summary=True
    )
    assert plan.to_dict()["currency"] == "EUR"
    became, n = Decimal(0), 0
    for act in ET.parse(dfid).getroot().iter("iati-activity"):
        # The value's value-date, else the budget's start or the transaction's date.
        values = [(b.find("value"), b.find("period-start")) for b in act.findall("budget")]
        values += [(t.find("value"), t.find("transaction-date")) for t in act.findall("transaction")
                   if t.find("transaction-type").get("code") in COMMITTED | SPENT]
        for v, dated in values:
            date = v.get("value-date") or dated.get("iso-date")
            rate = rates.get(date[:4], Decimal("1.15"))
            became += (Decimal(v.text.strip()) * rate).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
            n += 1
    assert f"converted: {n} values in GBP" in summary
    assert f"to {became} at the given rates" in summary
    with pytest.raises(ValueError, match="together"):
        goldthread.import_iati([dfid], exchange_rates=table)


def test_the_hierarchy_nests_dfids_children_under_their_parents(root):
    """--hierarchy on DFID's file: each activity whose parent (related-activity type 1) is
    in the file becomes a project of that parent's program, with its own budgets funding
    it and its own sector percentages as share tags, read from the XML."""
    path = root / "tests/fixtures/real/iati/gb-dfid-albania-2.01.xml"
    acts = {a.findtext("iati-identifier").strip(): a for a in ET.parse(path).getroot().iter("iati-activity")}
    parent = {}
    for aid, act in acts.items():
        for r in act.findall("related-activity"):
            if r.get("type") == "1":
                parent[aid] = r.get("ref")
    children = {c: p for c, p in parent.items() if p in acts}
    assert len(children) == 5
    flat = goldthread.import_iati([path])
    plan = goldthread.import_iati([path], hierarchy=True)
    d = plan.to_dict()
    assert {j["id"]: j["programs"][0]["program"] for j in d["projects"]} == children
    assert {p["id"] for p in d["programs"]} == set(acts) - set(children)
    for line in d["budget_lines"]:
        owner = line["id"].rsplit("/", 1)[0]
        target = line["funds"][0]
        assert target == ({"project": owner} if owner in children else {"program": owner})
    sectors = next(c for c in d["classifications"] if c["id"] == "dac-sectors")
    for child in children:
        want = {s.get("code"): Decimal(s.get("percentage") or 100) / 100 for s in acts[child].findall("sector")
                if s.get("vocabulary") in (None, "1", "DAC")}
        got = {t["code"]: Decimal(t["share"]) for t in sectors["tags"] if t.get("project") == child}
        assert got == want, child
    assert plan.report().traceability.total_amount == flat.report().traceability.total_amount
