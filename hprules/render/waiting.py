"""The waiting list: which facts block which parties and rules. Pure.

A fact blocks a finding when it is missing (the finding waits for it), or when
it is known only to the month or year (the finding is a range, not a day: the
exact day would settle it).

What a coordinator can act on comes first. Each blocked finding gets the date
it would fall on, as far as the known facts tell: for a range, its earliest
day; for a missing fact, the rule's offset counted from the trigger when the
trigger is known (working-day moves aside: it orders, it does not decide).
Then:
- `now`: that date is past or within the horizon (90 days): the fact should be
  on record, or soon will be, so it can be followed up now;
- `later`: that date is further ahead;
- `event`: no known fact places it (the trigger itself is missing, e.g.
  `termination_notice_given`, which nobody records until notice is given).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..domain.finding import Finding, Status
from ..evaluation.evaluator import Evaluation
from ..reading.project import Project
from .collation import by_name, party_names
from .layout import fit
from .texts import between, counted, pick, span, word

HORIZON = timedelta(days=90)


class FollowUp(StrEnum):
    NOW = "now"
    LATER = "later"
    EVENT = "event"


WIDTH = 100  # columns of the printed list


@dataclass(frozen=True)
class Blocked:
    fact: str
    party: str
    rule: str
    earliest: date | None  # for an imprecise fact: the range that follows from it
    latest: date | None
    when: date | None = None  # the date the finding would fall on, if the known facts tell
    follow_up: FollowUp = FollowUp.EVENT
    # The finding's own date where it has one (from a plan whose day has passed):
    # (earliest or None for "on or before", latest), said as `explain` says it.
    dated: tuple[date | None, date] | None = None
    planned: bool = False  # the fact is a plan whose day has passed (Finding.unconfirmed)

    @property
    def missing(self) -> bool:
        return self.earliest is None

    @property
    def heading(self) -> tuple[FollowUp, str, bool, bool]:
        """The entries listed under one heading: a section, a fact, and how it blocks."""
        return (self.follow_up, self.fact, self.missing, self.planned)


def _would_fall(project: Project, finding: Finding) -> date | None:
    """The earliest day a waiting finding would fall on, from its known trigger."""
    rule = finding.definition
    anchor = next((f for f in finding.used if f.name == rule.trigger), None)
    if anchor is None or anchor.value.earliest is None:
        return None
    offset = rule.offset_for(project.facts.parties[finding.party].category)
    return offset.apply(anchor.value.earliest) if offset else anchor.value.earliest


def _follow_up(when: date | None, as_of: date) -> FollowUp:
    if when is None:
        return FollowUp.EVENT
    return FollowUp.NOW if when <= as_of + HORIZON else FollowUp.LATER


def waiting_list(evaluation: Evaluation, project: Project | None = None) -> list[Blocked]:
    """Without the project, missing facts are not placed in time (all `event`)."""
    as_of = evaluation.as_of
    items = []
    for f in evaluation.findings:
        if f.status is Status.WAITING:  # a met duty with an unknown due date is not blocked
            dated = (f.earliest, f.latest) if f.latest is not None else None
            if dated is not None:  # computed from a plan: the very date `explain` shows
                when: date | None = f.earliest or f.latest
            else:
                when = _would_fall(project, f) if project is not None else None
            follow = _follow_up(when, as_of)
            for name in f.missing:
                planned = f.unconfirmed and f.anchor is not None and f.anchor.name == name
                items.append(Blocked(name, f.party, f.rule, None, None, when, follow, dated, planned))
        imprecise = f.anchor is not None and not f.anchor.value.is_exact and f.status is not Status.WAITING
        if imprecise and f.anchor is not None and f.earliest is not None and f.latest is not None:
            follow = _follow_up(f.earliest, as_of)
            items.append(Blocked(f.anchor.name, f.party, f.rule, f.earliest, f.latest, f.earliest, follow))
    order = list(FollowUp)
    names = party_names(project.facts.parties) if project is not None else {}
    rank = {p: n for n, p in enumerate(by_name({b.party for b in items}, names))}
    # Within a section, the fact whose first finding is soonest comes first.
    first: dict[tuple[FollowUp, str, bool, bool], date] = {}
    for b in items:
        first[b.heading] = min(first.get(b.heading, date.max), b.when or date.max)

    def key(b: Blocked) -> tuple[int, date, str, bool, bool, date, int, str]:
        group = first[b.heading]
        section = order.index(b.follow_up)
        return (section, group, b.fact, not b.missing, b.planned, b.when or date.max, rank[b.party], b.rule)

    return sorted(items, key=key)


SECTIONS = {FollowUp.NOW: "follow_up_now", FollowUp.LATER: "follow_up_later", FollowUp.EVENT: "awaits_event"}


def _placed(item: Blocked, lang: str) -> str:
    """Where a waiting finding falls: 'etter planen 2023-10-09', or by texts.span for a range."""
    if item.dated is None:
        return f"{word('would_fall', lang)} {item.when}"
    when = span(*item.dated, lang)
    if item.planned:
        return f"{pick(lang, 'etter planen', 'by the plan,')} {when}"
    return f"{pick(lang, 'ville falle', 'would fall')} {when}"


def render_waiting(project: Project, items: list[Blocked], lang: str) -> str:
    lines: list[str] = []
    facts = project.rules.vocabulary.facts
    section = None
    current = None
    for item in items:
        if item.follow_up != section:
            section = item.follow_up
            if lines:
                lines.append("")
            lines.append(word(SECTIONS[section], lang).format(days=HORIZON.days) + ":")
        heading = item.heading
        if heading != current:
            current = heading
            what = facts[item.fact].description.get(lang) if item.fact in facts else item.fact
            if item.planned:
                state = word("plan_passed", lang)
            elif item.missing:
                state = pick(lang, "mangler", "missing")
            else:
                state = pick(lang, "bare kjent som måned/år", "known only to the month/year")
            count = sum(1 for i in items if i.heading == heading)
            lines.append(f"{item.fact} — {what} ({state}; {counted(count, 'findings', lang)})")
        name = project.facts.parties[item.party].name
        if item.missing:
            placed = f", {_placed(item, lang)}" if item.when else ""
            lines.append(f"  {name} ({item.party}): {item.rule}{placed}")
        elif item.earliest is not None and item.latest is not None:  # a range: known by its ends
            lines.append(f"  {name} ({item.party}): {item.rule} {between(item.earliest, item.latest, lang)}")
    if not lines:
        lines.append(pick(lang, "Ingen regler venter på fakta.", "No rule waits for a fact."))
    return "\n".join(fit(lines, WIDTH)) + "\n"  # a long heading or entry wraps, indented under itself


def waiting_json(items: list[Blocked], as_of: date) -> str:
    groups: dict[str, dict[str, list[dict[str, str | bool | None]]]] = {}
    ordered = []
    for item in items:
        group = groups.setdefault(item.fact, {"missing": [], "imprecise": []})
        entry: dict[str, str | bool | None] = {
            "party": item.party,
            "rule": item.rule,
            "follow_up": item.follow_up.value,
            "date": item.when.isoformat() if item.when else None,
        }
        if item.dated is not None:  # the finding's own date, as `check` gives it
            entry["latest"] = item.dated[1].isoformat()
            entry["planned"] = item.planned
        if item.missing:
            group["missing"].append(entry)
        else:
            entry = {**entry, "earliest": str(item.earliest), "latest": str(item.latest)}
            group["imprecise"].append(entry)
        ordered.append({"fact": item.fact, **entry})
    document = {"as_of": as_of.isoformat(), "horizon_days": HORIZON.days, "order": ordered, "facts": groups}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
