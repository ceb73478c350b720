// The npm package (nodejs build) against the core's contract: report() equals the CLI's
// JSON report, errors are real Error objects, and no bad input breaks the module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const gt = require("../pkg/node/goldthread.js");
const { Plan, check, version } = gt;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cli = process.env.GOLDTHREAD_CLI ?? path.join(root, "target/debug/goldthread");
const read = (p) => readFileSync(path.join(root, p), "utf8");

const FIXTURES = [
  "examples/isfahan/plan.json",
  "tests/fixtures/vectors/split-leftover.plan.json",
  "tests/fixtures/vectors/cents-partial.plan.json",
  "tests/fixtures/vectors/classification.plan.json",
];
const SCOPES = [
  { comparePhases: true },
  { years: ["1398"] },
  { orgUnits: ["D03", "HQ"], phase: "spent" },
  { categories: ["capital"], phase: "revised" },
];

function cliReport(file, scope) {
  const args = ["report", path.join(root, file), "--format", "json"];
  for (const y of scope.years ?? []) args.push("--year", y);
  for (const u of scope.orgUnits ?? []) args.push("--org-unit", u);
  for (const c of scope.categories ?? []) args.push("--category", c);
  args.push("--phase", scope.phase ?? "amount");
  if (scope.comparePhases) args.push("--compare-phases");
  return JSON.parse(execFileSync(cli, args, { maxBuffer: 64 << 20 }).toString());
}

test("the CLI binary is there", () => {
  assert.ok(existsSync(cli), `no goldthread CLI at ${cli}`);
});

for (const file of FIXTURES) {
  for (const scope of SCOPES) {
    test(`report() equals the CLI: ${file} ${JSON.stringify(scope)}`, () => {
      const plan = Plan.fromJson(read(file));
      assert.deepStrictEqual(plan.report(scope), cliReport(file, scope));
    });
  }
}

test("amounts are decimal strings, ratios numbers", () => {
  const r = Plan.fromJson(read("tests/fixtures/vectors/cents-partial.plan.json")).report();
  assert.equal(r.traceability.total_amount, "100.06");
  assert.equal(r.traceability.traced_amount, "66.70");
  assert.equal(r.traceability.leaks.program_partial, "33.36");
  assert.equal(r.coverage.measured_amount_ratio, 0.5);
  assert.equal(r.goals[0].indicators[0].progress, 0.25);
});

test("bytes load like text", () => {
  const bytes = readFileSync(path.join(root, FIXTURES[1]));
  assert.equal(Plan.fromJson(new Uint8Array(bytes)).report().traceability.traced_amount, "55");
});

test("errors are real Error objects with name, code and diagnostics", () => {
  let caught;
  try {
    Plan.fromJson("{");
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, "PlanError");
  assert.equal(caught.code, "E008");
  assert.equal(caught.diagnostics[0].line, 1);
  assert.match(caught.message, /E008/);
});

test("every bad plan gives its codes", () => {
  const manifest = JSON.parse(read("tests/fixtures/bad/expected-codes.json"));
  assert.ok(Object.keys(manifest).length >= 30);
  for (const [file, codes] of Object.entries(manifest)) {
    const bytes = new Uint8Array(readFileSync(path.join(root, "tests/fixtures/bad", file)));
    assert.throws(() => Plan.fromJson(bytes), (e) => {
      assert.equal(e.name, "PlanError", file);
      assert.deepStrictEqual([...new Set(e.diagnostics.map((d) => d.code))].sort(), codes, file);
      return true;
    });
    assert.deepStrictEqual([...new Set(check(bytes).map((d) => d.code))].sort(), codes, file);
  }
});

test("wrong argument types give TypeError and RangeError", () => {
  const plan = Plan.fromJson(read(FIXTURES[1]));
  assert.throws(() => Plan.fromJson(42), TypeError);
  assert.throws(() => Plan.fromJson({}), TypeError);
  assert.throws(() => plan.report({ years: "1398" }), TypeError);
  assert.throws(() => plan.report({ years: [1398] }), TypeError);
  assert.throws(() => plan.report("1398"), TypeError);
  assert.throws(() => plan.report({ phase: "later" }), RangeError);
  assert.throws(() => plan.report({ comparePhases: "yes" }), TypeError);
  assert.throws(() => plan.trace(7), TypeError);
  assert.throws(() => plan.trace("NOPE"), (e) => e instanceof Error && e.name === "TraceError");
});

