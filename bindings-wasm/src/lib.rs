//! The WebAssembly face of goldthread. It only converts: JavaScript values into core calls,
//! core results into plain objects (through their JSON, so amounts stay decimal strings),
//! core errors into real `Error` objects with `name`, `code` and `diagnostics`.
//!
//! Nothing here panics on any input, and a plan file over the page's size limit (24 MiB
//! unless the caller sets `maxFileBytes`) is refused before it is read, so that no input
//! can exhaust the instance's memory: after any error the same module instance keeps
//! working (`tests/hostile.test.mjs`).

use goldthread::lang::Lang;
use goldthread::{export, render, Diagnostic, LoadOptions, ReportOptions};
use js_sys::{Array, Error, RangeError, Reflect, TypeError, JSON};
use wasm_bindgen::prelude::*;

/// The types of every value this package returns, generated from the core's Rust types
/// (`types/goldthread.d.ts`; the `types` test keeps it fresh).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types/goldthread.d.ts");

/// What this package alone adds: its options object and its error.
#[wasm_bindgen(typescript_custom_section)]
const BINDING_TYPES: &'static str = r#"
export interface ReportOptions {
  years?: string[];
  orgUnits?: string[];
  categories?: string[];
  phase?: Phase;
  /** Also set every phase side by side (`report.phases`). */
  comparePhases?: boolean;
  /** Leave out the project rows and the diagnostics (both empty): a redraw that shows
   * neither, after an edit of a large plan (`plan.warnings()` gives the diagnostics). */
  summary?: boolean;
}
/** The limits of SPEC §8 (each exceeded is a diagnostic naming it). In a page the file
 * size defaults to 24 MiB, so that a plan's memory stays inside the 4 GiB a WebAssembly
 * instance can hold whatever the file holds (SPEC §8); raise it for large plans you trust. */
export interface Limits {
  maxFileBytes?: number;
  maxEntities?: number;
  maxIdBytes?: number;
  maxTextBytes?: number;
  maxDiagnosticsPerCode?: number;
  /** The most levels a goal, org unit or classification code hierarchy may have (32). */
  maxDepth?: number;
}
/** How IATI activity files are read (SPEC §13). */
export interface IatiOptions {
  /** The goal tree (default "sector"). */
  goals?: "sector" | "sector-category" | "sdg" | "budget-item";
  /** The first day of the publisher's fiscal year, "MM-DD" (default "01-01"). */
  fiscalYearStart?: string;
  /** Split a budget spanning fiscal years by its days in each (else it is refused). */
  splitBudgetsByDays?: boolean;
  /** Make each activity whose parent is imported a project of its top ancestor's program. */
  hierarchy?: boolean;
}
/** Thrown for a plan that does not load: every diagnostic is attached. */
export interface PlanError extends Error { name: "PlanError"; code: string; diagnostics: Diagnostic[] }
/** Thrown for a scenario that cannot be read (`code` "bad-scenario") or an edit that names
 * nothing (`code` "bad-edit"; the message names the edit: `edits[2] (move_line): …`). */
export interface ScenarioError extends Error { name: "ScenarioError"; code: "bad-scenario" | "bad-edit"; diagnostics: [] }
"#;

/// A real `Error` with a name, a code and the diagnostics.
fn error(name: &str, code: &str, message: &str, diagnostics: &[Diagnostic]) -> JsValue {
    let e = Error::new(message);
    e.set_name(name);
    let diags = serde_json::to_string(diagnostics)
        .ok()
        .and_then(|t| JSON::parse(&t).ok())
        .unwrap_or_else(|| Array::new().into());
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    let _ = Reflect::set(&e, &"diagnostics".into(), &diags);
    e.into()
}

fn type_error(message: &str) -> JsValue {
    TypeError::new(message).into()
}

/// A plain object from a serialisable value, through its JSON: exactly the report contract.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| type_error(&e.to_string()))?;
    JSON::parse(&text)
}

/// The bytes of a plan given as a string or a Uint8Array.
fn plan_bytes(source: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = source.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = source.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    Err(type_error(
        "a plan is JSON text (a string) or its bytes (a Uint8Array)",
    ))
}

