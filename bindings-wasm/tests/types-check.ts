// Compiled with `tsc --noEmit` by the test command: the package's TypeScript types are
// checked, including what they must refuse.
import init, { Plan, check, type Report, type Diagnostic, type Sankey, type Diff, type Outcome } from "../pkg/web/goldthread.js";

export async function demo(text: string): Promise<string> {
  await init();
  const plan: Plan = Plan.fromJson(text);
  const report: Report = plan.report({ years: ["1398"], orgUnits: ["D03"], phase: "spent" });
  const ratio: number | null = report.traceability.amount_ratio;
  const traced: string = report.traceability.traced_amount;
  const first: string | undefined = report.goals[0]?.id;
  const diags: Diagnostic[] = check(text);
  const sankey: Sankey = plan.sankey({});
  const compared = plan.report({ comparePhases: true });
  const spent: string | undefined = compared.phases?.total.spent;
  const late: number | undefined = compared.execution.behind_schedule[0]?.sv_days;
  const cpi: number | null | undefined = compared.projects[0]?.cpi;
  void spent; void late; void cpi;
  // @ts-expect-error amounts are exact decimal strings, never numbers
  const wrong: number = report.traceability.total_amount;
  // @ts-expect-error phases are a closed set
  plan.report({ phase: "later" });
  void wrong;
  return `${traced} ${ratio} ${first} ${diags.length} ${sankey.links.length}`;
}

export function whatIf(plan: Plan): string {
  const edited: Plan = plan.apply({ edits: [{ op: "scale", filter: { categories: ["current"] }, percent: "-5" }] });
  const diff: Diff = plan.diff(edited, { years: ["1398"] });
  const step: string = diff.bridge.relinked;
  const outcome: Outcome | undefined = edited.outcomes[0];
  // @ts-expect-error an edit's op is one of the documented ones
  plan.apply({ edits: [{ op: "delete_everything" }] });
  return `${step} ${outcome?.change} ${plan.diffText(edited, {}, "fa").length}`;
}

export function inPlace(plan: Plan): string {
  const copy: Plan = plan.clone();
  const done: Outcome = copy.edit({ op: "set_amount", line: "L1", amount: "5" });
  const lean: Report = copy.report({ summary: true });
  return `${done.change} ${lean.goals.length}`;
}
