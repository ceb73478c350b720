#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets/) for SECONDS each (default 60), from a
# seed corpus made of the repository's own plans and tables. Installs what it needs: the
# nightly toolchain and cargo-fuzz. A crash stops the run and leaves its input in
# fuzz/artifacts/<target>/ (`cargo +nightly fuzz run <target> <file>` replays it).
#
#   bash scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install --quiet --locked cargo-fuzz

# Seeds: every plan file of the repository for the plan targets, every table for import
# (with a first byte choosing its mapping).
corpus=target/fuzz-corpus
rm -rf "$corpus" && mkdir -p "$corpus"/{plan,round_trip,import}
find examples tests/fixtures -name '*.json' -size -200k | while read -r f; do
  cp "$f" "$corpus/plan/$(echo "$f" | tr / _)"
done
cp "$corpus"/plan/* "$corpus"/round_trip/
find examples tests/fixtures -name '*.csv' -size -50k | head -200 | while read -r f; do
  { printf '\000'; cat "$f"; } > "$corpus/import/$(echo "$f" | tr / _)"
done

for target in plan import round_trip; do
  echo "fuzz: $target for ${seconds}s"
  log=target/fuzz-$target.log
  if ! (cd fuzz && cargo +nightly fuzz run --release "$target" "../$corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1) >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $target failed; a crashing input is kept in fuzz/artifacts/$target/"
    exit 1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
done
echo "fuzz: no failure"