fn string_list(options: &JsValue, key: &str) -> Result<Vec<String>, JsValue> {
    let value = Reflect::get(options, &key.into())?;
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(&value) {
        return Err(type_error(&format!(
            "options.{key} must be an array of strings"
        )));
    }
    Array::from(&value)
        .iter()
        .map(|v| {
            v.as_string()
                .ok_or_else(|| type_error(&format!("options.{key} must hold only strings")))
        })
        .collect()
}

/// A boolean option; absent means false.
fn flag(options: &JsValue, key: &str) -> Result<bool, JsValue> {
    let value = Reflect::get(options, &key.into())?;
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value
        .as_bool()
        .ok_or_else(|| type_error(&format!("options.{key} must be true or false")))
}

/// Reads `{years, orgUnits, categories, phase, comparePhases}` into the core's options;
/// absent fields mean "all", "amount" and no comparison.
fn options(options: &JsValue) -> Result<ReportOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(ReportOptions::default());
    }
    if !options.is_object() || Array::is_array(options) {
        return Err(type_error(
            "options must be an object such as {years: [\"1398\"], orgUnits: [], categories: [], phase: \"amount\"}",
        ));
    }
    let phase = Reflect::get(options, &"phase".into())?;
    let phase = if phase.is_undefined() || phase.is_null() {
        None
    } else {
        Some(
            phase
                .as_string()
                .ok_or_else(|| type_error("options.phase must be a string"))?,
        )
    };
    let parsed = ReportOptions::from_args(
        string_list(options, "years")?,
        string_list(options, "orgUnits")?,
        string_list(options, "categories")?,
        phase.as_deref(),
        flag(options, "comparePhases")?,
    )
    .map_err(|e| -> JsValue { RangeError::new(&e.to_string()).into() })?;
    Ok(parsed.summary(flag(options, "summary")?))
}

/// Reads `{maxFileBytes, maxEntities, …}` into the core's limits (by their names in
/// snake case); absent fields keep the defaults.
fn limits(given: &JsValue) -> Result<LoadOptions, JsValue> {
    let mut limits = LoadOptions::browser();
    if given.is_undefined() || given.is_null() {
        return Ok(limits);
    }
    if !given.is_object() || Array::is_array(given) {
        return Err(type_error(
            "limits must be an object such as {maxFileBytes: 10000000}",
        ));
    }
    for key in js_sys::Object::keys(given.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        let value = Reflect::get(given, &key.as_str().into())?
            .as_f64()
            .filter(|v| v.fract() == 0.0 && *v >= 0.0)
            .ok_or_else(|| {
                type_error(&format!(
                    "limits.{key} must be a whole number of at least 0"
                ))
            })?;
        let name: String = key
            .chars()
            .flat_map(|c| match c.is_ascii_uppercase() {
                true => vec!['_', c.to_ascii_lowercase()],
                false => vec![c],
            })
            .collect();
        // A whole number of at least 0, as checked: the conversion cannot lose it.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let value = value as u64;
        limits
            .set(&name, value)
            .map_err(|e| -> JsValue { RangeError::new(&format!("limits.{key}: {e}")).into() })?;
    }
    Ok(limits)
}

/// A checked plan.
#[wasm_bindgen]
pub struct Plan {
    plan: goldthread::Plan,
    /// What each edit did, for a plan made by `apply` (none for a plan read from a file).
    outcomes: Vec<goldthread::scenario::Outcome>,
    /// What an import read and could not place (empty for a plan read from its file).
    summary: String,
}

/// A scenario or an edit refused: a `ScenarioError` naming it, or a `PlanError` for a plan
/// the edits would break.
fn scenario_error(e: &goldthread::ScenarioError) -> JsValue {
    match e {
        goldthread::ScenarioError::Invalid(load) => plan_error(load),
        goldthread::ScenarioError::Read(_) => {
            error("ScenarioError", "bad-scenario", &e.to_string(), &[])
        }
        goldthread::ScenarioError::Edit { .. } => {
            error("ScenarioError", "bad-edit", &e.to_string(), &[])
        }
    }
}

