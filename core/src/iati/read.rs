//! An IATI activity file read as a stream (quick-xml), one activity at a time, into what
//! the import uses: identifier, title, reporting org, hierarchy and parent, sectors,
//! budgets and transactions, with where each came from. Versions 1.0x and 2.0x differ in
//! codes and in text (a 2.0x `narrative` element, a 1.0x title's own text); both read here.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::BufRead;

/// One `iati-activity`, as written.
#[derive(Debug, Default, Clone)]
pub(crate) struct Activity {
    pub id: String,
    pub title: Option<String>,
    pub default_currency: Option<String>,
    pub reporting_org: Option<String>,
    pub hierarchy: Option<String>,
    /// The activity a `related-activity` of type 1 names.
    pub parent: Option<String>,
    pub sectors: Vec<Sector>,
    pub budgets: Vec<Money>,
    pub transactions: Vec<Money>,
    /// `policy-marker`s: vocabulary, code, significance.
    pub markers: Vec<(Option<String>, String, Option<String>)>,
    /// `tag`s: vocabulary, code.
    pub tags: Vec<(Option<String>, String)>,
    /// The `country-budget-items` element's vocabulary, and its `budget-item`s.
    pub budget_items_vocabulary: Option<String>,
    pub budget_items: Vec<BudgetItem>,
    /// The indicators of its `result`s.
    pub indicators: Vec<ResultIndicator>,
    /// The activity's place in the file (from 1), for messages.
    pub number: usize,
}

/// A result's indicator: its title, direction, baseline and periods (end date, target and
/// actual values), as written.
#[derive(Debug, Default, Clone)]
pub(crate) struct ResultIndicator {
    pub title: Option<String>,
    pub ascending: Option<String>,
    pub baseline_year: Option<String>,
    pub baseline_value: Option<String>,
    /// Each period's end date, and its targets' and actuals' values (several where the
    /// publisher disaggregates by dimension).
    pub periods: Vec<(Option<String>, Vec<String>, Vec<String>)>,
}

/// A `budget-item` of `country-budget-items`: the recipient country's budget code, its
/// percentage and its description, as written.
#[derive(Debug, Default, Clone)]
pub(crate) struct BudgetItem {
    pub code: String,
    pub percentage: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct Sector {
    pub vocabulary: Option<String>,
    pub code: String,
    pub percentage: Option<String>,
}

/// A budget (its `type`: 1 original, 2 revised) or a transaction (its type's code), with
/// its period or date and value.
#[derive(Debug, Default, Clone)]
pub(crate) struct Money {
    pub kind: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub value: Option<String>,
    pub currency: Option<String>,
    /// The `value-date`: the day whose exchange rate converts the value (IATI's rule).
    pub value_date: Option<String>,
}

/// The file's problem, with the byte where it was found.
#[derive(Debug)]
pub(crate) struct ReadError {
    pub at: u64,
    pub message: String,
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        })
}

/// Reads every activity of `input`, handing each to `each` as soon as it ends: memory stays
/// that of one activity, whatever the file's size. Returns the file's `version`.
pub(crate) fn activities(
    input: impl BufRead,
    mut each: impl FnMut(Activity),
) -> Result<Option<String>, ReadError> {
    let mut reader = Reader::from_reader(input);
    // Text is kept whole (a name like "A &amp; B" comes in three pieces) and trimmed
    // where it is used.
    let mut buf = Vec::new();
    let mut version = None;
    let mut root = false;
    let mut current: Option<Activity> = None;
    let mut number = 0;
    // The open elements inside the current activity, innermost last.
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|e| ReadError {
            at,
            message: format!("not well-formed XML: {e}"),
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name().as_ref().to_string();
                if !root {
                    if name != "iati-activities" {
                        return Err(ReadError {
                            at,
                            message: format!(
                                "the file starts with <{}>, not <iati-activities>: it is not an IATI activity file",
                                name
                            ),
                        });
                    }
                    root = true;
                    version = attribute(e, "version");
                    continue;
                }
                if name == "iati-activity" {
                    number += 1;
                    current = Some(Activity {
                        default_currency: attribute(e, "default-currency"),
                        hierarchy: attribute(e, "hierarchy"),
                        number,
                        ..Activity::default()
                    });
                    stack.clear();
                    if empty {
                        if let Some(a) = current.take() {
                            each(a);
                        }
                    }
                    continue;
                }
                if let Some(a) = current.as_mut() {
                    start(a, &stack, &name, e);
                    if !empty {
                        stack.push(name);
                        text.clear();
                    }
                }
            }
            Event::Text(ref t) if current.is_some() => {
                text.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(ref r) if current.is_some() => {
                let c = match r.resolve_char_ref().ok().flatten() {
                    Some(c) => Some(c),
                    None => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                text.extend(c);
            }
            Event::End(ref e) => {
                let name = e.name().as_ref().to_string();
                if name == "iati-activity" {
                    if let Some(a) = current.take() {
                        each(a);
                    }
                    continue;
                }
                if let Some(a) = current.as_mut() {
                    end(a, &stack, &text);
                    stack.pop();
                    text.clear();
                }
            }
            Event::Eof => {
                if let Some(a) = current {
                    return Err(ReadError {
                        at,
                        message: format!(
                            "the file ends inside activity {} ({}): it was cut short",
                            a.number,
                            if a.id.is_empty() {
                                "no identifier yet"
                            } else {
                                a.id.as_str()
                            }
                        ),
                    });
                }
                break;
            }
            _ => {}
        }
        buf.clear();
    }
    if !root {
        return Err(ReadError {
            at: 0,
            message: "the file has no <iati-activities> element: it is not an IATI activity file"
                .into(),
        });
    }
    Ok(version)
}