test("the module keeps working after any error", () => {
  const before = Plan.fromJson(read(FIXTURES[0])).report();
  for (const bad of ["", "{", "[]", "null", '{"format":"goldthread/1"}', "\u0000", "[".repeat(100000)]) {
    assert.throws(() => Plan.fromJson(bad));
  }
  for (const file of readdirSync(path.join(root, "tests/fixtures/bad"))) {
    try {
      Plan.fromJson(new Uint8Array(readFileSync(path.join(root, "tests/fixtures/bad", file))));
    } catch {}
  }
  const plan = Plan.fromJson(read(FIXTURES[0]));
  assert.throws(() => plan.trace("NOPE"));
  assert.throws(() => plan.report({ phase: 5 }));
  assert.deepStrictEqual(plan.report(), before);
});

test("trace, sankey, dimensions, warnings, round trip", () => {
  const plan = Plan.fromJson(read(FIXTURES[1]));
  const t = plan.trace("L1");
  assert.deepStrictEqual(t.paths[0].path, ["L1", "J1", "P1", "G1.1"]);
  const s = plan.sankey({});
  assert.ok(s.nodes.some((n) => n.id === "leak:project_unlinked"));
  assert.equal(typeof s.links[0].value, "number");
  assert.deepStrictEqual(plan.dimensions(), { years: ["1398", "1399"], orgUnits: ["HQ", "D01"], categories: [] });
  assert.ok(plan.warnings().some((w) => w.code === "W101"));
  assert.deepStrictEqual(Plan.fromJson(plan.toJson()).report(), plan.report());
  assert.equal(plan.name, "equal split with a leftover unit");
  assert.match(plan.reportText({}), /Traced to goals/);
  assert.equal(version(), "0.1.0");
});

test("reports in Persian: the HTML page, the text, the labels and the figures", () => {
  const isfahan = path.join(root, FIXTURES[0]);
  const plan = Plan.fromJson(read(FIXTURES[0]));
  for (const lang of ["en", "fa"]) {
    const cliPage = execFileSync(cli, ["report", isfahan, "--format", "html", "--lang", lang, "--year", "1398"], { encoding: "utf8" });
    assert.equal(plan.reportHtml({ years: ["1398"] }, lang).trimEnd(), cliPage.trimEnd());
  }
  assert.match(plan.reportHtml({}, "fa"), /^<!DOCTYPE html>\n<html lang="fa" dir="rtl">/);
  assert.match(plan.reportText({}, "fa"), /جمع در دامنه/);
  assert.equal(plan.reportText({}), plan.reportText({}, "en"));
  assert.throws(() => plan.reportText({}, "de"), (e) => e instanceof RangeError && /en, fa/.test(e.message));
  const fa = gt.labels("fa");
  assert.equal(fa["section.goals"], "اهداف");
  // Every label in both; Persian names more currencies.
  const words = (labels) => Object.keys(labels).filter((k) => !k.startsWith("currency.")).sort();
  assert.deepStrictEqual(words(fa), words(gt.labels()));
  assert.equal(fa["currency.IRR"], "ریال");
  assert.equal(gt.localFigure(gt.groupAmount("1250000.50"), "fa"), "۱٬۲۵۰٬۰۰۰٫۵۰");
  assert.equal(gt.localDate("1398-07-01", "fa"), "۱۳۹۸/۰۷/۰۱");
  assert.equal(gt.textDirection("fa"), "rtl");
  // A date picker's days, from the core's calendars: Esfand of a leap year and of another.
  assert.equal(gt.daysInMonth("solar_hijri", 1403, 12), 30);
  assert.equal(gt.daysInMonth("solar_hijri", 1404, 12), 29);
  assert.equal(gt.daysInMonth("solar_hijri", 1404, 1), 31);
  assert.equal(gt.daysInMonth("gregorian", 2024, 2), 29);
  assert.throws(() => gt.daysInMonth("julian", 2024, 2), (e) => e instanceof RangeError);
  assert.throws(() => gt.daysInMonth("gregorian", 2024, 13), (e) => e instanceof RangeError && /no month/.test(e.message));
  plan.free();
});

test("the classification vector's figures, as worked by hand", () => {
  const expected = JSON.parse(read("tests/fixtures/vectors/classification.expected.json"));
  const report = Plan.fromJson(read("tests/fixtures/vectors/classification.plan.json")).report({});
  // Every expected value is in the report: objects key by key, lists by id or position.
  const contains = (e, a, at) => {
    if (Array.isArray(e)) {
      e.forEach((x, i) => contains(x, x?.id !== undefined ? a.find((y) => y.id === x.id) : a[i], `${at}/${i}`));
      if (e.length === 0) assert.deepStrictEqual(a, [], at);
    } else if (e !== null && typeof e === "object") {
      for (const [k, v] of Object.entries(e)) if (!(at === "" && k === "format")) contains(v, a?.[k], `${at}/${k}`);
    } else if (typeof e === "string" && /^-?[0-9.]+$/.test(e)) {
      assert.equal(Number(a), Number(e), at); // small integers: exact as numbers
      assert.match(a, /^-?[0-9]+(\.[0-9]+)?$/, at);
    } else {
      assert.deepStrictEqual(a, e, at);
    }
  };
  contains(expected, report, "");
});

