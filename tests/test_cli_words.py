"""What a new user reads when they mistype: in Norwegian by default, English with --lang en."""

from __future__ import annotations

from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import ROOT


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(ROOT)])


def error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    return result.stderr.splitlines()[-1]


def test_click_usage_errors_are_norwegian_by_default() -> None:
    cases = [
        (
            ("check", "--as-of", "2026-02-30"),
            "Feil: ugyldig verdi for '--as-of': '2026-02-30' er ikke en dato; skriv ÅÅÅÅ-MM-DD.",
        ),
        (("check", "--lang", "de"), "Feil: ugyldig verdi for '--lang': 'de' er ikke blant 'nb', 'en'."),
        (("chek",), "Feil: kommandoen 'chek' finnes ikke; mente du 'check'?"),
        (("check", "--bogus"), "Feil: valget '--bogus' finnes ikke."),
        (("explain", "roros"), "Feil: argumentet 'RULE' mangler."),
        (("approve", "x"), "Feil: valget '--by' mangler."),
        (("serve", "--port", "0"), "Feil: ugyldig verdi for '--port': '0' ligger utenfor 1–65535."),
    ]
    for args, line in cases:
        result = run(*args)
        assert error_line(result) == line, args
    assert "Prøv 'main check --help' for å få hjelp." in run("check", "--bogus").stderr


def test_click_usage_errors_are_english_with_lang_en() -> None:
    cases = [
        (
            ("check", "--as-of", "2026-02-30", "--lang", "en"),
            "Error: Invalid value for '--as-of': '2026-02-30' is not a date; write YYYY-MM-DD.",
        ),
        (("chek", "--lang=en"), "Error: No such command 'chek'. Did you mean 'check'?"),
        (("explain", "roros", "--lang", "en"), "Error: Missing argument 'RULE'."),
    ]
    for args, line in cases:
        assert error_line(run(*args)) == line, args
    assert "Try 'main check --help' for help." in run("check", "--bogus", "--lang", "en").stderr


def test_help_still_exits_0() -> None:
    assert run("check", "--help").exit_code == 0
    assert CliRunner().invoke(main, ["-h"]).exit_code == 0
