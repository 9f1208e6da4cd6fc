"""`check --format json` writes each finding's line by hand, with what findings
share encoded once: the text must be what the json module makes of the same
values (`finding_json`), byte for byte, for every shipped finding."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from hprules import api
from hprules.domain.finding import Finding
from hprules.render.collation import in_party_order, party_names
from hprules.render.report import _FindingLines, _rule_json, finding_json, json_chunks

ROOT = Path(__file__).resolve().parent.parent


CASES = [
    (date(2022, 6, 1), ()),
    (date(2024, 3, 1), ()),
    (date(2026, 11, 24), ()),
    (date(2026, 11, 24), ("cost_follow_up_started=2024-01-15",)),  # a recurring rule: instances
]


def _lines(as_of: date, overrides: tuple[str, ...], lang: str) -> tuple[list[str], list[str], list[Finding]]:
    project = api.load_project(ROOT)
    evaluation = api.check(project, as_of, overrides=overrides)
    lines = "".join(json_chunks(project, evaluation, lang)).split("\n")
    findings = list(in_party_order(evaluation.findings, party_names(project.facts.parties)))
    written = [line.strip().rstrip(",") for line in lines if line.startswith("    {")]
    expected = [json.dumps(finding_json(f, _rule_json(f.definition, lang)), ensure_ascii=False) for f in findings]
    return written, expected, findings


@pytest.mark.parametrize(("as_of", "overrides"), CASES)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_line_is_what_json_dumps_makes_of_the_finding(as_of: date, overrides: tuple[str, ...], lang: str) -> None:
    written, expected, _ = _lines(as_of, overrides, lang)
    assert written == expected


def test_the_cases_reach_each_way_a_line_differs() -> None:
    findings = [f for as_of, overrides in CASES for f in _lines(as_of, overrides, "nb")[2]]
    assert any(fact.is_derived for f in findings for fact in f.used)
    assert any(f.amount is not None for f in findings)
    assert any(f.timeliness is not None for f in findings)
    assert any(f.instance for f in findings)
    assert any(fact.planned for f in findings for fact in f.used)
    assert any(f.missing for f in findings)
    assert any(f.earliest is None and f.latest is not None for f in findings)  # on or before


def test_the_document_parses_and_text_with_quotes_and_non_ascii_survives() -> None:
    project = api.load_project(ROOT)
    evaluation = api.check(project, date(2026, 11, 24), overrides=("go_live=2027-02-01",))
    document = json.loads("".join(json_chunks(project, evaluation, "nb")))
    assert document["what_if"] is True
    assert len(document["findings"]) == len(evaluation.findings)
    quotes = [s["quote"] for f in document["findings"] for s in f["sources"]]
    assert any("ø" in q or "å" in q for q in quotes)


def test_a_fact_named_twice_in_a_finding_is_one_key_as_json_dumps_makes_it() -> None:
    # `used` is (trigger, required..., fulfilment): a rule may require its own trigger, or be
    # fulfilled by it; a derived fact may come from two of the same name. One key each, the last value.
    project = api.load_project(ROOT)
    evaluation = api.check(project, date(2026, 11, 24))
    finding = next(f for f in evaluation.findings if len(f.used) >= 2 and f.used[0].name != f.used[1].name)
    first, second = finding.used[0], finding.used[1]
    other = replace(first, source="another document")
    doubled = replace(finding, used=(first, second, other, first))
    derived = replace(second, derived_by="some-inference", derived_from=(first, other))
    for made in (doubled, replace(finding, used=(derived,))):
        expected = json.dumps(finding_json(made, _rule_json(made.definition, "nb")), ensure_ascii=False)
        assert _FindingLines("nb").line(made) == expected
