"""Shared fixtures: the shipped project, a writable copy of it, the seeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import settings

from hprules.reading.project import Project, load_project

# In CI the property tests draw the same examples every run, so a landing never
# depends on luck; on a developer's machine they keep exploring.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path | None:
    candidate = Path(os.environ.get("HPRULES_SOURCES", ROOT.parent / "shared" / "seeds"))
    return candidate if candidate.is_dir() else None


@pytest.fixture(scope="session")
def shipped() -> Project:
    return load_project(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the shipped rules and facts that a test may break."""
    for part in ("rules", "facts"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path


@pytest.fixture
def seeds() -> Path:
    found = seeds_dir()
    if found is None:
        pytest.skip("source documents (../shared/seeds or HPRULES_SOURCES) not present")
    return found


def assert_handled(result: Result) -> None:
    """The command ended as the CLI meant it to: CliRunner never prints a traceback, and an
    uncaught exception exits 1 there like a finding does, so look at the exception itself."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
