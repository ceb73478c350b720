#!/usr/bin/env bash
# Builds the goldthread npm package (bindings-wasm/pkg/{node,web}) and the browser page
# (target/web/). Installs what it needs: the wasm32 target, the wasm-bindgen CLI at the
# exact version of the crate, and the npm packages (binaryen's wasm-opt, esbuild, d3-sankey).
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

# The CLI must match the wasm-bindgen crate exactly; the version is read from Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (was: ${have:-none})"
  # Not --locked: a crate it pins is missing from the registry mirror (BUILD-NOTES).
  cargo install --quiet wasm-bindgen-cli --version "=$want"
fi

(cd bindings-wasm && npm ci --no-audit --no-fund --silent)
(cd examples/web && npm ci --no-audit --no-fund --silent)

cargo build --quiet --locked --profile wasm --target wasm32-unknown-unknown -p goldthread-wasm
wasm=target/wasm32-unknown-unknown/wasm/goldthread_wasm.wasm

rm -rf bindings-wasm/pkg
for target in nodejs web; do
  dir=bindings-wasm/pkg/$([ $target = nodejs ] && echo node || echo web)
  wasm-bindgen --target $target --out-dir "$dir" --out-name goldthread "$wasm"
  # npm's binaryen, never Debian's (whose 108 makes modules that fail to load).
  bindings-wasm/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    "$dir/goldthread_bg.wasm" -o "$dir/goldthread_bg.wasm"
done
# The JSON Schemas of the plan file and the report ship with the package, and the licences
# (copied: npm packs no symbolic link).
mkdir -p bindings-wasm/pkg/schemas && cp schemas/*.schema.json bindings-wasm/pkg/schemas/
cp LICENSE-MIT LICENSE-APACHE bindings-wasm/pkg/
# wasm-bindgen's nodejs output is CommonJS; the package itself is ESM.
echo '{"type": "commonjs"}' > bindings-wasm/pkg/node/package.json

# The page: one folder that works from disk or any static server (wasm and the example
# plan are inlined by esbuild, d3-sankey bundled).
rm -rf target/web && mkdir -p target/web
examples/web/node_modules/.bin/esbuild examples/web/app.js --bundle --format=iife \
  --minify --loader:.wasm=binary --loader:.json=text --outfile=target/web/app.js --log-level=warning
cp examples/web/index.html examples/web/style.css target/web/

ls -l bindings-wasm/pkg/web/goldthread_bg.wasm target/web/app.js | awk '{print $5, $9}'
