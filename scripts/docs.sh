#!/usr/bin/env bash
# Builds the documentation site into target/site/ — one static folder: the guides for a
# budget office, an analyst and a web developer (docs/guides/, every example run by
# bindings-python/tests/test_docs.py), SPEC.md, the changelog, and the API of each
# language: Rust (rustdoc), Python (pdoc) and JavaScript (typedoc, from the generated
# TypeScript declarations). Needs .venv with the package installed (scripts/test.sh) and the
# npm package built (scripts/build-wasm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
site=target/site
rm -rf "$site" && mkdir -p "$site/guides"
.venv/bin/python -m pip install --quiet --disable-pip-version-check "markdown==3.8.2" "pdoc==15.0.4"

# Markdown pages, each a whole HTML page with the site's links.
.venv/bin/python scripts/docs_pages.py "$site"

RUSTDOCFLAGS="-D warnings" cargo doc --quiet --locked --no-deps -p goldthread
cp -r target/doc "$site/rust"

.venv/bin/python -m pdoc --docformat restructuredtext -o "$site/python" goldthread goldthread.dask

bindings-wasm/node_modules/.bin/typedoc --logLevel Warn --tsconfig bindings-wasm/tests/tsconfig.json \
  --entryPoints bindings-wasm/pkg/web/goldthread.d.ts --out "$site/js" --name "goldthread (npm)" --disableSources \
  --readme bindings-wasm/README.md

for page in index.html spec.html changelog.html guides/budget-office.html guides/analyst.html \
  guides/web-developer.html rust/goldthread/index.html python/goldthread.html js/index.html; do
  [ -s "$site/$page" ] || { echo "docs: $site/$page is missing"; exit 1; }
done
.venv/bin/python scripts/docs_pages.py --check "$site"
echo "docs: $site/index.html"
