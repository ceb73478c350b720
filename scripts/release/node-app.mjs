// Run by scripts/test-release.sh in a fresh node project with the npm tarball installed:
// the package's README example, on the Isfahan plan.
import { readFileSync } from "node:fs";
import { Plan, version } from "goldthread";

const plan = Plan.fromJson(readFileSync(process.argv[2], "utf8"));
const report = plan.report({ years: ["1398"] });
const t = report.traceability;
// The figures `goldthread report --year 1398` gives (and the README shows).
if (t.total_amount !== "40641724000000" || t.traced_amount !== "33095004150000") {
  throw new Error(`unexpected figures ${t.traced_amount} of ${t.total_amount}`);
}
console.error(`npm ${version()} in node: Isfahan 1398 traced ${t.traced_amount} of ${t.total_amount}`);