test("groupAmount groups exactly as the core's text report does", () => {
  assert.equal(gt.groupAmount("1250000.50"), "1,250,000.50");
  assert.equal(gt.groupAmount("999"), "999");
  assert.equal(gt.groupAmount("12345678901234567890123.45"), "12,345,678,901,234,567,890,123.45");
  assert.throws(() => gt.groupAmount("12,5,0"), (e) => e instanceof RangeError);
});

test("the shipped schemas are the core's and the wrong phase has the core's message", () => {
  const shipped = JSON.parse(readFileSync(path.join(root, "bindings-wasm/pkg/schemas/report.schema.json"), "utf8"));
  const cliSchema = JSON.parse(execFileSync(cli, ["schema", "report"], { encoding: "utf8" }));
  assert.deepStrictEqual(shipped, cliSchema);
  const plan = Plan.fromJson(read(FIXTURES[1]));
  assert.throws(() => plan.report({ phase: "later" }), (e) =>
    e instanceof RangeError &&
    e.message === 'unknown phase "later"; choose proposed, amount, revised, committed or spent');
});

const CUT = {
  name: "council's cut",
  edits: [
    { op: "scale", filter: { categories: ["current"], org_units: ["D01", "D02"] }, percent: -5 },
    { op: "move_line", line: "BL-1398-0002", to: [{ project: "PJ-006" }] },
    { op: "retire_goal", goal: "G1.2" },
  ],
};

test("diff and apply: the CLI's diff, outcomes, a bridge that foots", () => {
  const isfahan = path.join(root, "examples/isfahan/plan.json");
  const plan = Plan.fromJson(read("examples/isfahan/plan.json"));
  const edited = plan.apply(CUT);
  assert.deepStrictEqual(edited.outcomes.map((o) => o.op), ["scale", "move_line", "retire_goal"]);
  assert.deepStrictEqual(plan.outcomes, []);
  // The CLI's apply writes the same plan and prints the same diff.
  const dir = mkdtempSync(path.join(tmpdir(), "gt-"));
  const scenarioPath = path.join(dir, "cut.json");
  writeFileSync(scenarioPath, JSON.stringify({ format: "goldthread-scenario/1", ...CUT }));
  const out = JSON.parse(execFileSync(cli, ["apply", isfahan, scenarioPath, "--out", path.join(dir, "new.json"), "--format", "json", "--year", "1399"], { encoding: "utf8" }));
  assert.equal(readFileSync(path.join(dir, "new.json"), "utf8").trimEnd(), edited.toJson().trimEnd());
  const diff = plan.diff(edited, { years: ["1399"] });
  assert.deepStrictEqual(diff, out.diff);
  assert.deepStrictEqual(edited.outcomes, out.outcomes);
  const b = diff.bridge;
  const units = (s) => BigInt(s);
  assert.equal(units(b.start) + units(b.removed_lines) + units(b.relinked) + units(b.amounts) + units(b.added_lines), units(b.end));
  assert.equal(b.end, edited.report({ years: ["1399"] }).traceability.traced_amount);
  // The moved line is of 1398: outside this scope, a move in the whole plan.
  assert.deepStrictEqual(diff.lines_moved, []);
  assert.deepStrictEqual(plan.diff(edited, {}).lines_moved.map((m) => m.id), ["BL-1398-0002"]);
  const cliText = execFileSync(cli, ["diff", isfahan, path.join(dir, "new.json"), "--lang", "fa"], { encoding: "utf8" });
  assert.equal(plan.diffText(edited, {}, "fa").trimEnd(), cliText.trimEnd());
  const same = plan.diff(plan, {});
  assert.deepStrictEqual([same.goals, same.lines_changed, same.links, same.traced.change], [[], [], [], "0"]);
  // TOML, and the errors: the edit named, the module still working after.
  const toml = 'format = "goldthread-scenario/1"\n[[edits]]\nop = "set_amount"\nline = "BL-1398-0001"\namount = "1"\n';
  assert.equal(plan.apply(toml).outcomes[0].change, "-842298999999");
  assert.throws(() => plan.apply({ edits: [{ op: "move_line", line: "BL-1398-0001", to: [{ project: "nowhere" }] }] }),
    (e) => e.name === "ScenarioError" && e.code === "bad-edit" && e.message.startsWith("edits[0] (move_line): to[0]: no project"));
  assert.throws(() => plan.apply({ edits: [{ op: "scale", percent: -5.5 }] }),
    (e) => e.name === "ScenarioError" && /float cannot hold money exactly/.test(e.message));
  assert.throws(() => plan.apply({ edits: [{ op: "add_link", from: "PR-01", to: "G2", share: "0.9" }] }),
    (e) => e.name === "PlanError" && e.diagnostics.length > 0);
  const cents = JSON.parse(read("examples/isfahan/plan.json"));
  cents.precision = 2;
  assert.throws(() => plan.diff(Plan.fromJson(JSON.stringify(cents)), {}), (e) => e.name === "DiffError");
  assert.equal(plan.report({}).traceability.traced_amount, cliReport("examples/isfahan/plan.json", {}).traceability.traced_amount);
});

