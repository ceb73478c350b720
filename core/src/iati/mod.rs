//! Aid budgets in: IATI activity files (versions 1.0x and 2.0x) read into a plan (SPEC §13).
//! Each activity is a program, linked to the goals of its DAC sectors by their
//! percentages; its budgets and transactions become one budget line per fiscal year. What
//! cannot be placed exactly is counted in the summary with its amount, or refused with the
//! file, the activity and the element.

mod codelists;
mod read;

use crate::amount::{check_line_amount, read_amount};
use crate::calendar::MonthDay;
use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::model::{
    BudgetLine, ClassCode, Classification, ClassificationKind, FundTarget, Funding, Goal, GoalLink,
    Indicator, Measure, PlanData, Program, Tag, TagTarget,
};
use read::{Activity, Money, Sector};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// The precision of an imported plan: IATI values are written to the cent or coarser.
const PRECISION: u32 = 2;

/// How an IATI import is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IatiOptions {
    /// The first day of a fiscal year (default 1 January): a budget period or a
    /// transaction date falls in the fiscal year that holds it.
    pub fiscal_year_start: Option<MonthDay>,
    /// Split a budget whose period spans fiscal years over them in proportion to the days
    /// of its period in each, exactly (SPEC §13); without it such a budget is refused.
    pub split_by_days: bool,
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
            ..PlanData::default()
        },
        diagnostics: Diags::default(),
        summary: IatiSummary::default(),
        goals: HashMap::new(),
        programs: HashMap::new(),
        markers: marker_classification("policy-markers", "OECD DAC policy markers"),
        sdgs: marker_classification("sdg", "Sustainable Development Goals"),
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
    // A classification only where something was tagged (W111 otherwise).
    for c in [state.markers, state.sdgs] {
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
        let goals = self.sector_links(file, &a);
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
        }
        if !x.is_empty() {
            program.x = Some(Box::new(x));
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
        let value = match read_amount(text) {
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
                Some(have) if have != c => {
                    let message = format!("is in {c}, the plan in {have}: one plan holds one currency (exchange rates are not read yet); import each currency's activities apart");
                    self.fail(file, a, &format!("{at}/value/@currency"), message);
                    return None;
                }
                Some(_) => {}
            },
        }
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

    /// The activity's sectors as goal links: DAC 5-digit codes (vocabulary 1, or `DAC` in
    /// 1.0x, or none) under their 3-digit categories, or where it gives none its 3-digit
    /// codes (vocabulary 2 or `DAC-3`) as categories; percentages as shares.
    fn sector_links(&mut self, file: &str, a: &Activity) -> Vec<GoalLink> {
        // Each vocabulary's percentages sum to 100 on their own (IATI's rule): the goals are
        // the DAC 5-digit codes where the activity gives any, else its 3-digit ones; the
        // other vocabularies are not read, and counted.
        let dac5 = |s: &&Sector| matches!(s.vocabulary.as_deref(), None | Some("1") | Some("DAC"));
        let dac3 = |s: &&Sector| matches!(s.vocabulary.as_deref(), Some("2") | Some("DAC-3"));
        let five = a.sectors.iter().any(|s| dac5(&s));
        let chosen = |s: &&Sector| if five { dac5(s) } else { dac3(s) };
        for s in a.sectors.iter().filter(|s| !chosen(s)) {
            let v = s.vocabulary.clone().unwrap_or_default();
            *self.summary.notes.entry(format!("sectors of vocabulary {v:?} beside the DAC's: not the goals (each vocabulary sums to 100 on its own)")).or_default() += 1;
        }
        let sectors: Vec<(usize, &Sector)> = a
            .sectors
            .iter()
            .enumerate()
            .filter(|(_, s)| chosen(s))
            .collect();
        let mut links: Vec<(String, Option<Decimal>)> = Vec::new();
        let without = sectors
            .iter()
            .filter(|(_, s)| s.percentage.is_none())
            .count();
        if sectors.len() > 1 && without > 0 {
            // Several sectors and no percentage for some: no share is guessed.
            *self.summary.notes.entry("activities with several sectors but not every percentage: their money reaches no goal".into()).or_default() += 1;
            return Vec::new();
        }
        for (k, s) in sectors {
            let share = match s.percentage.as_deref().map(read_amount) {
                Some(Ok(p)) => Some(p / Decimal::ONE_HUNDRED),
                Some(Err(e)) => {
                    self.fail(
                        file,
                        a,
                        &format!("sector[{}]/@percentage", k + 1),
                        e.to_string(),
                    );
                    return Vec::new();
                }
                None => None,
            };
            let goal = if five {
                self.sector_goal(&s.code)
            } else {
                self.category_goal(&s.code)
            };
            match links.iter_mut().find(|(g, _)| *g == goal) {
                Some((_, have)) => {
                    *have = match (*have, share) {
                        (Some(x), Some(y)) => Some(x + y),
                        _ => None,
                    };
                    *self
                        .summary
                        .notes
                        .entry(
                            "sector codes listed twice in one activity: their percentages added"
                                .into(),
                        )
                        .or_default() += 1;
                }
                None => links.push((goal, share)),
            }
        }
        let total: Decimal = links.iter().filter_map(|(_, s)| *s).sum();
        if total > Decimal::ONE {
            self.fail(
                file,
                a,
                "sector/@percentage",
                format!(
                    "its sector percentages sum to {}, more than 100",
                    total * Decimal::ONE_HUNDRED
                ),
            );
            return Vec::new();
        }
        if total < Decimal::ONE && links.iter().all(|(_, s)| s.is_some()) && !links.is_empty() {
            *self.summary.notes.entry("activities whose sector percentages sum to less than 100: the rest leaks (IATI's validator flags them)".into()).or_default() += 1;
        }
        let one = links.len() == 1;
        links
            .into_iter()
            // One sector at 100 % (or with no percentage) takes it all: no share written.
            .map(|(goal, share)| GoalLink {
                goal,
                share: share.filter(|s| !(one && *s == Decimal::ONE)),
            })
            .collect()
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
            if !matches!(vocabulary.as_deref(), None | Some("1")) {
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
            tag(&mut self.markers, code, name, None, &a.id, weight);
        }
        for (vocabulary, code) in &a.tags {
            match vocabulary.as_deref() {
                Some("2") => tag(
                    &mut self.sdgs,
                    code,
                    Some(format!("Goal {code}")),
                    None,
                    &a.id,
                    Decimal::ONE,
                ),
                Some("3") => {
                    let goal = code.split('.').next().unwrap_or(code).to_string();
                    if !self.sdgs.codes.iter().any(|c| c.id == goal) {
                        self.sdgs.codes.push(ClassCode {
                            id: goal.clone(),
                            name: Some(format!("Goal {goal}")),
                            parent: None,
                        });
                    }
                    tag(
                        &mut self.sdgs,
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
    code: &str,
    name: Option<String>,
    parent: Option<String>,
    program: &str,
    weight: Decimal,
) {
    if !c.codes.iter().any(|x| x.id == code) {
        c.codes.push(ClassCode {
            id: code.to_string(),
            name,
            parent,
        });
    }
    let target = TagTarget::Program(program.to_string());
    match c
        .tags
        .iter_mut()
        .find(|t| t.target == target && t.code == code)
    {
        Some(t) => t.weight = t.weight.max(Some(weight)),
        None => c.tags.push(Tag {
            target,
            code: code.to_string(),
            share: None,
            weight: Some(weight),
        }),
    }
}

#[cfg(test)]
mod tests;
