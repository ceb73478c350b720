//! A child's upward links (line → project or program, project → program, program → goal,
//! entity → classification code), checked once and kept with how its money splits among
//! them: equal parts, or shares over a common power of ten so that every split is exact
//! integer arithmetic.

use crate::diagnostics::{Code, Diagnostic, Diags};
use crate::hashing::IdSet as HashSet;
use rust_decimal::Decimal;

/// How a child's money is split among its links.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Weights<'a> {
    /// No link gives a share: equal parts.
    Equal,
    /// Every link gives a share: `numerators[i] / denominator`, over a common power of ten
    /// so that the split is exact integer arithmetic.
    Shares {
        numerators: &'a [u128],
        denominator: u128,
    },
}

/// One child's upward links, resolved, with how its money splits among them: a view into
/// [`Links`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Split<'a, T> {
    pub targets: &'a [T],
    pub weights: Weights<'a>,
}

impl<T> Split<'_, T> {
    /// Whether link `i` carries a nonzero share.
    pub fn nonzero(&self, i: usize) -> bool {
        match self.weights {
            Weights::Equal => true,
            Weights::Shares { numerators, .. } => numerators.get(i).is_some_and(|n| *n > 0),
        }
    }

    /// Link `i`'s share as an exact decimal (1/n for an equal split).
    pub fn share(&self, i: usize) -> Decimal {
        match self.weights {
            Weights::Equal => {
                let n = Decimal::from(self.targets.len().max(1));
                Decimal::ONE.checked_div(n).unwrap_or_default()
            }
            Weights::Shares {
                numerators,
                denominator,
            } => {
                let scale = denominator.ilog10();
                let n = numerators.get(i).copied().unwrap_or(0);
                Decimal::try_from_i128_with_scale(n as i128, scale).unwrap_or_default()
            }
        }
    }

    /// Whether the shares are given and sum to less than 1, so that the rest leaks.
    pub fn partial(&self) -> bool {
        match self.weights {
            Weights::Shares {
                numerators,
                denominator,
            } => numerators.iter().sum::<u128>() < denominator,
            Weights::Equal => false,
        }
    }
}

/// Every child's upward links of one kind (line → project or program, project → program,
/// program → goal) in one flat table, compressed-sparse-row style: child `c`'s links are
/// `targets[starts[c]..starts[c + 1]]`, in the order written. A million lines make three
/// vectors rather than a million small ones, and a pass over the children reads memory in
/// order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Links<T> {
    starts: Vec<usize>,
    targets: Vec<T>,
    /// One per link; meaningful where the child's denominator is not 0.
    numerators: Vec<u128>,
    /// One per child; 0 for an equal split.
    denominators: Vec<u128>,
}

impl<T> Default for Links<T> {
    fn default() -> Self {
        Links {
            starts: vec![0],
            targets: Vec::new(),
            numerators: Vec::new(),
            denominators: Vec::new(),
        }
    }
}

impl<T: Copy> Links<T> {
    pub fn with_capacity(children: usize) -> Self {
        let mut starts = Vec::with_capacity(children + 1);
        starts.push(0);
        Links {
            starts,
            targets: Vec::with_capacity(children),
            numerators: Vec::with_capacity(children),
            denominators: Vec::with_capacity(children),
        }
    }

    /// How many children.
    pub fn len(&self) -> usize {
        self.denominators.len()
    }

