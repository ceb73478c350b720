// Bundled by esbuild in scripts/test-release.sh from the installed npm tarball, as a web
// developer would, and run in headless Chromium: the report lands in the page.
import init, { Plan } from "goldthread";
import wasm from "goldthread/goldthread_bg.wasm";

const plan = {
  format: "goldthread/1", name: "page", currency: "EUR", precision: 2,
  goals: [{ id: "G", name: "goal" }],
  programs: [{ id: "P", name: "program", goals: [{ goal: "G", share: "0.5" }] }],
  budget_lines: [{ id: "L", year: "2025", amount: "100.01", funds: [{ program: "P" }] }],
};

init({ module_or_path: wasm }).then(() => {
  const t = Plan.fromJson(JSON.stringify(plan)).report({}).traceability;
  document.getElementById("out").textContent = `${t.traced_amount} of ${t.total_amount}`;
});
