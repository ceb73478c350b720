// Generated from goldthread's Rust types by ts-rs; do not edit.
// Regenerate: GOLDTHREAD_BLESS=1 cargo test -p goldthread-wasm --test types

/** A decimal amount, exact, as a string ("1250000", "66.70"). */
export type Amount = string;

export type Phase = "proposed" | "amount" | "revised" | "committed" | "spent";

export type Severity = "error" | "warning";

export type Code = "E001" | "E002" | "E003" | "E004" | "E005" | "E006" | "E007" | "E008" | "E009" | "E010" | "E011" | "E012" | "E013" | "W101" | "W102" | "W103" | "W104" | "W105" | "W106" | "W107" | "W108" | "W109" | "W110" | "W111";

export type Diagnostic = { code: Code, 
/**
 * The code's name (`"line-unlinked"`): borrowed for the codes' own names, so that a
 * plan's hundreds of thousands of warnings do not each allocate one.
 */
name: string, severity: Severity, message: string, 
/**
 * The id of the entity the problem is in, where it has one (inline up to 24 bytes,
 * like the ids of budget lines).
 */
entity: string | null, 
/**
 * JSON pointer to the offending value (`/budget_lines/17/amount`).
 */
path: string | null, 
/**
 * 1-based line of a syntax error.
 */
line?: number | null, 
/**
 * 1-based column of a syntax error.
 */
column?: number | null, 
/**
 * Set on the one diagnostic that closes a list at `max_diagnostics_per_code` (SPEC §8):
 * how many more of its code were found and not listed.
 */
unlisted?: number | null, };

export type Scope = { years: Array<string>, org_units: Array<string>, categories: Array<string>, };

export type Report = { format: "goldthread-report/1", 
/**
 * The plan's name.
 */
plan: string, currency: string | null, precision: number, phase: Phase, scope: Scope, traceability: Traceability, coverage: Coverage, goals: Array<GoalReport>, programs: Array<ProgramReport>, projects: Array<ProjectReport>, 
/**
 * The projects furthest behind schedule and over cost.
 */
execution: ExecutionSummary, 
/**
 * Revenue, expenditure and execution per fiscal year and org unit (SPEC §5).
 */
balance: Array<BalanceRow>, 
/**
 * Every phase side by side, when asked for (`--compare-phases`).
 */
phases?: PhaseComparison | null, 
/**
 * The plan's calendar where it is not the Gregorian: the dates of `fiscal_years` and
 * of readable reports are written in it.
 */
calendar?: Calendar, 
/**
 * The days of each fiscal year in scope that names them (SPEC §2), where the plan
 * gives a `calendar` or a `fiscal_year_start`.
 */
fiscal_years?: Array<FiscalYear>, 
/**
 * Each of the plan's classifications for this scope and phase (SPEC §10); absent
 * where the plan has none.
 */
classifications?: Array<ClassificationReport>, 
/**
 * The plan's warnings (a plan with errors has no report), shared with the plan
 * rather than copied: a national plan may have hundreds of thousands.
 */
diagnostics: Array<Diagnostic>, };

export type Calendar = "gregorian" | "solar_hijri";

export type FiscalYear = { 
/**
 * The fiscal year's label, as the budget lines write it.
 */
year: string, 
/**
 * The first day, `YYYY-MM-DD` in the plan's calendar.
 */
start: string, 
/**
 * The last day, `YYYY-MM-DD` in the plan's calendar.
 */
end: string, 
/**
 * The first day in the Gregorian calendar (ISO 8601).
 */
start_iso: string, 
/**
 * The last day in the Gregorian calendar (ISO 8601).
 */
end_iso: string, };

