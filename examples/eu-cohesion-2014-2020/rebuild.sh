#!/usr/bin/env bash
# Rebuilds plan.json from the European Commission's table with the mapping, then reports.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --quiet --release -p goldthread-cli -- import \
  --mapping examples/eu-cohesion-2014-2020/mapping.toml \
  examples/eu-cohesion-2014-2020/source/ESIF_2014-2020_FINANCES_PLANNED_DETAILS_190411.csv \
  > examples/eu-cohesion-2014-2020/plan.json
cargo run --quiet --release -p goldthread-cli -- report examples/eu-cohesion-2014-2020/plan.json