/// A plan that does not load: a `PlanError` carrying every diagnostic.
fn plan_error(e: &goldthread::LoadError) -> JsValue {
    let code = e.errors().next().map(|d| d.code.as_str()).unwrap_or("E008");
    error("PlanError", code, &e.to_string(), &e.diagnostics)
}

#[wasm_bindgen]
impl Plan {
    /// Reads and checks a plan file (JSON text or bytes). Throws a `PlanError` with every
    /// diagnostic when it has errors, a `TypeError` when given something else.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] source: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Limits")] limits: JsValue,
    ) -> Result<Plan, JsValue> {
        let options = self::limits(&limits)?;
        let bytes = plan_bytes(&source)?;
        goldthread::Plan::from_slice_with(&bytes, &options)
            .map(|plan| Plan {
                plan,
                outcomes: Vec::new(),
                summary: String::new(),
            })
            .map_err(|e| plan_error(&e))
    }

    /// A plan from IATI activity files (SPEC §13), each `{name, bytes}`, with options
    /// `{goals, fiscalYearStart, splitBudgetsByDays}`. Throws a `PlanError` naming the
    /// file, the activity and the element; `importSummary` says what was read and what
    /// could not be placed, with its amount. The files together may hold at most the page's
    /// file size (24 MiB unless `limits.maxFileBytes` says otherwise).
    #[wasm_bindgen(js_name = fromIati)]
    pub fn from_iati(
        #[wasm_bindgen(unchecked_param_type = "{ name: string; bytes: string | Uint8Array }[]")]
        files: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IatiOptions")] opts: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Limits")] limits: JsValue,
    ) -> Result<Plan, JsValue> {
        let most = self::limits(&limits)?.max_file_bytes;
        if !Array::is_array(&files) {
            return Err(type_error("files must be an array of {name, bytes}"));
        }
        let mut given: Vec<(String, Vec<u8>)> = Vec::new();
        let mut total: u64 = 0;
        for file in Array::from(&files).iter() {
            let name = Reflect::get(&file, &"name".into())?
                .as_string()
                .ok_or_else(|| type_error("each file needs a name (a string)"))?;
            let bytes = plan_bytes(&Reflect::get(&file, &"bytes".into())?)?;
            total += bytes.len() as u64;
            if total > most {
                let message =
                    format!("the IATI files hold more than {most} bytes (limits.maxFileBytes)");
                return Err(RangeError::new(&message).into());
            }
            given.push((name, bytes));
        }
        let opts = if opts.is_undefined() || opts.is_null() {
            js_sys::Object::new().into()
        } else {
            opts
        };
        let text = |key: &str| -> Result<Option<String>, JsValue> {
            let v = Reflect::get(&opts, &key.into())?;
            match v.is_undefined() || v.is_null() {
                true => Ok(None),
                false => v
                    .as_string()
                    .map(Some)
                    .ok_or_else(|| type_error(&format!("options.{key} must be a string"))),
            }
        };
        let range = |e: String| -> JsValue { RangeError::new(&e).into() };
        let goals = text("goals")?
            .map(|g| goldthread::iati::IatiGoals::parse(&g))
            .transpose()
            .map_err(range)?
            .unwrap_or_default();
        let start = text("fiscalYearStart")?
            .map(|s| goldthread::calendar::MonthDay::read(&s).map_err(|e| e.to_string()))
            .transpose()
            .map_err(range)?;
        let options = goldthread::iati::IatiOptions {
            goals,
            fiscal_year_start: start,
            split_by_days: flag(&opts, "splitBudgetsByDays")?,
            hierarchy: flag(&opts, "hierarchy")?,
            exchange_rates: None,
        };
        let files: Vec<goldthread::iati::IatiFile> = given
            .iter()
            .map(|(name, bytes)| goldthread::iati::IatiFile { name, bytes })
            .collect();
        let imported = goldthread::iati::import(&files, options);
        let load = |diagnostics| goldthread::LoadError { diagnostics };
        if !imported.diagnostics.is_empty() {
            return Err(plan_error(&load(imported.diagnostics)));
        }
        let summary = imported.summary.to_string();
        goldthread::Plan::from_data(imported.data)
            .map(|plan| Plan {
                plan,
                outcomes: Vec::new(),
                summary,
            })
            .map_err(|e| plan_error(&e))
    }

    /// What the import that made this plan read, and what it could not place.
    #[wasm_bindgen(getter, js_name = importSummary)]
    pub fn import_summary(&self) -> String {
        self.summary.clone()
    }

    /// What changed from this plan to `newer` for `{years, orgUnits, categories, phase}`
    /// (SPEC §11), with a bridge between the traced totals that foots. Throws a
    /// `DiffError` for plans of another precision or currency.
    #[wasm_bindgen(unchecked_return_type = "Diff")]
    pub fn diff(
        &self,
        newer: &Plan,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.diff_of(newer, &opts)?)
    }

    /// The diff as aligned plain text, in `lang` (`"en"`, the default, or `"fa"`).
    #[wasm_bindgen(js_name = diffText)]
    pub fn diff_text(
        &self,
        newer: &Plan,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
        lang: Option<String>,
    ) -> Result<String, JsValue> {
        Ok(render::diff_text(
            &self.diff_of(newer, &opts)?,
            language(lang)?,
        ))
    }

    fn diff_of(&self, newer: &Plan, opts: &JsValue) -> Result<goldthread::Diff, JsValue> {
        self.plan
            .diff(&newer.plan, &options(opts)?)
            .map_err(|e| error("DiffError", "incomparable", &e.to_string(), &[]))
    }

    /// A new plan: this one with a scenario's edits applied in order (SPEC §12). The
    /// scenario is JSON or TOML text, or an object (`{edits: [{op: "scale", percent:
    /// "-5"}]}`, `format` optional). Throws a `ScenarioError` naming the edit that names
    /// nothing, or a `PlanError` for a plan the edits break. The new plan's `outcomes`
    /// say what each edit did.
    pub fn apply(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Partial<Scenario>")] scenario: JsValue,
    ) -> Result<Plan, JsValue> {
        let text = match scenario.as_string() {
            Some(text) => text,
            // An object (or a list of edits) as its JSON: the core reads it, `format` or not.
            None if scenario.is_object() => {
                JSON::stringify(&scenario)?.as_string().unwrap_or_default()
            }
            None => {
                return Err(type_error(
                    "a scenario is JSON or TOML text, or an object with edits",
                ))
            }
        };
        let applied = goldthread::Scenario::read_given(&text)
            .and_then(|s| self.plan.apply(&s))
            .map_err(|e| scenario_error(&e))?;
        Ok(Plan {
            plan: applied.plan,
            outcomes: applied.outcomes,
            summary: String::new(),
        })
    }

    /// Applies one edit (an edit of a scenario, SPEC §12) to this plan in place, without
    /// starting over: a line's amount, a link or a share recomputes only what it touches
    /// (the next report is then the plan's as edited). Returns what it did; throws a
    /// `ScenarioError` naming what to fix, or a `PlanError`, and leaves the plan as it
    /// was.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn edit(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Edit")] edit: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = JSON::stringify(&edit)?.as_string().unwrap_or_default();
        let edit: goldthread::Edit = serde_json::from_str(&text).map_err(|e| {
            error(
                "ScenarioError",
                "bad-edit",
                &format!("the edit cannot be read: {e}"),
                &[],
            )
        })?;
        let outcome = self.plan.edit(&edit).map_err(|e| scenario_error(&e))?;
        self.outcomes.push(outcome.clone());
        to_js(&outcome)
    }

    /// A copy of this plan (to edit while keeping the original).
    #[wasm_bindgen(js_name = clone)]
    pub fn copy(&self) -> Plan {
        Plan {
            plan: self.plan.clone(),
            outcomes: self.outcomes.clone(),
            summary: self.summary.clone(),
        }
    }

    /// What each edit of the scenario that made this plan did (empty for a plan read from
    /// a file).
    #[wasm_bindgen(getter, unchecked_return_type = "Outcome[]")]
    pub fn outcomes(&self) -> Result<JsValue, JsValue> {
        to_js(&self.outcomes)
    }

    /// The plan's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.plan.name().to_string()
    }

    /// The warnings found at load.
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn warnings(&self) -> Result<JsValue, JsValue> {
        to_js(&self.plan.warnings())
    }

    /// The fiscal years, org units and categories of the plan's expenditure lines, in
    /// order of first appearance: what a filter offers.
    #[wasm_bindgen(
        unchecked_return_type = "{years: string[], orgUnits: string[], categories: string[]}"
    )]
    pub fn dimensions(&self) -> Result<JsValue, JsValue> {
        let d = self.plan.dimensions();
        to_js(
            &serde_json::json!({"years": d.years, "orgUnits": d.org_units, "categories": d.categories}),
        )
    }

    /// The report (SPEC §7) for `{years, orgUnits, categories, phase}`, as a plain object
    /// with amounts as decimal strings.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn report(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.plan.report_with(&options(&opts)?))
    }

    /// The report as aligned plain text, in `lang` (`"en"`, the default, or `"fa"`).
    #[wasm_bindgen(js_name = reportText)]
    pub fn report_text(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
        lang: Option<String>,
    ) -> Result<String, JsValue> {
        Ok(render::report_text_in(
            &self.plan.report_with(&options(&opts)?),
            language(lang)?,
        ))
    }

    /// The report as one self-contained HTML page with the Sankey, in `lang` (`"en"`, the
    /// default, or `"fa"`: right to left, Persian digits), ready to save or print.
    #[wasm_bindgen(js_name = reportHtml)]
    pub fn report_html(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
        lang: Option<String>,
    ) -> Result<String, JsValue> {
        let o = options(&opts)?;
        let report = self.plan.report_with(&o);
        let sankey = export::sankey(&self.plan, &o.scope, o.phase);
        Ok(render::report_page(&report, &sankey, language(lang)?))
    }

    /// Every path from a budget line, project or program up to a goal.
    #[wasm_bindgen(unchecked_return_type = "Trace")]
    pub fn trace(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = id
            .as_string()
            .ok_or_else(|| type_error("trace(id): id must be a string"))?;
        let o = options(&opts)?;
        let trace = self
            .plan
            .trace(&id, &o.scope, o.phase)
            .map_err(|e| error("TraceError", "unknown-id", &e.to_string(), &[]))?;
        to_js(&trace)
    }

    /// The Sankey of the thread (org units → projects and programs → goals, leaks by
    /// reason) as `{nodes, links}`, the form d3-sankey and plotly take.
    #[wasm_bindgen(unchecked_return_type = "Sankey")]
    pub fn sankey(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = options(&opts)?;
        to_js(&export::sankey(&self.plan, &o.scope, o.phase))
    }

    /// The Sankey a person reads at city scale: org units → programs → goals (with
    /// `projects`, projects between), goals in the tree's order, at most `maxPerColumn`
    /// nodes of each kind (0: all; the rest merged into one `others:KIND` node whose flows
    /// are the exact sums of theirs).
    #[wasm_bindgen(js_name = sankeyView, unchecked_return_type = "Sankey")]
    pub fn sankey_view(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
        projects: bool,
        #[wasm_bindgen(js_name = maxPerColumn)] max_per_column: usize,
    ) -> Result<JsValue, JsValue> {
        let o = options(&opts)?;
        let view = goldthread::sankey_view::SankeyView {
            projects,
            max_per_column,
        };
        to_js(&goldthread::sankey_view::sankey_view(
            &self.plan, &o.scope, o.phase, &view,
        ))
    }

    /// The Sankey of classification `id` (SPEC §10): its codes and the unclassified money
    /// flowing to the root goals and to "reaches no goal", for the report of `opts`.
    /// Throws a `RangeError` naming the plan's classifications for an unknown id.
    #[wasm_bindgen(js_name = classificationSankey, unchecked_return_type = "Sankey")]
    pub fn classification_sankey(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReportOptions")] opts: JsValue,
        id: &str,
    ) -> Result<JsValue, JsValue> {
        let report = self.plan.report_with(&options(&opts)?);
        match export::classification_sankey(&report, id) {
            Some(sankey) => to_js(&sankey),
            None => {
                let ids: Vec<&str> = report
                    .classifications
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect();
                let message = format!("classification {id:?}: the plan's are {}", ids.join(", "));
                Err(RangeError::new(&message).into())
            }
        }
    }

    /// The plan as `goldthread/1` JSON.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.plan.to_json()
    }
}

