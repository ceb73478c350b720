//! Importing a large table in two halves at once, one per core, with exactly the result of
//! one pass. Each half is read by its own [`Builder`]; the second's goals, programs,
//! projects, lines and memberships are then taken into the first's as one pass would have
//! made them, row after row. Where each row makes one line, the halves write their lines
//! into one vector, each into its part, so that the second's need not be moved into the
//! first's: half a million lines are 128 MB of fresh memory to move, and where the system is
//! slow to hand memory out, that move was the slowest step of the import. Anything that
//! would read differently in halves (a problem to
//! name, a program given two shares for one goal, mapped line ids or classifications,
//! whose rows may meet across the halves, the entity limit) is left to the one pass.

use super::{Builder, Imported, Reading, Slots, Table};
use crate::csv_lines::{boundary, record_start};
use crate::limits::LoadOptions;
use crate::model::BudgetLine;
use crate::parallel::{THREADS, WORTH_BYTES};
use rayon::iter::ParallelExtend;

/// The import of `table` from two halves meeting at the first record boundary from byte
/// `from` of its text (the middle when `None`), or `None` where it is to be read in one
/// pass: a small table, a workbook, anything named above.
pub(super) fn import(
    mapping: &super::Mapping,
    table: &Table,
    limits: &LoadOptions,
    from: Option<usize>,
) -> Option<Imported> {
    let worth = from.is_some() || table.bytes.len() >= WORTH_BYTES;
    // A workbook is left before it is opened: parsing it twice would cost more than halves
    // save.
    // Rows of one mapped line id, or one line's classification codes, may fall in both.
    let rows_meet = mapping.columns.line_id.is_some() || !mapping.classifications.is_empty();
    if !THREADS || !worth || rows_meet || !super::source::is_text(table.bytes) {
        return None;
    }
    let mut shared: Vec<BudgetLine> = Vec::new();
    let mut first = Builder::new(mapping, limits);
    if !first.prepare(std::slice::from_ref(table)) {
        return None;
    }
    let (mut source, reading) = first.open(table)?;
    let text = source.text()?;
    let (at, size) = (boundary(text, from.unwrap_or(text.len() / 2))?, text.len());
    let parts = one_line_per_row(mapping, &reading).then(|| records(text, at));
    let rest = source.split_at(at)?;
    let mut second = Builder::new(mapping, limits);
    second.scales = first.scales;
    // Where each row makes one line, the halves write their lines into one vector, each
    // into its part: a line per record of each half (the first's header aside). Else each
    // builder's own (room for the second half's lines too in the first, at a row of 48
    // bytes or more, as the tables read: room never used is never touched).
    match parts {
        Some((n1, n2)) => {
            shared.reserve_exact(n1 + n2);
            shared.par_extend(rayon::iter::repeat_n(BudgetLine::default(), n1 + n2));
            #[cfg(test)]
            tests::SHARED.with(|n| n.set(n.get() + 1));
            let (a, b) = shared.split_at_mut(n1);
            first.slots = Slots::new(a);
            second.slots = Slots::new(b);
        }
        None => {
            first.data.budget_lines.reserve(size / 48);
            second.data.budget_lines.reserve((size - at) / 48);
        }
    }
    let (within, second) = std::thread::scope(|s| {
        let reading = &reading;
        let later = s.spawn(move || {
            let mut rest = rest;
            let within = second.rows(table, &mut rest, reading);
            within.then_some(second)
        });
        let within = first.rows(table, &mut source, reading);
        (within, later.join())
    });
    let second = second.ok().flatten()?;
    let clean = first.diagnostics.is_empty() && second.diagnostics.is_empty();
    // The first half stopped where the second began: at the same record, past the line
    // ends (a CRLF's, blank lines') that neither reads as a row.
    let met = source.stopped_at() == Some(record_start(source.text()?, at as u64));
    if !within || !clean || !met {
        return None;
    }
    let (mut first, filled) = first.detach();
    let (second, later_filled) = second.detach();
    // [the first's lines | its slots left | the second's lines | its slots left], then each
    // one's lines past its slots: each builder's lines in order, as one vector.
    let offset = filled + first.data.budget_lines.len();
    if let Some((n1, _)) = parts {
        shared.truncate(n1 + later_filled);
        let past = std::mem::take(&mut first.data.budget_lines);
        shared.splice(filled..n1, past);
        first.data.budget_lines = shared;
    }
    first.absorb(second, offset)?;
    if first.entities() > limits.max_entities {
        return None;
    }
    first.resolve();
    Some(first.imported())
}

