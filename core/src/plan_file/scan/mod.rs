//! The top level of a plan file read by hand, so that the budget lines are read in the
//! same pass that finds them.
//!
//! The serde stream reader ([`crate::plan_file`]) first walks the whole `budget_lines`
//! list to cut it into raw items, and the lines are read afterwards: two passes over most
//! of the file. Here the top-level object is walked by hand; every top-level value but
//! the two big lists is read by serde from where it starts; the lines and projects of the
//! usual shape are read straight into [`BudgetLine`]s and [`Project`]s as they are met,
//! and every other item is kept as raw text for the reader that explains problems. (Like
//! that reader, the scan reads shape only, so nothing it reads depends on the plan's
//! `precision`, wherever the file gives it.)
//!
//! The scan is a series of small steps over a [`Window`]: the whole text, or a file read
//! a megabyte at a time as it is parsed ([`scan_plan_from`]), so that a large file is
//! never held whole.
//!
//! Anything this reader does not expect — invalid UTF-8, an escape in a top-level key, a
//! syntax error anywhere — makes it give up (`None`), and the serde stream reader reads
//! the file instead, with the same results and the same error messages.

pub(super) mod cursor;
pub(super) mod items;
pub(crate) mod window;

use super::fields::PLAN_FIELDS;
use super::line::{read_unusual_line, scan_line_at};
use super::project::{read_unusual_project, scan_project_at};
use super::reader::{read_item, Item};
use super::slots::{depth, scalar_value};
use super::MAX_DEPTH;
use crate::diagnostics::Diags;
use cursor::Cursor;
pub(crate) use items::{Broken, Items, Lists};
use serde::de::IgnoredAny;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::io::Read;
use window::Window;

/// The top level of a plan file: every field but the lists of entities as values.
pub(crate) struct ScannedPlan<'a> {
    pub rest: Map<String, Value>,
    /// The keys of the fields a plan does not have, in the order written (only the keys).
    pub unknown: Vec<Cow<'a, str>>,
    /// The plan's `x` as its text (never a tree of values: SPEC §8).
    pub x: Option<Cow<'a, str>>,
    pub lists: Lists<'a>,
}

/// Reads the top level of `text`.
pub(crate) fn scan_plan(text: &str, max_per_code: usize) -> Option<ScannedPlan<'_>> {
    scan(Window::whole(text), max_per_code)
}

/// Reads the top level of the text `reader` gives (about `size` bytes: a guess, for the
/// size of the line vector), a window of about `chunk` bytes at a time; `None` also where
/// the reader fails (the caller reads the file again whole, and meets the error there).
pub(crate) fn scan_plan_from(
    reader: impl Read,
    size: usize,
    chunk: usize,
    max_per_code: usize,
) -> Option<ScannedPlan<'static>> {
    scan(Window::reading(reader, size, chunk), max_per_code)
}

/// The top level; `max_per_code` is the diagnostics' limit (for the unusual items read as
/// they are met).
fn scan<'a, R: Read>(mut w: Window<'a, R>, max_per_code: usize) -> Option<ScannedPlan<'a>> {
    let at = &mut 0;
    let mut plan = ScannedPlan {
        rest: Map::new(),
        unknown: Vec::new(),
        x: None,
        lists: Lists::default(),
    };
    let empty = w.step(at, |c| {
        c.expect(b'{')?;
        Some(c.peek()? == b'}')
    })?;
    if empty {
        *at += 1;
        return w.step(at, |c| c.end().then_some(())).map(|()| plan);
    }
    // The known keys met: a repeated one is left to the general reader, which names it
    // (the unknown ones are looked at once at the end).
    let mut seen: Vec<String> = Vec::new();
    loop {
        // The key, and the first byte of its value (not consumed).
        let (key, first) = w.step(at, |c| {
            let key = c.string()?;
            c.expect(b':')?;
            Some((key.to_string(), c.peek()?))
        })?;
        if PLAN_FIELDS.contains(&key.as_str()) {
            if seen.contains(&key) {
                return None;
            }
            seen.push(key.clone());
        }
        match (key.as_str(), first) {
            ("budget_lines", b'[') => {
                // Sized for lines of about 128 bytes, so that a big plan's vector is not
                // grown (and copied) many times; a rough guess either way costs little.
                let guess = w.left().saturating_sub(*at) / 128;
                let read: ReadItem<_> = (scan_line_at, read_unusual_line);
                let list = items(&mut w, at, "budget_lines", guess, read, max_per_code)?;
                plan.lists.lines = Some(list);
            }
            ("projects", b'[') => {
                let read: ReadItem<_> = (scan_project_at, read_unusual_project);
                let list = items(&mut w, at, "projects", 0, read, max_per_code)?;
                plan.lists.projects = Some(list);
            }
            // The other lists are read as they are met too, the general way: a list of
            // a million small items keeps no million texts (SPEC §8).
            ("org_units", b'[') => plan.lists.org_units = Some(general(&mut w, at, max_per_code)?),
            ("goals", b'[') => plan.lists.goals = Some(general(&mut w, at, max_per_code)?),
            ("programs", b'[') => plan.lists.programs = Some(general(&mut w, at, max_per_code)?),
            ("classifications", b'[') => {
                plan.lists.classifications = Some(general(&mut w, at, max_per_code)?);
            }
            ("x", _) => {
                let text = value_text(&mut w, at)?;
                // Nested deeper than the JSON reader goes: the stream reader names it.
                if depth(&text) > MAX_DEPTH {
                    return None;
                }
                plan.x = Some(text);
                plan.rest.insert(key, Value::Null);
            }
            _ if PLAN_FIELDS.contains(&key.as_str()) => {
                // A text or a number: a large list or object there is named by its type,
                // never held as a tree.
                let v = scalar_value(&value_text(&mut w, at)?).ok()?;
                plan.rest.insert(key, v);
            }
            _ => {
                // Named as unknown by its key alone: its value is never held.
                w.step(at, value::<IgnoredAny>)?;
                plan.unknown.push(Cow::Owned(key));
            }
        }
        if w.step(at, |c| c.after_item(b'}'))? {
            break;
        }
    }
    let mut unknown: Vec<&str> = plan.unknown.iter().map(|k| &**k).collect();
    unknown.sort_unstable();
    if unknown.windows(2).any(|k| k[0] == k[1]) {
        return None;
    }
    w.step(at, |c| c.end().then_some(())).map(|()| plan)
}

