"""iCalendar feeds from findings. Pure: the previous state and the time are passed in.

What real clients accept (docs/feeds.md): the UID comes from the finding's
identity, never its date; a changed event gets SEQUENCE + 1 and a new
LAST-MODIFIED, an unchanged one keeps both; all-day events are VALUE=DATE with
an exclusive DTEND; no METHOD (libical then wants ORGANIZER on every event), no
calendar UID (vdirsyncer would merge the events), no clock, sorted output.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vDuration

from ..domain.dates import Move, WorkingDays
from ..domain.factbase import Party
from ..domain.finding import Finding, Status
from ..domain.rulebook import FactSpec, Kind, Rule
from ..domain.sources import source_name
from ..evaluation.evaluator import Evaluation
from ..reading.project import Project
from .collation import by_name, party_names
from .explanation import review_text
from .texts import (
    between,
    counted_from_plan,
    day_words,
    fact_words,
    move_words,
    nok,
    offset_text,
    pick,
    range_words,
    value_words,
    word,
)

PRODID = "-//hprules//Helseplattformen deadlines//NB"
UID_DOMAIN = "hprules.helseplattformen"
FINGERPRINT = "X-HPRULES-FINGERPRINT"
AS_OF = "X-HPRULES-AS-OF"
WHAT_IF = "X-HPRULES-WHAT-IF"  # on a what-if feed: which facts were set or which day's knowledge
STALE = "X-HPRULES-STALE"  # served while the files are broken: from the last good version, since when
ALL = "all"
REFRESH = timedelta(hours=6)


@dataclass(frozen=True)
class EventState:
    """What was published for one event: enough to know if it changed."""

    sequence: int
    last_modified: datetime
    fingerprint: str


@dataclass(frozen=True)
class Feed:
    name: str  # the file stem: a party id, or "all"
    title: str
    body: bytes
    last_modified: datetime  # the newest of its events' LAST-MODIFIED (or the as-of day)


def uid(finding: Finding) -> str:
    """Identity, never the date: a moved deadline keeps its UID."""
    return f"{finding.party}.{finding.rule}@{UID_DOMAIN}"


_PREFIX = {
    Kind.OBLIGATION: ("Frist", "Deadline"),
    Kind.RIGHT: ("Siste dag", "Last day"),
    Kind.EFFECT: ("Virkning", "Takes effect"),
    Kind.TARGET: ("Mål", "Target"),
    Kind.GUIDANCE: ("Planlagt", "Planned"),
}


# What the first line of a description says before the date, by kind.
_LEAD = {
    Kind.OBLIGATION: ("innen", "by"),
    Kind.RIGHT: ("til og med", "until"),
    Kind.EFFECT: ("virker fra", "takes effect on"),
    Kind.TARGET: ("med sikte på", "aiming for"),
    Kind.GUIDANCE: ("planlagt", "planned for"),
}

# Nothing is left to do: a reminder for these would only disturb.
DONE = frozenset({Status.MET, Status.MET_LATE, Status.EXERCISED, Status.PASSED, Status.EXPIRED, Status.MISSED})
REMINDER_HOUR = 9  # reminders fire at 09:00 on their day, not at midnight


def _exact(finding: Finding) -> bool:
    return finding.earliest is not None and finding.earliest == finding.latest


def summary(rule: Rule, party: Party, lang: str, finding: Finding | None = None) -> str:
    nb, en = _PREFIX[rule.kind]
    text = f"{pick(lang, nb, en)} for {party.name}: {rule.title.get(lang)}"
    if finding is not None and finding.latest is not None and not _exact(finding):
        text += f" ({range_words(finding.earliest, finding.latest, lang)})"
    return text


def what_and_when(rule: Rule, finding: Finding, lang: str) -> str:
    """'Kjøpe aksjer i Helseplattformen AS innen 22. april 2022.': what to do and by when."""
    assert finding.latest is not None
    title = rule.title.get(lang)
    if _exact(finding):
        return f"{title} {pick(lang, *_LEAD[rule.kind])} {day_words(finding.latest, lang)}."
    return f"{title}: {range_words(finding.earliest, finding.latest, lang)}."


def description(
    rule: Rule, party: Party, finding: Finding, lang: str, vocabulary: Mapping[str, FactSpec] | None = None
) -> str:
    """`vocabulary` names the facts in words (the name the files use beside them)."""
    facts = vocabulary or {}

    def named(name: str) -> str:
        return fact_words(name, facts[name].description.get(lang) if name in facts else None)

    lines = [what_and_when(rule, finding, lang)]
    if finding.anchor is not None and finding.anchor.planned:  # a guidance date from a planned go-live
        lines.append(counted_from_plan(named(finding.anchor.name), lang))
    who = rule.who.get(lang) if rule.who else party.name
    lines.append(f"{pick(lang, 'Hvem', 'Who')}: {who}")
    lines.append(
        f"{pick(lang, 'Status da kalenderen ble laget', 'Status when generated')}: {word(finding.status.value, lang)}"
    )
    if finding.missing and finding.status not in DONE:
        lines.append(f"{pick(lang, 'Mangler', 'Missing')}: {', '.join(named(n) for n in finding.missing)}")
    lines.append(f"{pick(lang, 'Hva', 'What')}: {rule.title.get(lang)} ({word(rule.kind.value, lang)})")
    if finding.earliest is None:
        lines.append(
            pick(
                lang,
                "Bare siste dag er kjent; hendelsen står på den.",
                "Only the latest day is known; the event is on it.",
            )
        )
    elif finding.latest is not None and finding.earliest != finding.latest:
        lines.append(
            f"{pick(lang, 'Usikker dato', 'Uncertain date')}: {between(finding.earliest, finding.latest, lang)}; "
            + pick(
                lang,
                "ingen dag er kjent. Hendelsen står på den tidligste mulige dagen, så ingen handler for sent.",
                "no day is known. The event is on the earliest possible day, so nobody acts late.",
            )
        )
    if rule.recurrence and finding.instance:
        lines.append(
            pick(
                lang,
                f"Gjentas hver {rule.recurrence.amount}. måned fra første gang; hver gang regnes fra utgangspunktet.",
                f"Repeats every {rule.recurrence.amount} months from the first; each counted from the anchor.",
            )
        )
    anchor = finding.anchor
    if anchor is not None and finding.offset is not None and finding.deadline is not None:
        steps = "; ".join(
            f"{s.anchor} → {s.raw}" + (f" → {s.result}" if s.moved else "") for s in finding.deadline.steps
        )
        # "planned for 9 November 2024", but "planned in April 2026", "planned by 15 May 2023"
        planned = pick(lang, "planlagt", "planned for" if anchor.value.is_exact else "planned")
        lines.append(
            f"{pick(lang, 'Utregning', 'Computed')}: {named(anchor.name)} "
            f"{planned + ' ' if anchor.planned else ''}{value_words(anchor.value, lang)} "
            f"({pick(lang, 'kilde', 'source')}: {source_name(anchor.source, lang)}), "
            f"{offset_text(finding.offset, lang)}, "
            f"{pick(lang, 'ikke-virkedag', 'non-working day')}: {move_words(rule.move, lang)}: {steps}"
        )
    if finding.amount is not None:
        lines.append(
            f"{pick(lang, 'Beløp', 'Amount')}: {nok(finding.amount.nok, lang)} "
            f"({source_name(finding.amount.provenance.source, lang)})"
        )
    derived = [f for f in finding.used if f.is_derived]
    for fact in derived:
        lines.append(
            pick(
                lang,
                f"Utledet: {named(fact.name)} {value_words(fact.value, lang)} "
                f"(slutning {fact.derived_by}; se hprules explain)",
                f"Derived: {named(fact.name)} {value_words(fact.value, lang)} "
                f"(inference {fact.derived_by}; see hprules explain)",
            )
        )
    for source in rule.sources:
        quote = " ".join(source.quote.split())
        lines.append(
            f"{pick(lang, 'Kilde', 'Source')}: {source_name(source.document, lang)} ({source.agreement}): «{quote}»"
        )
    if rule.interpretation:
        lines.append(f"{pick(lang, 'Tolkning', 'Interpretation')}: {' '.join(rule.interpretation.get(lang).split())}")
    lines.append(f"{pick(lang, 'Gjennomgang', 'Review')}: {review_text(rule, lang)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class _Spec:
    """An event's content, without its publication state."""

    uid: str
    summary: str
    description: str
    start: object
    end: object
    category: str
    reminders: tuple[int, ...]  # days before the event, earliest reminder first
    rrule_months: int | None
    tentative: bool

    @property
    def fingerprint(self) -> str:
        text = "\x1f".join(str(v) for v in vars(self).values())
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def reminders(rule: Rule, finding: Finding, day: date, as_of: date, days: WorkingDays) -> tuple[int, ...]:
    """Days before `day` to remind: at the start of the due-soon window and on the
    working day before, where the window reaches that far; none for what is done
    or past, and none that would already have fired."""
    if rule.due_soon is None or finding.status in DONE or day < as_of:
        return ()
    window = rule.due_soon.apply(day)
    before = days.move(day - timedelta(days=1), Move.BACKWARD)
    fire = sorted({d for d in (window, before) if window <= d < day and d >= as_of})
    return tuple((day - d).days for d in fire)


