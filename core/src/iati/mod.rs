//! Aid budgets in: IATI activity files (versions 1.0x and 2.0x) read into a plan (SPEC §13).
//! Each activity is a program, linked to the goals of its DAC sectors by their
//! percentages (or of its sectors' categories, its SDG tags or its country budget items:
//! [`IatiGoals`]); its budgets and transactions become one budget line per fiscal year. What
//! cannot be placed exactly is counted in the summary with its amount, or refused with the
//! file, the activity and the element.

mod codelists;
mod hierarchy;
mod rates;
mod read;

pub use rates::ExchangeRates;

use crate::amount::{check_line_amount, read_amount};
use crate::calendar::MonthDay;
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::{
    BudgetLine, ClassCode, Classification, ClassificationKind, FundTarget, Funding, Goal, GoalLink,
    Indicator, Measure, PlanData, Program, Tag, TagTarget,
};
use read::{Activity, Money};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// The precision of an imported plan: IATI values are written to the cent or coarser.
const PRECISION: u32 = 2;

/// Which tree the goals of an imported plan are (`--goals`, SPEC §13); the sectors and
/// the country budget items that are not the goals are share classifications beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IatiGoals {
    /// DAC 5-digit sectors under their 3-digit categories.
    #[default]
    Sector,
    /// The DAC 3-digit categories only: each activity's 5-digit percentages added up per
    /// category.
    SectorCategory,
    /// SDG goals and targets from the activities' `tag`s (vocabularies 2 and 3).
    Sdg,
    /// The recipient country's budget classification (`country-budget-items`).
    BudgetItem,
}

impl IatiGoals {
    pub const ALL: [IatiGoals; 4] = [
        IatiGoals::Sector,
        IatiGoals::SectorCategory,
        IatiGoals::Sdg,
        IatiGoals::BudgetItem,
    ];

    /// As `--goals` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            IatiGoals::Sector => "sector",
            IatiGoals::SectorCategory => "sector-category",
            IatiGoals::Sdg => "sdg",
            IatiGoals::BudgetItem => "budget-item",
        }
    }

    /// The goal tree named so, or a message naming the four.
    pub fn parse(text: &str) -> Result<IatiGoals, String> {
        IatiGoals::ALL
            .into_iter()
            .find(|g| g.as_str() == text)
            .ok_or_else(|| {
                format!("unknown goal tree {text:?}: choose sector, sector-category, sdg or budget-item")
            })
    }
}

/// How an IATI import is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IatiOptions {
    /// Rates to one currency, the plan's: values in another currency are converted by
    /// them (SPEC §13); without them a plan takes the first currency it meets and a value
    /// in another is an error.
    pub exchange_rates: Option<ExchangeRates>,
    /// Which tree the goals are.
    pub goals: IatiGoals,
    /// The first day of a fiscal year (default 1 January): a budget period or a
    /// transaction date falls in the fiscal year that holds it.
    pub fiscal_year_start: Option<MonthDay>,
    /// Split a budget whose period spans fiscal years over them in proportion to the days
    /// of its period in each, exactly (SPEC §13); without it such a budget is refused.
    pub split_by_days: bool,
    /// Make each activity whose parent is imported a project of its top ancestor's program
    /// (SPEC §13); without it every activity is a program.
    pub hierarchy: bool,
}

/// One IATI file, by name (for messages) and bytes.
pub struct IatiFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What an IATI import gives: the plan's data, the problems that stop it, and what it did.
#[derive(Debug, Clone)]
pub struct IatiImported {
    pub data: PlanData,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: IatiSummary,
}

/// What was read, and what was read but not placed, by reason, with the amounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IatiSummary {
    pub activities: usize,
    pub budgets: usize,
    pub transactions: usize,
    /// Reason → (how many, their amount).
    pub not_placed: BTreeMap<String, (usize, Decimal)>,
    /// Notes on what was changed to place it (codes listed twice, added).
    pub notes: BTreeMap<String, usize>,
    /// Values converted, by their currency: how many, their sum as written, the sum they
    /// became, and what rounding each to the cent moved in all.
    pub converted: BTreeMap<String, (usize, Decimal, Decimal, Decimal)>,
}

impl fmt::Display for IatiSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  {} activities, {} budgets, {} transactions read",
            self.activities, self.budgets, self.transactions
        )?;
        for (reason, (n, amount)) in &self.not_placed {
            writeln!(f, "  not placed: {n} {reason} ({amount})")?;
        }
        for (note, n) in &self.notes {
            writeln!(f, "  {n} {note}")?;
        }
        for (from, (n, written, became, rounding)) in &self.converted {
            writeln!(f, "  converted: {n} values in {from} ({written}) to {became} at the given rates; rounding each to the cent moved {rounding}")?;
        }
        Ok(())
    }
}

