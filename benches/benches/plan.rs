//! Load (parse + check + build; from text in memory and from a file), report and trace on
//! synthetic plans of 10k and 100k lines (and 1M with GOLDTHREAD_BENCH_1M=1). See
//! BENCHMARKS.md for the figures and how to run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use goldthread::{Phase, Plan, Scope};
use std::hint::black_box;
use std::time::Duration;

fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("GOLDTHREAD_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}

fn plan_text(lines: usize) -> String {
    Plan::from_data(goldthread::synth::plan(lines, 1))
        .unwrap()
        .to_json_compact()
}

fn bench(c: &mut Criterion) {
    for lines in sizes() {
        let text = plan_text(lines);
        let plan = Plan::from_json(&text).unwrap();
        let samples = if lines >= 1_000_000 { 10 } else { 20 };

        let mut g = c.benchmark_group("load");
        g.sample_size(samples)
            .measurement_time(Duration::from_secs(10));
        g.throughput(Throughput::Bytes(text.len() as u64));
        // Each load is timed on its own and the plan dropped outside the timing: freeing a
        // plan is not loading it (at 1M lines the drop takes about 70 ms more, which the
        // CLI never pays: it exits without freeing).
        g.bench_with_input(BenchmarkId::from_parameter(lines), &text, |b, t| {
            b.iter_batched(
                || (),
                |()| Plan::from_json(black_box(t)).unwrap(),
                BatchSize::PerIteration,
            )
        });
        // The same text from a file (as the CLI and Python's `Plan.load` read it): parsed a
        // window at a time, never held whole (the file is in the page cache after the
        // first run).
        let file = std::env::temp_dir().join(format!("goldthread-bench-{lines}.json"));
        std::fs::write(&file, &text).unwrap();
        g.bench_with_input(BenchmarkId::new("file", lines), &file, |b, f| {
            b.iter_batched(
                || (),
                |()| Plan::from_path(black_box(f)).unwrap(),
                BatchSize::PerIteration,
            )
        });
        g.finish();
        std::fs::remove_file(&file).ok();

        let mut g = c.benchmark_group("report");
        g.sample_size(samples)
            .measurement_time(Duration::from_secs(10));
        g.bench_with_input(BenchmarkId::new("all", lines), &plan, |b, p| {
            b.iter(|| p.report(black_box(&Scope::all()), Phase::Amount))
        });
        let filter = Scope::all().years(["1398"]).org_units(["D03"]);
        g.bench_with_input(
            BenchmarkId::new("one year and unit", lines),
            &plan,
            |b, p| b.iter(|| p.report(black_box(&filter), Phase::Amount)),
        );
        g.finish();

        let mut g = c.benchmark_group("trace");
        g.sample_size(samples);
        let project = format!("PJ{}", lines / 20);
        g.bench_with_input(BenchmarkId::new("line", lines), &plan, |b, p| {
            b.iter(|| {
                p.trace(black_box("BL7"), &Scope::all(), Phase::Amount)
                    .unwrap()
            })
        });
        g.bench_with_input(BenchmarkId::new("project", lines), &plan, |b, p| {
            b.iter(|| {
                p.trace(black_box(&project), &Scope::all(), Phase::Amount)
                    .unwrap()
            })
        });
        g.finish();
    }
}

/// What this machine charges for memory a process touches for the first time (the
/// kernel finds, zeroes and maps each 4 KiB page): the floor under any step that builds
/// something new. 256 MiB is what a 1M-line plan's budget lines take; BENCHMARKS.md
/// weighs the 1M figures against it.
fn fresh_memory(c: &mut Criterion) {
    const BYTES: usize = 256 << 20;
    let mut g = c.benchmark_group("machine");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(BYTES as u64));
    g.bench_function("first touch of 256 MiB", |b| {
        b.iter_batched(
            || (),
            |()| {
                // Zeroed by the kernel on first touch, not by `vec!`: one write per page.
                let mut v = vec![0u8; BYTES];
                for i in (0..BYTES).step_by(4096) {
                    v[i] = 1;
                }
                v
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench, fresh_memory);
criterion_main!(benches);
