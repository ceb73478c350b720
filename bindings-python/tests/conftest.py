import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> str:
    """The goldthread command line, built by cargo (scripts/test.sh sets GOLDTHREAD_CLI)."""
    path = os.environ.get("GOLDTHREAD_CLI") or str(ROOT / "target" / "debug" / "goldthread")
    if not os.path.exists(path):
        subprocess.run(["cargo", "build", "-q", "-p", "goldthread-cli"], cwd=ROOT, check=True)
    assert os.path.exists(path), f"no goldthread binary at {path}"
    return path
