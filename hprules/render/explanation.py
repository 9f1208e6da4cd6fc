"""Why this date and this status? One finding explained step by step. Pure."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import date
from itertools import pairwise

from ..domain.dates import Move, WorkingDays
from ..domain.factbase import Fact, Party
from ..domain.finding import Finding, Status
from ..domain.rulebook import Inference, ReviewState, Rule, Text
from ..domain.whatif import WhatIf
from ..evaluation.inference import chain
from .layout import fit
from .texts import counting_words, move_words, nok, offset_text, pick, span, word

_PRECISION_NB = {"month": "måned", "year": "år", "day": "dag", "on_or_before": "øvre grense"}


def _fact_line(fact: Fact, lang: str) -> str:
    if fact.is_derived:
        return _derived_lines(fact, lang)
    origin = {
        "party": pick(lang, "parten", "the party"),
        "region": pick(lang, "regionen", "the region"),
        "--set": "--set",
    }.get(fact.origin, fact.origin)
    source = pick(lang, "kilde", "source")
    plan = pick(lang, "; bare planlagt", "; a plan only") if fact.planned else ""
    line = f"  {fact.name} = {fact.value}  [{pick(lang, 'fra', 'from')} {origin}; {source}: {fact.source}{plan}"
    if fact.location.line:
        line += f", {fact.location}"
    line += "]"
    if fact.recorded is not None:
        line += f"\n      {pick(lang, 'registrert', 'on record from')} {fact.recorded}"
    if fact.quote:
        line += f"\n      «{fact.quote}»"
    if fact.note:
        line += f"\n      {fact.note.get(lang)}"
    for before in reversed(fact.earlier):
        line += (
            f"\n      {pick(lang, 'tidligere', 'before that')}: {before.value} "
            f"({pick(lang, 'registrert', 'on record from')} {before.recorded}; {before.source})"
        )
    return line


def _derived_lines(fact: Fact, lang: str) -> str:
    """A derived fact and its chain back to a recorded fact, one step a line."""
    steps = chain(fact)
    lines = [
        f"  {fact.name} = {fact.value}  [{pick(lang, 'utledet, ikke registrert', 'derived, not recorded')}]",
    ]
    for step, source in pairwise(steps):
        lines.append(
            f"      {pick(lang, 'fordi', 'because')} {source.name} = {source.value} "
            f"({pick(lang, 'slutning', 'inference')} {step.derived_by}, {step.location})"
        )
    recorded = steps[-1]
    lines.append("    " + _fact_line(recorded, lang).lstrip(" ").replace("\n", "\n  "))
    return "\n".join(lines)


PARAGRAPH = 88  # columns of a quote or an interpretation, however wide the terminal


def _wrap(text: str, indent: str = "  ", width: int = PARAGRAPH) -> str:
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent)


def render_explanation(
    rule: Rule,
    party: Party,
    finding: Finding | None,
    lang: str,
    as_of: str,
    days: WorkingDays,
    excluded_by: Inference | None = None,
    what_if: WhatIf | None = None,
    categories: Mapping[str, Text] | None = None,
    width: int | None = None,
) -> str:
    """`categories`: the vocabulary's names, so a category reads as words, not as its key.
    `width`: no line longer than that, as far as whole words allow (the terminal's width);
    None leaves the lines as they are (a page wraps them itself)."""
    room = min(PARAGRAPH, width) if width else PARAGRAPH

    def wrap(text: str, indent: str = "  ") -> str:
        return _wrap(text, indent, room)

    names = {k: v.get(lang) for k, v in (categories or {}).items()}
    out = [what_if.describe(lang), ""] if what_if else []
    out += [
        f"{rule.id} — {rule.title.get(lang)} ({word(rule.kind.value, lang)})",
        f"{pick(lang, 'Part', 'Party')}: {party.name} ({party.id}), {names.get(party.category, party.category)}"
        + (f", {pick(lang, 'bølge', 'wave')} {party.wave}" if party.wave else ""),
        *(f"  {pick(lang, 'merknad', 'note')}: {note.get(lang)}" for note in party.notes),
        f"{pick(lang, 'Per', 'As of')}: {as_of}",
        f"{pick(lang, 'Regelfil', 'Rule file')}: {rule.location}",
        f"{pick(lang, 'Gjennomgang', 'Review')}: {review_text(rule, lang)}",
        "",
        pick(lang, "Kilde:", "Source:"),
    ]
    for source in rule.sources:
        clause = f", {source.clause}" if source.clause else f", {pick(lang, 'uten punktnummer', 'no clause number')}"
        out.append(f"  {source.document} — {source.agreement}{clause}")
        out.append(wrap(f"«{source.quote}»", "    "))
    if rule.interpretation:
        out += [pick(lang, "Tolkning:", "Interpretation:"), wrap(rule.interpretation.get(lang))]
    out.append("")
    if finding is None and excluded_by is not None:
        out.append(
            pick(
                lang, "Regelen gjelder ikke for denne parten, fordi:", "The rule does not apply to this party, because:"
            )
        )
        out.append(
            f"  {excluded_by.title.get(lang)} ({pick(lang, 'slutning', 'inference')} {excluded_by.id}, "
            f"{excluded_by.location})"
        )
        if excluded_by.interpretation:
            out.append(wrap(excluded_by.interpretation.get(lang), "    "))
        return _fitted(out, width)
    if finding is None:
        out.append(pick(lang, "Regelen gjelder ikke for denne parten:", "The rule does not apply to this party:"))
        out.append(wrap(_applicability(rule, lang, names)))
        return _fitted(out, width)
    out.append(pick(lang, "Gjelder:", "Applies to:"))
    out.append(wrap(_applicability(rule, lang, names)))
    out.append(pick(lang, "Fakta brukt:", "Facts used:"))
    out += [_fact_line(f, lang) for f in finding.used] or [pick(lang, "  (ingen)", "  (none)")]
    out.append(pick(lang, "Utregning:", "Arithmetic:"))
    out += _steps(rule, finding, lang, days)
    out.append(f"{pick(lang, 'Status', 'Status')}: {word(finding.status.value, lang)}")
    out.append(wrap(_reason(rule, finding, lang, as_of)))
    if finding.amount is not None:
        amount = finding.amount
        out.append(
            f"{pick(lang, 'Beløp', 'Amount')}: {nok(amount.nok, lang)} "
            f"({pick(lang, 'kilde', 'source')}: {amount.provenance.source}"
            + (f", «{amount.provenance.quote}»" if amount.provenance.quote else "")
            + ")"
        )
    return _fitted(out, width)


def _fitted(out: list[str], width: int | None) -> str:
    lines = "\n".join(out).split("\n")  # a fact's entry spans lines
    return "\n".join(fit(lines, width) if width else lines) + "\n"


def review_text(rule: Rule | Inference, lang: str) -> str:
    review = rule.review
    if review is None:
        return pick(lang, "IKKE gjennomgått av juridisk", "NOT reviewed by legal staff")
    stamp = pick(lang, f"godkjent av {review.by} {review.on}", f"approved by {review.by} on {review.on}")
    if rule.review_state is ReviewState.CHANGED:
        return pick(
            lang,
            f"ENDRET etter at den ble {stamp}; må gjennomgås på nytt",
            f"CHANGED since it was {stamp}; needs review again",
        )
    return stamp


def _applicability(rule: Rule, lang: str, names: Mapping[str, str]) -> str:
    a = rule.applies_to
    parts = [f"{pick(lang, 'kategori', 'category')} {', '.join(names.get(c, c) for c in a.categories)}"]
    if a.waves:
        parts.append(f"{pick(lang, 'bølge', 'wave')} {', '.join(a.waves)}")
    if a.requires:
        parts.append(f"{pick(lang, 'krever', 'requires')} {', '.join(a.requires)}")
    if a.unless:
        parts.append(
            f"{pick(lang, 'ikke når', 'not when')} {', '.join(a.unless)} {pick(lang, 'er registrert', 'is recorded')}"
        )
    return "; ".join(parts)


def _steps(rule: Rule, finding: Finding, lang: str, days: WorkingDays) -> list[str]:
    if finding.deadline is None and finding.missing:
        return [
            f"  {pick(lang, 'Kan ikke regnes ut: mangler', 'Cannot be computed: missing')} {', '.join(finding.missing)}"
        ]
    if finding.deadline is None or finding.offset is None:
        return [
            pick(lang, "  Ingen fast dato: uten ugrunnet opphold etter ", "  No fixed date: without undue delay after ")
            + rule.trigger
        ]
    anchor = finding.anchor
    assert anchor is not None
    lines = [f"  1. {pick(lang, 'Utgangspunkt', 'Anchor')}: {anchor.name} = {anchor.value}"]
    if anchor.value.earliest is None:
        lines.append(
            "     "
            + pick(
                lang,
                "kjent bare som «på eller før» en dag: bare den seneste dagen kan regnes ut",
                "known only as 'on or before' a day: only the latest day can be computed",
            )
        )
    elif not anchor.value.is_exact:
        lines.append(
            "     "
            + pick(
                lang,
                f"kjent bare som {_PRECISION_NB[anchor.value.precision.value]}: regnes fra begge ender",
                f"known only to the {anchor.value.precision.value}: both ends are counted",
            )
        )
    offset = finding.offset
    shown = offset_text(offset, lang)
    if finding.instance and rule.recurrence:
        shown += f" + {finding.instance - 1} × {offset_text(rule.recurrence, lang).rsplit(' ', 1)[0]}"
    lines.append(f"  2. {pick(lang, 'Frist', 'Offset')}: {shown}")
    lines.append(f"     {counting_words(lang)}")
    for n, step in enumerate(finding.deadline.steps):
        label = (
            ""
            if len(finding.deadline.steps) == 1
            else (pick(lang, " (tidligst)", " (earliest)") if n == 0 else pick(lang, " (senest)", " (latest)"))
        )
        lines.append(f"     {step.anchor} → {step.raw}{label}")
    lines.append(
        f"  3. {pick(lang, 'Ikke-virkedag', 'Non-working day')}: {move_words(rule.move, lang)}"
        + (f" — {rule.move_reason.get(lang)}" if rule.move_reason else "")
    )
    for step in finding.deadline.steps:
        if rule.move is Move.NONE:
            lines.append(f"     {step.raw}: {pick(lang, 'flyttes ikke', 'not moved')}")
        elif step.moved:
            why = days.holiday_name(step.raw) or pick(lang, "helg", "weekend")
            lines.append(
                f"     {step.raw} {pick(lang, 'er ikke virkedag', 'is not a working day')} ({why}) → {step.result}"
            )
        else:
            lines.append(f"     {step.raw} {pick(lang, 'er virkedag', 'is a working day')}")
    result = f"  {pick(lang, 'Resultat', 'Result')}: "
    if finding.latest is None:
        lines.append(f"{result}{finding.latest}")
    elif finding.earliest is None:
        lines.append(
            f"{result}{span(None, finding.latest, lang)} "
            f"{pick(lang, '(hvor tidlig er ukjent)', '(how early is unknown)')}"
        )
    elif finding.earliest == finding.latest:
        lines.append(f"{result}{span(finding.earliest, finding.latest, lang)}")
    else:
        lines.append(
            f"{result}{span(finding.earliest, finding.latest, lang)} "
            f"{pick(lang, '(ingen dag er oppgitt; ingen dag blir gjettet)', '(no day is known; none is invented)')}"
        )
    return lines


_REASONS: dict[str, tuple[str, str]] = {
    "waiting": ("Venter på fakta som ikke er registrert: {missing}.", "Waits for facts not recorded: {missing}."),
    "recorded": ("{done} er registrert som {value}.", "{done} is recorded as {value}."),
    "unknown": (
        " Det er ukjent om det skjedde innen fristen; det regnes aldri som forfalt.",
        " Whether it happened in time is unknown; it is never called overdue.",
    ),
    "late": (" Det er etter siste dag {latest}.", " That is after the last day {latest}."),
    "on_time": (" Det er innen fristen.", " That is within the deadline."),
    "overdue": (
        "Per {as_of} er siste mulige dag {latest} passert, og {fulfilled_by} er ikke registrert eller utledet. "
        "Registrer {fulfilled_by} for å lukke den.",
        "As of {as_of} the latest possible day {latest} has passed and {fulfilled_by} is neither recorded nor "
        "derived. Record {fulfilled_by} to close it.",
    ),
    "undated": (
        "Plikten gjelder nå, uten fast dato, til {fulfilled_by} er registrert.",
        "The duty applies now, with no fixed date, until {fulfilled_by} is recorded.",
    ),
    "due_soon": (
        "Per {as_of} er varslingstiden begynt ({warn_from}: {due_soon} tidligste mulige dato), "
        "og siste dag {latest} er ikke passert.",
        "As of {as_of} the warning period has begun ({warn_from}: {due_soon} the earliest possible date) "
        "and the last day {latest} has not passed.",
    ),
    "upcoming": (
        "Per {as_of} er det ennå ikke tid for varsling (fra {warn_from}).",
        "As of {as_of} it is not yet time to warn (from {warn_from}).",
    ),
    "open": ("Retten kan brukes til og med {latest}.", "The right can be used until {latest} inclusive."),
    "open_range": (
        "Retten er åpen med sikkerhet til og med {earliest}; den kan ha stengt allerede etter det, og "
        "stenger senest {latest}. Bruk den innen {earliest}.",
        "The right is open for certain until {earliest} inclusive; it may already have closed after that, "
        "and closes on {latest} at the latest. Use it by {earliest}.",
    ),
    "open_closing": (
        "Retten kan ha stengt {earliest} allerede (siste mulige dag er {latest}); den er ikke sikkert åpen.",
        "The right may already have closed on {earliest} (the latest possible day is {latest}); it is not "
        "certainly open.",
    ),
    "open_bound": (
        "Retten stenger senest {latest}; hvor tidlig er ukjent, så bruk den så snart som mulig.",
        "The right closes on {latest} at the latest; how early is unknown, so use it as soon as possible.",
    ),
    "missed": (
        "Per {as_of} er måldatoen {latest} passert uten at {fulfilled_by} er registrert. Et mål er ikke bindende: "
        "det regnes ikke som forfalt.",
        "As of {as_of} the target date {latest} has passed and {fulfilled_by} is not recorded. A target is not "
        "binding: it is not counted as overdue.",
    ),
    "unconfirmed": (
        "{trigger} er bare planlagt ({anchor}), og den dagen er passert; regelen venter til {trigger} er "
        "registrert som faktisk, med kilde.",
        "{trigger} is only a plan ({anchor}), and that day has passed; the rule waits until {trigger} is "
        "recorded as actual, with a source.",
    ),
    "expired": (
        "Siste dag {latest} er passert uten at {fulfilled_by} er registrert.",
        "The last day {latest} has passed and {fulfilled_by} is not recorded.",
    ),
    "maybe_exercised": (
        "Retten kan være benyttet; datoen er bare kjent som en øvre grense.",
        "The right may have been exercised; its date is known only as an upper bound.",
    ),
    "met": ("Oppfylt.", "Met."),
    "met_late": ("Oppfylt for sent.", "Met late."),
    "exercised": ("Retten er benyttet.", "The right has been exercised."),
    "passed": ("Datoen {latest} er passert.", "The date {latest} has passed."),
    "scheduled": ("Datoen er ikke passert per {as_of}.", "The date has not passed as of {as_of}."),
}


def _reason(rule: Rule, finding: Finding, lang: str, as_of: str) -> str:
    s = finding.status
    done = finding.fulfilment
    values = {
        "missing": ", ".join(finding.missing),
        "earliest": finding.earliest,
        "trigger": rule.trigger,
        "anchor": finding.anchor.value if finding.anchor else None,
        "latest": finding.latest,
        "as_of": as_of,
        "fulfilled_by": rule.fulfilled_by,
        "warn_from": finding.warn_from,
        "due_soon": rule.due_soon,
        "done": done.name if done else None,
        "value": done.value if done else None,
    }

    def say(key: str) -> str:
        nb, en = _REASONS[key]
        return (en if lang == "en" else nb).format(**values)

    if s in (Status.MET, Status.MET_LATE, Status.EXERCISED) and done is not None:
        text = say("recorded")
        if finding.timeliness is not None:
            text += say(finding.timeliness.value)
        elif s is Status.EXERCISED and not done.value.is_exact:
            text += " " + say("maybe_exercised")
        return text
    if s is Status.DUE_SOON and finding.latest is None:
        return say("undated")
    if finding.unconfirmed:
        return say("unconfirmed")
    if s is Status.OPEN and finding.latest is not None and finding.earliest != finding.latest:
        if finding.earliest is None:
            return say("open_bound")
        today = date.fromisoformat(as_of)
        return say("open_closing" if today > finding.earliest else "open_range")
    return say(s.value)
