#!/usr/bin/env bash
# The page's speed in headless Chromium, against its budgets: each example opens (read,
# check, report, Sankey drawn) in at most a second and redraws after a filter, a phase
# and a what-if edit in at most 100 ms (median). The browser test records the times
# (target/page-timings.json); this bench runs it and holds them to the budgets. It is a
# bench, not a test, because a timed test fails on a busy machine rather than a slow page.
#
#   bash benches/page.sh        (after scripts/build-wasm.sh; needs chromium, as the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked -p goldthread-cli
node --test --test-name-pattern "every example opens" examples/web/tests/browser.test.mjs > /dev/null
python3 - <<'PY'
import json, sys
figures = json.load(open("target/page-timings.json"))
ok = True
print(f"{'example':<12} {'open ms':>8} {'redraw median ms':>17} {'redraw max ms':>14}  within budget")
for name, t in figures.items():
    within = t["open_ms"] <= 1000 and t["redraw_median_ms"] <= 100
    ok &= within
    print(f"{name:<12} {t['open_ms']:>8} {t['redraw_median_ms']:>17} {t['redraw_max_ms']:>14}  {'yes' if within else 'NO (1000 ms open, 100 ms redraw)'}")
sys.exit(0 if ok else 1)
PY