def _spec(project: Project, finding: Finding, lang: str, as_of: date, days: WorkingDays) -> _Spec | None:
    if finding.latest is None or finding.status is Status.WAITING:
        return None  # waiting, or no fixed date: nothing to put in a calendar
    rule = finding.definition
    party = project.facts.parties[finding.party]
    # One day, never a bar: the earliest possible day, so nobody acts late; known
    # only as "on or before", the latest day, the only one known.
    day = finding.earliest if finding.earliest is not None else finding.latest
    rrule = rule.recurrence.amount if rule.recurrence is not None else None
    # A recurring rule is one event from its first occurrence on, not one per quarter.
    start = finding.series_start or day
    return _Spec(
        uid(finding),
        summary(rule, party, lang, finding),
        description(rule, party, finding, lang, project.rules.vocabulary.facts),
        start,
        start + timedelta(days=1),  # exclusive
        word(rule.kind.value, lang),
        reminders(rule, finding, day, as_of, days),
        rrule,
        finding.earliest is not None and finding.earliest != finding.latest,
    )


def publish_states(specs: Iterable[_Spec], previous: Mapping[str, EventState], now: datetime) -> dict[str, EventState]:
    states = {}
    for spec in specs:
        before = previous.get(spec.uid)
        if before is not None and before.fingerprint == spec.fingerprint:
            states[spec.uid] = before
        elif before is not None:
            # Changed twice on one as-of day: still a later LAST-MODIFIED, deterministically.
            modified = max(now, before.last_modified + timedelta(seconds=1))
            states[spec.uid] = EventState(before.sequence + 1, modified, spec.fingerprint)
        else:
            states[spec.uid] = EventState(0, now, spec.fingerprint)
    return states


