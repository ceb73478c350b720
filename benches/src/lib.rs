//! Benchmarks live in `benches/plan.rs`; see BENCHMARKS.md at the repository root.
