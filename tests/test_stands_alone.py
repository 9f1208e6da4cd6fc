"""The repository stands alone: it points at its own docs, not at notes kept beside it."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import ROOT


def tracked_files() -> list[str]:
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git work tree")
    return listed.stdout.splitlines()


def test_nothing_points_at_notes_outside_the_repository() -> None:
    outside = ("DOMAIN" + ".md", "ENGINEERING" + ".md")  # spelled apart: this file is tracked too
    found = []
    for name in tracked_files():
        path = ROOT / name
        if not path.is_file() or path.suffix not in {".py", ".md", ".toml", ".cfg", ".yaml", ".txt", ""}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {note}" for note in outside if note in text]
    assert found == []


def test_what_the_notes_held_is_in_the_docs() -> None:
    conventions = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    engine = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    assert "the start day is not counted" in conventions
    assert "domstolloven §§ 148–149" in conventions
    assert "DeprecationWarning" in engine and "3.12" in engine and "3.13" in engine
