// Times the wasm package in node on a synthetic plan: load, report, and a report after a
// filter change. A measurement to read, not a test (criterion benches measure the core).
//   node bench/report.mjs PLAN.json [runs]
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const { Plan } = createRequire(import.meta.url)("../pkg/node/goldthread.js");
const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const text = readFileSync(file, "utf8");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(label, f) {
  const ms = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = f();
    ms.push(performance.now() - t0);
  }
  console.log(`${label}: median ${median(ms).toFixed(1)} ms over ${runs} runs`);
  return out;
}

const plan = time("load (parse + check + build)", () => Plan.fromJson(text));
const r = time("report, whole plan", () => plan.report({}));
time("report after a filter change (one year, one org unit)", () => plan.report({ years: ["1398"], orgUnits: ["D03"] }));
console.log(`${r.traceability.lines} lines, traced ${(r.traceability.amount_ratio * 100).toFixed(1)}%`);

// What-if: one edit, then the report a redraw needs. In place (the core recomputes what
// the edit touches; a summary report leaves out project rows and diagnostics) against
// starting over (the edit applied as a scenario: a new plan checked whole, a full report).
const lines = JSON.parse(text).budget_lines;
const funded = lines.find((l) => l.funds?.length === 1);
let k = 0;
const amount = () => ({ op: "set_amount", line: lines[k++ % lines.length].id, amount: String(1000 + k) });
const share = () => ({ op: "set_share", from: funded.id, to: funded.funds[0].project ?? funded.funds[0].program, share: `0.${(k++ % 9) + 1}` });
const edited = plan.clone();
time("edit a line's amount in place, then a summary report", () => { edited.edit(amount()); edited.report({ summary: true }); });
time("edit a share in place, then a summary report", () => { edited.edit(share()); edited.report({ summary: true }); });
time("edit a line's amount in place, then a full report", () => { edited.edit(amount()); edited.report({}); });
time("starting over: the edit as a scenario, then a full report", () => { const p = plan.apply({ edits: [amount()] }); p.report({}); p.free(); });