def _event(spec: _Spec, state: EventState) -> Event:
    event = Event()
    event.add("uid", spec.uid)
    event.add("dtstamp", state.last_modified)
    event.add("last-modified", state.last_modified)
    event.add("sequence", state.sequence)
    event.add("summary", spec.summary)
    event.add("description", spec.description)
    event.add("dtstart", spec.start)
    event.add("dtend", spec.end)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    event.add("categories", [spec.category])
    if spec.rrule_months:
        event.add("rrule", {"freq": "monthly", "interval": spec.rrule_months})
    if spec.tentative:
        event.add("status", "TENTATIVE")
    event.add(FINGERPRINT, state.fingerprint)
    for before in spec.reminders:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", spec.summary)
        alarm.add("trigger", timedelta(days=-before, hours=REMINDER_HOUR))
        event.add_component(alarm)
    return event


def _calendar(
    title: str, events: Iterable[Event], as_of: str, what_if: str | None = None, stale: str | None = None
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", title)
    cal.add("x-wr-calname", title)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH).to_ical().decode("ascii"))  # type: ignore[no-untyped-call]
    cal.add(AS_OF, as_of)  # the day the statuses were computed for: regenerating needs it
    if what_if:
        cal.add(WHAT_IF, what_if)
    if stale:
        cal.add(STALE, stale)
    for event in events:
        cal.add_component(event)
    return bytes(cal.to_ical())