/// The text of the JSON value at the cursor, which moves past it.
fn value_text<'a, R: Read>(w: &mut Window<'a, R>, at: &mut usize) -> Option<Cow<'a, str>> {
    let (start, end) = w.step(at, |c| {
        c.skip_space();
        let start = c.at;
        value::<IgnoredAny>(c)?;
        Some((start, c.at))
    })?;
    w.keep(start..end)
}

/// One JSON value read by serde from the cursor, which moves past it; `None` on a syntax
/// error (the serde stream reader will report it).
fn value<T: serde::de::DeserializeOwned>(c: &mut Cursor<'_>) -> Option<T> {
    let rest = c.text.get(c.at..)?;
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<T>();
    let v = stream.next()?.ok()?;
    let read = stream.byte_offset();
    // A key repeated inside (a goal given twice the same field): the general reader
    // names it.
    if super::keys::repeated_key(rest.get(..read)?).is_some() {
        return None;
    }
    c.at += read;
    Some(v)
}

/// A list that has no scan, from its `[`: every item is read the general way.
fn general<'a, R: Read, T: Item + Default>(
    w: &mut Window<'a, R>,
    at: &mut usize,
    max_per_code: usize,
) -> Option<Items<'a, T>> {
    let read: ReadItem<T> = (none, read_item::<T>);
    items(w, at, T::LIST, 0, read, max_per_code)
}

/// No scan for the lists that have none: every item is read the general way.
fn none<T>(_: &str, _: usize, _: &mut T) -> Option<usize> {
    None
}

/// How an item of a list is read: the usual shape by hand into its place (the end of the
/// item, or `None`), an unusual one the general way from its text and position.
type ReadItem<T> = (
    fn(&str, usize, &mut T) -> Option<usize>,
    fn(&str, usize, &mut Diags) -> Option<T>,
);

/// A list of budget lines or projects, from its `[`: each item is read by the scan into a
/// default item where it stays (a vector reserved for `guess` items), and an unusual one
/// the general way as it is met (its place given back if it is no item).
fn items<'a, R: Read, T: Default>(
    w: &mut Window<'a, R>,
    at: &mut usize,
    list: &str,
    guess: usize,
    (scan, general): ReadItem<T>,
    max_per_code: usize,
) -> Option<Items<'a, T>> {
    let mut read = Vec::with_capacity(guess);
    let mut diags = Diags::new(max_per_code);
    let mut broken = Broken::new(&diags);
    // The position of the next item in the file's list.
    let mut i = 0;
    let empty = w.step(at, |c| {
        c.expect(b'[')?;
        Some(c.peek()? == b']')
    })?;
    if empty {
        *at += 1;
    } else {
        loop {
            // Each item is written where it stays.
            read.push(T::default());
            // One step per item and the comma or `]` after it. A step run again (the window
            // read more) starts from a fresh item.
            let mut again = false;
            let (usual, start, end, last) = w.step(at, |c| {
                c.skip_space();
                let start = c.at;
                let slot = read.last_mut()?;
                if std::mem::replace(&mut again, true) {
                    *slot = T::default();
                }
                let scanned = scan(c.text, start, slot);
                if scanned.is_none() {
                    *slot = T::default();
                }
                let (usual, end) = match scanned {
                    Some(end) => (true, end),
                    // Not the usual shape: serde finds where it ends, and checks it.
                    None => {
                        value::<IgnoredAny>(c)?;
                        (false, c.at)
                    }
                };
                c.at = end;
                Some((usual, start, end, c.after_item(b']')?))
            })?;
            if !usual {
                read.pop();
                let text = w.keep(start..end)?;
                let errors = diags.errors();
                let item = general(&text, i, &mut diags);
                if let Some(item) = item.filter(|_| broken.keep(&diags, errors, i)) {
                    read.push(item);
                }
            } else if !broken.keep_sound(i) {
                read.pop();
            }
            i += 1;
            if last {
                break;
            }
        }
    }
    broken.close(list, &mut diags);
    Some(Items::Read { items: read, diags })
}