/// Whether each row of the table makes one line (or none): no row is left out by `[where]`,
/// and none makes a line per year.
fn one_line_per_row(mapping: &super::Mapping, reading: &Reading) -> bool {
    mapping.filter.is_empty() && mapping.filter_out.is_empty() && reading.layout.len() == 1
}

/// How many records each half of `text` has, at most, split at `at`: a record per line end
/// (the first half's header aside), and one more where the text does not end with one.
/// Counted a vector at a time, both halves at once.
fn records(text: &[u8], at: usize) -> (usize, usize) {
    let (head, tail) = text.split_at(at.min(text.len()));
    let ends = |t: &[u8]| memchr::memchr_iter(b'\n', t).count();
    let (n1, n2) = rayon::join(|| ends(head), || ends(tail));
    let unended = !tail.ends_with(b"\n");
    (n1.saturating_sub(1), n2 + usize::from(unended))
}

impl<'s> Slots<'s> {
    fn new(slots: &'s mut [BudgetLine]) -> Slots<'s> {
        Slots { slots, filled: 0 }
    }
}

impl<'m> Builder<'m, '_> {
    /// This builder without its slots, and how many it filled: what it read, free of the
    /// vector its slots are part of.
    fn detach<'t>(self) -> (Builder<'m, 't>, usize) {
        let filled = self.slots.filled;
        let builder = Builder {
            mapping: self.mapping,
            limits: self.limits,
            data: self.data,
            slots: Slots::default(),
            goals: self.goals,
            programs: self.programs,
            projects: self.projects,
            lines: self.lines,
            diagnostics: self.diagnostics,
            summary: self.summary,
            scales: self.scales,
            null_values: self.null_values,
            program_goals: self.program_goals,
            constant_direction: self.constant_direction,
            linked_goal: self.linked_goal,
            project_programs: self.project_programs,
            table_names: self.table_names,
            codes: self.codes,
            line_codes: self.line_codes,
        };
        (builder, filled)
    }
}

impl Builder<'_, '_> {
    /// Takes in what `later` read from the rows after this builder's `offset` lines, as one
    /// pass over all of them would have made it; `None` where one pass would name a
    /// problem (a program given another share for a goal). The lines `later` holds are
    /// appended (those it wrote into a shared vector are in place already).
    fn absorb(&mut self, later: Builder, offset: usize) -> Option<()> {
        // Goals, programs and projects are made by the first row that names them; a later
        // row adds the links it names that are new (in row order), and the first row that
        // names a goal's parent gives that.
        take_in(
            (&mut self.goals, &mut self.data.goals),
            later.data.goals,
            |g| &g.id,
            |had, goal| {
                if had.parent.is_none() {
                    had.parent = goal.parent;
                }
                Some(())
            },
        )?;
        let programs = take_in(
            (&mut self.programs, &mut self.data.programs),
            later.data.programs,
            |p| &p.id,
            |had, program| {
                for link in program.goals {
                    match had.goals.iter().find(|l| l.goal == link.goal) {
                        None => had.goals.push(link),
                        // Another share for the goal: one pass names it (E006).
                        Some(l) if l.share != link.share => return None,
                        Some(_) => {}
                    }
                }
                Some(())
            },
        )?;
        let projects = take_in(
            (&mut self.projects, &mut self.data.projects),
            later.data.projects,
            |j| &j.id,
            |had, project| {
                for link in project.programs {
                    if !had.programs.iter().any(|l| l.program == link.program) {
                        had.programs.push(link);
                    }
                }
                Some(())
            },
        )?;
        // Lines: every one new (their ids are made from distinct row numbers).
        // Moved on both cores (rayon writes each core's part straight into the room
        // reserved): half a million lines are 128 MB of memory the first half's vector has
        // not touched yet, and where the system is slow to give memory, taking it is most
        // of the move's time (a third of a second on one core, half that on two).
        self.data.budget_lines.par_extend(later.data.budget_lines);
        self.program_goals
            .absorb(later.program_goals, &programs, offset)?;
        self.project_programs
            .absorb(later.project_programs, &projects, offset)?;
        self.summary.absorb(&later.summary);
        Some(())
    }

