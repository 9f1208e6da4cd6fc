"""Shared fixtures: the shipped project, a writable copy of it, the seeds, the
external tools a test needs, and a feed server on a free port."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import Result
from hypothesis import settings

from hprules.reading.project import Project, load_project
from hprules.server import FeedStore, make_app, make_server

# In CI the property tests draw the same examples every run, so a landing never
# depends on luck; on a developer's machine they keep exploring.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent

# Set by .ci/run: there a missing tool fails the test instead of skipping it, so a
# green run never means "the parser and browser tests did not run".
REQUIRE_TOOLS = os.environ.get("HPRULES_REQUIRE_TOOLS") == "1"


def missing(what: str, install: str = ".ci/run installs it") -> NoReturn:
    """Skip the test for want of `what`, or fail it under HPRULES_REQUIRE_TOOLS=1."""
    if REQUIRE_TOOLS:
        pytest.fail(f"{what} is missing ({install})")
    pytest.skip(f"{what} is missing")


def require(available: bool, what: str, install: str = ".ci/run installs it") -> None:
    if not available:
        missing(what, install)


def tool(*names: str, install: str = ".ci/run installs it") -> str:
    """The path of the first of `names` found beside this Python (a tool of the venv) or on
    PATH; skips or fails the test (see `missing`) when none is."""
    for name in names:
        beside = Path(sys.executable).parent / name
        found = str(beside) if beside.exists() else shutil.which(name)
        if found is not None:
            return found
    missing(" or ".join(names), install)


@contextmanager
def serving(store: FeedStore) -> Iterator[str]:
    """`hprules serve`'s waitress server for `store` in a thread on a free port: its base URL."""
    server = make_server(store, "127.0.0.1", 0, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()


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
        missing("the source documents (../shared/seeds)", "or set HPRULES_SOURCES")
    return found


def assert_handled(result: Result) -> None:
    """The command ended as the CLI meant it to: CliRunner never prints a traceback, and an
    uncaught exception exits 1 there like a finding does, so look at the exception itself."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def check_findings(result: Result) -> list[dict[str, Any]]:
    """The findings `check --format json` printed, once the run is seen to have ended as the CLI
    means: no uncaught exception, and exit 1 exactly when a finding shown is an overdue
    obligation, else 0 (README, "check"). A crash or a bug (70) never passes."""
    assert_handled(result)
    found: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    overdue = [f for f in found if f["kind"] == "obligation" and f["status"] == "overdue"]
    assert result.exit_code == (1 if overdue else 0), (result.exit_code, overdue, result.output[-2000:])
    return found


def answer_with_a_bug(
    store: FeedStore, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple[str, list[tuple[str, str]], Any]], bytes]:
    """GET / from a store whose index raises KeyError('page'): what start_response was
    given (status, headers, exc_info) and the body, without HPRULES_DEBUG."""

    def broken(host: str) -> None:
        raise KeyError("page")

    monkeypatch.setattr(store, "index", broken)
    monkeypatch.delenv("HPRULES_DEBUG", raising=False)
    got: list[tuple[str, list[tuple[str, str]], Any]] = []
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_HOST": "localhost"}
    answer = make_app(store)(environ, lambda status, headers, exc_info=None: got.append((status, headers, exc_info)))
    return got, b"".join(answer)
