"""Renders an evaluation as a readable table or as JSON. Pure."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from itertools import groupby
from typing import Any

from ..domain.factbase import Fact
from ..domain.finding import Finding, Status
from ..domain.rulebook import ReviewState, Rule, Source
from ..evaluation.evaluator import Evaluation
from ..reading.project import Project
from .collation import by_name, in_party_order, party_names
from .layout import Row, table
from .texts import counted, nok, word


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def date_text(finding: Finding, lang: str) -> str:
    if finding.status is Status.WAITING or finding.missing:  # no date can be computed
        return "—"
    if finding.latest is None:
        return word("no_fixed_date", lang)
    if finding.earliest is None:  # known only as "on or before"
        return f"≤ {finding.latest.isoformat()}"
    if finding.earliest == finding.latest:
        return finding.latest.isoformat()
    return f"{finding.earliest.isoformat()} – {finding.latest.isoformat()}"


def detail_text(finding: Finding, fulfilled_by: str | None, lang: str) -> str:
    parts = []
    if finding.unconfirmed:
        parts.append(f"{word('waits_for', lang)}: {', '.join(finding.missing)} ({word('plan_passed', lang)})")
    elif finding.missing:
        label = word("waits_for" if finding.status is Status.WAITING else "not_known", lang)
        parts.append(f"{label}: {', '.join(finding.missing)}")
    if finding.timeliness is not None:
        parts.append(word(finding.timeliness.value, lang))
    if finding.status is Status.OVERDUE and finding.fulfilment is None:
        parts.append(f"{word('no_record', lang)} {fulfilled_by}")
    if finding.instance:
        parts.append(f"{word('occurrence', lang)} {finding.instance}")
    derived = [f.name for f in finding.used if f.is_derived]
    if derived:
        parts.append(f"{word('derived', lang)}: {', '.join(derived)}")
    if finding.amount is not None:
        parts.append(nok(finding.amount.nok, lang))
    return "; ".join(parts)


def render_table(
    project: Project, evaluation: Evaluation, lang: str, *, width: int | None = None, colour: bool = False
) -> str:
    """Grouped by party; lines no longer than `width` (the free text wraps), the
    status coloured when `colour`."""
    lines: list[str] = [evaluation.what_if.describe(lang), ""] if evaluation.what_if else []
    heading = [word(k, lang) for k in ("rule", "kind", "status", "date", "detail")]
    names = party_names(project.facts.parties)
    for party_id, group in groupby(in_party_order(evaluation.findings, names), key=lambda f: f.party):
        party = project.facts.parties[party_id]
        findings = list(group)
        lines.append(f"{party.name} ({party.id}) — {word('as_of', lang)} {evaluation.as_of.isoformat()}")
        rows = [Row(heading)] + [
            Row(
                [
                    _rule_cell(f.definition),
                    word(f.kind.value, lang),
                    word(f.status.value, lang),
                    date_text(f, lang),
                    "; ".join(
                        x for x in (f.definition.title.get(lang), detail_text(f, f.definition.fulfilled_by, lang)) if x
                    ),
                ],
                f.status.value,
            )
            for f in findings
        ]
        lines.extend(table(rows, width, status_column=2, colour=colour))
        lines.append("")
    shown = {f.party for f in evaluation.findings}
    for party_id in by_name(evaluation.parties, names):
        party = project.facts.parties[party_id]
        if party.id not in shown:
            lines.append(f"{party.name} ({party.id}): {word('no_findings', lang)}\n")
    states = {f.definition.review_state for f in evaluation.findings}
    if ReviewState.NEVER in states:
        lines.append(f"*  {word('unreviewed', lang)}")
    if ReviewState.CHANGED in states:
        lines.append(f"** {word('changed', lang)}")
    overdue = sum(f.is_overdue_obligation for f in evaluation.findings)
    lines.append(f"{counted(len(evaluation.findings), 'findings', lang)}, {counted(overdue, 'overdue_summary', lang)}")
    return "\n".join(lines) + "\n"


def _rule_cell(rule: Rule) -> str:
    """Unreviewed rules carry a mark, explained under the table."""
    return {ReviewState.REVIEWED: rule.id, ReviewState.NEVER: rule.id + " *", ReviewState.CHANGED: rule.id + " **"}[
        rule.review_state
    ]


def source_json(source: Source) -> dict[str, Any]:
    return {
        "document": source.document,
        "agreement": source.agreement,
        "clause": source.clause,
        "quote": " ".join(source.quote.split()),
    }


def _rule_json(rule: Rule, lang: str) -> dict[str, Any]:
    """What every finding of one rule repeats: worked out once per rule."""
    return {
        "title": rule.title.get(lang),
        "review": rule.review_state.value,
        "source": source_json(rule.sources[0]),
        "sources": [source_json(s) for s in rule.sources],
    }


def finding_json(finding: Finding, rule_part: dict[str, Any]) -> dict[str, Any]:
    return {
        "party": finding.party,
        "rule": finding.rule,
        "title": rule_part["title"],
        "kind": finding.kind.value,
        "status": finding.status.value,
        "due": _day(finding.due),
        "earliest": _day(finding.earliest),
        "latest": _day(finding.latest),
        "warn_from": _day(finding.warn_from),
        "timeliness": finding.timeliness.value if finding.timeliness else None,
        "instance": finding.instance or None,
        "missing": list(finding.missing),
        "facts": {f.name: fact_json(f) for f in finding.used},
        "amount": {"name": finding.amount.name, "nok": finding.amount.nok} if finding.amount else None,
        "review": rule_part["review"],
        "source": rule_part["source"],
        "sources": rule_part["sources"],
    }


def fact_json(fact: Fact) -> dict[str, Any]:
    """A fact used by a finding; a derived one with the inference and the facts it came from."""
    entry: dict[str, Any] = {
        "value": str(fact.value),
        "source": fact.source,
        "origin": fact.origin,
        "planned": fact.planned,
        "derived": fact.is_derived,
    }
    if fact.is_derived:
        entry["inference"] = fact.derived_by
        entry["from"] = {f.name: fact_json(f) for f in fact.derived_from}
    return entry


def parties_json(project: Project, evaluation: Evaluation) -> list[dict[str, Any]]:
    """Every party evaluated, with how many findings it has: a party no rule
    applies to is listed too (with 0), as the table says so."""
    counts = Counter(f.party for f in evaluation.findings)
    ordered = by_name(evaluation.parties, party_names(project.facts.parties))
    return [{"party": p, "name": project.facts.parties[p].name, "findings": counts[p]} for p in ordered]


_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps makes one a call


def _day_json(d: date | None) -> str:
    return f'"{d.isoformat()}"' if d else "null"


def _fact_entry(fact: Fact) -> str:
    """`"name": fact_json(fact)` as JSON, written out: encoding a dict pays for the encoder's set-up."""
    entry = (
        f'{_encode(fact.name)}: {{"value": {_encode(str(fact.value))}, "source": {_encode(fact.source)}, '
        f'"origin": {_encode(fact.origin)}, "planned": {_BOOL[fact.planned]}, "derived": {_BOOL[fact.is_derived]}'
    )
    if fact.is_derived:
        sources = ", ".join([_fact_entry(f) for f in {f.name: f for f in fact.derived_from}.values()])
        entry += f', "inference": {_encode(fact.derived_by)}, "from": {{{sources}}}'
    return entry + "}"


