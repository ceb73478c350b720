"""Every code example of the guides (docs/guides/*.md) runs: the Python blocks in order in
one namespace, each shell line with the goldthread command line, each node block with the
npm package (the bundler block is the page scripts/test-release.sh builds and opens)."""

import os
import pathlib
import re
import shutil
import subprocess

import pytest

import goldthread  # noqa: F401  (the package under test)

GUIDES = sorted((pathlib.Path(__file__).resolve().parents[2] / "docs/guides").glob("*.md"))
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)


def blocks(path, lang):
    return [body for kind, info, body in BLOCK.findall(path.read_text(encoding="utf-8"))
            if kind == lang and not info.strip()]


def test_there_are_three_guides_with_examples():
    assert [g.stem for g in GUIDES] == ["analyst", "budget-office", "web-developer"]
    assert all(BLOCK.search(g.read_text(encoding="utf-8")) for g in GUIDES)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.stem)
def test_python_blocks_run(root, guide, monkeypatch):
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    monkeypatch.chdir(root)
    scope = {}
    for code in blocks(guide, "python"):
        exec(compile(code, str(guide), "exec"), scope)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.stem)
def test_shell_blocks_run(root, cli, guide):
    env = dict(os.environ, PATH=f"{pathlib.Path(cli).parent}:{os.environ['PATH']}")
    (root / "target").mkdir(exist_ok=True)
    for code in blocks(guide, "sh"):
        for line in code.splitlines():
            if line.strip():
                assert line.startswith("goldthread "), f"{guide.name}: not a goldthread command: {line}"
                done = subprocess.run(["bash", "-c", line], cwd=root, env=env, capture_output=True, text=True)
                assert done.returncode == 0, f"{guide.name}: {line}\n{done.stderr}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda g: g.stem)
def test_node_blocks_run(root, guide):
    if not shutil.which("node") or not (root / "bindings-wasm/pkg/node/goldthread.js").exists():
        # scripts/test.sh runs these again once the package is built, and requires them.
        assert not os.environ.get("GOLDTHREAD_DOCS_NODE"), "the npm package is not built"
        pytest.skip("needs node and the npm package (scripts/build-wasm.sh)")
    for k, code in enumerate(blocks(guide, "js")):
        # Inside bindings-wasm/, `import … from "goldthread"` is the package itself.
        script = root / f"bindings-wasm/.docs-{guide.stem}-{k}.mjs"
        script.write_text(code, encoding="utf-8")
        try:
            done = subprocess.run(["node", str(script)], cwd=root, capture_output=True, text=True)
        finally:
            script.unlink()
        assert done.returncode == 0, f"{guide.name} block {k}:\n{done.stderr}"
