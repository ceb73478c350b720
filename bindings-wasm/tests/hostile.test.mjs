// Input from anyone (issue 16, SPEC §8), in the npm package: the shared hostile corpus gets
// exactly its errors, limits are set by name, and after every one of them the same module
// instance keeps working (nothing traps it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const { Plan, check } = require("../pkg/node/goldthread.js");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const hostile = path.join(root, "tests/fixtures/hostile");
const isfahan = readFileSync(path.join(root, "examples/isfahan/plan.json"));

test("the hostile corpus gets exactly its errors, and the module keeps working", () => {
  const cases = JSON.parse(readFileSync(path.join(hostile, "cases.json"), "utf8"));
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    const bytes = new Uint8Array(readFileSync(path.join(hostile, c.file)));
    const errors = check(bytes).filter((d) => d.severity === "error");
    assert.deepEqual(
      errors.map((d) => [d.code, d.path ?? null]),
      c.errors.map(([code, p]) => [code, p]),
      c.file,
    );
    errors.forEach((d, i) => {
      assert.ok(d.message.includes(c.errors[i][2]), `${c.file}: ${d.message}`);
      assert.ok(d.message.length < 400);
    });
    assert.throws(() => Plan.fromJson(bytes), { name: "PlanError" });
    assert.ok(Plan.fromJson(isfahan).name.startsWith("شهرداری اصفهان"));
  }
});

test("past the limit a list of broken lines is named, not kept", () => {
  // SPEC §8: as many broken items are kept as diagnostics of a code are listed; past that
  // the list is named, not kept, and no id is called unknown that the file has.
  const broken = Array(5).fill('{"id":"a","year":"1","amount":"x"}').join(",");
  const text =
    '{"format":"goldthread/1","name":"m","goals":[{"id":"G","name":"g"}],' +
    '"programs":[{"id":"P","name":"p","goals":[{"goal":"G"}]}],"budget_lines":[' +
    broken +
    ',{"id":"ok","year":"1","amount":"1","funds":[{"program":"Q"}]}]}';
  const said = check(text, { maxDiagnosticsPerCode: 2 });
  const notes = said.filter((d) => d.path === "/budget_lines");
  assert.equal(notes.length, 1);
  assert.match(notes[0].message, /the 4 items from \/budget_lines\/2 on/);
  assert.equal(said.filter((d) => d.code === "E001" || d.code === "E002").length, 0);
});

test("limits are set by name; a file over the page's default is refused before it is read", () => {
  assert.throws(() => Plan.fromJson(isfahan, { maxFileBytes: 1000 }), /max_file_bytes/);
  assert.throws(() => Plan.fromJson(isfahan, { maxEntities: 10 }), /max_entities/);
  const listed = check(isfahan, { maxIdBytes: 2, maxDiagnosticsPerCode: 3 }).filter(
    (d) => d.code === "E008",
  );
  assert.equal(listed.length, 4);
  assert.match(listed[3].message, /not listed/);
  assert.throws(() => Plan.fromJson(isfahan, { maxBytes: 1 }), RangeError);
  assert.throws(() => Plan.fromJson(isfahan, { maxFileBytes: -1 }), TypeError);
  // 25 MiB of spaces: over the page's default, refused at once, the instance intact.
  const big = new Uint8Array((24 << 20) + (1 << 20)).fill(32);
  assert.throws(() => Plan.fromJson(big), /max_file_bytes/);
  assert.equal(Plan.fromJson(isfahan).warnings().length >= 0, true);
});

test("a hierarchy deeper than maxDepth is named, and the limit can be raised", () => {
  // A chain of 40 goals: deeper than the 32 levels allowed unless raised.
  const goals = [{ id: "A0", name: "a" }];
  for (let i = 1; i < 40; i++) goals.push({ id: `A${i}`, name: "a", parent: `A${i - 1}` });
  const text = JSON.stringify({ format: "goldthread/1", name: "m", goals, budget_lines: [] });
  const said = check(text).filter((d) => /max_depth/.test(d.message));
  assert.deepEqual(
    said.map((d) => d.path),
    ["/goals/32/parent"],
  );
  assert.match(said[0].message, /33 levels deep/);
  assert.doesNotThrow(() => Plan.fromJson(text, { maxDepth: 40 }));
});