export type ClassificationReport = { id: string, name: string, 
/**
 * `share` or `marker`.
 */
kind: "share" | "marker", 
/**
 * The money in scope (as `traceability.total_amount`).
 */
total_amount: Amount, 
/**
 * Money under no code (share kind), or under no marker at all (marker kind).
 */
unclassified_amount: Amount, 
/**
 * Marker kind: the money relevant to any code, each unit once at its largest weight.
 */
any_amount?: Amount | null, 
/**
 * Every code in the classification's order.
 */
codes: Array<CodeReport>, 
/**
 * Each goal's money (rolled up) by code, in plan order.
 */
goals: Array<CrossRow>, 
/**
 * The money that reaches no goal, by code.
 */
leaked: CrossRow, };

export type CodeReport = { id: string, name: string | null, parent: string | null, 
/**
 * The money under the code itself (share) or relevant to it (marker).
 */
amount: Amount, 
/**
 * The code's amount with its descendants'.
 */
rolled_up_amount: Amount, 
/**
 * Rolled-up amount over the total; absent when the total is zero or below.
 */
share: number | null, 
/**
 * Lines in scope whose money is classified under the code.
 */
lines: number, };

export type CrossRow = { goal: string | null, 
/**
 * The codes with money, in the classification's order.
 */
codes: Array<CodeAmount>, unclassified_amount: Amount, };

export type CodeAmount = { code: string, amount: Amount, };

export type Traceability = { total_amount: Amount, traced_amount: Amount, 
/**
 * Traced over total; absent when the total is zero or negative.
 */
amount_ratio: number | null, lines: number, 
/**
 * Lines in scope that give no amount in the report's phase (counted as 0); all of
 * them when the plan has no such phase at all.
 */
lines_without_phase: number, traced_lines: number, line_ratio: number, leaks: Leaks, top_leaks: TopLeaks, by_org_unit: Array<Breakdown>, by_year: Array<Breakdown>, by_category: Array<Breakdown>, };

export type Leaks = { line_unlinked: Amount, line_partial: Amount, project_unlinked: Amount, project_partial: Amount, program_unlinked: Amount, program_partial: Amount, };

export type TopLeaks = { line_unlinked: Array<Contributor>, line_partial: Array<Contributor>, project_unlinked: Array<Contributor>, project_partial: Array<Contributor>, program_unlinked: Array<Contributor>, program_partial: Array<Contributor>, };

export type Contributor = { id: string, amount: Amount, };

export type Breakdown = { 
/**
 * The org unit, year or category; `null` for lines that give none.
 */
key: string | null, total_amount: Amount, traced_amount: Amount, 
/**
 * Traced over total; absent when the total is zero or negative.
 */
amount_ratio: number | null, lines: number, traced_lines: number, };

export type Coverage = { leaf_goals: number, programmed_ratio: number, funded_ratio: number, measurable_ratio: number, covered_ratio: number, measurable_programs_ratio: number, 
/**
 * Absent when nothing (or less than nothing) is traced.
 */
measured_amount_ratio: number | null, 
/**
 * `"most"` (≥ 0.75), `"majority"` (> 0.5) or `"below"` (PEFA PI-8.1).
 */
pefa_grade: "most" | "majority" | "below", 
/**
 * Herfindahl-Hirschman index of rolled-up amounts over root goals; absent when
 * nothing is traced or a root goal's amount is negative.
 */
hhi: number | null, };

export type GoalReport = { id: string, name: string, parent: string | null, leaf: boolean, direct_amount: Amount, rolled_up_amount: Amount, 
/**
 * Rolled-up amount over traced_amount; absent when that is zero or negative.
 */
share: number | null, programs: number, projects: number, lines: number, breadth: number, programmed_ratio: number, funded_ratio: number, measurable_ratio: number, covered_ratio: number, indicators: Array<IndicatorReport>, pv: Amount, ev: Amount, ac: Amount, cpi: number | null, spi: number | null, };

export type IndicatorReport = { id: string, name: string, progress: number | null, };

export type RollupExecution = { pv: Amount, ev: Amount, ac: Amount, cpi: number | null, spi: number | null, };

export type ProgramReport = { id: string, name: string, inflow: Amount, to_goals: Amount, leak: Amount, measurable: boolean, indicators: Array<IndicatorReport>, pv: Amount, ev: Amount, ac: Amount, cpi: number | null, spi: number | null, };

