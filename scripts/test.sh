#!/usr/bin/env bash
# Runs every test of goldthread, installing what it needs first. This is the README's
# test command, and .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

step="start"
trap 'status=$?; if [ $status -ne 0 ]; then echo "scripts/test.sh: FAILED at step: $step (exit $status)" >&2; fi' EXIT

step="toolchain components"
if command -v rustup >/dev/null 2>&1; then
  rustup component add rustfmt clippy >/dev/null 2>&1 || true
fi

# Insta must never write snapshots in a test run: a changed report is a failure to review.
export INSTA_UPDATE=no

step="cargo fmt --check"
cargo fmt --all --check

step="cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step="cargo test"
cargo test --workspace --locked

step="benches compile"
cargo bench --quiet --locked -p goldthread-benches --no-run

step="rustdoc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p goldthread --locked --quiet

step="example: headline"
cargo run --quiet --locked -p goldthread --example headline >/dev/null

step="one version everywhere"
bash scripts/check-version.sh

step="example: CLI report on Isfahan"
cargo run --quiet --locked -p goldthread-cli -- report examples/isfahan/plan.json >/dev/null

step="python: virtual environment"
python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r bindings-python/requirements-dev.txt

step="python: build and install the package (maturin)"
# maturin must be on PATH for a build without isolation (BUILD-NOTES).
PATH="$PWD/.venv/bin:$PATH" .venv/bin/python -m pip install --quiet --disable-pip-version-check \
  --no-build-isolation --force-reinstall --no-deps ./bindings-python

step="python: pytest (package and notebook)"
cargo build --quiet --locked -p goldthread-cli
GOLDTHREAD_CLI="$PWD/target/debug/goldthread" .venv/bin/python -m pytest -q bindings-python/tests

step="wasm: build the npm package and the page"
bash scripts/build-wasm.sh

step="wasm: node tests"
export GOLDTHREAD_CLI="$PWD/target/debug/goldthread"
node --test bindings-wasm/tests/

step="wasm: TypeScript declarations"
bindings-wasm/node_modules/.bin/tsc --noEmit -p bindings-wasm/tests/tsconfig.json

step="docs: the guides' node examples, and the site builds"
GOLDTHREAD_DOCS_NODE=1 .venv/bin/python -m pytest -q bindings-python/tests/test_docs.py -k node
bash scripts/docs.sh

step="browser: Chromium from Debian"
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

step="browser: page tests in headless Chromium"
node --test examples/web/tests/

step="release: the wheel without Rust, the npm tarball in node and in a bundled page, the crates"
bash scripts/test-release.sh

step="done"
echo "scripts/test.sh: all tests passed"
