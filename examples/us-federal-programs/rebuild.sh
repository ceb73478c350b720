#!/usr/bin/env bash
# Rebuilds table.csv from the source files (prepare.py, with crosswalk.csv), then plan.json
# with the mapping, then reports on fiscal year 2024.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 examples/us-federal-programs/prepare.py > examples/us-federal-programs/table.csv
cargo run --quiet --release -p goldthread-cli -- import \
  --mapping examples/us-federal-programs/mapping.toml examples/us-federal-programs/table.csv \
  > examples/us-federal-programs/plan.json
cargo run --quiet --release -p goldthread-cli -- report examples/us-federal-programs/plan.json --year 2024
