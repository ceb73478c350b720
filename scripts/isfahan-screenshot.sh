#!/usr/bin/env bash
# Renders the Isfahan example's Persian HTML report in headless Chromium and writes the top
# of the page (headline figures and the Sankey) to examples/isfahan/report-fa.png, the
# picture its README shows. Run it after a change to the report's look.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p goldthread-cli
out=$(mktemp -d)
target/release/goldthread report examples/isfahan/plan.json --format html --lang fa > "$out/report-fa.html"
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,960 \
  --screenshot="$out/report-fa.png" "file://$out/report-fa.html" 2>/dev/null
# Fewer colours: a third of the size, the same picture to the eye.
.venv/bin/python - "$out/report-fa.png" examples/isfahan/report-fa.png <<'PY'
import sys
from PIL import Image
Image.open(sys.argv[1]).convert("RGB").quantize(colors=128).save(sys.argv[2], optimize=True)
PY
rm -r "$out"
echo "wrote examples/isfahan/report-fa.png"
