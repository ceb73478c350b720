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
