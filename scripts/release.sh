#!/usr/bin/env bash
# Builds what goldthread publishes, into target/dist/:
#   - the Python wheel: manylinux2014 (glibc 2.17 and newer), abi3 (one wheel for every
#     CPython from 3.9), linked by zig (the ziglang package from PyPI) so that it runs on
#     systems older than this one; and the sdist;
#   - the npm tarball of bindings-wasm/ (both builds, the TypeScript declarations, the
#     schemas, README and licences);
#   - the crates goldthread and goldthread-cli, packaged and verified by cargo.
# Needs .venv (scripts/test.sh makes it) and the wasm package built (scripts/build-wasm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/check-version.sh
dist=target/dist
rm -rf "$dist" && mkdir -p "$dist"
.venv/bin/python -m pip install --quiet --disable-pip-version-check "ziglang==0.15.1" "maturin==1.16.0"
PATH="$PWD/.venv/bin:$PATH" maturin build --quiet --release --manifest-path bindings-python/Cargo.toml \
  --compatibility manylinux2014 --zig --out "$dist"
PATH="$PWD/.venv/bin:$PATH" maturin sdist --manifest-path bindings-python/Cargo.toml --out "$dist"
(cd bindings-wasm && npm pack --silent --pack-destination "../$dist" >/dev/null)
# cargo verifies goldthread-cli against goldthread through a registry of its own in
# target/package, whose unpacked sources it keeps in CARGO_HOME and reuses while the version
# stays the same: a second run would build the CLI against the core as it was packaged
# before. Those unpacked copies (and the old packages) go first.
rm -rf target/package "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/goldthread-*
cargo package --quiet --locked -p goldthread -p goldthread-cli --allow-dirty
cp target/package/goldthread-*.crate "$dist/"
ls -l "$dist" | awk 'NR > 1 {print $5, $9}'
