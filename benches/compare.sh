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
printf '%-9s %9s %12s %12s %9s %10s %s\n' lines "file MB" "goldthread s" "pandas s" ratio "peak MB" "traced equal"
for n in "${sizes[@]}"; do
  plan="$dir/synth-$n.json"
  [ -s "$plan" ] || "$bin" synth --lines "$n" --seed 1 > "$plan"
  mb=$(( $(stat -c %s "$plan") / 1000000 ))
  best=""; peak=0; gt_traced=""
  for _ in 1 2 3; do
    out=$( { /usr/bin/time -f '%e %M' "$bin" report "$plan" --format json > "$dir/report.json"; } 2>&1 )
    read -r secs kb <<<"$out"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    peak=$(( kb / 1000 ))
  done
  gt_traced=$("$python" -c "import json; print(json.load(open('$dir/report.json'))['traceability']['traced_amount'])")
  pd_best=""; pd_traced=""
  for _ in 1 2 3; do
    res=$("$python" benches/baseline/attribution.py "$plan")
    secs=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$res")
    pd_traced=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['traced_amount'])" "$res")
    if [ -z "$pd_best" ] || awk "BEGIN{exit !($secs < $pd_best)}"; then pd_best=$secs; fi
  done
  ratio=$(awk "BEGIN{printf \"%.1f\", $pd_best / $best}")
  printf '%-9s %9s %12s %12.2f %8sx %10s %s\n' "$n" "$mb" "$best" "$pd_best" "$ratio" "$peak" "$([ "$gt_traced" = "$pd_traced" ] && echo yes || echo "no ($gt_traced vs $pd_traced)")"
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
    best=""; peak=0
    for _ in 1 2 3; do
      out=$( { /usr/bin/time -f '%e %M' "$bin" report --tables "$tables" --format json > "$dir/report-tables.json"; } 2>&1 | tail -1 )
      read -r secs kb <<<"$out"
      if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
      peak=$(( kb / 1000 ))
    done
    gt_traced=$("$python" -c "import json; print(json.load(open('$dir/report-tables.json'))['traceability']['traced_amount'])")
    db_best=""; db_traced=""
    for _ in 1 2 3; do
      res=$("$python" benches/baseline/attribution_duckdb.py "$tables")
      secs=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$res")
      db_traced=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['traced_amount'])" "$res")
      if [ -z "$db_best" ] || awk "BEGIN{exit !($secs < $db_best)}"; then db_best=$secs; fi
    done
    ratio=$(awk "BEGIN{printf \"%.2f\", $db_best / $best}")
    printf '%-9s %12s %10.2f %8sx %10s %s\n' "$n" "$best" "$db_best" "$ratio" "$peak" "$([ "$gt_traced" = "$db_traced" ] && echo yes || echo "no ($gt_traced vs $db_traced: DuckDB's shares are floats)")"
  done

  # A flat budget table read through a mapping (a Fiscal Data Package's descriptor):
  # report --mapping against DuckDB's group-bys over the same file
  # (benches/baseline/mapped_duckdb.py), money exact on both sides.
  echo
  printf '%-9s %12s %10s %9s %10s %s\n' rows "goldthread s" "duckdb s" ratio "peak MB" "traced equal"
  for n in "${sizes[@]}"; do
    fdp="$dir/fdp-$n"
    [ -s "$fdp/budget.csv" ] || python3 benches/fdp-synth.py "$n" "$fdp"
    best=""; peak=0
    for _ in 1 2 3; do
      out=$( { /usr/bin/time -f '%e %M' "$bin" report --mapping "$fdp/datapackage.json" "$fdp/budget.csv" --format json > "$dir/report-fdp.json"; } 2>&1 | tail -1 )
      read -r secs kb <<<"$out"
      if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
      peak=$(( kb / 1000 ))
    done
    gt_traced=$("$python" -c "import json; print(json.load(open('$dir/report-fdp.json'))['traceability']['traced_amount'])")
    db_best=""; db_traced=""
    for _ in 1 2 3; do
      res=$("$python" benches/baseline/mapped_duckdb.py "$fdp/budget.csv")
      secs=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$res")
      db_traced=$("$python" -c "import json,sys; print(json.loads(sys.argv[1])['traced_amount'])" "$res")
      if [ -z "$db_best" ] || awk "BEGIN{exit !($secs < $db_best)}"; then db_best=$secs; fi
    done
    ratio=$(awk "BEGIN{printf \"%.2f\", $db_best / $best}")
    printf '%-9s %12s %10.2f %8sx %10s %s\n' "$n" "$best" "$db_best" "$ratio" "$peak" "$([ "$gt_traced" = "$db_traced" ] && echo yes || echo "no ($gt_traced vs $db_traced)")"
  done
else
  echo "(no duckdb in $python: pip install duckdb==2.0.1 to compare with a SQL engine)"
fi
