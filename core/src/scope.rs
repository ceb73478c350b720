//! The scope of a report: which budget lines take part (SPEC §3, "lines in scope").

use crate::graph::Graph;
use crate::model::{BudgetLine, Direction};
use serde::{Deserialize, Serialize};

/// Which lines a report looks at: fiscal years, org units and categories. An empty list
/// means "all"; a line must match every non-empty list.
///
/// ```
/// use goldthread::Scope;
/// let scope = Scope::all().years(["1398"]).org_units(["D03"]);
/// assert_eq!(scope.years, vec!["1398".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Scope {
    pub years: Vec<String>,
    pub org_units: Vec<String>,
    pub categories: Vec<String>,
}

impl Scope {
    /// Every line of the plan.
    pub fn all() -> Scope {
        Scope::default()
    }

    /// Only these fiscal years.
    pub fn years<S: Into<String>>(mut self, years: impl IntoIterator<Item = S>) -> Scope {
        self.years = years.into_iter().map(Into::into).collect();
        self
    }

    /// Only these org units.
    pub fn org_units<S: Into<String>>(mut self, units: impl IntoIterator<Item = S>) -> Scope {
        self.org_units = units.into_iter().map(Into::into).collect();
        self
    }

    /// Only these categories.
    pub fn categories<S: Into<String>>(mut self, categories: impl IntoIterator<Item = S>) -> Scope {
        self.categories = categories.into_iter().map(Into::into).collect();
        self
    }

    /// Whether an expenditure line is in scope; revenue lines never are (they take part
    /// only in the balance).
    pub fn contains(&self, line: &BudgetLine) -> bool {
        line.direction == Direction::Expenditure && self.matches(line)
    }

    /// Whether a line of either direction matches the scope's years, org units and
    /// categories (the balance looks at revenue too).
    pub fn matches(&self, line: &BudgetLine) -> bool {
        matches(&self.years, Some(&line.year))
            && matches(&self.org_units, line.org_unit.as_deref())
            && matches(&self.categories, line.category.as_deref())
    }
}

fn matches(filter: &[String], value: Option<&str>) -> bool {
    filter.is_empty() || value.is_some_and(|v| filter.iter().any(|f| f == v))
}

/// A scope as the label indices it allows (`None`: no filter), matched against the
/// indices the graph gave each line at load: the same test as [`Scope::matches`],
/// without reading the lines themselves.
pub(crate) struct LabelScope {
    years: Option<Vec<bool>>,
    org_units: Option<Vec<bool>>,
    categories: Option<Vec<bool>>,
}

impl LabelScope {
    pub fn new(scope: &Scope, graph: &Graph) -> LabelScope {
        let allowed = |filter: &[String], labels: &[String]| {
            (!filter.is_empty()).then(|| labels.iter().map(|l| filter.contains(l)).collect())
        };
        LabelScope {
            years: allowed(&scope.years, &graph.year_labels),
            org_units: allowed(&scope.org_units, &graph.org_labels),
            categories: allowed(&scope.categories, &graph.category_labels),
        }
    }

    /// Whether line `l`, of either direction, matches.
    pub fn matches(&self, graph: &Graph, l: usize) -> bool {
        self.matches_labels(graph.line_year.get(l), graph.line_org.get(l))
            && allows(&self.categories, graph.line_category.get(l))
    }

    /// Whether a year and an org unit (label indices) match, whatever the category.
    pub fn matches_labels(&self, year: Option<usize>, org_unit: Option<usize>) -> bool {
        allows(&self.years, year) && allows(&self.org_units, org_unit)
    }
}

/// The expenditure lines in `scope`, in plan order, one at a time: the same test as
/// [`Scope::contains`], on the graph's label indices.
pub(crate) fn lines_in_scope<'a>(
    graph: &'a Graph,
    scope: &Scope,
) -> impl Iterator<Item = usize> + 'a {
    let within = LabelScope::new(scope, graph);
    (0..graph.line_revenue.len())
        .filter(move |&l| !graph.line_revenue[l] && within.matches(graph, l))
}

fn allows(allowed: &Option<Vec<bool>>, label: Option<usize>) -> bool {
    match allowed {
        None => true,
        Some(a) => label.is_some_and(|i| a.get(i).copied().unwrap_or(false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn filters_combine_and_revenue_is_out() {
        let mut line = BudgetLine::new("L", "1398", Decimal::ONE);
        line.org_unit = Some("D03".into());
        assert!(Scope::all().contains(&line));
        assert!(Scope::all().years(["1398", "1399"]).contains(&line));
        assert!(!Scope::all().years(["1399"]).contains(&line));
        assert!(Scope::all().org_units(["D03"]).contains(&line));
        assert!(!Scope::all().categories(["capital"]).contains(&line));
        line.direction = Direction::Revenue;
        assert!(!Scope::all().contains(&line));
    }
}