/// An element opens inside an activity: what its attributes say.
fn start(a: &mut Activity, stack: &[String], name: &str, e: &BytesStart) {
    let parent = stack.last().map(String::as_str);
    match (parent, name) {
        (None, "reporting-org") => a.reporting_org = attribute(e, "ref"),
        (None, "sector") => a.sectors.push(Sector {
            vocabulary: attribute(e, "vocabulary"),
            code: attribute(e, "code").unwrap_or_default(),
            percentage: attribute(e, "percentage"),
        }),
        (None, "related-activity") if attribute(e, "type").as_deref() == Some("1") => {
            a.parent = attribute(e, "ref")
        }
        (None, "policy-marker") => a.markers.push((
            attribute(e, "vocabulary"),
            attribute(e, "code").unwrap_or_default(),
            attribute(e, "significance"),
        )),
        (None, "country-budget-items") => a.budget_items_vocabulary = attribute(e, "vocabulary"),
        (Some("country-budget-items"), "budget-item") => a.budget_items.push(BudgetItem {
            code: attribute(e, "code").unwrap_or_default(),
            percentage: attribute(e, "percentage"),
            description: None,
        }),
        (None, "tag") => a.tags.push((
            attribute(e, "vocabulary"),
            attribute(e, "code").unwrap_or_default(),
        )),
        (Some("result"), "indicator") => a.indicators.push(ResultIndicator {
            ascending: attribute(e, "ascending"),
            ..ResultIndicator::default()
        }),
        (Some("indicator"), "baseline") if stack.first().map(String::as_str) == Some("result") => {
            if let Some(i) = a.indicators.last_mut() {
                i.baseline_year = attribute(e, "year")
                    .or_else(|| attribute(e, "iso-date").map(|d| d.chars().take(4).collect()));
                i.baseline_value = attribute(e, "value");
            }
        }
        (Some("indicator"), "period") => {
            if let Some(i) = a.indicators.last_mut() {
                i.periods.push((None, Vec::new(), Vec::new()));
            }
        }
        (Some("period"), "period-end") if stack.first().map(String::as_str) == Some("result") => {
            if let Some(p) = a.indicators.last_mut().and_then(|i| i.periods.last_mut()) {
                p.0 = attribute(e, "iso-date");
            }
        }
        (Some("period"), "target") if stack.first().map(String::as_str) == Some("result") => {
            if let Some(p) = a.indicators.last_mut().and_then(|i| i.periods.last_mut()) {
                p.1.extend(attribute(e, "value"));
            }
        }
        (Some("period"), "actual") if stack.first().map(String::as_str) == Some("result") => {
            if let Some(p) = a.indicators.last_mut().and_then(|i| i.periods.last_mut()) {
                p.2.extend(attribute(e, "value"));
            }
        }
        (None, "budget") => a.budgets.push(Money {
            kind: attribute(e, "type"),
            ..Money::default()
        }),
        (None, "transaction") => a.transactions.push(Money::default()),
        (Some("budget"), "period-start") => {
            if let Some(m) = a.budgets.last_mut() {
                m.start = attribute(e, "iso-date");
            }
        }
        (Some("budget"), "period-end") => {
            if let Some(m) = a.budgets.last_mut() {
                m.end = attribute(e, "iso-date");
            }
        }
        (Some("budget"), "value") => {
            if let Some(m) = a.budgets.last_mut() {
                m.currency = attribute(e, "currency");
                m.value_date = attribute(e, "value-date");
            }
        }
        (Some("transaction"), "transaction-type") => {
            if let Some(m) = a.transactions.last_mut() {
                m.kind = attribute(e, "code");
            }
        }
        (Some("transaction"), "transaction-date") => {
            if let Some(m) = a.transactions.last_mut() {
                m.start = attribute(e, "iso-date");
            }
        }
        (Some("transaction"), "value") => {
            if let Some(m) = a.transactions.last_mut() {
                m.currency = attribute(e, "currency");
                m.value_date = attribute(e, "value-date");
            }
        }
        _ => {}
    }
}

/// An element closes inside an activity: its text, where it is one goldthread reads.
fn end(a: &mut Activity, stack: &[String], text: &str) {
    let path: Vec<&str> = stack.iter().map(String::as_str).collect();
    let text = text.trim();
    match path.as_slice() {
        ["iati-identifier"] => a.id = text.to_string(),
        // 1.0x: the title's own text; 2.0x: its first narrative.
        ["title"] | ["title", "narrative"] if a.title.is_none() && !text.is_empty() => {
            a.title = Some(text.to_string())
        }
        ["budget", "value"] => {
            if let Some(m) = a.budgets.last_mut() {
                m.value = Some(text.to_string());
            }
        }
        // 1.0x: the description's own text; 2.0x: its first narrative.
        ["country-budget-items", "budget-item", "description"]
        | ["country-budget-items", "budget-item", "description", "narrative"] => {
            if let Some(b) = a.budget_items.last_mut() {
                if b.description.is_none() && !text.is_empty() {
                    b.description = Some(text.to_string());
                }
            }
        }
        ["result", "indicator", "title"] | ["result", "indicator", "title", "narrative"] => {
            if let Some(i) = a.indicators.last_mut() {
                if i.title.is_none() && !text.is_empty() {
                    i.title = Some(text.to_string());
                }
            }
        }
        ["transaction", "value"] => {
            if let Some(m) = a.transactions.last_mut() {
                m.value = Some(text.to_string());
            }
        }
        _ => {}
    }
}