    /// Child `c`'s links, if there is such a child.
    pub fn get(&self, c: usize) -> Option<Split<'_, T>> {
        let (&a, &b, &denominator) = (
            self.starts.get(c)?,
            self.starts.get(c + 1)?,
            self.denominators.get(c)?,
        );
        Some(Split {
            targets: self.targets.get(a..b)?,
            weights: match denominator {
                0 => Weights::Equal,
                _ => Weights::Shares {
                    numerators: self.numerators.get(a..b)?,
                    denominator,
                },
            },
        })
    }

    /// Child `c`'s links; none for a child that does not exist.
    pub fn at(&self, c: usize) -> Split<'_, T> {
        self.get(c).unwrap_or(Split {
            targets: &[],
            weights: Weights::Equal,
        })
    }

    /// Where child `c`'s links sit in the flat table (empty for no such child): per-link
    /// figures can be kept in one vector aligned with it.
    pub fn range(&self, c: usize) -> std::ops::Range<usize> {
        match (self.starts.get(c), self.starts.get(c + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// Child `c`'s targets alone (without reading its weights).
    pub fn targets(&self, c: usize) -> &[T] {
        self.targets.get(self.range(c)).unwrap_or_default()
    }

    /// How many links all children have together.
    pub fn link_count(&self) -> usize {
        self.targets.len()
    }

    /// Every child's links, in order.
    pub fn iter(&self) -> impl Iterator<Item = Split<'_, T>> + '_ {
        (0..self.len()).map(|c| self.at(c))
    }

    /// Replaces child `c`'s links by those of `with`'s first child (an edit in place): the
    /// children after it shift by the difference, in one pass over the table.
    pub fn replace(&mut self, c: usize, with: &Links<T>) {
        let (range, from) = (self.range(c), with.range(0));
        let (Some(new_targets), Some(new_numerators), Some(&denominator)) = (
            with.targets.get(from.clone()),
            with.numerators.get(from),
            with.denominators.first(),
        ) else {
            return;
        };
        if c >= self.denominators.len() {
            return;
        }
        let (old, new) = (range.len(), new_targets.len());
        self.targets
            .splice(range.clone(), new_targets.iter().copied());
        self.numerators
            .splice(range, new_numerators.iter().copied());
        self.denominators[c] = denominator;
        for start in &mut self.starts[c + 1..] {
            *start = *start + new - old;
        }
    }

    /// Adds the next child: its targets, and its shares as numerators over a common
    /// denominator (`None`: equal split).
    pub fn push(&mut self, targets: impl IntoIterator<Item = T>, shares: Option<(&[u128], u128)>) {
        let before = self.targets.len();
        self.targets.extend(targets);
        let n = self.targets.len() - before;
        match shares {
            Some((numerators, denominator)) if numerators.len() == n && denominator > 0 => {
                self.numerators.extend_from_slice(numerators);
                self.denominators.push(denominator);
            }
            _ => {
                self.numerators.extend(std::iter::repeat_n(0, n));
                self.denominators.push(0);
            }
        }
        self.starts.push(self.targets.len());
    }
}

/// The child whose links are checked, for its diagnostics; `base` gives the links' JSON
/// pointer, formatted only for a diagnostic.
#[derive(Clone, Copy)]
pub(crate) struct Child<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub base: &'a dyn Fn() -> String,
}

/// Buffers [`make_split`] reuses from one child to the next.
pub(crate) struct SplitScratch<T> {
    seen: HashSet<T>,
    shares: Vec<Decimal>,
    numerators: Vec<u128>,
}

impl<T> Default for SplitScratch<T> {
    fn default() -> Self {
        SplitScratch {
            seen: HashSet::default(),
            shares: Vec::new(),
            numerators: Vec::new(),
        }
    }
}

/// Checks one child's links (E001 twice to one parent, E004, E005, E006) and adds its
/// split to `out`. Unresolved links are dropped: their E002 already stops the build.
pub(crate) fn make_split<T: Copy + Eq + std::hash::Hash>(
    child: Child,
    links: &[(Option<T>, Option<Decimal>)],
    scratch: &mut SplitScratch<T>,
    out: &mut Links<T>,
    diags: &mut Diags,
) {
    let Child { kind, id, base } = child;
    // Most children have a link or two: a linear scan beats a hash set.
    scratch.seen.clear();
    for (j, (t, _)) in links.iter().enumerate() {
        if let Some(t) = t {
            let twice = if links.len() <= 8 {
                links[..j].iter().any(|(u, _)| u.as_ref() == Some(t))
            } else {
                !scratch.seen.insert(*t)
            };
            if twice {
                diags.push(
                    Diagnostic::new(
                        Code::E001,
                        format!("{kind} {id} links twice to the same parent; merge the two links into one"),
                    )
                    .entity(id)
                    .at(format!("{}/{j}", base())),
                );
            }
        }
    }
    let given = links.iter().filter(|(_, s)| s.is_some()).count();
    if given > 0 && given < links.len() {
        diags.push(
            Diagnostic::new(
                Code::E006,
                format!(
                    "{kind} {id} gives a share on {given} of its {} links; give a share on every link or on none (equal split)",
                    links.len()
                ),
            )
            .entity(id)
            .at(base()),
        );
    }
    let mut in_range = true;
    for (j, (_, s)) in links.iter().enumerate() {
        if let Some(s) = s {
            if *s < Decimal::ZERO || *s > Decimal::ONE {
                in_range = false;
                diags.push(
                    Diagnostic::new(
                        Code::E004,
                        format!("{kind} {id}: share {s} is outside [0, 1]"),
                    )
                    .entity(id)
                    .at(format!("{}/{j}/share", base())),
                );
            }
        }
    }
    let targets = links.iter().filter_map(|(t, _)| *t);
    let resolved = links.iter().all(|(t, _)| t.is_some());
    if given == 0 || given < links.len() || !in_range || !resolved {
        out.push(targets, None);
        return;
    }
    scratch.shares.clear();
    scratch.shares.extend(links.iter().filter_map(|(_, s)| *s));
    let scale = scratch
        .shares
        .iter()
        .map(|s| s.normalize().scale())
        .max()
        .unwrap_or(0);
    let denominator = 10u128.pow(scale);
    scratch.numerators.clear();
    scratch.numerators.extend(scratch.shares.iter().map(|s| {
        let mut v = s.normalize();
        v.rescale(scale);
        v.mantissa().unsigned_abs()
    }));
    let sum: u128 = scratch.numerators.iter().sum();
    if sum > denominator {
        let total: Decimal = scratch.shares.iter().sum();
        diags.push(
            Diagnostic::new(
                Code::E005,
                format!("{kind} {id}: its shares sum to {total}, more than 1"),
            )
            .entity(id)
            .at(base()),
        );
        out.push(targets, None);
        return;
    }
    out.push(targets, Some((&scratch.numerators, denominator)));
}
