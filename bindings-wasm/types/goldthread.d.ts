// Generated from goldthread's Rust types by ts-rs; do not edit.
// Regenerate: GOLDTHREAD_BLESS=1 cargo test -p goldthread-wasm --test types

/** A decimal amount, exact, as a string ("1250000", "66.70"). */
export type Amount = string;

export type Phase = "proposed" | "amount" | "revised" | "committed" | "spent";

export type Severity = "error" | "warning";

export type Code = "E001" | "E002" | "E003" | "E004" | "E005" | "E006" | "E007" | "E008" | "E009" | "E010" | "E011" | "E012" | "E013" | "W101" | "W102" | "W103" | "W104" | "W105" | "W106" | "W107" | "W108" | "W109" | "W110" | "W111" | "W112";

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

export type Diff = { format: string, old_plan: string, new_plan: string, currency: string | null, precision: number, phase: Phase, scope: Scope, 
/**
 * Σ of the lines in scope.
 */
total: Change, 
/**
 * The money that reaches a goal.
 */
traced: Change, 
/**
 * From the old traced total to the new one, step by step.
 */
bridge: Bridge, 
/**
 * The plan's coverage ratios that changed.
 */
coverage: Array<RatioChange>, 
/**
 * Goals whose rolled-up amount changed, or that were added or removed.
 */
goals: Array<EntityChange>, 
/**
 * Programs whose money passed on to goals changed.
 */
programs: Array<EntityChange>, 
/**
 * Projects whose money passed on to programs changed.
 */
projects: Array<EntityChange>, 
/**
 * Traced amount by org unit, fiscal year and category, where it changed.
 */
org_units: Array<KeyChange>, years: Array<KeyChange>, categories: Array<KeyChange>, 
/**
 * The leak under each reason of SPEC §3, where it changed.
 */
leaks: Array<KeyChange>, 
/**
 * Leaf goals that became, or stopped being, programmed, funded, measurable, covered.
 */
flags: Array<FlagChange>, added: Array<EntityRef>, removed: Array<EntityRef>, renamed: Array<Renamed>, 
/**
 * Links added, removed or re-shared (a line's links only when it keeps its parents:
 * a line with other parents is in `lines_moved`).
 */
links: Array<LinkChange>, 
/**
 * Lines in both plans whose amount in the phase changed.
 */
lines_changed: Array<LineChange>, 
/**
 * Lines in both plans that fund other projects or programs.
 */
lines_moved: Array<LineMove>, 
/**
 * Lines in both plans whose year, org unit, category or direction changed.
 */
lines_relabelled: Array<Relabel>, };

export type Change = { old_amount: Amount, new_amount: Amount, change: Amount, };

export type Bridge = { 
/**
 * The old plan's traced amount.
 */
start: Amount, 
/**
 * What the lines only the old plan has traced.
 */
removed_lines: Amount, 
/**
 * What the new structure does to the kept lines at their old amounts: goals, programs
 * and projects added or removed, links added, removed or re-shared, lines moved or
 * relabelled.
 */
relinked: Amount, 
/**
 * What the kept lines' new amounts do, in the new structure.
 */
amounts: Amount, 
/**
 * What the lines only the new plan has trace.
 */
added_lines: Amount, 
/**
 * The new plan's traced amount.
 */
end: Amount, };

export type RatioChange = { 
/**
 * `programmed`, `funded`, `measurable` or `covered`.
 */
name: string, old: number, new: number, };

export type EntityChange = { id: string, name: string, old_amount: Amount | null, new_amount: Amount | null, 
/**
 * new − old, an absent side counting as 0.
 */
change: Amount, };

export type KeyChange = { 
/**
 * The org unit, year, category or leak reason (`null`: lines without one).
 */
key: string | null, old_amount: Amount, new_amount: Amount, change: Amount, };

export type FlagChange = { goal: string, name: string, 
/**
 * `programmed`, `funded`, `measurable` or `covered`.
 */
flag: string, was: boolean, is: boolean, };

export type EntityRef = { 
/**
 * `org_unit`, `goal`, `program`, `project` or `budget_line`.
 */
kind: string, id: string, name: string | null, };

export type Renamed = { kind: string, id: string, old_name: string | null, new_name: string | null, };

export type LinkChange = { from: string, to: string, 
/**
 * `added`, `removed` or `reshared`.
 */
status: string, old_share: Amount | null, new_share: Amount | null, };

export type LineChange = { id: string, name: string | null, old_amount: Amount | null, new_amount: Amount | null, change: Amount, };

export type LineMove = { id: string, old_parents: Array<Parent>, new_parents: Array<Parent>, };

export type Parent = { 
/**
 * `project` or `program`.
 */
kind: string, id: string, share: Amount | null, };

export type Relabel = { id: string, 
/**
 * `year`, `org_unit`, `category` or `direction`.
 */
field: string, old: string | null, new: string | null, };

export type Scenario = { format: string, name?: string | null, description?: string | null, edits: Array<Edit>, };

export type Edit = { "op": "set_amount", line: string, phase?: string | null, amount: string, } | { "op": "scale", filter: Filter, percent: string, phase?: string | null, } | { "op": "move_line", line: string, to: Array<LinkTo>, } | { "op": "set_share", from: string, to: string, share: string | null, } | { "op": "add_link", from: string, to: string, share?: string | null, } | { "op": "remove_link", from: string, to: string, } | { "op": "add_project", project: Record<string, unknown>, } | { "op": "add_program", program: Record<string, unknown>, } | { "op": "remove_project", id: string, } | { "op": "remove_program", id: string, } | { "op": "retire_goal", goal: string, } | { "op": "set_schedule", project: string, start: string, finish: string, };

export type Filter = { years?: Array<string>, org_units?: Array<string>, categories?: Array<string>, projects?: Array<string>, programs?: Array<string>, goals?: Array<string>, 
/**
 * `expenditure` (the default) or `revenue`.
 */
direction?: string | null, };

export type LinkTo = { project?: string | null, program?: string | null, share?: string | null, };

export type Outcome = { 
/**
 * The edit's place in the list, from 0.
 */
edit: number, op: string, 
/**
 * What it did, in words.
 */
message: string, 
/**
 * The lines whose amount or parents it changed.
 */
lines: number, 
/**
 * How much the lines' total in the edit's phase moved.
 */
change: Amount, 
/**
 * Links (and classification tags) it removed with what it removed.
 */
links_removed: number, };