/// Which phase a transaction's type feeds: commitments → committed; disbursements and
/// expenditure → spent (codes of 2.0x and of 1.0x).
fn transaction_phase(code: &str) -> Option<Phase> {
    match code {
        "2" | "C" => Some(Phase::Committed),
        "3" | "4" | "D" | "E" => Some(Phase::Spent),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Original,
    Revised,
    Committed,
    Spent,
}

/// A line's sums per phase.
#[derive(Default, Clone, Copy)]
struct Sums {
    original: Option<Decimal>,
    revised: Option<Decimal>,
    committed: Option<Decimal>,
    spent: Option<Decimal>,
}

impl Sums {
    fn add(&mut self, phase: Phase, v: Decimal) {
        let slot = match phase {
            Phase::Original => &mut self.original,
            Phase::Revised => &mut self.revised,
            Phase::Committed => &mut self.committed,
            Phase::Spent => &mut self.spent,
        };
        *slot = Some(slot.unwrap_or_default() + v);
    }
}

/// The importer's state over the files.
struct Import {
    split_by_days: bool,
    rates: Option<ExchangeRates>,
    goal_tree: IatiGoals,
    data: PlanData,
    /// At most so many of a code listed (SPEC §8): a file of a million bad budgets
    /// holds a thousand messages, every one counted.
    diagnostics: Diags,
    summary: IatiSummary,
    goals: HashMap<String, usize>,
    programs: HashMap<String, usize>,
    /// The policy markers' and the SDG tags' classifications, made as they are met.
    markers: Classification,
    sdgs: Classification,
    /// The sectors and the country budget items where they are not the goals.
    sectors: Classification,
    budget_items: Classification,
    /// Each activity's parent (its `related-activity` of type 1).
    parents: HashMap<String, String>,
    /// The codes each classification has (classification id, code): found in constant
    /// time, so a file of many distinct codes imports in linear time.
    known: HashSet<(String, String)>,
}

/// An empty marker classification.
fn marker_classification(id: &str, name: &str) -> Classification {
    Classification {
        id: id.into(),
        name: name.into(),
        kind: ClassificationKind::Marker,
        codes: Vec::new(),
        tags: Vec::new(),
        x: None,
    }
}

/// Imports IATI activity files into a plan (SPEC §13).
///
/// ```
/// use goldthread::iati::{import, IatiFile, IatiOptions};
/// let xml = br#"<iati-activities version="2.03"><iati-activity default-currency="EUR">
///   <iati-identifier>XM-1</iati-identifier><title><narrative>Wells</narrative></title>
///   <sector vocabulary="1" code="14030" percentage="100"/>
///   <budget type="1"><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
///     <value>1000</value></budget>
/// </iati-activity></iati-activities>"#;
/// let done = import(&[IatiFile { name: "a.xml", bytes: xml }], IatiOptions::default());
/// assert!(done.diagnostics.is_empty());
/// let plan = goldthread::Plan::from_data(done.data).unwrap();
/// let r = plan.report(&goldthread::Scope::all(), goldthread::Phase::Amount);
/// assert_eq!(r.traceability.traced_amount.to_string(), "1000.00");
/// ```
pub fn import(files: &[IatiFile], options: IatiOptions) -> IatiImported {
    let mut state = Import {
        split_by_days: options.split_by_days,
        data: PlanData {
            name: "IATI activities".into(),
            precision: PRECISION,
            fiscal_year_start: options
                .fiscal_year_start
                .filter(|m| (m.month, m.day) != (1, 1)),
            currency: options.exchange_rates.as_ref().map(|r| r.currency.clone()),
            ..PlanData::default()
        },
        rates: options.exchange_rates.clone(),
        diagnostics: Diags::default(),
        summary: IatiSummary::default(),
        goals: HashMap::new(),
        programs: HashMap::new(),
        markers: marker_classification("policy-markers", "OECD DAC policy markers"),
        sdgs: marker_classification("sdg", "Sustainable Development Goals"),
        sectors: Classification {
            kind: ClassificationKind::Share,
            ..marker_classification("dac-sectors", "OECD DAC sectors")
        },
        budget_items: Classification {
            kind: ClassificationKind::Share,
            ..marker_classification("country-budget-items", "Country budget items")
        },
        goal_tree: options.goals,
        parents: HashMap::new(),
        known: HashSet::new(),
    };
    for file in files {
        // Each activity placed as soon as it is read: one activity in memory at a time.
        let read = read::activities(file.bytes, |a| state.activity(file.name, a));
        if let Err(e) = read {
            state.diagnostics.push(
                Diagnostic::new(
                    Code::E008,
                    format!("{}: at byte {}: {}", file.name, e.at, e.message),
                )
                .entity(file.name),
            );
        }
    }
    if options.hierarchy {
        state.nest();
    }
    // A classification only where something was tagged (W111 otherwise).
    for c in [state.markers, state.sdgs, state.sectors, state.budget_items] {
        if !c.tags.is_empty() {
            state.data.classifications.push(c);
        }
    }
    if files.len() == 1 {
        state.data.name = format!("IATI activities: {}", files[0].name);
    }
    IatiImported {
        data: state.data,
        diagnostics: state.diagnostics.into_vec(),
        summary: state.summary,
    }
}

impl Import {
    fn fail(&mut self, file: &str, a: &Activity, at: &str, message: String) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::E007,
                format!("{file}: activity {} ({at}): {message}", a.id),
            )
            .entity(a.id.as_str())
            .at(format!("/iati-activities/iati-activity[{}]/{at}", a.number)),
        );
    }

    fn not_placed(&mut self, reason: &str, amount: Decimal) {
        let slot = self
            .summary
            .not_placed
            .entry(reason.to_string())
            .or_default();
        slot.0 += 1;
        slot.1 += amount;
    }

    fn activity(&mut self, file: &str, a: Activity) {
        self.summary.activities += 1;
        self.summary.budgets += a.budgets.len();
        self.summary.transactions += a.transactions.len();
        if a.id.is_empty() {
            self.fail(file, &a, "iati-identifier", "has no identifier".into());
            return;
        }
        if self.programs.contains_key(&a.id) {
            self.fail(
                file,
                &a,
                "iati-identifier",
                "is listed twice; each activity once".into(),
            );
            return;
        }
        // The goals' tree gives the links; the sectors and budget items that are not the
        // goals tag the program in their share classifications.
        let goals = match self.goal_tree {
            IatiGoals::Sector | IatiGoals::SectorCategory => {
                self.budget_item_tags(file, &a);
                self.sector_links(file, &a)
            }
            IatiGoals::Sdg => {
                self.sector_tags(file, &a);
                self.budget_item_tags(file, &a);
                self.sdg_links(&a)
            }
            IatiGoals::BudgetItem => {
                self.sector_tags(file, &a);
                self.budget_item_links(file, &a)
            }
        };
        if goals.is_empty() {
            let what = match self.goal_tree {
                IatiGoals::Sector | IatiGoals::SectorCategory => "no DAC sector link",
                IatiGoals::Sdg => "no SDG tag (vocabulary 2 or 3)",
                IatiGoals::BudgetItem => "no country budget item link",
            };
            self.note(format!(
                "activities with {what}: their money reaches no goal (program_unlinked)"
            ));
        }
        let mut program = Program::new(
            a.id.clone(),
            a.title.clone().unwrap_or_else(|| a.id.clone()),
        );
        program.goals = goals;
        program.indicators = self.indicators(&a);
        let mut x = serde_json::Map::new();
        if let Some(h) = &a.hierarchy {
            x.insert("iati_hierarchy".into(), h.clone().into());
        }
        if let Some(p) = &a.parent {
            x.insert("iati_parent".into(), p.clone().into());
            self.parents.insert(a.id.clone(), p.clone());
        }
        if !x.is_empty() {
            program.x = Some(Box::new(x.into()));
        }
        self.programs.insert(a.id.clone(), self.data.programs.len());
        self.data.programs.push(program);
        self.tags(&a);
        // The activity's money, per fiscal year.
        let mut years: BTreeMap<String, Sums> = BTreeMap::new();
        for (k, b) in a.budgets.iter().enumerate() {
            let at = format!("budget[{}]", k + 1);
            let Some(parts) = self.money(file, &a, &at, b, true) else {
                continue;
            };
            let phase = if b.kind.as_deref() == Some("2") {
                Phase::Revised
            } else {
                Phase::Original
            };
            for (value, year) in parts {
                years.entry(year).or_default().add(phase, value);
            }
        }
        for (k, t) in a.transactions.iter().enumerate() {
            let at = format!("transaction[{}]", k + 1);
            let code = t.kind.clone().unwrap_or_default();
            let Some(phase) = transaction_phase(&code) else {
                let value = t
                    .value
                    .as_deref()
                    .and_then(|v| read_amount(v).ok())
                    .unwrap_or_default();
                self.not_placed(&format!("transactions of type {code:?} (not commitments, disbursements or expenditure)"), value);
                continue;
            };
            let Some(parts) = self.money(file, &a, &at, t, false) else {
                continue;
            };
            for (value, year) in parts {
                years.entry(year).or_default().add(phase, value);
            }
        }
        for (year, sums) in years {
            let mut line = BudgetLine {
                id: format!("{}/{year}", a.id).into(),
                name: a.title.as_deref().map(Into::into),
                year: year.as_str().into(),
                org_unit: a.reporting_org.as_deref().map(Into::into),
                // A revised budget alone is the approved one as well.
                amount: sums.original.or(sums.revised),
                revised: sums.revised,
                committed: sums.committed,
                spent: sums.spent,
                ..BudgetLine::default()
            };
            line.funds = vec![Funding {
                target: FundTarget::Program(a.id.as_str().into()),
                share: None,
            }];
            self.data.budget_lines.push(line);
        }
    }

    /// A budget's or a transaction's value, checked, in the plan's one currency, and its
    /// fiscal year; `None` (with a diagnostic or a count) where it cannot be placed.
    fn money(
        &mut self,
        file: &str,
        a: &Activity,
        at: &str,
        m: &Money,
        budget: bool,
    ) -> Option<Vec<(Decimal, String)>> {
        let Some(text) = m.value.as_deref() else {
            self.fail(file, a, &format!("{at}/value"), "has no value".into());
            return None;
        };
        let mut value = match read_amount(text) {
            Ok(v) => v,
            Err(e) => {
                self.fail(file, a, &format!("{at}/value"), e.to_string());
                return None;
            }
        };
        if let Err(e) = check_line_amount(value, PRECISION, || text.to_string()) {
            self.fail(file, a, &format!("{at}/value"), e.to_string());
            return None;
        }
        match m.currency.as_ref().or(a.default_currency.as_ref()) {
            None => {
                self.fail(
                    file,
                    a,
                    &format!("{at}/value"),
                    "gives no currency, and the activity no default-currency".into(),
                );
                return None;
            }
            Some(c) => match &self.data.currency {
                None => self.data.currency = Some(c.clone()),
                Some(have) if have != c && self.rates.is_none() => {
                    let message = format!("is in {c}, the plan in {have}: one plan holds one currency; give exchange rates to {have} (--exchange-rates RATES.csv --currency {have}; SPEC §13), or import each currency's activities apart");
                    self.fail(file, a, &format!("{at}/value/@currency"), message);
                    return None;
                }
                Some(have) if have != c => {
                    // The value's own date picks the rate, else the money's date.
                    let dated = m.value_date.as_deref().or(m.start.as_deref()).unwrap_or("");
                    let year = dated.get(..4).unwrap_or("");
                    let rate = self.rates.as_ref().and_then(|r| r.rate(c, year));
                    let Some(rate) = rate else {
                        let message = format!("is in {c} (dated {dated:?}), and the exchange rates give no rate from {c} to {have} for {year:?} nor one for every year: add a row `{c},{year},RATE` (or `{c},,RATE`)");
                        self.fail(file, a, &format!("{at}/value/@currency"), message);
                        return None;
                    };
                    let (converted, rounding) = rates::convert(value, rate, PRECISION);
                    let slot = self.summary.converted.entry(c.clone()).or_default();
                    *slot = (
                        slot.0 + 1,
                        slot.1 + value,
                        slot.2 + converted,
                        slot.3 + rounding,
                    );
                    value = converted;
                }
                Some(_) => {}
            },
        }
        self.placed(file, a, at, m, budget, value)
    }

    /// A value in the plan's currency, in the fiscal year of its date (a budget over
    /// several, split by its days or refused).
    fn placed(
        &mut self,
        file: &str,
        a: &Activity,
        at: &str,
        m: &Money,
        budget: bool,
        value: Decimal,
    ) -> Option<Vec<(Decimal, String)>> {
        let Some(day) = m
            .start
            .as_deref()
            .and_then(|d| Date::parse(d.get(..10).unwrap_or(d)))
        else {
            let what = if budget {
                "budgets without a period start"
            } else {
                "transactions without a date"
            };
            self.not_placed(what, value);
            return None;
        };
        let year = self.fiscal_year(day);
        if budget {
            if let Some(end) = m
                .end
                .as_deref()
                .and_then(|d| Date::parse(d.get(..10).unwrap_or(d)))
            {
                let last = self.fiscal_year(end);
                if last != year && self.split_by_days && end.day_number() >= day.day_number() {
                    *self
                        .summary
                        .notes
                        .entry("budgets spanning fiscal years split by their days in each".into())
                        .or_default() += 1;
                    return Some(self.split(value, day, end));
                }
                if last != year {
                    let message = format!(
                        "its period {} to {} spans fiscal years {year} and {last}, and a budget is never split by a guess: split it by its days in each year (--split-budgets-by-days; split_budgets_by_days=True in Python), or give the first day of the publisher's fiscal year (--fiscal-year-start MM-DD) if it is not 1 January",
                        m.start.as_deref().unwrap_or(""),
                        m.end.as_deref().unwrap_or("")
                    );
                    self.fail(file, a, &format!("{at}/period-end"), message);
                    return None;
                }
            }
        }
        Some(vec![(value, year)])
    }

    /// A budget of `value` over the days `start` to `end` (both in), split over the fiscal
    /// years they fall in by their days in each: the exact parts floored to the cent, the
    /// cents left one each to the largest remainders, ties to the earlier year; a negative
    /// value as the negation of its magnitude's split (SPEC §3's rule).
    fn split(&self, value: Decimal, start: Date, end: Date) -> Vec<(Decimal, String)> {
        let mut segments: Vec<(String, i128)> = Vec::new();
        let mut day = start;
        while day.day_number() <= end.day_number() {
            let year = self.fiscal_year(day);
            let next = self.next_fiscal_year(day);
            let last = if next.day_number() - 1 < end.day_number() {
                next.day_number() - 1
            } else {
                end.day_number()
            };
            segments.push((year, i128::from(last - day.day_number() + 1)));
            day = next;
        }
        let total: i128 = segments.iter().map(|(_, d)| d).sum();
        let units = crate::amount::to_units(value.abs(), PRECISION);
        let mut parts: Vec<i128> = segments.iter().map(|(_, d)| units * d / total).collect();
        let left = units - parts.iter().sum::<i128>();
        let mut order: Vec<usize> = (0..segments.len()).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(units * segments[k].1 % total));
        for &k in order.iter().take(usize::try_from(left).unwrap_or(0)) {
            parts[k] += 1;
        }
        let sign = if value.is_sign_negative() { -1 } else { 1 };
        segments
            .into_iter()
            .zip(parts)
            .map(|((year, _), p)| (crate::amount::from_units(sign * p, PRECISION), year))
            .collect()
    }

    /// The first day of the fiscal year after the one `day` falls in.
    fn next_fiscal_year(&self, day: Date) -> Date {
        let (m, d) = self
            .data
            .fiscal_year_start
            .map_or((1, 1), |s| (s.month, s.day));
        let y = if (day.month(), day.day()) >= (m, d) {
            day.year() + 1
        } else {
            day.year()
        };
        Date::new(y, m, d).unwrap_or(day)
    }

    /// The fiscal year a day falls in: its calendar year where years start on 1 January,
    /// else `YYYY-YY` for the year starting on `fiscal_year_start` (2024-25).
    fn fiscal_year(&self, day: Date) -> String {
        let Some(start) = self.data.fiscal_year_start else {
            return day.year().to_string();
        };
        let (y, m, d) = (day.year(), day.month(), day.day());
        let first = if (m, d) >= (start.month, start.day) {
            y
        } else {
            y - 1
        };
        format!("{first}-{:02}", (first + 1).rem_euclid(100))
    }

    /// The activity's sectors read: DAC 5-digit codes (vocabulary 1, or `DAC` in 1.0x, or
    /// none), or where it gives none its 3-digit codes (vocabulary 2 or `DAC-3`), each with
    /// its percentage as a share; whether they are 5-digit. Each vocabulary sums to 100 on
    /// its own (IATI's rule), so the other vocabularies are not read, and counted.
    fn sectors(&mut self, a: &Activity) -> (bool, Vec<(usize, String, Option<String>)>) {
        let dac5 = |v: Option<&str>| matches!(v, None | Some("1") | Some("DAC"));
        let dac3 = |v: Option<&str>| matches!(v, Some("2") | Some("DAC-3"));
        let five = a.sectors.iter().any(|s| dac5(s.vocabulary.as_deref()));
        let mut chosen = Vec::new();
        for (k, s) in a.sectors.iter().enumerate() {
            let v = s.vocabulary.as_deref();
            if (five && dac5(v)) || (!five && dac3(v)) {
                chosen.push((k, s.code.clone(), s.percentage.clone()));
            } else {
                let v = v.unwrap_or_default();
                self.note(format!("sectors of vocabulary {v:?} beside the DAC's: not read (each vocabulary sums to 100 on its own)"));
            }
        }
        (five, chosen)
    }

    /// Codes with percentages as shares (SPEC §13): a code listed twice has its
    /// percentages added (`merged` says so in the summary); several codes without every
    /// percentage give nothing (no share is guessed); more than 100 % is an error; less
    /// leaves the rest unplaced (a note); one code at 100 % or without a percentage takes
    /// everything (`None`). `element` names the XML element for messages.
    fn percentages(
        &mut self,
        file: &str,
        a: &Activity,
        element: &str,
        merged: &str,
        items: Vec<(usize, String, Option<String>)>,
    ) -> Option<Vec<(String, Option<Decimal>)>> {
        let without = items.iter().filter(|(_, _, p)| p.is_none()).count();
        if items.len() > 1 && without > 0 {
            self.note(format!("activities with several {element}s but not every percentage: that money is not placed by them"));
            return None;
        }
        let mut out: Vec<(String, Option<Decimal>)> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for (k, code, percentage) in items {
            let share = match percentage.as_deref().map(read_amount) {
                Some(Ok(p)) => Some(p / Decimal::ONE_HUNDRED),
                Some(Err(e)) => {
                    self.fail(
                        file,
                        a,
                        &format!("{element}[{}]/@percentage", k + 1),
                        e.to_string(),
                    );
                    return None;
                }
                None => None,
            };
            match at.get(&code) {
                Some(&i) => {
                    out[i].1 = out[i].1.zip(share).map(|(x, y)| x + y);
                    self.note(merged.to_string());
                }
                None => {
                    at.insert(code.clone(), out.len());
                    out.push((code, share));
                }
            }
        }
        let total: Decimal = out.iter().filter_map(|(_, s)| *s).sum();
        if total > Decimal::ONE {
            let message = format!(
                "its {element} percentages sum to {}, more than 100",
                total * Decimal::ONE_HUNDRED
            );
            self.fail(file, a, &format!("{element}/@percentage"), message);
            return None;
        }
        if total < Decimal::ONE && out.iter().all(|(_, s)| s.is_some()) && !out.is_empty() {
            self.note(format!("activities whose {element} percentages sum to less than 100: the rest is not placed by them (IATI's validator flags them)"));
        }
        let one = out.len() == 1;
        // One code at 100 % (or with no percentage) takes it all: no share written.
        Some(
            out.into_iter()
                .map(|(c, s)| (c, s.filter(|s| !(one && *s == Decimal::ONE))))
                .collect(),
        )
    }

    /// The activity's sectors as goal links (`--goals sector` or `sector-category`), or as
    /// tags of the `dac-sectors` classification where other goals are asked for.
    fn sector_links(&mut self, file: &str, a: &Activity) -> Vec<GoalLink> {
        let (five, items) = self.sectors(a);
        let categories = self.goal_tree == IatiGoals::SectorCategory;
        // Each code as its goal: a 5-digit code, or its category when only categories are
        // asked for (its percentages then added up per category).
        let items = items
            .into_iter()
            .map(|(k, code, p)| {
                let goal = match (five && !categories, code.get(..3)) {
                    (true, _) => self.sector_goal(&code),
                    (false, Some(category)) => self.category_goal(category),
                    (false, None) => self.category_goal(&code),
                };
                (k, goal, p)
            })
            .collect();
        let merged = if categories && five {
            "sector codes of one category in one activity: their percentages added"
        } else {
            "sector codes listed twice in one activity: their percentages added"
        };
        goal_links(self.percentages(file, a, "sector", merged, items))
    }

    /// The activity's sectors as share tags of `dac-sectors` (goals of another tree).
    fn sector_tags(&mut self, file: &str, a: &Activity) {
        let (_, items) = self.sectors(a);
        let merged = "sector codes listed twice in one activity: their percentages added";
        for (code, share) in self
            .percentages(file, a, "sector", merged, items)
            .unwrap_or_default()
        {
            self.tag_sector(&code, &a.id, share);
        }
    }

    /// Tags `program` with DAC sector `code` in `dac-sectors`, the code under its category.
    fn tag_sector(&mut self, code: &str, program: &str, share: Option<Decimal>) {
        let parent = (code.len() > 3).then(|| code[..3].to_string());
        if let Some(category) = &parent {
            let name = codelists::sector_name(category).map(str::to_string);
            add_code(&mut self.sectors, &mut self.known, category, name, None);
        }
        let name = codelists::sector_name(code).map(str::to_string);
        add_code(&mut self.sectors, &mut self.known, code, name, parent);
        share_tag(&mut self.sectors, code, program, share);
    }

    /// The activity's country budget items (`budget-item` codes and percentages) as goal
    /// links (`--goals budget-item`).
    fn budget_item_links(&mut self, file: &str, a: &Activity) -> Vec<GoalLink> {
        let items = a.budget_items.iter().enumerate();
        let items = items
            .map(|(k, b)| {
                let id = format!("BI-{}", b.code);
                if !self.goals.contains_key(&id) {
                    let name = b.description.clone().unwrap_or_else(|| b.code.clone());
                    self.add_goal(Goal::new(id.clone(), name));
                }
                (k, id, b.percentage.clone())
            })
            .collect();
        let merged = "budget items listed twice in one activity: their percentages added";
        goal_links(self.percentages(file, a, "budget-item", merged, items))
    }

    /// The activity's country budget items as share tags of `country-budget-items` (goals
    /// of another tree).
    fn budget_item_tags(&mut self, file: &str, a: &Activity) {
        let items = a.budget_items.iter().enumerate();
        let items = items
            .map(|(k, b)| (k, b.code.clone(), b.percentage.clone()))
            .collect();
        let merged = "budget items listed twice in one activity: their percentages added";
        for (code, share) in self
            .percentages(file, a, "budget-item", merged, items)
            .unwrap_or_default()
        {
            let name = a
                .budget_items
                .iter()
                .find(|b| b.code == code)
                .and_then(|b| b.description.clone());
            add_code(&mut self.budget_items, &mut self.known, &code, name, None);
            share_tag(&mut self.budget_items, &code, &a.id, share);
        }
    }

    /// The activity's SDG tags as goal links (`--goals sdg`): a target (vocabulary 3) under
    /// its goal, a goal (vocabulary 2) where none of its targets is tagged too. IATI gives
    /// tags no percentage, so an activity tagged with several is split over them equally
    /// (counted in the summary).
    fn sdg_links(&mut self, a: &Activity) -> Vec<GoalLink> {
        let mut links: Vec<String> = Vec::new();
        let mut linked: HashSet<String> = HashSet::new();
        // The goals of the targets tagged (`6` for `6.1`).
        let targeted: HashSet<&str> = a
            .tags
            .iter()
            .filter(|(v, _)| v.as_deref() == Some("3"))
            .filter_map(|(_, c)| c.split('.').next())
            .collect();
        for (vocabulary, code) in &a.tags {
            let id = match vocabulary.as_deref() {
                Some("2") if targeted.contains(code.as_str()) => {
                    self.note(
                        "SDG goal tags beside a target of the same goal: the target is the link"
                            .into(),
                    );
                    continue;
                }
                Some("2") => self.sdg_goal(code, None),
                Some("3") => {
                    let goal = code.split('.').next().unwrap_or(code);
                    let parent = self.sdg_goal(goal, None);
                    self.sdg_goal(code, Some(parent))
                }
                _ => continue,
            };
            if linked.insert(id.clone()) {
                links.push(id);
            } else {
                self.note("SDG tags listed twice in one activity: one link".into());
            }
        }
        if links.len() > 1 {
            self.note("activities with several SDG tags: split equally over them (IATI gives tags no percentage)".into());
        }
        links
            .into_iter()
            .map(|goal| GoalLink { goal, share: None })
            .collect()
    }

    /// The goal of an SDG goal (`6`) or target (`6.1`, under `parent`).
    fn sdg_goal(&mut self, code: &str, parent: Option<String>) -> String {
        let id = format!("SDG-{code}");
        if !self.goals.contains_key(&id) {
            let kind = if parent.is_some() { "Target" } else { "Goal" };
            let mut g = Goal::new(id.clone(), format!("{kind} {code}"));
            g.parent = parent;
            self.add_goal(g);
        }
        id
    }

    fn note(&mut self, note: String) {
        *self.summary.notes.entry(note).or_default() += 1;
    }

    /// The activity's result indicators, as its program's (SPEC §13): the baseline; the
    /// target of the period that ends last among those with a target; every period's
    /// actual, each dated by its period's end year; `ascending` as the direction. A value
    /// that is not a number (a qualitative indicator), or a period with several values (a
    /// disaggregation), is left out, counted.
    fn indicators(&mut self, a: &Activity) -> Vec<Indicator> {
        let mut out = Vec::new();
        for (k, r) in a.indicators.iter().enumerate() {
            let mut unread = 0;
            let mut measure = |values: &[String], year: Option<String>| -> Option<Measure> {
                match (values, year) {
                    ([], _) => None,
                    ([value], Some(year)) => match read_amount(value) {
                        Ok(value) => Some(Measure { value, year }),
                        Err(_) => {
                            unread += 1;
                            None
                        }
                    },
                    // Several values in one period are a disaggregation (by sex, age,
                    // place): no one of them is the indicator's.
                    _ => {
                        unread += 1;
                        None
                    }
                }
            };
            let year_of =
                |d: &Option<String>| d.as_deref().and_then(|d| d.get(..4)).map(str::to_string);
            let baseline = measure(r.baseline_value.as_slice(), r.baseline_year.clone());
            let target = r
                .periods
                .iter()
                .filter(|p| !p.1.is_empty())
                .max_by(|x, y| x.0.cmp(&y.0))
                .and_then(|p| measure(&p.1, year_of(&p.0)));
            let actuals = r
                .periods
                .iter()
                .filter_map(|p| measure(&p.2, year_of(&p.0)))
                .collect();
            if unread > 0 {
                *self.summary.notes.entry("indicator values that are not numbers, have no year or are disaggregated (several in one period): left out".into()).or_default() += unread;
            }
            out.push(Indicator {
                id: format!("{}/indicator-{}", a.id, k + 1),
                name: r
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("{} indicator {}", a.id, k + 1)),
                baseline,
                target,
                actuals,
                ascending: match r.ascending.as_deref() {
                    Some("0" | "false") => Some(false),
                    Some("1" | "true") => Some(true),
                    _ => None,
                },
                ..Indicator::default()
            });
        }
        out
    }

    /// The activity's policy markers and SDG tags, as tags of its program (SPEC §13):
    /// a marker of significance 2 or more (principal) weighs 1, of significance 1
    /// (significant) 0.4, of 0 nothing; an SDG goal (tag vocabulary 2) or target
    /// (vocabulary 3) weighs 1 — the activity's money is relevant to each, and the "any"
    /// figure counts it once.
    fn tags(&mut self, a: &Activity) {
        for (vocabulary, code, significance) in &a.markers {
            // 1.0x names the DAC vocabulary `DAC`, 2.0x `1`.
            if !matches!(vocabulary.as_deref(), None | Some("1") | Some("DAC")) {
                *self
                    .summary
                    .notes
                    .entry(format!(
                        "policy markers of vocabulary {:?} (not the DAC's): not read",
                        vocabulary.as_deref().unwrap_or("")
                    ))
                    .or_default() += 1;
                continue;
            }
            let weight = match significance.as_deref() {
                Some("0") => continue,
                Some("1") => Decimal::new(4, 1),
                Some("2" | "3" | "4") => Decimal::ONE,
                _ => {
                    *self
                        .summary
                        .notes
                        .entry("policy markers without a significance of 0 to 4: not read".into())
                        .or_default() += 1;
                    continue;
                }
            };
            let name = codelists::marker_name(code).map(str::to_string);
            tag(
                &mut self.markers,
                &mut self.known,
                code,
                name,
                None,
                &a.id,
                weight,
            );
        }
        for (vocabulary, code) in &a.tags {
            // SDG tags that are the goals are not a classification as well.
            if self.goal_tree == IatiGoals::Sdg && matches!(vocabulary.as_deref(), Some("2" | "3"))
            {
                continue;
            }
            match vocabulary.as_deref() {
                Some("2") => tag(
                    &mut self.sdgs,
                    &mut self.known,
                    code,
                    Some(format!("Goal {code}")),
                    None,
                    &a.id,
                    Decimal::ONE,
                ),
                Some("3") => {
                    let goal = code.split('.').next().unwrap_or(code).to_string();
                    let name = Some(format!("Goal {goal}"));
                    add_code(&mut self.sdgs, &mut self.known, &goal, name, None);
                    tag(
                        &mut self.sdgs,
                        &mut self.known,
                        code,
                        Some(format!("Target {code}")),
                        Some(goal),
                        &a.id,
                        Decimal::ONE,
                    )
                }
                other => {
                    *self
                        .summary
                        .notes
                        .entry(format!(
                            "tags of vocabulary {:?} (not SDG goals or targets): not read",
                            other.unwrap_or("")
                        ))
                        .or_default() += 1;
                }
            }
        }
    }

    /// The goal of a DAC 5-digit sector, under its category's.
    fn sector_goal(&mut self, code: &str) -> String {
        if code.len() <= 3 {
            // A category written where a sector is expected.
            return self.category_goal(code);
        }
        let id = format!("DAC-{code}");
        if !self.goals.contains_key(&id) {
            let category = code.get(..3).map(|c| self.category_goal(c));
            let mut g = Goal::new(
                id.clone(),
                codelists::sector_name(code).unwrap_or(code).to_string(),
            );
            g.parent = category;
            self.add_goal(g);
        }
        id
    }

    /// The goal of a DAC 3-digit category.
    fn category_goal(&mut self, code: &str) -> String {
        let id = format!("DAC-{code}");
        if !self.goals.contains_key(&id) {
            self.add_goal(Goal::new(
                id.clone(),
                codelists::sector_name(code).unwrap_or(code).to_string(),
            ));
        }
        id
    }

    fn add_goal(&mut self, g: Goal) {
        self.goals.insert(g.id.clone(), self.data.goals.len());
        self.data.goals.push(g);
    }
}

