"""Renders an evaluation as a readable table or as JSON. Pure."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from itertools import groupby
from typing import Any

from .evaluation import Evaluation
from .finding import Finding
from .project import Project
from .rulebook import ReviewState, Rule, Source
from .status import Status
from .texts import word


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def date_text(finding: Finding, lang: str) -> str:
    if finding.status is Status.WAITING or finding.missing:  # no date can be computed
        return "—"
    if finding.earliest is None or finding.latest is None:
        return word("no_fixed_date", lang)
    if finding.earliest == finding.latest:
        return finding.latest.isoformat()
    return f"{finding.earliest.isoformat()} – {finding.latest.isoformat()}"


def detail_text(finding: Finding, fulfilled_by: str | None, lang: str) -> str:
    parts = []
    if finding.missing:
        label = word("waits_for" if finding.status is Status.WAITING else "not_known", lang)
        parts.append(f"{label}: {', '.join(finding.missing)}")
    if finding.timeliness is not None:
        parts.append(word(finding.timeliness.value, lang))
    if finding.status is Status.OVERDUE and finding.fulfilment is None:
        parts.append(f"{word('no_record', lang)} {fulfilled_by}")
    if finding.instance:
        parts.append(f"{word('occurrence', lang)} {finding.instance}")
    return "; ".join(parts)


def render_table(project: Project, evaluation: Evaluation, lang: str) -> str:
    rules = {r.id: r for r in project.rules.in_force(evaluation.as_of)}
    lines: list[str] = []
    heading = [word(k, lang) for k in ("rule", "kind", "status", "date", "detail")]
    for party_id, group in groupby(evaluation.findings, key=lambda f: f.party):
        party = project.facts.parties[party_id]
        findings = list(group)
        lines.append(f"{party.name} ({party.id}) — {word('as_of', lang)} {evaluation.as_of.isoformat()}")
        rows = [heading] + [
            [
                _rule_cell(rules[f.rule]),
                word(f.kind.value, lang),
                word(f.status.value, lang),
                date_text(f, lang),
                "; ".join(
                    x for x in (rules[f.rule].title.get(lang), detail_text(f, rules[f.rule].fulfilled_by, lang)) if x
                ),
            ]
            for f in findings
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            cells = [c.ljust(w) for c, w in zip(row[:4], widths, strict=False)] + [row[4]]
            lines.append("  " + "  ".join(cells).rstrip())
        lines.append("")
    shown = {f.party for f in evaluation.findings}
    for party_id in evaluation.parties:
        party = project.facts.parties[party_id]
        if party.id not in shown:
            lines.append(f"{party.name} ({party.id}): {word('no_findings', lang)}\n")
    states = {rules[f.rule].review_state for f in evaluation.findings}
    if ReviewState.NEVER in states:
        lines.append(f"*  {word('unreviewed', lang)}")
    if ReviewState.CHANGED in states:
        lines.append(f"** {word('changed', lang)}")
    overdue = sum(f.is_overdue_obligation for f in evaluation.findings)
    lines.append(f"{len(evaluation.findings)} {word('findings', lang)}, {overdue} {word('overdue_summary', lang)}")
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


def finding_json(project: Project, finding: Finding, lang: str, as_of: date) -> dict[str, Any]:
    rule = project.rules.rule(finding.rule, as_of)
    assert rule is not None
    return {
        "party": finding.party,
        "rule": finding.rule,
        "title": rule.title.get(lang),
        "kind": finding.kind.value,
        "status": finding.status.value,
        "due": _day(finding.due),
        "earliest": _day(finding.earliest),
        "latest": _day(finding.latest),
        "warn_from": _day(finding.warn_from),
        "timeliness": finding.timeliness.value if finding.timeliness else None,
        "instance": finding.instance or None,
        "missing": list(finding.missing),
        "facts": {f.name: {"value": str(f.value), "source": f.source, "origin": f.origin} for f in finding.used},
        "review": rule.review_state.value,
        "source": source_json(rule.sources[0]),
        "sources": [source_json(s) for s in rule.sources],
    }


def parties_json(project: Project, evaluation: Evaluation) -> list[dict[str, Any]]:
    """Every party evaluated, with how many findings it has: a party no rule
    applies to is listed too (with 0), as the table says so."""
    counts = Counter(f.party for f in evaluation.findings)
    return [{"party": p, "name": project.facts.parties[p].name, "findings": counts[p]} for p in evaluation.parties]


def render_json(project: Project, evaluation: Evaluation, lang: str) -> str:
    document = {
        "as_of": evaluation.as_of.isoformat(),
        "findings": [finding_json(project, f, lang, evaluation.as_of) for f in evaluation.findings],
        "parties": parties_json(project, evaluation),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
