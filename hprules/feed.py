"""iCalendar feeds from findings. Pure: the previous state and the time are passed in.

What real clients accept (ENGINEERING.md): the UID comes from the finding's
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

from .evaluation import Evaluation
from .explanation import review_text
from .factbase import Party
from .finding import Finding
from .project import Project
from .rulebook import Kind, Rule
from .texts import offset_text, word

PRODID = "-//hprules//Helseplattformen deadlines//NB"
UID_DOMAIN = "hprules.helseplattformen"
FINGERPRINT = "X-HPRULES-FINGERPRINT"
AS_OF = "X-HPRULES-AS-OF"
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


def _t(lang: str, nb: str, en: str) -> str:
    return en if lang == "en" else nb


_PREFIX = {
    Kind.OBLIGATION: ("Frist", "Deadline"),
    Kind.RIGHT: ("Siste dag", "Last day"),
    Kind.EFFECT: ("Virkning", "Takes effect"),
    Kind.TARGET: ("Mål", "Target"),
    Kind.GUIDANCE: ("Planlagt", "Planned"),
}


def summary(rule: Rule, party: Party, lang: str) -> str:
    nb, en = _PREFIX[rule.kind]
    return f"{_t(lang, nb, en)} for {party.name}: {rule.title.get(lang)}"


def description(rule: Rule, party: Party, finding: Finding, lang: str) -> str:
    lines = []
    who = rule.who.get(lang) if rule.who else party.name
    lines.append(f"{_t(lang, 'Hvem', 'Who')}: {who}")
    lines.append(f"{_t(lang, 'Hva', 'What')}: {rule.title.get(lang)} ({word(rule.kind.value, lang)})")
    if finding.earliest == finding.latest:
        lines.append(f"{_t(lang, 'Dato', 'Date')}: {finding.latest}")
    else:
        lines.append(
            _t(
                lang,
                f"Usikker dato: mellom {finding.earliest} og {finding.latest}; ingen dag er kjent.",
                f"Uncertain date: between {finding.earliest} and {finding.latest}; no day is known.",
            )
        )
    if rule.recurrence and finding.instance:
        lines.append(
            _t(
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
        lines.append(
            f"{_t(lang, 'Utregning', 'Computed')}: {anchor.name} = {anchor.value} "
            f"({_t(lang, 'kilde', 'source')}: {anchor.source}), {offset_text(finding.offset, lang)}, "
            f"{_t(lang, 'ikke-virkedag', 'non-working day')}: {rule.move.value}: {steps}"
        )
    lines.append(
        f"{_t(lang, 'Status da kalenderen ble laget', 'Status when generated')}: {word(finding.status.value, lang)}"
    )
    for source in rule.sources:
        quote = " ".join(source.quote.split())
        lines.append(f"{_t(lang, 'Kilde', 'Source')}: {source.document} ({source.agreement}): «{quote}»")
    if rule.interpretation:
        lines.append(f"{_t(lang, 'Tolkning', 'Interpretation')}: {' '.join(rule.interpretation.split())}")
    lines.append(f"{_t(lang, 'Gjennomgang', 'Review')}: {review_text(rule, lang)}")
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
    alarm_days: int | None
    rrule_months: int | None

    @property
    def fingerprint(self) -> str:
        text = "\x1f".join(str(v) for v in vars(self).values())
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _spec(project: Project, finding: Finding, lang: str, as_of: date) -> _Spec | None:
    if finding.earliest is None or finding.latest is None:
        return None  # waiting, or no fixed date: nothing to put in a calendar
    rule = project.rules.rule(finding.rule, as_of)
    party = project.facts.parties[finding.party]
    assert rule is not None
    alarm = None
    if rule.due_soon is not None:
        alarm = (finding.earliest - rule.due_soon.apply(finding.earliest)).days
    rrule = rule.recurrence.amount if rule.recurrence is not None else None
    # A recurring rule is one event from its first occurrence on, not one per quarter.
    start = finding.series_start or finding.earliest
    end = start + (finding.latest - finding.earliest) + timedelta(days=1)  # exclusive: a range spans its days
    return _Spec(
        uid(finding),
        summary(rule, party, lang),
        description(rule, party, finding, lang),
        start,
        end,
        word(rule.kind.value, lang),
        alarm,
        rrule,
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
    event.add(FINGERPRINT, state.fingerprint)
    if spec.alarm_days is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", spec.summary)
        alarm.add("trigger", timedelta(days=-spec.alarm_days))
        event.add_component(alarm)
    return event


def _calendar(title: str, events: Iterable[Event], as_of: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", title)
    cal.add("x-wr-calname", title)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH).to_ical().decode("ascii"))  # type: ignore[no-untyped-call]
    cal.add(AS_OF, as_of)  # the day the statuses were computed for: regenerating needs it
    for event in events:
        cal.add_component(event)
    return bytes(cal.to_ical())


def feed_title(name: str, lang: str) -> str:
    # One line: a name written as a YAML block would break X-WR-CALNAME, which icalendar does not escape.
    return f"{_t(lang, 'Helseplattformen-frister', 'Helseplattformen deadlines')}: {' '.join(name.split())}"


def build_feeds(
    project: Project,
    evaluation: Evaluation,
    lang: str,
    previous: Mapping[str, EventState],
    now: datetime,
    include_all: bool = True,
) -> tuple[list[Feed], dict[str, EventState]]:
    """One feed per evaluated party, and `all` with every party's events.

    `previous` is what was published before (by UID); `now` stamps the events
    that changed. Returns the feeds and the new published state.
    """
    specs_by_party: dict[str, list[_Spec]] = {p: [] for p in evaluation.parties}
    for finding in evaluation.findings:
        spec = _spec(project, finding, lang, evaluation.as_of)
        if spec is not None:
            specs_by_party[finding.party].append(spec)
    all_specs = [s for specs in specs_by_party.values() for s in specs]
    states = publish_states(all_specs, previous, now)
    events = {s.uid: _event(s, states[s.uid]) for s in all_specs}
    as_of = evaluation.as_of.isoformat()
    feeds = []

    def feed(name: str, title: str, specs: list[_Spec]) -> Feed:
        body = _calendar(title, (events[s.uid] for s in specs), as_of)
        return Feed(name, title, body, max((states[s.uid].last_modified for s in specs), default=now))

    for party_id, specs in specs_by_party.items():
        feeds.append(feed(party_id, feed_title(project.facts.parties[party_id].name, lang), specs))
    if include_all:
        feeds.append(feed(ALL, feed_title(_t(lang, "alle parter", "all parties"), lang), all_specs))
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
