"""Files an attacker or a careless editor could write: each gives a located message, fast."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import check_findings


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def validate(root: Path, lang: str = "en") -> Result:
    """The messages' contents are checked in English; test_messages checks the Norwegian."""
    started = time.monotonic()
    result = run("validate", "--root", str(root), "--lang", lang)
    assert time.monotonic() - started < 5
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_self_referencing_alias_is_refused_with_its_place(project_copy: Path) -> None:
    edit(project_copy / "facts" / "parties" / "roros.yaml", "facts:\n", "notes: &a [*a]\nfacts:\n")
    stderr = validate(project_copy).stderr
    text = (project_copy / "facts" / "parties" / "roros.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index("notes: &a [*a]") + 1
    assert f"facts/parties/roros.yaml:{line}:8: YAML anchors (&a) are not allowed here; write the value out" in stderr
    assert f"facts/parties/roros.yaml:{line}:12: YAML aliases (*a) are not allowed here; write the value out" in stderr


def test_billion_laughs_are_refused_at_once(project_copy: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = project_copy / "rules" / "examples" / "call-off-signing.yaml"
    path.write_text("\n".join(lines) + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    stderr = validate(project_copy).stderr
    assert "rules/examples/call-off-signing.yaml:1:5: YAML anchors (&a0) are not allowed here" in stderr


def test_deep_brackets_are_refused_with_their_place(project_copy: Path) -> None:
    edit(project_copy / "rules" / "opsjon.yaml", "rules:\n", "notes: " + "[" * 500 + "]" * 500 + "\nrules:\n")
    stderr = validate(project_copy).stderr
    assert "rules/opsjon.yaml:" in stderr and "nested more than 40 levels deep" in stderr


def test_a_control_character_is_located_by_line_and_column(project_copy: Path) -> None:
    edit(project_copy / "facts" / "parties" / "roros.yaml", "name: Røros", "name: Rø\x07ros")
    stderr = validate(project_copy).stderr
    assert "facts/parties/roros.yaml:3:9: control character '\\x07' is not allowed; remove it" in stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_as_a_fact_file_does_not_hang(project_copy: Path) -> None:
    os.mkfifo(project_copy / "facts" / "parties" / "fifo.yaml")
    (project_copy / "facts" / "parties" / "zero.yaml").symlink_to("/dev/zero")
    stderr = validate(project_copy).stderr
    assert "facts/parties/fifo.yaml: not a regular file (a FIFO, device or folder)" in stderr
    assert "facts/parties/zero.yaml: not a regular file (a FIFO, device or folder)" in stderr


def test_a_huge_file_is_refused_without_reading_it_all(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "roros.yaml"
    with path.open("a", encoding="utf-8") as out:
        out.write("# " + "x" * 3_000_000 + "\n")
    stderr = validate(project_copy).stderr
    assert "facts/parties/roros.yaml: the file is larger than 2,000,000 bytes" in stderr


@pytest.mark.parametrize("offset", ["² days after", "10000 years after", "99999999999 days after", "100 years after"])
def test_offsets_out_of_range_are_refused_at_the_offset(project_copy: Path, offset: str) -> None:
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    edit(path, "    offset: 30 days after\n", f"    offset: {offset}\n")
    line = path.read_text(encoding="utf-8").splitlines().index(f"    offset: {offset}") + 1
    stderr = validate(project_copy).stderr
    assert f"rules/tjenesteavtale.yaml:{line}:13: offset: offset '{offset}' " in stderr
    for command in (["check", "--as-of", "2024-01-01"], ["calendar", "--out", str(project_copy / "out")]):
        result = run(*command, "--root", str(project_copy))
        assert result.exit_code == 2 and f"rules/tjenesteavtale.yaml:{line}:13: offset" in result.stderr


@pytest.mark.parametrize(
    ("offset", "signed", "due"),
    [("9 years after", "2090-12-31", "2099-12-31"), ("9 years before", "1990-01-01", "1981-01-02")],
)
def test_the_farthest_offset_from_the_edge_of_the_supported_years_works(
    project_copy: Path, offset: str, signed: str, due: str
) -> None:
    edit(project_copy / "rules" / "tjenesteavtale.yaml", "    offset: 30 days after\n", f"    offset: {offset}\n")
    result = run(
        "check",
        "roros",
        "--root",
        str(project_copy),
        "--as-of",
        signed[:4] + "-06-01",
        "--format",
        "json",
        "--set",
        f"service_agreement_signed={signed}",
        "--set",
        "shares_purchased=<=2000-01-01",
    )
    (finding,) = [f for f in check_findings(result) if f["rule"] == "shares-purchase"]
    # 2099-12-31 is a Thursday; 1981-01-01 a Thursday but New Year's Day: moved forward to Friday
    assert finding["due"] == due


def test_a_zero_recurrence_is_refused_rather_than_looping_for_ever(project_copy: Path) -> None:
    edit(project_copy / "rules" / "tjenesteavtale.yaml", "recurrence: 3 months", "recurrence: 0 months")
    assert "recurrence must be at least 1" in validate(project_copy).stderr


@pytest.mark.parametrize("option", ["--as-of", "--known-on"])
@pytest.mark.parametrize("day", ["1989-12-31", "2091-01-01"])
def test_days_outside_the_supported_years_are_refused(option: str, day: str) -> None:
    from .conftest import ROOT

    result = run("check", "--root", str(ROOT), option, day)
    assert result.exit_code == 2
    assert f"'{day}' ligger utenfor årene som støttes, 1990–2090" in result.stderr


def test_a_rule_that_is_not_a_mapping_is_reported_at_its_place(project_copy: Path) -> None:
    edit(project_copy / "rules" / "opsjon.yaml", "rules:\n", "rules:\n  - just text\n")
    line = (project_copy / "rules" / "opsjon.yaml").read_text(encoding="utf-8").splitlines().index("  - just text") + 1
    stderr = validate(project_copy).stderr
    assert f"rules/opsjon.yaml:{line}:5: the title of rule '?' is missing" in stderr
    assert all(not message.startswith(":") for message in stderr.splitlines())


def test_dates_in_other_digits_are_not_dates(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "roros.yaml"
    edit(path, "date: 2022-03-23", "date: ２０２２-０３-２３")
    line = path.read_text(encoding="utf-8").splitlines().index("    date: ２０２２-０３-２３") + 1
    stderr = validate(project_copy).stderr
    assert f"facts/parties/roros.yaml:{line}:11: " in stderr and "'２０２２-０３-２３' is not a date" in stderr


def test_a_line_separator_in_a_value_keeps_the_message_on_one_line(project_copy: Path) -> None:
    # Found by the long fuzz run: U+2028 is no control character, but splitlines()
    # (and some terminals) break a line at it, leaving half a message unlocated.
    path = project_copy / "rules" / "examples" / "termination-notice.yaml"
    edit(path, "service_agreement_signed: 2022-03-23", "service_agreement_signed: 2022-03-\u202823")
    stderr = validate(project_copy).stderr
    lines = [line for line in stderr.splitlines() if "is not a date" in line]
    assert lines and all(line.startswith("rules/examples/termination-notice.yaml:") for line in lines), stderr
    assert "\\u2028" in lines[0]