    /// How many entities the rows made, held to `max_entities`.
    pub(super) fn entities(&self) -> usize {
        self.data.goals.len()
            + self.data.programs.len()
            + self.data.projects.len()
            + self.data.budget_lines.len()
    }
}

/// Takes `later`'s goals, programs or projects into `items` (each one's place by `id` in
/// `index`): a new one is
/// appended, one already there takes in what the later rows said of it (`merge`, `None`
/// where one pass would name a problem). Where each of `later`'s entities now stands.
fn take_in<T>(
    (index, items): (&mut super::Positions, &mut Vec<T>),
    later: Vec<T>,
    id: impl Fn(&T) -> &str,
    mut merge: impl FnMut(&mut T, T) -> Option<()>,
) -> Option<Vec<usize>> {
    let mut at = Vec::with_capacity(later.len());
    for item in later {
        match index.get(id(&item)) {
            Some(&i) => {
                merge(items.get_mut(i)?, item)?;
                at.push(i);
            }
            None => {
                index.insert(id(&item).into(), items.len());
                at.push(items.len());
                items.push(item);
            }
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::super::{import, Mapping, Table};
    use crate::csv_lines::boundary;
    use crate::limits::LoadOptions;
    use proptest::prelude::*;

    thread_local! {
        /// How many reads in halves wrote their lines into one shared vector.
        pub(super) static SHARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn mapping(rules: &str) -> Mapping {
        mapping_with(rules, "[where]\nKeep = \"y\"")
    }

    /// [`mapping`] with `filter` for its `[where]` (none when empty: each row then makes a
    /// line, and the halves share one vector of lines).
    fn mapping_with(rules: &str, filter: &str) -> Mapping {
        Mapping::parse(&format!(
            r#"
            [plan]
            name = "h"
            precision = 2
            [table]
            null_values = ["n/a"]
            [rules]
            no_goal_values = ["none"]
            {rules}
            [columns]
            goal_id = "Goal"
            goal_parent_id = "Parent"
            program_id = "Program"
            program_name = "Name"
            program_goal_share = "Share"
            project_id = "Project"
            org_unit = "Unit"
            year = "Year"
            amount = "Approved"
            spent = "Spent"
            {filter}
            "#
        ))
        .unwrap()
    }

    const HEADER: &str = "Goal,Parent,Program,Name,Share,Project,Unit,Year,Approved,Spent,Keep";

    /// The import of `text` in halves meeting at the first boundary from byte `from`, if
    /// they were joined, after asserting that it is what one pass makes.
    fn halves_match_one_pass(m: &Mapping, text: &str, from: usize) -> Option<()> {
        halves_match_one_pass_bytes(m, "h.csv", text.as_bytes(), from)
    }

    fn halves_match_one_pass_bytes(
        m: &Mapping,
        name: &str,
        bytes: &[u8],
        from: usize,
    ) -> Option<()> {
        let table = Table { name, bytes };
        let whole = import(m, std::slice::from_ref(&table));
        let halves = super::import(m, &table, &LoadOptions::default(), Some(from))?;
        assert_eq!(halves.data, whole.data, "from byte {from}");
        assert_eq!(halves.diagnostics, whole.diagnostics, "from byte {from}");
        assert_eq!(halves.summary, whole.summary, "from byte {from}");
        Some(())
    }

    /// A table whose halves meet anywhere: a goal named first as another's parent and
    /// given its own (a new goal) later, a project and a goal new in the second half, names and amounts over two lines, CRLF and blank rows, rows
    /// left out, nil cells and a negative amount. Read in halves from every byte, it is
    /// what one pass reads, and is joined at every row boundary; with a program whose rows
    /// name two goals (split by the mapping, or named in an error), likewise.
    #[test]
    fn a_table_read_in_halves_is_what_one_pass_reads_wherever_they_meet() {
        let rows = [
            "G1,G0,P1,\"first\nprogram\",,J1,HQ,1402,100,50,y",
            "G2,,P2,second,0.5,,D1,1402,\"1,000.50\",n/a,y",
            "G0,,P3,third,,J2,HQ,1403,-20,,y\r",
            "",
            "G1,,P1,again,,J1,HQ,1403,7,7,n",
            "G3,G1,P5,fifth,,J3,D2,1403,30,,y",
            "none,,P4,fourth,,J5,D1,1402,12,3,y",
            "G2,,P2,second,0.5,J4,HQ,1404,1,,y",
            "G0,G9,P3,third,,J2,HQ,1404,1,,y",
        ];
        // With rows left out by `[where]`, each half's lines in a vector of its own; without,
        // in one vector shared by the halves, each writing its part (a blank row, or a line
        // end inside quotes, leaves room that is taken out after).
        let cases = [
            ("", false, true),
            ("one_program_per_goal = true", true, true),
            ("", true, true),
            ("", false, false),
            ("one_program_per_goal = true", true, false),
        ];
        for (rules, disagreeing, filtered) in cases {
            let m = if filtered {
                mapping(rules)
            } else {
                mapping_with(rules, "")
            };
            let mut text = format!("{HEADER}\n{}\n", rows.join("\n"));
            if disagreeing {
                // P1's rows now name G1 and G2 for different lines.
                text.push_str("G2,,P1,,,,HQ,1404,5,,y\n");
            }
            SHARED.with(|n| n.set(0));
            let whole = import(
                &m,
                &[Table {
                    name: "h.csv",
                    bytes: text.as_bytes(),
                }],
            );
            assert_eq!(
                whole.diagnostics.is_empty(),
                !disagreeing || !rules.is_empty(),
                "{rules}: {:?}",
                whole.diagnostics
            );
            let joined = (0..=text.len() + 1)
                .filter(|&from| halves_match_one_pass(&m, &text, from).is_some())
                .count();
            // Every split that lands in a row meets at the next row's start (the blank
            // one's included), and every one before the header's end at the first row.
            let boundaries = (0..=text.len())
                .filter(|&from| boundary(text.as_bytes(), from).is_some())
                .count();
            assert_eq!(joined, boundaries, "{rules} {disagreeing}");
            let shared = SHARED.with(|n| n.get());
            assert_eq!(shared > 0, !filtered, "{rules} {disagreeing} {filtered}");
        }
    }

    /// Rows that end with a lone CR (an old Mac file's, here mixed with `\n`) have no `\n`
    /// to count, so each half's part of the shared vector is too short: the first's lines
    /// past it are put between the halves' (the second's after its part), in row order.
    #[test]
    fn lines_past_a_halfs_part_of_the_shared_vector_keep_their_order() {
        let m = mapping_with("", "");
        for mixed in [false, true] {
            let end = |i: usize| {
                if mixed && !i.is_multiple_of(5) {
                    "\r"
                } else {
                    "\n"
                }
            };
            let text: String = std::iter::once(format!("{HEADER}\n"))
                .chain(
                    (0..40).map(|i| format!("G{},,P{},p,,,HQ,1402,{i},,y{}", i % 3, i % 7, end(i))),
                )
                .collect();
            SHARED.with(|n| n.set(0));
            for from in (0..text.len()).step_by(37) {
                halves_match_one_pass(&m, &text, from);
            }
            assert!(SHARED.with(|n| n.get()) > 0, "{mixed}");
            let table = Table {
                name: "h.csv",
                bytes: text.as_bytes(),
            };
            let halves = super::import(&m, &table, &LoadOptions::default(), Some(text.len() / 2))
                .expect("joined");
            let amounts: Vec<String> = halves
                .data
                .budget_lines
                .iter()
                .map(|l| l.amount.unwrap_or_default().to_string())
                .collect();
            let want: Vec<String> = (0..40).map(|i| i.to_string()).collect();
            assert_eq!(amounts, want, "{mixed}");
        }
    }

    /// Real tables, split at eight places each, are joined and read what one pass reads:
    /// US program outlays (UTF-8, 7,440 rows, negative amounts) and the FPI pilot
    /// (Windows-1252, so its text is decoded, not borrowed; programs split by category
    /// across the halves).
    #[test]
    fn real_tables_read_in_halves_are_what_one_pass_reads() {
        let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/real");
        for (dir, table) in [
            ("us-fpi-outlays", "program_outlays_usaspending.csv"),
            ("us-fpi-pilot", "fpi-pilot-2020-obligations.csv"),
        ] {
            let dir = real.join(dir);
            let m = Mapping::parse(&std::fs::read_to_string(dir.join("mapping.toml")).unwrap())
                .unwrap();
            let bytes = std::fs::read(dir.join(table)).unwrap();
            for eighth in 1..8 {
                let from = bytes.len() * eighth / 8;
                assert!(
                    halves_match_one_pass_bytes(&m, table, &bytes, from).is_some(),
                    "{table} from byte {from} of {}",
                    bytes.len()
                );
            }
        }
    }

    /// Where one pass names a problem, the halves are not joined: it is read again in one
    /// pass, which names it as it always has.
    #[test]
    fn a_problem_in_either_half_is_left_to_one_pass() {
        let m = mapping("");
        for rows in [
            // A program given another share for its goal, in the second half.
            "G1,,P1,p,0.5,,HQ,1402,1,,y\nG1,,P1,p,0.25,,HQ,1402,2,,y\n",
            // An amount that is no number.
            "G1,,P1,p,,,HQ,1402,1,,y\nG1,,P1,p,,,HQ,1402,lots,,y\n",
        ] {
            let text = format!("{HEADER}\n{rows}");
            let second = text.find("\nG1").unwrap() + 1;
            let whole = import(
                &m,
                &[Table {
                    name: "h.csv",
                    bytes: text.as_bytes(),
                }],
            );
            assert_eq!(whole.diagnostics.len(), 1, "{:?}", whole.diagnostics);
            for from in 0..=text.len() {
                assert!(halves_match_one_pass(&m, &text, from).is_none(), "{from}");
            }
            // Without the second row's problem, the same split is joined.
            let clean = format!("{HEADER}\n{}", rows.lines().next().unwrap());
            assert!(halves_match_one_pass(&m, &format!("{clean}\n{clean}\n"), second).is_some());
        }
    }

    /// One row of a random table: goal (3 is `none`), parent goal, program, project, two
    /// amounts in cents (none: blank or nil), whether `where` keeps it, and whether it ends
    /// in CRLF.
    type Cells = (
        u8,
        Option<u8>,
        u8,
        Option<u8>,
        Option<i64>,
        Option<i64>,
        bool,
        bool,
    );

    fn rows() -> impl Strategy<Value = Vec<Cells>> {
        let amount = prop::option::of(-100_000i64..100_000);
        prop::collection::vec(
            (
                0u8..4,
                prop::option::of(0u8..3),
                0u8..5,
                prop::option::of(0u8..4),
                amount.clone(),
                amount,
                prop::bool::weighted(0.9),
                any::<bool>(),
            ),
            1..40,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Random tables under random rules, split anywhere: the halves, when joined, are
        /// what one pass reads; and a table one pass reads without a problem is joined
        /// wherever a row boundary follows the split.
        #[test]
        fn random_tables_read_in_halves_are_what_one_pass_reads(
            rows in rows(),
            split in any::<bool>(),
            skip_zero in any::<bool>(),
            define in any::<bool>(),
            at in 0.0f64..1.0,
        ) {
            let m = mapping(&format!(
                "one_program_per_goal = {split}\nskip_zero_amounts = {skip_zero}\ndefinition_rows_without_amount = {define}"
            ));
            let mut text = format!("{HEADER}\n");
            for (goal, parent, program, project, approved, spent, keep, crlf) in &rows {
                let goal = if *goal == 3 { "none".to_string() } else { format!("G{goal}") };
                let cell = |c: &Option<i64>, nil: &str| {
                    c.map_or(nil.to_string(), |c| rust_decimal::Decimal::new(c, 2).to_string())
                };
                text.push_str(&format!(
                    "{goal},{},P{program},\"Program\n{program}\",,{},U{program},140{},{},{},{}{}\n",
                    parent.map_or(String::new(), |p| format!("G{p}")),
                    project.map_or(String::new(), |j| format!("J{j}")),
                    program % 2,
                    cell(approved, ""),
                    cell(spent, "n/a"),
                    if *keep { "y" } else { "n" },
                    if *crlf { "\r" } else { "" },
                ));
            }
            let from = (text.len() as f64 * at) as usize;
            let joined = halves_match_one_pass(&m, &text, from).is_some();
            let whole = import(&m, &[Table { name: "h.csv", bytes: text.as_bytes() }]);
            if whole.diagnostics.is_empty() && boundary(text.as_bytes(), from).is_some() {
                prop_assert!(joined, "from byte {from}");
            }
        }
    }
}