_BOOL = {True: "true", False: "false"}


class _FindingLines:
    """Each finding as one line of JSON, the same text as `json.dumps(finding_json(...),
    ensure_ascii=False)` (tests/test_report_json.py holds it to that), with what many
    findings repeat encoded once: a rule's title, review and sources (the quotes are
    most of a line), and each fact a party's findings share."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rules: dict[str, tuple[str, str]] = {}  # rule id -> (up to its title, from its review on)
        self.facts: dict[int, tuple[Fact, str]] = {}  # id(fact) -> (the fact, kept alive; its entry)

    def line(self, finding: Finding) -> str:
        rule = self.rules.get(finding.rule)
        if rule is None:
            part = _rule_json(finding.definition, self.lang)
            rule = self.rules[finding.rule] = (
                f'"rule": {_encode(finding.rule)}, "title": {_encode(part["title"])}',
                f'"review": {_encode(part["review"])}, "source": {_encode(part["source"])}, '
                f'"sources": {_encode(part["sources"])}',
            )
        # Only strings are encoded here: encoding a dict pays for the encoder's set-up each time.
        # The enum values (kind, status, timeliness) and ISO dates need no escaping.
        timeliness = f'"{finding.timeliness.value}"' if finding.timeliness else "null"
        missing = ", ".join(map(_encode, finding.missing))
        # by name, as the dict json.dumps is given: one entry a name, where it first
        # comes, with the last fact of that name (a rule may require its own trigger)
        facts = ", ".join([self._fact(fact) for fact in {f.name: f for f in finding.used}.values()])
        amount = finding.amount
        amount_json = f'{{"name": {_encode(amount.name)}, "nok": {amount.nok}}}' if amount else "null"
        return (
            f'{{"party": {_encode(finding.party)}, {rule[0]}, "kind": "{finding.kind.value}", '
            f'"status": "{finding.status.value}", "due": {_day_json(finding.due)}, '
            f'"earliest": {_day_json(finding.earliest)}, "latest": {_day_json(finding.latest)}, '
            f'"warn_from": {_day_json(finding.warn_from)}, "timeliness": {timeliness}, '
            f'"instance": {finding.instance or "null"}, "missing": [{missing}], "facts": {{{facts}}}, '
            f'"amount": {amount_json}, {rule[1]}}}'
        )

    def _fact(self, fact: Fact) -> str:
        known = self.facts.get(id(fact))
        if known is None or known[0] is not fact:
            known = self.facts[id(fact)] = (fact, _fact_entry(fact))
        return known[1]

    def next_party(self) -> None:
        """A party's facts are its own: the cache need not outlive it."""
        self.facts.clear()


def json_chunks(project: Project, evaluation: Evaluation, lang: str) -> Iterator[str]:
    """The JSON document piece by piece, one finding a line, so that a run over many
    parties never holds the whole text (or every finding's dict) at once."""
    what_if = evaluation.what_if
    head = {
        "as_of": evaluation.as_of.isoformat(),
        "what_if": bool(what_if),
        "overrides": dict(what_if.overrides),
        "known_on": what_if.known_on.isoformat() if what_if.known_on else None,
    }
    yield "{\n"
    for key, value in head.items():
        yield f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
    yield '  "findings": ['
    lines = _FindingLines(lang)
    separator = "\n    "
    party = None
    for finding in in_party_order(evaluation.findings, party_names(project.facts.parties)):
        if finding.party != party:
            party = finding.party
            lines.next_party()
        yield separator + lines.line(finding)
        separator = ",\n    "
    yield "\n  ],\n"
    yield f'  "parties": {json.dumps(parties_json(project, evaluation), ensure_ascii=False)}\n}}\n'


def render_json(project: Project, evaluation: Evaluation, lang: str) -> str:
    return "".join(json_chunks(project, evaluation, lang))
