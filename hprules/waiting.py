"""The waiting list: which facts block which parties and rules. Pure.

A fact blocks a finding when it is missing (the finding waits for it), or when
it is known only to the month or year (the finding is a range, not a day: the
exact day would settle it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from .evaluation import Evaluation
from .project import Project
from .status import Status


@dataclass(frozen=True)
class Blocked:
    fact: str
    party: str
    rule: str
    earliest: date | None  # for an imprecise fact: the range that follows from it
    latest: date | None

    @property
    def missing(self) -> bool:
        return self.earliest is None


def waiting_list(evaluation: Evaluation) -> list[Blocked]:
    items = []
    for f in evaluation.findings:
        if f.status is Status.WAITING:  # a met duty with an unknown due date is not blocked
            for name in f.missing:
                items.append(Blocked(name, f.party, f.rule, None, None))
        if f.anchor is not None and not f.anchor.value.is_exact and f.earliest is not None and f.latest is not None:
            items.append(Blocked(f.anchor.name, f.party, f.rule, f.earliest, f.latest))
    return sorted(items, key=lambda b: (b.fact, not b.missing, b.party, b.rule))


def _t(lang: str, nb: str, en: str) -> str:
    return en if lang == "en" else nb


def render_waiting(project: Project, items: list[Blocked], lang: str) -> str:
    lines: list[str] = []
    facts = project.rules.vocabulary.facts
    current = None
    for item in items:
        heading = (item.fact, item.missing)
        if heading != current:
            current = heading
            what = facts[item.fact].description.get(lang) if item.fact in facts else item.fact
            state = (
                _t(lang, "mangler", "missing")
                if item.missing
                else _t(lang, "bare kjent som måned/år", "known only to the month/year")
            )
            count = sum(1 for i in items if (i.fact, i.missing) == heading)
            lines.append(f"{item.fact} — {what} ({state}; {count} {_t(lang, 'funn', 'findings')})")
        name = project.facts.parties[item.party].name
        if item.missing:
            lines.append(f"  {name} ({item.party}): {item.rule}")
        else:
            lines.append(
                f"  {name} ({item.party}): {item.rule} {_t(lang, 'mellom', 'between')} {item.earliest} "
                f"{_t(lang, 'og', 'and')} {item.latest}"
            )
    if not lines:
        lines.append(_t(lang, "Ingen regler venter på fakta.", "No rule waits for a fact."))
    return "\n".join(lines) + "\n"


def waiting_json(items: list[Blocked], as_of: date) -> str:
    groups: dict[str, dict[str, list[dict[str, str]]]] = {}
    for item in items:
        group = groups.setdefault(item.fact, {"missing": [], "imprecise": []})
        entry = {"party": item.party, "rule": item.rule}
        if item.missing:
            group["missing"].append(entry)
        else:
            group["imprecise"].append({**entry, "earliest": str(item.earliest), "latest": str(item.latest)})
    return json.dumps({"as_of": as_of.isoformat(), "facts": groups}, ensure_ascii=False, indent=2) + "\n"
