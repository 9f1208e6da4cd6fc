"""One error model: exit codes from exception classes, every failure rendered in one place."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hprules import api
from hprules.cli import main

from .conftest import ROOT


def test_an_unexpected_exception_is_exit_70_and_asks_for_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(api, "check", broken)
    monkeypatch.delenv("HPRULES_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["check", "--root", str(ROOT), "--as-of", "2024-01-01"])
    assert result.exit_code == 70  # never 1, which means "overdue"
    assert result.stderr.splitlines() == [
        "hprules: dette er en programfeil i hprules, vennligst meld den: ZeroDivisionError: division by zero",
        "hprules: kjør på nytt med HPRULES_DEBUG=1 for å se hvor det skjedde",
    ]
    english = CliRunner().invoke(main, ["check", "--root", str(ROOT), "--as-of", "2024-01-01", "--lang", "en"])
    assert english.exit_code == 70 and english.stderr.splitlines()[0] == (
        "hprules: this is a bug in hprules, please report it: ZeroDivisionError: division by zero"
    )
    assert "Traceback" not in result.stderr

    monkeypatch.setenv("HPRULES_DEBUG", "1")
    debug = CliRunner().invoke(main, ["check", "--root", str(ROOT), "--as-of", "2024-01-01"])
    assert debug.exit_code == 70
    assert debug.stderr.startswith("Traceback (most recent call last):") and "in broken" in debug.stderr


def test_a_newline_in_a_value_does_not_split_its_message() -> None:
    result = CliRunner().invoke(main, ["check", "ro\nros", "--root", str(ROOT), "--as-of", "2024-01-01"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0] == "kommandolinjen: parten 'ro\\nros' finnes ikke; mente du 'roros'?"
