"""The JSON Schemas: the shipped files are the package's own, every example and fixture
plan validates, every bad plan whose fault is one of shape fails, and every report the
core writes validates against the report schema."""

import json

import jsonschema
import pytest

import goldthread

PLANS = [
    "examples/isfahan/plan.json",
    "examples/eu-cohesion-2014-2020/plan.json",
    "examples/us-federal-programs/plan.json",
    "tests/fixtures/vectors/cents-partial.plan.json",
    "tests/fixtures/vectors/split-leftover.plan.json",
]

# Bad plans whose fault is their shape (a wrong type, an unknown or missing field, a wrong
# format tag): the schema alone refuses them. The others are valid JSON of the right shape
# that break a rule of the plan (ids, links, amounts, dates), which the loader checks.
SHAPE_ERRORS = [
    "missing-format.json",
    "top-level-list.json",
    "unknown-field.json",
    "wrong-format.json",
    "wrong-types.json",
]
RULE_ERRORS = [
    "duplicate-id.json",
    "goal-cycle.json",
    "mixed-shares.json",
    "negative-share.json",
    "shares-exceed-one.json",
    "unknown-reference.json",
    "revenue-linked.json",
]


def validator(kind):
    schema = goldthread.schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_schemas_are_the_packages(root):
    for kind in ("plan", "report"):
        shipped = json.loads((root / "schemas" / f"{kind}.schema.json").read_text())
        assert shipped == goldthread.schema(kind)
    with pytest.raises(ValueError, match="choose plan, report, diff or scenario"):
        goldthread.schema("budget")


@pytest.mark.parametrize("path", PLANS)
def test_every_example_plan_validates(root, path):
    plan = json.loads((root / path).read_text(encoding="utf-8"))
    errors = list(validator("plan").iter_errors(plan))
    assert errors == [], [e.message for e in errors[:5]]


@pytest.mark.parametrize("name", SHAPE_ERRORS)
def test_bad_shapes_fail_the_schema(root, name):
    plan = json.loads((root / "tests/fixtures/bad" / name).read_text(encoding="utf-8"))
    assert list(validator("plan").iter_errors(plan)), name


@pytest.mark.parametrize("name", RULE_ERRORS)
def test_broken_rules_are_the_loaders_not_the_schemas(root, name):
    plan = json.loads((root / "tests/fixtures/bad" / name).read_text(encoding="utf-8"))
    assert list(validator("plan").iter_errors(plan)) == [], name
    with pytest.raises(goldthread.PlanError):
        goldthread.Plan.from_json(json.dumps(plan))


@pytest.mark.parametrize("path", PLANS)
def test_every_report_validates(root, path):
    plan = goldthread.Plan.load(root / path)
    check = validator("report")
    for report in (plan.report(), plan.report(phase="spent", compare_phases=True)):
        data = json.loads(report._native.to_json())
        errors = list(check.iter_errors(data))
        assert errors == [], [e.message for e in errors[:5]]
