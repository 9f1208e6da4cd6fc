"""The subscription index page: every party in Norwegian alphabetical order, its
open and overdue deadlines (the most urgent first), a link to its page and
subscribe links. Pure: the feed URLs and the reload state are passed in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from ..domain.finding import Finding, Status
from ..evaluation.evaluator import Evaluation
from ..reading.project import Project
from .collation import norwegian_key
from .report import date_text
from .templating import render
from .texts import pick, word

SHOWN = (Status.OVERDUE, Status.DUE_SOON, Status.UPCOMING, Status.OPEN)
ALL_SHOWN = 8  # the most urgent deadlines across all parties, in the "all" row


@dataclass(frozen=True)
class Stale:
    """The last reload failed: the pages and feeds are from the last good files."""

    good_since: datetime  # when the files now served were loaded
    failing_since: datetime  # when a reload first failed

    def banner(self, lang: str) -> dict[str, str]:
        good = self.good_since.strftime("%Y-%m-%d %H:%M")
        failing = self.failing_since.strftime("%Y-%m-%d %H:%M")
        return {
            "heading": pick(lang, "Ikke oppdatert.", "Not up to date."),
            "text": pick(
                lang,
                f"Regel- eller faktafilene har feil siden {failing} (UTC). Frister og kalendere er fra siste "
                f"gyldige versjon, lastet {good} (UTC).",
                f"The rule or fact files have had errors since {failing} (UTC). Deadlines and calendars are from "
                f"the last good version, loaded {good} (UTC).",
            ),
        }

    def feed_note(self) -> str:
        """For the feeds' X-HPRULES-STALE: one line, in English like the other X- properties."""
        return (
            f"from the last good version of the rule and fact files, loaded {self.good_since.isoformat()}; "
            f"reloading has failed since {self.failing_since.isoformat()}"
        )


def google_link(webcal_url: str) -> str:
    """Google Calendar's add-by-URL link for a feed."""
    return "https://calendar.google.com/calendar/render?cid=" + quote(webcal_url, safe="")


def subscribe_links(base_url: str, feed: str) -> dict[str, str]:
    """webcal://, Google Calendar and https:// links to a feed; `base_url` ends in '/'."""
    http_url = base_url + quote(feed) + ".ics"
    webcal_url = "webcal://" + http_url.split("://", 1)[1]
    return {"webcal": webcal_url, "google": google_link(webcal_url), "ics": http_url}


_URGENCY = {Status.OVERDUE: 0, Status.DUE_SOON: 1}


def urgency(finding: Finding) -> tuple[int, date]:
    """Overdue first, then due soon, then the rest; within each, by date."""
    day = finding.earliest or finding.latest or date.max
    return (_URGENCY.get(finding.status, 2), day)


def page_texts(lang: str) -> dict[str, str]:
    return {
        "as_of": pick(lang, "Per", "As of"),
        "party": pick(lang, "Part", "Party"),
        "counts": pick(lang, "Status", "Status"),
        "deadlines": pick(lang, "Frister, de mest presserende først", "Deadlines, the most urgent first"),
        "calendar": pick(lang, "Kalender", "Calendar"),
        "subscribe": pick(lang, "Abonner", "Subscribe"),
        "address": pick(lang, "Adresse (.ics)", "Address (.ics)"),
        "nothing_open": pick(lang, "ingen åpne frister", "no open deadlines"),
        "intro": pick(
            lang,
            "Abonner på en kalender for å få fristene inn i Outlook, Google, Apple eller Thunderbird; de flytter "
            "seg når datoene endres. Velg en part for alle dens frister, forklaringene og en tidslinje.",
            "Subscribe to a calendar to get the deadlines into Outlook, Google, Apple or Thunderbird; they move "
            "when the dates change. Choose a party for all its deadlines, the explanations and a timeline.",
        ),
    }


def render_index(project: Project, evaluation: Evaluation, base_url: str, lang: str, stale: Stale | None = None) -> str:
    """`base_url` is the http(s) URL of the feeds' folder, ending in '/'."""
    parties = project.facts.parties
    shown = sorted(
        (f for f in evaluation.findings if f.status in SHOWN),
        key=lambda f: (*urgency(f), norwegian_key(parties[f.party].name), f.party),
    )

    def deadline(finding: Finding, with_party: bool) -> dict[str, str]:
        return {
            "date": date_text(finding, lang),
            "title": finding.definition.title.get(lang),
            "status": finding.status.value,
            "status_text": word(finding.status.value, lang),
            "party": parties[finding.party].name if with_party else "",
        }

    def counts(findings: list[Finding]) -> list[dict[str, str]]:
        tally = Counter(f.status for f in findings)
        return [{"status": s.value, "text": f"{tally[s]} {word(s.value, lang)}"} for s in SHOWN if tally[s]]

    rows: list[dict[str, Any]] = []
    more = len(shown) - ALL_SHOWN
    rows.append(
        {
            "id": "all",
            "name": pick(lang, "Alle parter", "All parties"),
            "page": "",
            "counts": counts(shown),
            "deadlines": [deadline(f, True) for f in shown[:ALL_SHOWN]],
            "more": pick(lang, f"… og {more} til under partene", f"… and {more} more below") if more > 0 else "",
            **subscribe_links(base_url, "all"),
        }
    )
    for party_id in sorted(evaluation.parties, key=lambda p: norwegian_key(parties[p].name)):
        mine = [f for f in shown if f.party == party_id]
        rows.append(
            {
                "id": party_id,
                "name": parties[party_id].name,
                "page": base_url + quote(party_id),
                "counts": counts(mine),
                "deadlines": [deadline(f, False) for f in mine],
                "more": "",
                **subscribe_links(base_url, party_id),
            }
        )
    return render(
        "index.html",
        lang="en" if lang == "en" else "nb",
        title=pick(lang, "Helseplattformen: frister per part", "Helseplattformen: deadlines per party"),
        as_of=evaluation.as_of.isoformat(),
        t=page_texts(lang),
        rows=rows,
        stale=stale.banner(lang) if stale else None,
    )
