"""`validate`: every problem in every file, located, at once; exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from hprules.cli import main
from hprules.domain.diagnostics import Collector
from hprules.reading.yamlfile import load, to_plain

from .conftest import ROOT, assert_handled


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert_handled(result)
    return result.exit_code, result.output


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_shipped_files_pass_with_quotes_checked(seeds: Path) -> None:
    # The counts, read from the files with plain PyYAML: a rule is an entry under `rules:`, a party a file.
    files = (ROOT / "rules").glob("*.yaml")
    rules = sum(len((yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("rules", [])) for f in files)
    parties = len(list((ROOT / "facts" / "parties").glob("*.yaml")))
    code, output = run("validate", "--root", str(ROOT), "--sources", str(seeds))
    assert code == 0, output
    assert f"ok: {rules} regler, {parties} parter, " in output and " sitater funnet i dokumentene" in output
    code, output = run("validate", "--root", str(ROOT), "--sources", str(seeds), "--lang", "en")
    assert code == 0 and f"ok: {rules} rules, {parties} parties, " in output
    assert " quotes found in their documents" in output


def break_files(project: Path) -> None:
    """Nine problems in four files, each at a place the tests below know; shared
    with test_messages, which adds more."""
    rules = project / "rules" / "tjenesteavtale.yaml"
    plan = project / "rules" / "innforingslop.yaml"
    roros = project / "facts" / "parties" / "roros.yaml"
    ki1 = project / "facts" / "waves" / "ki1.yaml"
    edit(rules, "offset: 30 days after", "offset: 30")
    edit(rules, "kind: effect", "kind: effekt")
    edit(rules, "categories: [municipality]\n      unless", "categories: [kommune]\n      unless")
    edit(rules, "fulfilled_by: shares_purchased", "fulfilled_by: shares_bought")
    edit(rules, "med avtalt kvartalsvis oppfølging", "med avtalt månedlig oppfølging")
    edit(plan, "id: call-off-signing", "id: pre-project-start")
    edit(roros, "date: 2022-03-23", "date: 2022-02-30")
    edit(roros, "category: municipality", "category: municipality\ncategory: health")
    edit(ki1, "name: Kommunal", "nam: Kommunal")


def test_every_problem_reported_at_once_with_location(project_copy: Path, seeds: Path) -> None:
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    roros = project_copy / "facts" / "parties" / "roros.yaml"
    ki1 = project_copy / "facts" / "waves" / "ki1.yaml"
    plan = project_copy / "rules" / "innforingslop.yaml"
    break_files(project_copy)

    code, output = run("validate", "--root", str(project_copy), "--sources", str(seeds), "--lang", "en")
    assert code == 2
    expected = [
        (rules, "offset: 30", "offset '30' has no unit"),
        (rules, "kind: effekt", "field 'kind' is 'effekt'"),
        (rules, "categories: [kommune]", "unknown category 'kommune'"),
        (rules, "fulfilled_by: shares_bought", "unknown fact 'shares_bought'"),
        (rules, "månedlig", "quote not found in 000_0b218e7c9cc10c40.txt"),
        (plan, "id: pre-project-start", "duplicate rule id 'pre-project-start'"),
        (roros, "2022-02-30", "'2022-02-30' is not a real date"),
        (roros, "category: health", "duplicate key 'category'"),
        (ki1, "nam: Kommunal", "unknown field 'nam'"),
    ]
    for path, needle, message in expected:
        shown = str(path.relative_to(project_copy))
        located = [ln for ln in output.splitlines() if ln.startswith(f"{shown}:") and message in ln]
        assert located, (message, output)
        line = int(located[0].split(":")[1])
        if message.startswith("duplicate rule id"):
            continue  # located at the rule, which starts a line above its id
        if message.startswith("quote not found"):
            assert line <= line_of(path, needle)  # a folded quote starts before its text
            continue
        assert line == line_of(path, needle), (message, located[0])

    # Every other command refuses the same files with the same messages.
    code2, output2 = run("check", "--root", str(project_copy), "--lang", "en")
    assert code2 == 2
    structural = [  # quotes and worked examples are validate's alone
        ln
        for ln in output.splitlines()
        if "quote not found" not in ln and ":" in ln and "rules/examples/" not in ln and ": warning: " not in ln
    ]
    for message_line in structural[:-1]:
        assert message_line in output2


def test_yaml_syntax_error_is_located(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "os.yaml"
    path.write_text("id: os\nname: [Os kommune\ncategory: municipality\n", encoding="utf-8")
    code, output = run("validate", "--root", str(project_copy))
    assert code == 2
    assert "facts/parties/os.yaml:" in output and "YAML-syntaksfeil" in output


def test_offset_must_state_unit_and_move_must_be_stated(project_copy: Path) -> None:
    rules = project_copy / "rules" / "innforingslop.yaml"
    why = (
        "      why:\n        nb: >-\n          standard for veiledning; en planleggingsmåned, ikke en frist\n"
        "        en: the default for guidance; a planning month, not a deadline\n"
    )
    edit(rules, "    non_working_day:\n      move: none\n" + why, "")
    code, output = run("validate", "--root", str(project_copy))
    assert code == 2
    assert "regelen 'pre-project-start' mangler det påkrevde feltet 'non_working_day'" in output


def test_deviation_from_default_move_needs_a_reason(project_copy: Path) -> None:
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    why = (
        "      why:\n        nb: >-\n          standard for plikter (dl. § 149)\n"
        "        en: the default for obligations (dl § 149)\n"
    )
    edit(rules, "      move: forward\n" + why, "      move: none\n")
    code, output = run("validate", "--root", str(project_copy), "--lang", "en")
    assert code == 2
    assert "moves 'none' but the default for a obligation is 'forward'; say why" in output


def test_party_file_name_must_match_id(project_copy: Path) -> None:
    edit(project_copy / "facts" / "parties" / "os.yaml", "id: os", "id: oss")
    code, output = run("validate", "--root", str(project_copy))
    assert code == 2 and "part-id-en 'oss' skal være lik filnavnet 'os.yaml'" in output


def test_fact_scope_is_checked(project_copy: Path) -> None:
    extra = "  hmr_go_live:\n    date: 2024-04-27\n    source: x\n"
    edit(project_copy / "facts" / "parties" / "roros.yaml", "  shares_purchased:", extra + "  shares_purchased:")
    code, output = run("validate", "--root", str(project_copy), "--lang", "en")
    assert code == 2 and "fact 'hmr_go_live' is recorded per region, not per party" in output


# --- the JSON Schemas shipped for editors agree with the reader -----------------


def plain(path: Path) -> object:
    problems = Collector()
    node = load(path, str(path), problems)
    assert node is not None and not problems.items
    return to_plain(node)


SCHEMAS: dict[str, dict[str, object]] = {
    "rules": json.loads((ROOT / "schema" / "rules.schema.json").read_text()),
    "facts": json.loads((ROOT / "schema" / "facts.schema.json").read_text()),
    "vocabulary": json.loads((ROOT / "schema" / "vocabulary.schema.json").read_text()),
}


def schema_for(path: Path) -> dict[str, object]:
    if path.name == "vocabulary.yaml":
        return SCHEMAS["vocabulary"]
    return SCHEMAS["rules"] if path.parent.name == "rules" else SCHEMAS["facts"]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "rules").glob("*.yaml")) + sorted((ROOT / "facts").rglob("*.yaml")), ids=str
)
def test_shipped_files_match_the_json_schema(path: Path) -> None:
    schema = schema_for(path)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(plain(path), schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("offset: 30 days after", "offset: 30"),
        ("kind: obligation", "kind: duty"),
        ("    trigger: service_agreement_signed\n", ""),
        ("      move: forward\n", "      move: sideways\n"),
        ("due_soon: 14 days", "due_soon: 14"),
    ],
)
def test_schema_and_reader_both_reject(project_copy: Path, old: str, new: str) -> None:
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    edit(path, old, new)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(plain(path), SCHEMAS["rules"], cls=jsonschema.Draft202012Validator)
    code, output = run("validate", "--root", str(project_copy))
    assert code == 2 and "tjenesteavtale.yaml:" in output


def test_quotes_of_earlier_fact_values_are_checked(project_copy: Path, seeds: Path) -> None:
    path = project_copy / "facts" / "parties" / "trondheim.yaml"
    edit(path, "som innfører Helseplattformen 30. april", "som innfører Helseplattformen 31. april")
    code, output = run("validate", "--root", str(project_copy), "--sources", str(seeds), "--lang", "en")
    assert code == 2
    assert f"facts/parties/trondheim.yaml:{line_of(path, '- date: 2022-04-30')}:" in output
    assert "quote not found in 004_a00fe38f0b173a6c.txt" in output


def test_offsets_per_category_must_cover_every_category_the_rule_applies_to(project_copy: Path) -> None:
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    edit(rules, "      health: 5 years after\n", "")
    code, output = run("validate", "--root", str(project_copy), "--lang", "en")
    assert code == 2
    message = "rule 'termination-notice' applies to health but gives no offset for it"
    [located] = [ln for ln in output.splitlines() if message in ln]
    assert located.startswith(f"rules/tjenesteavtale.yaml:{line_of(rules, 'municipality: 1 year after')}:")