export type ProjectReport = { id: string, name: string, inflow: Amount, to_programs: Amount, leak: Amount, 
/**
 * The estimate (budget at completion), where given.
 */
estimate: Amount | null, 
/**
 * Estimate minus the money that reached the project in this scope and phase.
 */
funding_gap: Amount | null, } & Partial<ProjectExecution>;

export type ProjectExecution = { 
/**
 * Planned fraction of the work done by the status date, in [0, 1].
 */
planned_fraction: number, 
/**
 * Planned value: estimate × planned fraction.
 */
pv: Amount, 
/**
 * Earned value: estimate × percent complete.
 */
ev: Amount, 
/**
 * Actual cost.
 */
ac: Amount, cv: Amount, sv: Amount, cpi: number | null, spi: number | null, 
/**
 * Estimate at completion, BAC / CPI.
 */
eac: Amount | null, 
/**
 * Estimate to complete, EAC − AC.
 */
etc: Amount | null, 
/**
 * Variance at completion, BAC − EAC.
 */
vac: Amount | null, 
/**
 * Earned schedule in days: when the linear plan meant to reach today's EV.
 */
es_days: number, 
/**
 * Actual time in days since the start.
 */
at_days: number, 
/**
 * ES − AT in days: negative when late.
 */
sv_days: number, 
/**
 * SPI(t) = ES / AT, which unlike SPI does not drift to 1 at the end of a late project.
 */
spi_t: number | null, };

export type ExecutionSummary = { behind_schedule: Array<Lagging>, over_cost: Array<Lagging>, };

export type Lagging = { id: string, name: string, sv_days: number, spi_t: number | null, cv: Amount, cpi: number | null, };

export type BalanceRow = { year: string, org_unit: string | null, revenue: Amount, expenditure: Amount, 
/**
 * Revenue − expenditure.
 */
difference: Amount, 
/**
 * Capital expenditure over all expenditure (`null` with no expenditure).
 */
capital_share: number | null, 
/**
 * Spent over revised (over approved where no line of the group gives revised).
 */
execution_rate: number | null, 
/**
 * The same for revenue lines (تحقق درآمد).
 */
revenue_realisation: number | null, };

export type PhaseComparison = { total: PhaseRow, goals: Array<PhaseRow>, programs: Array<PhaseRow>, org_units: Array<PhaseRow>, years: Array<PhaseRow>, };

export type PhaseRow = { 
/**
 * The goal, program, org unit or year; `null` for the total and for lines without
 * an org unit.
 */
key: string | null, proposed: Amount, amount: Amount, revised: Amount, committed: Amount, spent: Amount, 
/**
 * Spent over revised (over approved where no line behind the row gives revised).
 */
execution_rate: number | null, };

export type Trace = { id: string, 
/**
 * `"budget line"`, `"project"` or `"program"`.
 */
kind: "budget line" | "project" | "program", 
/**
 * The money the entity holds in this scope and phase: a line's amount, or what
 * reached a project or program.
 */
amount: Amount, paths: Array<TracePath>, 
/**
 * True when more than [`MAX_PATHS`] paths exist and the list was cut.
 */
truncated: boolean, };

export type TracePath = { path: Array<string>, 
/**
 * The product of the shares along the path.
 */
share: string, 
/**
 * The entity's amount times the share product, rounded half away from zero to the
 * plan's precision.
 */
amount: Amount, };

export type Sankey = { nodes: Array<SankeyNode>, links: Array<SankeyLink>, };

export type SankeyNode = { id: string, name: string, 
/**
 * `org_unit`, `project`, `program`, `goal` or `leak`; `code` in a classification's.
 */
kind: "org_unit" | "project" | "program" | "goal" | "leak" | "code", };

export type SankeyLink = { source: number, target: number, 
/**
 * An exact JSON number, read by `JSON.parse` as a JS number for drawing.
 */
value: number, };