test("edits in place: the same plan as the scenario, a summary report, the plan as it was on an error", () => {
  const text = read("examples/isfahan/plan.json");
  const plan = Plan.fromJson(text);
  const copy = plan.clone();
  const outcome = copy.edit({ op: "scale", filter: { org_units: ["HQ"] }, percent: -5 });
  assert.equal(outcome.op, "scale");
  copy.edit({ op: "set_share", from: "PR-21", to: "G6.1", share: "0.5" });
  copy.edit({ op: "add_link", from: "PR-21", to: "G6.2", share: "0.3" });
  const applied = plan.apply({ edits: [
    { op: "scale", filter: { org_units: ["HQ"] }, percent: -5 },
    { op: "set_share", from: "PR-21", to: "G6.1", share: "0.5" },
    { op: "add_link", from: "PR-21", to: "G6.2", share: "0.3" }] });
  assert.equal(copy.toJson(), applied.toJson());
  assert.deepStrictEqual(copy.report({}), applied.report({}));
  assert.deepStrictEqual(copy.warnings(), applied.warnings());
  const summary = copy.report({ summary: true });
  assert.deepStrictEqual([summary.projects, summary.diagnostics], [[], []]);
  assert.deepStrictEqual(summary.goals, applied.report({}).goals);
  // A refused edit leaves the plan as it was; the original never changed.
  const before = copy.toJson();
  assert.throws(() => copy.edit({ op: "add_link", from: "PR-01", to: "G2", share: "0.5" }), (e) => e.name === "PlanError");
  assert.throws(() => copy.edit({ op: "set_amount", line: "nowhere", amount: "1" }), (e) => e.name === "ScenarioError" && e.code === "bad-edit");
  assert.throws(() => copy.edit({ op: "explode" }), (e) => e.name === "ScenarioError" && /cannot be read/.test(e.message));
  assert.equal(copy.toJson(), before);
  assert.equal(plan.toJson(), Plan.fromJson(text).toJson());
  assert.equal(copy.outcomes.length, 3);
});

test("IATI activity files import as the command line imports them", () => {
  const file = "tests/fixtures/real/iati/gb-dfid-albania-2.01.xml";
  const bytes = readFileSync(path.join(root, file));
  const plan = Plan.fromIati([{ name: path.join(root, file), bytes }], { goals: "sector-category" });
  const dir = mkdtempSync(path.join(tmpdir(), "goldthread-iati-"));
  const out = path.join(dir, "plan.json");
  writeFileSync(out, execFileSync(cli, ["import", "--iati", "--goals", "sector-category", path.join(root, file)], { stdio: ["ignore", "pipe", "ignore"] }));
  assert.deepStrictEqual(plan.report({}), JSON.parse(execFileSync(cli, ["report", out, "--format", "json"]).toString()));
  assert.match(plan.importSummary, /8 activities, 14 budgets, 41 transactions read/);
  assert.equal(Plan.fromJson(read("examples/isfahan/plan.json")).importSummary, "");
  assert.throws(() => Plan.fromIati([{ name: "a.xml", bytes }], { goals: "sdgs" }), (e) => e instanceof RangeError && /sector-category/.test(e.message));
  assert.throws(() => Plan.fromIati([{ name: "a.xml", bytes }], {}, { maxFileBytes: 100 }), RangeError);
  assert.throws(() => Plan.fromIati([{ name: "a.xml", bytes: "<nope/>" }]), (e) => e.name === "PlanError" && e.code === "E008");
});
