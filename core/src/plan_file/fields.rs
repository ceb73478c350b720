//! The fields each object of a plan file may have, in the order the writer writes them:
//! the general reader refuses any other key with these lists. A budget line's and a
//! project's fields are declared once, in `line.rs` and `project.rs`, for the general
//! reader and the scanner alike: [`object_fields`] makes both the list of names and the
//! scanner's field enum.

/// Declares the fields of one kind of object: `$list`, every key in order (the scanned
/// ones, then those only the general reader reads), and `$field`, the enum of the keys the
/// scanner reads, in the same order, with its `ObjectField` lookup (`scan/cursor.rs`).
/// The format tag of a plan file.
pub const FORMAT: &str = "goldthread/1";

macro_rules! object_fields {
    (
        $(#[$meta:meta])*
        $list:ident, $field:ident {
            $($variant:ident = $key:literal,)*
        }
        general only: $($general:literal),*
    ) => {
        $(#[$meta])*
        pub(crate) const $list: &[&str] = &[$($key,)* $($general),*];

        /// The fields of the usual shape, which the scanner reads (the order of the list).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum $field {
            $($variant,)*
        }

        impl $crate::plan_file::scan::cursor::ObjectField for $field {
            fn bit(self) -> u32 {
                1 << self as u32
            }

            fn of(key: &str) -> Option<$field> {
                Some(match key {
                    $($key => $field::$variant,)*
                    _ => return None,
                })
            }
        }
    };
}
pub(super) use object_fields;

/// The plan's lists of entities, each read an item at a time.
pub(crate) const PLAN_LISTS: [&str; 6] = [
    "org_units",
    "goals",
    "programs",
    "projects",
    "budget_lines",
    "classifications",
];

/// Every field of the plan: its texts and numbers, its lists, its `x` (in this order, as
/// an unknown field's message lists them).
pub(crate) const PLAN_FIELDS: &[&str] = &joined::<12, 1, 13>(
    joined::<6, 6, 12>(
        [
            "format",
            "name",
            "currency",
            "precision",
            "calendar",
            "fiscal_year_start",
        ],
        PLAN_LISTS,
    ),
    ["x"],
);

/// `a` then `b`, as one array of `C` names (`C` must be `A + B`: anything else fails to
/// compile, as the constant's evaluation goes out of bounds).
const fn joined<const A: usize, const B: usize, const C: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; C] {
    let mut out = [""; C];
    let mut i = 0;
    while i < C {
        out[i] = if i < A { a[i] } else { b[i - A] };
        i += 1;
    }
    assert!(A + B == C);
    out
}
pub(crate) const ORG_UNIT_FIELDS: &[&str] = &["id", "name", "kind", "parent", "x"];
pub(crate) const GOAL_FIELDS: &[&str] = &["id", "name", "parent", "indicators", "x"];
pub(crate) const INDICATOR_FIELDS: &[&str] = &[
    "id",
    "name",
    "unit",
    "baseline",
    "target",
    "actuals",
    "ascending",
    "x",
];
pub(crate) const MEASURE_FIELDS: &[&str] = &["value", "year"];
pub(crate) const PROGRAM_FIELDS: &[&str] = &[
    "id",
    "name",
    "start",
    "end",
    "owner",
    "goals",
    "indicators",
    "x",
];
pub(crate) const GOAL_LINK_FIELDS: &[&str] = &["goal", "share"];
pub(crate) const PROGRAM_LINK_FIELDS: &[&str] = &["program", "share"];
pub(crate) const SCHEDULE_FIELDS: &[&str] = &["start", "finish"];
pub(crate) const STATUS_FIELDS: &[&str] = &["as_of", "percent_complete", "actual_cost"];
pub(crate) const FUNDING_FIELDS: &[&str] = &["project", "program", "share"];

#[cfg(test)]
mod tests {
    use crate::plan_file::line::{LineField, LINE_FIELDS};
    use crate::plan_file::project::{ProjectField, PROJECT_FIELDS};
    use crate::plan_file::scan::cursor::ObjectField;

    #[test]
    fn each_scanned_key_names_its_field_at_its_place_in_the_list() {
        for (i, name) in LINE_FIELDS.iter().enumerate() {
            match LineField::of(name) {
                Some(f) => assert_eq!(f as usize, i, "{name}"),
                None => assert_eq!(*name, "x"),
            }
        }
        for (i, name) in PROJECT_FIELDS.iter().enumerate() {
            match ProjectField::of(name) {
                Some(f) => assert_eq!((f as usize, f.bit()), (i, 1 << i), "{name}"),
                None => assert_eq!(*name, "x"),
            }
        }
        assert_eq!(LineField::of("colour"), None);
        assert_eq!(LINE_FIELDS.last(), Some(&"x"));
        assert_eq!(PROJECT_FIELDS.len(), 10);
    }
}