/// Tags `program` with `code` of classification `c` (adding the code on first use); a
/// code met twice on one program keeps the larger weight.
fn tag(
    c: &mut Classification,
    known: &mut HashSet<(String, String)>,
    code: &str,
    name: Option<String>,
    parent: Option<String>,
    program: &str,
    weight: Decimal,
) {
    add_code(c, known, code, name, parent);
    let target = TagTarget::Program(program.to_string());
    // The program's own tags are the last ones (an activity's tags are made together):
    // only those are searched, so many activities tag in linear time.
    let current = c.tags.iter_mut().rev().take_while(|t| t.target == target);
    match current.into_iter().find(|t| t.code == code) {
        Some(t) => t.weight = t.weight.max(Some(weight)),
        None => c.tags.push(Tag {
            target,
            code: code.to_string(),
            share: None,
            weight: Some(weight),
        }),
    }
}

/// Goal links from codes and shares (none where [`Import::percentages`] placed nothing).
fn goal_links(links: Option<Vec<(String, Option<Decimal>)>>) -> Vec<GoalLink> {
    links
        .unwrap_or_default()
        .into_iter()
        .map(|(goal, share)| GoalLink { goal, share })
        .collect()
}

/// Adds `code` to classification `c` on its first use (`known` holds the codes added).
fn add_code(
    c: &mut Classification,
    known: &mut HashSet<(String, String)>,
    code: &str,
    name: Option<String>,
    parent: Option<String>,
) {
    if known.insert((c.id.clone(), code.to_string())) {
        c.codes.push(ClassCode {
            id: code.to_string(),
            name,
            parent,
        });
    }
}

/// Tags `program` with `code` of share classification `c` at `share` (all of it: `None`);
/// an activity's codes are distinct by then ([`Import::percentages`]).
fn share_tag(c: &mut Classification, code: &str, program: &str, share: Option<Decimal>) {
    c.tags.push(Tag {
        target: TagTarget::Program(program.to_string()),
        code: code.to_string(),
        share: Some(share.unwrap_or(Decimal::ONE)),
        weight: None,
    });
}

#[cfg(test)]
mod tests;
