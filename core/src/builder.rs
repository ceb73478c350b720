//! Making a plan in code: a builder, and chainable links on the entities.

use crate::model::*;
use crate::plan::{LoadError, Plan};
use rust_decimal::Decimal;

/// Builds a plan in code. [`PlanBuilder::build`] runs every check a plan file gets.
///
/// ```
/// use goldthread::{BudgetLine, Goal, Phase, PlanBuilder, Program, Scope};
/// use rust_decimal::Decimal;
///
/// let plan = PlanBuilder::new("District 3, 1398")
///     .currency("IRR", 0)
///     .goal(Goal::new("G1", "Green, liveable city"))
///     .goal(Goal::new("G1.2", "Green space per resident").under("G1"))
///     .program(Program::new("PR-07", "Urban forest belt").to_goal("G1.2", None))
///     .line(BudgetLine::new("BL-1", "1398", Decimal::from(150)).funds_program("PR-07", None))
///     .build()?;
/// let report = plan.report(&Scope::all(), Phase::Amount);
/// assert_eq!(report.traceability.amount_ratio, Some(1.0));
/// # Ok::<(), goldthread::LoadError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PlanBuilder {
    data: PlanData,
}

impl PlanBuilder {
    /// A plan with a name, in a currency with two decimal places until told otherwise.
    pub fn new(name: impl Into<String>) -> PlanBuilder {
        PlanBuilder {
            data: PlanData {
                name: name.into(),
                precision: 2,
                ..PlanData::default()
            },
        }
    }

    /// The currency code and the decimal places of its smallest unit (0 for IRR).
    pub fn currency(mut self, code: impl Into<String>, precision: u32) -> Self {
        self.data.currency = Some(code.into());
        self.data.precision = precision;
        self
    }

    /// Adds an org unit; once one is added, every org unit named must be one of them.
    pub fn org_unit(mut self, unit: OrgUnit) -> Self {
        self.data.org_units.get_or_insert_with(Vec::new).push(unit);
        self
    }

    pub fn goal(mut self, goal: Goal) -> Self {
        self.data.goals.push(goal);
        self
    }

    pub fn program(mut self, program: Program) -> Self {
        self.data.programs.push(program);
        self
    }

    pub fn project(mut self, project: Project) -> Self {
        self.data.projects.push(project);
        self
    }

    pub fn line(mut self, line: BudgetLine) -> Self {
        self.data.budget_lines.push(line);
        self
    }

    /// Checks the plan; errors come back as a [`LoadError`] with every diagnostic.
    pub fn build(self) -> Result<Plan, LoadError> {
        Plan::from_data(self.data)
    }
}

impl Goal {
    /// Places the goal under a parent goal.
    pub fn under(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }
}

impl Program {
    /// Links the program to a goal, with a share or (`None`) an equal split.
    pub fn to_goal(mut self, goal: impl Into<String>, share: Option<Decimal>) -> Self {
        self.goals.push(GoalLink {
            goal: goal.into(),
            share,
        });
        self
    }
}

impl Project {
    /// Links the project to a program, with a share or (`None`) an equal split.
    pub fn to_program(mut self, program: impl Into<String>, share: Option<Decimal>) -> Self {
        self.programs.push(ProgramLink {
            program: program.into(),
            share,
        });
        self
    }
}

impl BudgetLine {
    /// Links the line to a project.
    pub fn funds_project(
        mut self,
        project: impl Into<CompactString>,
        share: Option<Decimal>,
    ) -> Self {
        self.funds.push(Funding {
            target: FundTarget::Project(project.into()),
            share,
        });
        self
    }

    /// Links the line to a program directly (operating costs).
    pub fn funds_program(
        mut self,
        program: impl Into<CompactString>,
        share: Option<Decimal>,
    ) -> Self {
        self.funds.push(Funding {
            target: FundTarget::Program(program.into()),
            share,
        });
        self
    }
}
