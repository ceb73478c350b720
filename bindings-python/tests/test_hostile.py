"""Input from anyone (issue 16, SPEC §8), from Python: the shared hostile corpus, the
limits, Ctrl-C during a load that never ends, deep dicts and pickling."""

import json
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time

import pytest

import goldthread

HOSTILE = "tests/fixtures/hostile"


def test_the_hostile_corpus_gets_exactly_its_errors(root):
    cases = json.loads((root / HOSTILE / "cases.json").read_text())
    assert len(cases) >= 10
    for case in cases:
        data = (root / HOSTILE / case["file"]).read_bytes()
        errors = [d for d in goldthread.check(data) if d["severity"] == "error"]
        got = [(d["code"], d["path"]) for d in errors]
        assert got == [(c, p) for c, p, _ in case["errors"]], case["file"]
        for d, (_, _, says) in zip(errors, case["errors"]):
            assert says in d["message"], (case["file"], d["message"])
            assert len(d["message"]) < 400
        with pytest.raises(goldthread.PlanError):
            goldthread.Plan.from_json(data)


def test_limits_are_set_by_name_and_named_when_exceeded(root):
    text = (root / "examples/isfahan/plan.json").read_bytes()
    with pytest.raises(goldthread.PlanError) as e:
        goldthread.Plan.from_json(text, limits={"max_file_bytes": 1000})
    assert "max_file_bytes" in str(e.value)
    with pytest.raises(goldthread.PlanError) as e:
        goldthread.Plan.load(root / "examples/isfahan/plan.json", limits={"max_entities": 10})
    assert "max_entities" in str(e.value)
    many = goldthread.check(text, limits={"max_id_bytes": 2, "max_diagnostics_per_code": 3})
    listed = [d for d in many if d["code"] == "E008"]
    assert len(listed) == 4 and "not listed" in listed[-1]["message"]
    with pytest.raises(ValueError, match="max_file_bytes"):
        goldthread.Plan.from_json(text, limits={"max_bytes": 1})
    with pytest.raises(TypeError):
        goldthread.Plan.from_json(text, limits={"max_file_bytes": -1})
    # The default limits take the example as it is.
    assert goldthread.Plan.from_json(text, limits={}).name


def test_a_deep_dict_is_refused_before_pythons_recursion_limit():
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    plan = {"format": "goldthread/1", "name": "d", "goals": [], "x": {"k": deep}}
    with pytest.raises(ValueError, match="nests deeper than 128"):
        goldthread.Plan.from_dict(plan)


def test_ctrl_c_ends_a_load_that_would_never_end(tmp_path):
    # A named pipe nobody writes to: the load blocks for ever; Ctrl-C must still end it.
    fifo = tmp_path / "never.json"
    os.mkfifo(fifo)
    script = textwrap.dedent(
        f"""
        import sys, goldthread
        try:
            print("loading", flush=True)
            goldthread.Plan.load({str(fifo)!r})
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(0)
        print("loaded", flush=True)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "loading"
    # Let the load reach the pipe (it then waits there for ever), then press Ctrl-C.
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    try:
        out, _ = child.communicate(timeout=60)
    finally:
        child.kill()
    assert out.strip() == "interrupted"
    assert child.returncode == 0


def test_a_pickle_holds_compact_json(root):
    plan = goldthread.Plan.load(root / "examples/isfahan/plan.json")
    data = pickle.dumps(plan)
    assert len(data) < len(plan.to_json().encode())
    assert pickle.loads(data) == plan


def test_past_the_limit_a_list_of_broken_lines_is_named_not_kept():
    # SPEC §8: as many broken items are kept as diagnostics of a code are listed; past
    # that the list is named, not kept, and no id is called unknown that the file has.
    broken = ",".join(['{"id":"a","year":"1","amount":"x"}'] * 5)
    text = (
        '{"format":"goldthread/1","name":"m","goals":[{"id":"G","name":"g"}],'
        '"programs":[{"id":"P","name":"p","goals":[{"goal":"G"}]}],"budget_lines":['
        + broken
        + ',{"id":"ok","year":"1","amount":"1","funds":[{"program":"Q"}]}]}'
    )
    said = goldthread.check(text, limits={"max_diagnostics_per_code": 2})
    notes = [d for d in said if d.get("path") == "/budget_lines"]
    assert len(notes) == 1 and "the 4 items from /budget_lines/2 on" in notes[0]["message"]
    assert not [d for d in said if d["code"] in ("E001", "E002")]


def test_a_hierarchy_deeper_than_max_depth_is_named_and_the_limit_can_be_raised():
    # A chain of 40 goals: deeper than the 32 levels allowed unless raised.
    goals = [{"id": "A0", "name": "a"}] + [
        {"id": f"A{i}", "name": "a", "parent": f"A{i - 1}"} for i in range(1, 40)
    ]
    text = json.dumps({"format": "goldthread/1", "name": "m", "goals": goals, "budget_lines": []})
    said = [d for d in goldthread.check(text) if "max_depth" in d["message"]]
    assert [d["path"] for d in said] == ["/goals/32/parent"]
    assert "33 levels deep" in said[0]["message"]
    goldthread.Plan.from_json(text, limits={"max_depth": 40})