/// Every diagnostic of a plan file, errors and warnings.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Limits")] limits: JsValue,
) -> Result<JsValue, JsValue> {
    let options = self::limits(&limits)?;
    to_js(&goldthread::check_with(&plan_bytes(&source)?, &options))
}

/// Groups a decimal amount (a string, as reports give them) by thousands for people:
/// `"1250000.50"` → `"1,250,000.50"`, exactly (never through a float), as the core's text
/// and markdown reports group them. Throws a `RangeError` for text that is not a number.
#[wasm_bindgen(js_name = groupAmount)]
pub fn group_amount(amount: &str) -> Result<String, JsValue> {
    let value = goldthread::amount::parse_decimal(amount)
        .map_err(|e| -> JsValue { RangeError::new(&format!("amount {e}")).into() })?;
    Ok(goldthread::amount::format_grouped(value, value.scale()))
}

/// The language of a tag, `"en"` where none is given; a `RangeError` naming the languages
/// there are for any other.
fn language(tag: Option<String>) -> Result<Lang, JsValue> {
    match tag {
        None => Ok(Lang::En),
        Some(tag) => Lang::from_tag(&tag).map_err(|m| RangeError::new(&m).into()),
    }
}

/// Every label of a language's catalogue by key (`"section.goals"`), English where the
/// language lacks one: the words of goldthread's reports for a page to show.
#[wasm_bindgen(unchecked_return_type = "Record<string, string>")]
pub fn labels(lang: Option<String>) -> Result<JsValue, JsValue> {
    let map: serde_json::Map<String, serde_json::Value> = language(lang)?
        .all_labels()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.into()))
        .collect();
    to_js(&map)
}