def feed_title(name: str, lang: str, what_if: bool = False) -> str:
    # One line: a name written as a YAML block would break X-WR-CALNAME, which icalendar does not escape.
    suffix = pick(lang, " (hva-hvis)", " (what-if)") if what_if else ""
    return f"{pick(lang, 'Helseplattformen-frister', 'Helseplattformen deadlines')}: {' '.join(name.split())}{suffix}"


def build_feeds(
    project: Project,
    evaluation: Evaluation,
    lang: str,
    previous: Mapping[str, EventState],
    now: datetime,
    include_all: bool = True,
    stale: str | None = None,
) -> tuple[list[Feed], dict[str, EventState]]:
    """One feed per evaluated party, and `all` with every party's events.

    `previous` is what was published before (by UID); `now` stamps the events
    that changed; `stale` says the inputs are the last good ones (the server).
    Returns the feeds and the new published state.
    """
    names = party_names(project.facts.parties)
    # Feeds, and the events of all.ics, in the Norwegian order of the parties' names.
    specs_by_party: dict[str, list[_Spec]] = {p: [] for p in by_name(evaluation.parties, names)}
    days = WorkingDays()
    for finding in evaluation.findings:
        spec = _spec(project, finding, lang, evaluation.as_of, days)
        if spec is not None:
            specs_by_party[finding.party].append(spec)
    all_specs = [s for specs in specs_by_party.values() for s in specs]
    states = publish_states(all_specs, previous, now)
    events = {s.uid: _event(s, states[s.uid]) for s in all_specs}
    as_of = evaluation.as_of.isoformat()
    what_if = evaluation.what_if.describe(lang) if evaluation.what_if else None
    feeds = []

    def feed(name: str, title: str, specs: list[_Spec]) -> Feed:
        body = _calendar(title, (events[s.uid] for s in specs), as_of, what_if, stale)
        return Feed(name, title, body, max((states[s.uid].last_modified for s in specs), default=now))

    for party_id, specs in specs_by_party.items():
        feeds.append(feed(party_id, feed_title(project.facts.parties[party_id].name, lang, bool(what_if)), specs))
    if include_all:
        feeds.append(feed(ALL, feed_title(pick(lang, "alle parter", "all parties"), lang, bool(what_if)), all_specs))
    return feeds, states


MAX_SEQUENCE = 2**31 - 1


def read_states(body: bytes) -> dict[str, EventState]:
    """The publication state of each event in a feed we wrote before."""
    cal = Calendar.from_ical(body)
    states = {}
    for event in cal.walk("VEVENT"):
        fingerprint = str(event.get(FINGERPRINT, ""))
        modified = event.decoded("last-modified").astimezone(UTC)
        sequence = int(event.get("sequence", 0))
        if not 0 <= sequence < MAX_SEQUENCE:  # RFC 5545 integers end at 2**31 - 1: no room for the next change
            raise ValueError(f"event {event['uid']} has SEQUENCE {sequence}, outside 0–{MAX_SEQUENCE - 1}")
        states[str(event["uid"])] = EventState(sequence, modified, fingerprint)
    return states
