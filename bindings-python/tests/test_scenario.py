"""Diffs and scenarios from Python (SPEC §11, §12): the same JSON as the command line,
Decimal amounts, edits as lists of dicts, and errors that name the edit."""

import json
import subprocess
from decimal import Decimal

import pytest

import goldthread

CUT = [
    {"op": "scale", "filter": {"categories": ["current"], "org_units": ["D01", "D02"]}, "percent": Decimal("-5")},
    {"op": "move_line", "line": "BL-1398-0002", "to": [{"project": "PJ-006"}]},
    {"op": "retire_goal", "goal": "G1.2"},
]


@pytest.fixture(scope="module")
def isfahan(root):
    return goldthread.Plan.load(root / "examples" / "isfahan" / "plan.json")


def test_a_diff_is_the_command_line_s(isfahan, cli, root, tmp_path):
    new = isfahan.apply(CUT)
    new_path = tmp_path / "new.json"
    new_path.write_text(new.to_json(), encoding="utf-8")
    old_path = root / "examples" / "isfahan" / "plan.json"
    out = subprocess.run(
        [cli, "diff", str(old_path), str(new_path), "--format", "json", "--year", "1398"],
        check=True, capture_output=True, text=True,
    ).stdout
    diff = isfahan.diff(new, years=["1398"])
    assert json.loads(diff.to_json()) == json.loads(out)
    text = subprocess.run(
        [cli, "diff", str(old_path), str(new_path), "--year", "1398", "--lang", "fa"],
        check=True, capture_output=True, text=True,
    ).stdout
    assert text == diff.text("fa")


def test_the_bridge_foots_in_decimals(isfahan):
    new = isfahan.apply(CUT)
    d = isfahan.diff(new)
    b = d.bridge
    assert isinstance(b.start, Decimal)
    assert b.start + b.removed_lines + b.relinked + b.amounts + b.added_lines == b.end
    assert b.end - b.start == d.traced.change
    assert d.traced.old_amount == isfahan.report().traceability.traced_amount
    assert d.traced.new_amount == new.report().traceability.traced_amount
    # The moved line is a move, the retired goal a removal.
    assert [m.id for m in d.lines_moved] == ["BL-1398-0002"]
    assert [(r.kind, r.id) for r in d.removed] == [("goal", "G1.2")]
    frame = d.to_pandas("bridge")
    assert list(frame["step"]) == ["start", "removed_lines", "relinked", "amounts", "added_lines", "end"]
    assert sum(frame["amount"][1:5], frame["amount"][0]) == frame["amount"][5]
    assert not d.is_empty()
    assert isfahan.diff(isfahan).is_empty()
    assert "→" in repr(d)
    assert "هیچ" in isfahan.diff(isfahan).text("fa")


def test_outcomes_say_what_each_edit_did(isfahan):
    new, outcomes = isfahan.apply(CUT, with_outcomes=True)
    assert [o["op"] for o in outcomes] == ["scale", "move_line", "retire_goal"]
    scale = outcomes[0]
    assert isinstance(scale["change"], Decimal)
    # The picked lines' total moved by exactly 5 % of it, rounded half away from zero.
    picked = [
        line for line in isfahan.to_dict()["budget_lines"]
        if line.get("category") == "current" and line.get("org_unit") in ("D01", "D02")
        and line.get("direction", "expenditure") == "expenditure" and "amount" in line
    ]
    total = sum(Decimal(line["amount"]) for line in picked)
    assert scale["lines"] == len(picked)
    assert scale["change"] == (total * Decimal("-0.05")).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    after = {line["id"]: Decimal(line["amount"]) for line in new.to_dict()["budget_lines"] if "amount" in line}
    assert sum(after[line["id"]] for line in picked) - total == scale["change"]


def test_scenarios_come_as_lists_dicts_json_toml_or_paths(isfahan, tmp_path):
    edits = [{"op": "set_amount", "line": "BL-1398-0001", "amount": 5}]
    by_list = isfahan.apply(edits)
    by_dict = isfahan.apply({"name": "five", "edits": edits})
    toml = 'format = "goldthread-scenario/1"\n[[edits]]\nop = "set_amount"\nline = "BL-1398-0001"\namount = "5"\n'
    by_toml = isfahan.apply(toml)
    path = tmp_path / "s.toml"
    path.write_text(toml, encoding="utf-8")
    by_path = isfahan.apply(path)
    assert by_list == by_dict == by_toml == by_path
    assert by_list != isfahan, "the plan applied to is left as it is"


def test_an_edit_that_names_nothing_is_refused_by_name(isfahan):
    with pytest.raises(ValueError, match=r"edits\[1\] \(move_line\): to\[0\]: no project has the id"):
        isfahan.apply([{"op": "retire_goal", "goal": "G1.2"}, {"op": "move_line", "line": "BL-1398-0001", "to": [{"project": "nowhere"}]}])
    with pytest.raises(TypeError, match="float"):
        isfahan.apply([{"op": "scale", "percent": -5.0}])
    with pytest.raises(goldthread.PlanError):
        isfahan.apply([{"op": "add_link", "from": "PR-01", "to": "G2", "share": "0.9"}])
    with pytest.raises(ValueError, match="same precision"):
        cents = isfahan.to_dict()
        cents["precision"] = 2
        isfahan.diff(goldthread.Plan.from_dict(cents))


def test_scenarios_side_by_side(isfahan):
    """What a notebook does: two counter-proposals against one plan, goal by goal."""
    council = isfahan.apply([{"op": "scale", "filter": {"goals": ["G2"]}, "percent": "-10"}])
    districts = isfahan.apply([{"op": "scale", "filter": {"org_units": ["HQ"]}, "percent": "-4"}])
    frames = {name: isfahan.diff(p).to_pandas("goals").set_index("id")["change"] for name, p in
              [("council", council), ("districts", districts)]}
    g2 = frames["council"]["G2"]
    assert g2 < 0
    traced = {name: isfahan.diff(p).traced.change for name, p in [("council", council), ("districts", districts)]}
    roots = [g.id for g in isfahan.report().goals if g.parent is None]
    for name, changes in frames.items():
        assert sum(changes.get(r, Decimal(0)) for r in roots) == traced[name]
