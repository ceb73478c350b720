//! The TypeScript declarations of every value the wasm package returns, generated from the
//! Rust types (ts-rs) so that the report contract is written once. The wasm package ships
//! them as `bindings-wasm/types/goldthread.d.ts`; its test fails when that file differs
//! from [`declarations`].

use crate::calendar::Calendar;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::diff::*;
use crate::export::{Sankey, SankeyLink, SankeyNode};
use crate::model::Phase;
use crate::report::*;
use crate::scenario::{Edit, Filter, LinkTo, Outcome, Scenario};
use crate::scope::Scope;
use crate::trace::{Trace, TracePath};
use ts_rs::{Config, TS};

/// One exported declaration of `T`.
fn export<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

/// Every declaration, in a fixed order, each once.
pub fn declarations() -> String {
    let cfg = Config::new();
    let mut out = String::from(
        "// Generated from goldthread's Rust types by ts-rs; do not edit.\n\
         // Regenerate: GOLDTHREAD_BLESS=1 cargo test -p goldthread-wasm --test types\n\n\
         /** A decimal amount, exact, as a string (\"1250000\", \"66.70\"). */\n\
         export type Amount = string;\n",
    );
    let parts = [
        export::<Phase>(&cfg),
        export::<Severity>(&cfg),
        export::<Code>(&cfg),
        export::<Diagnostic>(&cfg),
        export::<Scope>(&cfg),
        export::<Report>(&cfg),
        export::<Calendar>(&cfg),
        export::<FiscalYear>(&cfg),
        export::<ClassificationReport>(&cfg),
        export::<CodeReport>(&cfg),
        export::<CrossRow>(&cfg),
        export::<CodeAmount>(&cfg),
        export::<Traceability>(&cfg),
        export::<Leaks>(&cfg),
        export::<TopLeaks>(&cfg),
        export::<Contributor>(&cfg),
        export::<Breakdown>(&cfg),
        export::<Coverage>(&cfg),
        export::<GoalReport>(&cfg),
        export::<IndicatorReport>(&cfg),
        export::<RollupExecution>(&cfg),
        export::<ProgramReport>(&cfg),
        // ts-rs cannot flatten an `Option`: the optional earned value is added here as
        // what serde writes, every field of ProjectExecution or none.
        export::<ProjectReport>(&cfg).replacen("};", "} & Partial<ProjectExecution>;", 1),
        export::<ProjectExecution>(&cfg),
        export::<ExecutionSummary>(&cfg),
        export::<Lagging>(&cfg),
        export::<BalanceRow>(&cfg),
        export::<PhaseComparison>(&cfg),
        export::<PhaseRow>(&cfg),
        export::<Trace>(&cfg),
        export::<TracePath>(&cfg),
        export::<Sankey>(&cfg),
        export::<SankeyNode>(&cfg),
        export::<SankeyLink>(&cfg),
        export::<Diff>(&cfg),
        export::<Change>(&cfg),
        export::<Bridge>(&cfg),
        export::<RatioChange>(&cfg),
        export::<EntityChange>(&cfg),
        export::<KeyChange>(&cfg),
        export::<FlagChange>(&cfg),
        export::<EntityRef>(&cfg),
        export::<Renamed>(&cfg),
        export::<LinkChange>(&cfg),
        export::<LineChange>(&cfg),
        export::<LineMove>(&cfg),
        export::<Parent>(&cfg),
        export::<Relabel>(&cfg),
        export::<Scenario>(&cfg),
        export::<Edit>(&cfg),
        export::<Filter>(&cfg),
        export::<LinkTo>(&cfg),
        export::<Outcome>(&cfg),
    ];
    for part in parts {
        out.push('\n');
        out.push_str(&part);
    }
    out
}
