#!/usr/bin/env bash
# goldthread against what an analyst would write instead (benches/baseline/attribution.py,
# vectorised pandas), on the same synthetic plan files: end-to-end wall time of each, the
# ratio, and goldthread's peak memory. Both compute the same traced amount.
#
#   bash benches/compare.sh [LINES...]      (default: 10000 100000 1000000)
#
# Then the same plans as CSV tables: report --tables against DuckDB, and a flat budget
# table of as many rows through a mapping: report --mapping against DuckDB (needs duckdb).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 100000 1000000}")
[ $# -gt 0 ] || sizes=(10000 100000 1000000)
python=${PYTHON:-.venv/bin/python}
"$python" -c "import pandas" 2>/dev/null || { echo "needs pandas: pip install pandas (bash scripts/test.sh makes .venv)"; exit 2; }
cargo build --quiet --release --locked -p goldthread-cli
bin=target/release/goldthread
dir=target/bench-plans
mkdir -p "$dir"
# The best of three runs of goldthread with ARGS (its report written to OUT): sets best
# (seconds), peak (MB) and gt_traced.
goldthread_best() {
  local out_file=$1; shift
  best=""; peak=0
  for _ in 1 2 3; do
    out=$( { /usr/bin/time -f '%e %M' "$bin" "$@" --format json > "$out_file"; } 2>&1 | tail -1 )
    read -r secs kb <<<"$out"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    peak=$(( kb / 1000 ))
  done
  gt_traced=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['traceability']['traced_amount'])" "$out_file")
}

# The best of three runs of a baseline script on INPUT: sets base_best and base_traced.
baseline_best() {
  base_best=""; base_traced=""
  for _ in 1 2 3; do
    res=$("$python" "$1" "$2")
    secs=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$res")
    base_traced=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['traced_amount'])" "$res")
    if [ -z "$base_best" ] || awk "BEGIN{exit !($secs < $base_best)}"; then base_best=$secs; fi
  done
}

printf '%-9s %9s %12s %12s %9s %10s %s\n' lines "file MB" "goldthread s" "pandas s" ratio "peak MB" "traced equal"
for n in "${sizes[@]}"; do
  plan="$dir/synth-$n.json"
  [ -s "$plan" ] || "$bin" synth --lines "$n" --seed 1 > "$plan"
  mb=$(( $(stat -c %s "$plan") / 1000000 ))
  goldthread_best "$dir/report.json" report "$plan"
  baseline_best benches/baseline/attribution.py "$plan"
  ratio=$(awk "BEGIN{printf \"%.1f\", $base_best / $best}")
  printf '%-9s %9s %12s %12.2f %8sx %10s %s\n' "$n" "$mb" "$best" "$base_best" "$ratio" "$peak" "$([ "$gt_traced" = "$base_traced" ] && echo yes || echo "no ($gt_traced vs $base_traced)")"
done

# The same plans kept as CSV tables (export --to csv): goldthread reporting straight from
# the tables (report --tables, nothing written in between) against DuckDB's SQL over the
# same files (benches/baseline/attribution_duckdb.py). Needs duckdb in the venv.
if "$python" -c "import duckdb" 2>/dev/null; then
  echo
  printf '%-9s %12s %10s %9s %10s %s\n' lines "goldthread s" "duckdb s" ratio "peak MB" "traced equal"
  for n in "${sizes[@]}"; do
    plan="$dir/synth-$n.json"
    tables="$dir/synth-$n-tables"
    [ -s "$tables/budget_lines.csv" ] || "$bin" export "$plan" --to csv --out "$tables"
    goldthread_best "$dir/report-tables.json" report --tables "$tables"
    baseline_best benches/baseline/attribution_duckdb.py "$tables"
    ratio=$(awk "BEGIN{printf \"%.2f\", $base_best / $best}")
    printf '%-9s %12s %10.2f %8sx %10s %s\n' "$n" "$best" "$base_best" "$ratio" "$peak" "$([ "$gt_traced" = "$base_traced" ] && echo yes || echo "no ($gt_traced vs $base_traced: DuckDB's shares are floats)")"
  done

  # A flat budget table read through a mapping (a Fiscal Data Package's descriptor):
  # report --mapping against DuckDB's group-bys over the same file
  # (benches/baseline/mapped_duckdb.py), money exact on both sides.
  echo
  printf '%-9s %12s %10s %9s %10s %s\n' rows "goldthread s" "duckdb s" ratio "peak MB" "traced equal"
  for n in "${sizes[@]}"; do
    fdp="$dir/fdp-$n"
    [ -s "$fdp/budget.csv" ] || python3 benches/fdp-synth.py "$n" "$fdp"
    goldthread_best "$dir/report-fdp.json" report --mapping "$fdp/datapackage.json" "$fdp/budget.csv"
    baseline_best benches/baseline/mapped_duckdb.py "$fdp/budget.csv"
    ratio=$(awk "BEGIN{printf \"%.2f\", $base_best / $best}")
    printf '%-9s %12s %10.2f %8sx %10s %s\n' "$n" "$best" "$base_best" "$ratio" "$peak" "$([ "$gt_traced" = "$base_traced" ] && echo yes || echo "no ($gt_traced vs $base_traced)")"
  done
else
  echo "(no duckdb in $python: pip install duckdb==2.0.1 to compare with a SQL engine)"
fi
