"""What a new user reads when they mistype: in Norwegian by default, English with --lang en."""

from __future__ import annotations

import subprocess
from pathlib import Path

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
    a_file = str(ROOT / "README.md")
    result = CliRunner().invoke(main, ["check", "--root", a_file])
    assert error_line(result) == f"Feil: ugyldig verdi for '--root': '{a_file}' er ikke en mappe."


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


def test_no_command_shows_the_help_as_click_does() -> None:
    result = CliRunner().invoke(main, [])
    assert result.exit_code == 2
    assert "Commands:" in result.stderr and "Feil" not in result.stderr


CL = "kommandolinjen: "


def test_a_mistyped_party_rule_or_fact_gets_a_suggestion() -> None:
    cases = [
        (("check", "heimm"), CL + "parten 'heimm' finnes ikke; mente du 'heim'?"),
        (("explain", "heimm", "shares-purchase"), CL + "parten 'heimm' finnes ikke; mente du 'heim'?"),
        (
            ("explain", "heim", "shares-purchse"),
            CL + "regelen 'shares-purchse' finnes ikke; mente du 'shares-purchase'?",
        ),
        (
            ("check", "--set", "go_livee=2025"),
            CL + "--set go_livee: faktumet finnes ikke; mente du 'go_live'",
        ),
        (
            ("record", "hiem", "go_live", "2025", "--source", "x", "--dry-run"),
            CL + "parten 'hiem' finnes ikke; mente du 'heim'?",
        ),
    ]
    for args, start in cases:
        line = run(*args).stderr.splitlines()[0]
        assert line.startswith(start), (args, line)
        assert "afjord" not in line, "a close name is given: the 40 parties are not listed"
    no_guess = run("check", "zzz", "--lang", "en").stderr.splitlines()[0]
    assert no_guess.startswith("command line: unknown party 'zzz'; known: afjord, alesund,"), no_guess


def test_a_mistyped_fact_or_field_in_a_fact_file_gets_one_problem_with_a_suggestion(project_copy: Path) -> None:
    molde = project_copy / "facts" / "parties" / "molde.yaml"
    text = molde.read_text(encoding="utf-8")
    assert text.count("    on_or_before: 2023-04-30") == 1
    molde.write_text(text.replace("    on_or_before: 2023-04-30", "    on_or_befor: 2023-04-30"), encoding="utf-8")
    afjord = project_copy / "facts" / "parties" / "afjord.yaml"
    afjord.write_text(
        afjord.read_text(encoding="utf-8").replace("  shares_purchased:", "  shares_purchasd:"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["validate", "--root", str(project_copy), "--lang", "en"])
    problems = [line for line in result.stderr.splitlines() if "warning" not in line]
    assert result.exit_code == 2
    assert problems[-1] == "hprules: 2 problems; nothing was evaluated", problems
    assert "unknown fact 'shares_purchasd'" in problems[0] and problems[0].endswith("did you mean 'shares_purchased'?")
    assert "unknown field 'on_or_befor'" in problems[1] and "did you mean 'on_or_before'?" in problems[1]


def yaml_problem(root: Path, text: str, lang: str) -> str:
    """The one problem `validate` reports for facts/region.yaml written as `text`."""
    (root / "facts" / "region.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--lang", lang])
    assert result.exit_code == 2, result.output
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("facts/region.yaml")]
    return line


def test_yaml_syntax_errors_are_worded_and_placed_where_the_fix_is(project_copy: Path) -> None:
    cases = [
        # a tab at the start of a line, and one inside a folded text
        ("facts:\n\tgo_live: 2022\n", "2:1", "et tabulatortegn i innrykket; YAML krever mellomrom"),
        ("note:\n  nb: >-\n    tekst\n\tmer\n", "4:1", "et tabulatortegn i innrykket; YAML krever mellomrom"),
        # the quote opened on line 2 (column 10) is never closed: the file ends on line 4
        ('facts:\n  quote: "Eiere per\n  x: 1\n', "2:10", "anførselstegnet som begynner her, lukkes ikke"),
        ("facts: a: b\n", "1:9", "et kolon (nøkkel: verdi) kan ikke stå her"),
        # the key 'c' on line 3 has no colon; libyaml notices on line 4
        (
            "facts:\n  - b\n  c\n",
            "3:3",
            "fant ikke kolonet (':') etter nøkkelen som begynner her; kontroller innrykket",
        ),
    ]
    for text, place, words in cases:
        line = yaml_problem(project_copy, text, "nb")
        assert line.startswith(f"facts/region.yaml:{place}: YAML-syntaksfeil: {words}"), (text, line)
    english = yaml_problem(project_copy, "facts:\n\tgo_live: 2022\n", "en")
    assert english == "facts/region.yaml:2:1: YAML syntax error: a tab character in the indentation; YAML needs spaces"


def test_record_and_approve_say_nothing_was_written() -> None:
    record = ("record", "hiem", "go_live", "2025", "--source", "x", "--by", "K")
    assert run(*record).stderr.splitlines()[-1] == "hprules: 1 feil; ingenting er skrevet"
    assert run(*record, "--lang", "en").stderr.splitlines()[-1] == "hprules: 1 problem; nothing was written"
    approve = ("approve", "no-such-rule", "--by", "K")
    assert run(*approve).stderr.splitlines()[-1] == "hprules: 1 feil; ingenting er skrevet"
    assert run("check", "hiem").stderr.splitlines()[-1] == "hprules: 1 feil; ingenting ble vurdert"


def test_a_recording_git_would_not_commit_says_the_file_was_written(project_copy: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project_copy), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.name", "Kari Test")
    git("config", "user.email", "kari@example.invalid")
    git("add", "-A")
    git("commit", "-q", "-m", "shipped")
    hook = project_copy / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by hook >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    args = ["record", "orkland", "go_live", "2025-04", "--source", "x", "--as-of", "2026-01-01"]
    result = CliRunner().invoke(main, [*args, "--root", str(project_copy)])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == "hprules: 1 feil; filen er skrevet, men ikke committet"
    assert "go_live:" in (project_copy / "facts" / "parties" / "orkland.yaml").read_text(encoding="utf-8")


def test_a_mistyped_field_or_fact_in_a_rule_file_is_one_problem_with_a_suggestion(project_copy: Path) -> None:
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    kind: ", "    knd: ", 1).replace(
        "trigger: service_agreement_signed", "trigger: sa_sgned", 1
    )
    text = text.replace("trigger: sa_sgned", "trigger: service_agreement_sgned")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(project_copy), "--lang", "en"])
    problems = [line for line in result.stderr.splitlines() if "warning" not in line]
    assert problems[-1] == "hprules: 2 problems; nothing was evaluated", problems
    assert problems[0].endswith("unknown field 'knd' in a rule; did you mean 'kind'?"), problems
    assert problems[1].endswith("did you mean 'service_agreement_signed'?"), problems
