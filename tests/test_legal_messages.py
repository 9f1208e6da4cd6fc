"""Messages for legal staff: a quote not found says where the closest passage
is and which words differ; a broken rule file is reported once, not again by
every worked example that names one of its rules."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hprules.cli import main

from .test_validate import edit, line_of

SEED = "000_0b218e7c9cc10c40.txt"


def validate(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--lang", "en", *args])
    return result.exit_code, [ln for ln in result.output.splitlines() if ": warning: " not in ln]


def test_quote_not_found_points_at_the_closest_passage(project_copy: Path, seeds: Path) -> None:
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    edit(rules, "med avtalt kvartalsvis oppfølging", "med avtalt månedlig oppfølging")
    code, lines = validate(project_copy, "--sources", str(seeds))
    assert code == 2
    [message] = [ln for ln in lines if "quote not found" in ln]
    differs = line_of(seeds / SEED, "kvartalsvis oppfølging")  # the word the quote changed
    assert f"closest passage at {SEED}:" in message
    start = int(message.split(f"closest passage at {SEED}:")[1].split(" ")[0])
    assert start <= differs
    assert f"(differs on line {differs})" in message
    assert "the document has «kvartalsvis» where the quote has «månedlig»" in message


def test_quote_with_words_left_out_and_added(project_copy: Path, seeds: Path) -> None:
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    edit(rules, "med avtalt kvartalsvis oppfølging", "med kvartalsvis og jevnlig oppfølging")
    code, lines = validate(project_copy, "--sources", str(seeds))
    assert code == 2
    [message] = [ln for ln in lines if "quote not found" in ln]
    assert "the quote leaves out «avtalt»" in message
    assert "the quote adds «og jevnlig»" in message


def test_a_yaml_syntax_error_in_a_rule_file_is_reported_once(project_copy: Path) -> None:
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    edit(rules, "    kind: obligation", "    kind: [obligation")
    code, lines = validate(project_copy)
    assert code == 2
    wrong = line_of(rules, "kind: [obligation")
    assert [ln for ln in lines if ln.startswith("rules/")] == [
        next(ln for ln in lines if ln.startswith(f"rules/tjenesteavtale.yaml:{wrong + 1}:"))
    ]
    assert "YAML syntax error" in lines[0]
    assert lines[-1] == "hprules: 1 problem; nothing was evaluated"
    assert not [ln for ln in lines if "unknown rule" in ln]


def test_an_example_naming_an_unknown_rule_is_still_reported(project_copy: Path) -> None:
    example = project_copy / "rules" / "examples" / "exit-plan.yaml"
    edit(example, "rule: exit-plan", "rule: exit-plans")
    code, lines = validate(project_copy)
    assert code == 2
    where = f"rules/examples/exit-plan.yaml:{line_of(example, 'rule: exit-plans')}:7"
    assert f"{where}: unknown rule or inference 'exit-plans'" in lines
