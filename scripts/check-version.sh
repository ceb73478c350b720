#!/usr/bin/env bash
# One version for everything: the workspace's (Cargo.toml [workspace.package]) must be the
# npm package's, the path dependency's, and have a section in CHANGELOG.md. The Python
# package takes it from Cargo.toml itself (maturin, `dynamic = ["version"]`).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
[ -n "$version" ] || { echo "no version in Cargo.toml [workspace.package]"; exit 1; }
fail=0
npm=$(sed -n 's/^  "version": "\(.*\)",/\1/p' bindings-wasm/package.json)
[ "$npm" = "$version" ] || { echo "bindings-wasm/package.json has version $npm, Cargo.toml $version"; fail=1; }
dep=$(sed -n 's/^goldthread = { path = "core", version = "\(.*\)" }/\1/p' Cargo.toml)
[ "$dep" = "$version" ] || { echo "the goldthread path dependency asks for $dep, the workspace is $version"; fail=1; }
grep -q "^## \[$version\]" CHANGELOG.md || { echo "CHANGELOG.md has no section for $version"; fail=1; }
grep -q 'dynamic = \["version"\]' bindings-python/pyproject.toml || { echo "bindings-python/pyproject.toml must take its version from Cargo.toml (dynamic)"; fail=1; }
[ $fail = 0 ] && echo "version $version everywhere"
exit $fail
