"""A party's page: every finding with its status in plain words, what is missing
and who must act, the explanation behind each date (the text of `hprules
explain`), subscribe buttons and a timeline drawn on the server. Pure."""

from __future__ import annotations

from typing import Any

from ..domain.dates import WorkingDays
from ..domain.finding import Finding, Status
from ..evaluation.evaluator import Evaluation
from ..reading.project import Project
from .explanation import render_explanation
from .index_page import Stale, subscribe_links, urgency
from .layout import DEFAULT_WIDTH
from .templating import render
from .texts import counted_from_plan, day_words, from_plan, month_abbreviations, pick, range_words, word
from .timeline import Item, layout

# A sentence per status, for a project leader: what it means for them.
_MEANING = {
    Status.OVERDUE: (
        "Fristen er passert, og ingenting viser at det er gjort.",
        "The deadline has passed with no record that it was done.",
    ),
    Status.DUE_SOON: ("Fristen nærmer seg.", "The deadline is near."),
    Status.UPCOMING: ("Fristen kommer senere.", "The deadline is ahead."),
    Status.MET: ("Gjort i tide.", "Done on time."),
    Status.MET_LATE: ("Gjort, men etter fristen.", "Done, but after the deadline."),
    Status.MISSED: (
        "Målet ble ikke nådd innen datoen; det er et mål, ikke en plikt.",
        "The target date passed unmet; a target, not a duty.",
    ),
    Status.OPEN: ("Retten kan brukes ennå.", "The right can still be used."),
    Status.EXERCISED: ("Retten er brukt.", "The right has been used."),
    Status.EXPIRED: ("Retten kan ikke lenger brukes.", "The right can no longer be used."),
    Status.SCHEDULED: ("Skjer på datoen.", "Happens on the date."),
    Status.PASSED: ("Datoen er passert.", "The date has passed."),
    Status.WAITING: (
        "Datoen kan ikke regnes ut før det som mangler er registrert.",
        "The date cannot be computed until what is missing is recorded.",
    ),
}


def when_text(finding: Finding, lang: str) -> str:
    if finding.latest is None:
        return "—"
    if finding.earliest is not None and finding.earliest == finding.latest:
        return day_words(finding.latest, lang)
    return range_words(finding.earliest, finding.latest, lang)


def render_party(
    project: Project,
    evaluation: Evaluation,
    party_id: str,
    base_url: str,
    lang: str,
    stale: Stale | None = None,
) -> str:
    party = project.facts.parties[party_id]
    days = WorkingDays(language="en_US" if lang == "en" else "no")
    as_of = evaluation.as_of
    findings = sorted((f for f in evaluation.findings if f.party == party_id), key=urgency)
    vocabulary = project.rules.vocabulary.facts
    rows: list[dict[str, Any]] = []
    items = []
    for finding in findings:
        rule = finding.definition
        missing = [vocabulary[name].description.get(lang) if name in vocabulary else name for name in finding.missing]
        meaning = _MEANING[finding.status][1 if lang == "en" else 0]
        if finding.unconfirmed and finding.anchor is not None:  # dated from a plan: not "cannot be computed"
            name = finding.anchor.name
            meaning = from_plan(
                when_text(finding, lang), vocabulary[name].description.get(lang) if name in vocabulary else name, lang
            )
            missing = []  # the fact is on record, as a plan: the sentence says what is awaited
        elif finding.anchor is not None and finding.anchor.planned:  # e.g. guidance from a planned go-live
            name = finding.anchor.name
            label = vocabulary[name].description.get(lang) if name in vocabulary else name
            meaning += " " + counted_from_plan(label, lang)
        rows.append(
            {
                "id": finding.rule,
                "title": rule.title.get(lang),
                "kind": word(rule.kind.value, lang),
                "status": finding.status.value,
                "status_text": word(finding.status.value, lang),
                "meaning": meaning,
                "when": when_text(finding, lang),
                "who": rule.who.get(lang) if rule.who else party.name,
                "missing": missing,
                "explanation": render_explanation(  # the text of `hprules explain`, piped
                    rule,
                    party,
                    finding,
                    lang,
                    as_of.isoformat(),
                    days,
                    categories=project.rules.vocabulary.categories,
                    width=DEFAULT_WIDTH,
                ),
            }
        )
        if finding.latest is not None and finding.status is not Status.WAITING:
            items.append(
                Item(
                    rule.title.get(lang),
                    when_text(finding, lang),
                    finding.earliest,
                    finding.latest,
                    finding.status.value,
                )
            )
    timeline = layout(items, as_of, word("today", lang), month_abbreviations(lang)) if items else None
    legend = [(s.value, word(s.value, lang)) for s in Status if any(i.status == s.value for i in items)]
    return render(
        "party.html",
        lang="en" if lang == "en" else "nb",
        title=party.name,
        party=party,
        as_of=as_of.isoformat(),
        index=base_url,
        links=subscribe_links(base_url, party_id),
        rows=rows,
        timeline=timeline,
        legend=legend,
        stale=stale.banner(lang) if stale else None,
        t={
            "back": pick(lang, "Alle parter", "All parties"),
            "as_of": pick(lang, "Per", "As of"),
            "subscribe": pick(lang, "Abonner i kalenderen", "Subscribe in your calendar"),
            "address": pick(lang, "Adresse (.ics)", "Address (.ics)"),
            "timeline": pick(lang, "Tidslinje", "Timeline"),
            "timeline_note": pick(
                lang,
                "En prikk er en dag; en stolpe er et tidsrom der dagen ikke er kjent; en trekant med strek bakover "
                "er en dato som bare er kjent som «senest».",
                "A dot is a day; a bar is a range where the day is not known; a triangle with a line back is a "
                "date known only as 'by'.",
            ),
            "findings": pick(lang, "Alle frister og statuser", "Every deadline and status"),
            "what": pick(lang, "Hva", "What"),
            "when": pick(lang, "Når", "When"),
            "status": pick(lang, "Status", "Status"),
            "who": pick(lang, "Hvem må handle", "Who must act"),
            "missing": pick(lang, "Mangler", "Missing"),
            "why": pick(lang, "Slik er datoen regnet ut", "How the date was computed"),
            "notes": pick(lang, "Merknader", "Notes"),
            "no_dates": pick(lang, "Ingen daterte frister å vise.", "No dated deadlines to show."),
        },
    )
