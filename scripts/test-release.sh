#!/usr/bin/env bash
# Builds the release artifacts (scripts/release.sh) and uses each as its users would:
# the wheel installed into a fresh virtual environment with no Rust on PATH, running the
# Isfahan report and the notebook's first cells; the npm tarball installed into a fresh node
# project and into a page built by esbuild, run in headless Chromium. The crates were
# packaged and verified by release.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/release.sh
root=$PWD
work=target/release-test
rm -rf "$work" && mkdir -p "$work"

# Python: no cargo, no rustc — only what an analyst's laptop has.
bare="/usr/local/bin:/usr/bin:/bin"
if PATH=$bare command -v cargo >/dev/null || PATH=$bare command -v rustc >/dev/null; then
  echo "Rust is on $bare: the wheel test would not prove an install without Rust"; exit 1
fi
python=${PYTHON:-python3}
"$python" -m venv "$work/py"
wheel=$(ls target/dist/goldthread-*-abi3-*manylinux*.whl)
env -i HOME="$HOME" PATH="$bare" "$work/py/bin/python" -m pip install --quiet --disable-pip-version-check \
  --only-binary=:all: "$wheel" pandas pyarrow
env -i HOME="$HOME" PATH="$bare" "$work/py/bin/python" scripts/release/notebook_cells.py

# npm in node: a fresh project, the tarball installed as a user installs it.
tarball=$(ls "$root"/target/dist/goldthread-*.tgz)
mkdir -p "$work/node" && cp scripts/release/node-app.mjs "$work/node/app.mjs"
(cd "$work/node" && echo '{"name": "try-goldthread", "private": true, "type": "module"}' > package.json \
  && npm install --silent --no-audit --no-fund "$tarball" && node app.mjs "$root/examples/isfahan/plan.json")

# npm in a page: bundled by esbuild (the page's own), run in headless Chromium.
mkdir -p "$work/page" && cp scripts/release/page-app.js scripts/release/page.html "$work/page/"
(cd "$work/page" && echo '{"name": "try-goldthread-page", "private": true}' > package.json \
  && npm install --silent --no-audit --no-fund "$tarball" \
  && "$root/examples/web/node_modules/.bin/esbuild" page-app.js --bundle --format=iife \
       --loader:.wasm=binary --loader:.json=text --outfile=bundle.js --log-level=warning)
node scripts/release/run-page.mjs "$work/page/page.html"
# The Rust developer's way to the command: `cargo install --path cli` (a debug build here,
# sharing the tests' build; the packaged crates were built by release.sh's verification).
cargo install --quiet --locked --debug --path cli --root "$work/cargo" --target-dir target
"$work/cargo/bin/goldthread" report examples/isfahan/plan.json --format json > "$work/cargo/report.json"
grep -q '"traced_amount": "59977417600000"' "$work/cargo/report.json"

echo "scripts/test-release.sh: the wheel, the npm package and the crates work as published"
