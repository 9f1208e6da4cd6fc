"""The worked examples in rules/examples/: each one a test, and `hprules test`
reports a wrong expectation with its file, line and the difference."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from hprules.cli import main
from hprules.domain.diagnostics import Collector
from hprules.evaluation.evaluator import Evaluator
from hprules.evaluation.examples import Example, read_examples, run_example
from hprules.reading.project import load_project
from hprules.reading.yamlfile import load, to_plain

from .conftest import ROOT

PROJECT = load_project(ROOT)
_problems = Collector()
EXAMPLES = read_examples(ROOT / "rules" / "examples", ROOT, PROJECT, _problems)
assert not _problems.items, _problems.items
EVALUATOR = Evaluator(PROJECT.rules)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.rule}: {e.name.en}")
def test_worked_example(example: Example) -> None:
    failure = run_example(PROJECT, EVALUATOR, example)
    assert failure is None, [f"{d.where}: {d.message}" for d in failure.differences]


def test_every_rule_has_examples() -> None:
    assert {r.id for r in PROJECT.rules.rules} <= {e.rule for e in EXAMPLES}


def test_example_files_match_their_schema() -> None:
    schema = json.loads((ROOT / "schema" / "examples.schema.json").read_text())
    for path in sorted((ROOT / "rules" / "examples").glob("*.yaml")):
        problems = Collector()
        node = load(path, str(path), problems)
        assert node is not None
        jsonschema.validate(to_plain(node), schema, cls=jsonschema.Draft202012Validator)


def test_wrong_expectation_fails_with_file_line_and_difference(project_copy: Path) -> None:
    path = project_copy / "rules" / "examples" / "shares-purchase.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("expect: {due: 2023-04-11, status: upcoming}", "expect: {due: 2023-04-10, status: upcoming}")
    )
    line = next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if "2023-04-10" in ln)
    result = CliRunner().invoke(main, ["test", "--root", str(project_copy)])
    assert result.exit_code == 1
    assert (
        f"rules/examples/shares-purchase.yaml:{line}:" in result.output
        and "due: ventet 2023-04-10, fikk 2023-04-11" in result.output
    )
    total = len(EXAMPLES)
    assert f"{total - 1} bestått, 1 feilet" in result.output
    # The failing example is named in the reader's language, as in the rule book.
    nb, en = (
        "30 dager faller på første påskedag, deretter andre påskedag",
        "30 days land on Easter Sunday, then Easter Monday",
    )
    assert f"eksempel '{nb}' (shares-purchase)" in result.output and en not in result.output
    english = CliRunner().invoke(main, ["test", "--root", str(project_copy), "--lang", "en"])
    assert english.exit_code == 1
    assert f"example '{en}' (shares-purchase)" in english.output and nb not in english.output
    assert "due: expected 2023-04-10, got 2023-04-11" in english.output


def test_shipped_examples_pass_from_the_command_line() -> None:
    result = CliRunner().invoke(main, ["test", "--root", str(ROOT)])
    assert result.exit_code == 0 and f"{len(EXAMPLES)} bestått, 0 feilet" in result.output
    result = CliRunner().invoke(main, ["test", "--root", str(ROOT), "--lang", "en"])
    assert result.exit_code == 0 and f"{len(EXAMPLES)} passed, 0 failed" in result.output


def test_invalid_example_files_are_located(project_copy: Path) -> None:
    path = project_copy / "rules" / "examples" / "exit-plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("as_of: 2025-02-01", "as_of: 2025-02-30").replace("category: trondheim", "category: kommune")
    text = text.replace(
        "facts: {service_agreement_signed: 2022-03-23, termination_notice_given: 2025-01-10}\n"
        "    expect: {status: due_soon",
        "facts: {notice: 2025-01-10}\n    expect: {status: soon",
    )
    path.write_text(text)
    result = CliRunner().invoke(main, ["test", "--root", str(project_copy), "--lang", "en"])
    assert result.exit_code == 2
    out = result.output
    assert "exit-plan.yaml:" in out
    for message in ("not a real date", "'kommune'", "fact notice: unknown fact", "unknown status 'soon'"):
        assert message in out, (message, out)


def test_an_example_name_in_one_language_is_refused_where_it_stands(project_copy: Path) -> None:
    path = project_copy / "rules" / "examples" / "exit-plan.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - name:\n      nb: Avslutningsplan avtalt\n      en: Exit plan agreed\n"
    assert old in text
    path.write_text(text.replace(old, "  - name: Exit plan agreed\n"), encoding="utf-8")
    line = next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if "name: Exit plan agreed" in ln)
    result = CliRunner().invoke(main, ["test", "--root", str(project_copy)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert (
        f"rules/examples/exit-plan.yaml:{line}:11: navnet på eksemplet 'Exit plan agreed' er én tekst; "
        "gi den på norsk og engelsk: 'nb: ...' og 'en: ...'"
    ) in result.output, result.output
    english = CliRunner().invoke(main, ["test", "--root", str(project_copy), "--lang", "en"])
    assert (
        f"rules/examples/exit-plan.yaml:{line}:11: the name of example 'Exit plan agreed' is one text; "
        "give it in Norwegian and English: 'nb: ...' and 'en: ...'"
    ) in english.output, english.output