/// How many days month `month` of `year` has in `calendar` (`"gregorian"` or
/// `"solar_hijri"`): `daysInMonth("solar_hijri", 1403, 12)` is 30, a leap year's Esfand.
/// What a date picker offers; a `RangeError` for another calendar or a month out of range.
#[wasm_bindgen(js_name = daysInMonth)]
pub fn days_in_month(calendar: &str, year: i32, month: u8) -> Result<u8, JsValue> {
    let calendar = goldthread::calendar::Calendar::from_name(calendar)
        .map_err(|m| -> JsValue { RangeError::new(&m).into() })?;
    calendar.days_in_month(year, month).ok_or_else(|| {
        RangeError::new(&format!(
            "{year}-{month} is no month of the {} calendar",
            calendar.as_str()
        ))
        .into()
    })
}

/// `"rtl"` or `"ltr"`: the direction `lang` is written in, for a page's `dir`.
#[wasm_bindgen(js_name = textDirection)]
pub fn text_direction(lang: Option<String>) -> Result<String, JsValue> {
    Ok(language(lang)?.dir().to_string())
}

/// A figure (`"1,250,000.50"`, `"83.1%"`) as `lang` writes it: `"۱٬۲۵۰٬۰۰۰٫۵۰"`,
/// `"۸۳٫۱٪"` in Persian; as given in English.
#[wasm_bindgen(js_name = localFigure)]
pub fn local_figure(text: &str, lang: Option<String>) -> Result<String, JsValue> {
    Ok(language(lang)?.figure(text))
}

/// A date of a report (`"1398-07-01"`) as `lang` writes dates: `"۱۳۹۸/۰۷/۰۱"` in Persian.
#[wasm_bindgen(js_name = localDate)]
pub fn local_date(text: &str, lang: Option<String>) -> Result<String, JsValue> {
    Ok(language(lang)?.date(text))
}

/// The version of goldthread.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
