//! Reports on one plan, again and again in one process, as a notebook or a page does
//! after each filter change: the median time and how much fresh memory the last report
//! took from the system (Linux: the process's minor page faults).
//!
//!     cargo run --release -p goldthread-benches --example repeated_reports -- PLAN.json

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use goldthread::{Phase, Plan, Scope};
use std::time::{Duration, Instant};

/// Pages this process has been given since it started.
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let after = stat.rfind(')').map_or("", |i| &stat[i + 2..]);
    after
        .split(' ')
        .nth(7)
        .and_then(|f| f.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: repeated_reports PLAN.json");
    let plan = Plan::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut times: Vec<Duration> = Vec::new();
    let mut fresh_pages = 0;
    for _ in 0..31 {
        let (faults, start) = (minor_faults(), Instant::now());
        let report = plan.report(&Scope::all(), Phase::Amount);
        times.push(start.elapsed());
        fresh_pages = minor_faults() - faults;
        drop(report);
    }
    times.sort();
    println!(
        "{path}: report median {:.1} ms over {} runs; the last took {} MiB of fresh memory",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times.len(),
        fresh_pages * 4 / 1024
    );
}
