"""The subscription index page: every party, its open and overdue deadlines, and
subscribe links. Pure: the feed URLs are passed in."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from .evaluation import Evaluation
from .project import Project
from .report import date_text
from .status import Status
from .texts import word

SHOWN = (Status.OVERDUE, Status.DUE_SOON, Status.UPCOMING, Status.OPEN)

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.overdue{color:#a00;font-weight:600}.due_soon{color:#a60}.links a{margin-right:.6rem}
ul{margin:0;padding-left:1rem}
"""


def _t(lang: str, nb: str, en: str) -> str:
    return en if lang == "en" else nb


def google_link(webcal_url: str) -> str:
    """Google Calendar's add-by-URL link for a feed."""
    return "https://calendar.google.com/calendar/render?cid=" + quote(webcal_url, safe="")


def render_index(project: Project, evaluation: Evaluation, base_url: str, lang: str) -> str:
    """`base_url` is the http(s) URL of the feeds' folder, ending in '/'."""
    webcal_base = "webcal://" + base_url.split("://", 1)[1]
    rules = {r.id: r for r in project.rules.in_force(evaluation.as_of)}
    rows = []
    by_party: dict[str, list[str]] = {p: [] for p in evaluation.parties}
    counts: dict[str, tuple[int, int]] = {}
    for finding in evaluation.findings:
        if finding.status not in SHOWN:
            continue
        open_, overdue = counts.get(finding.party, (0, 0))
        late = finding.status is Status.OVERDUE
        counts[finding.party] = (open_ + (not late), overdue + late)
        title = escape(rules[finding.rule].title.get(lang))
        by_party[finding.party].append(
            f'<li class="{finding.status.value}">{escape(date_text(finding, lang))}: {title} '
            f"({escape(word(finding.status.value, lang))})</li>"
        )
    names = [("all", _t(lang, "Alle parter", "All parties"))] + [
        (p, project.facts.parties[p].name) for p in evaluation.parties
    ]
    for feed, name in names:
        http_url = base_url + quote(feed) + ".ics"
        webcal_url = webcal_base + quote(feed) + ".ics"
        links = (
            f'<a href="{escape(webcal_url)}">{_t(lang, "Abonner", "Subscribe")} (webcal)</a>'
            f'<a href="{escape(google_link(webcal_url))}">Google Kalender</a>'
            f'<a href="{escape(http_url)}">{_t(lang, "Adresse", "URL")} (.ics)</a>'
        )
        items = "".join(by_party.get(feed, []))
        open_, overdue = counts.get(feed, (0, 0)) if feed != "all" else (0, 0)
        summary = "" if feed == "all" else f"{open_} {_t(lang, 'åpne', 'open')}, {overdue} {word('overdue', lang)}"
        rows.append(
            f'<tr id="{escape(feed)}"><td>{escape(name)}</td><td>{summary}</td>'
            f"<td><ul>{items}</ul></td>"
            f'<td class="links">{links}</td></tr>'
        )
    heading = _t(lang, "Helseplattformen: frister per part", "Helseplattformen: deadlines per party")
    cols = [
        _t(lang, "Part", "Party"),
        _t(lang, "Åpne", "Open"),
        _t(lang, "Frister", "Deadlines"),
        _t(lang, "Kalender", "Calendar"),
    ]
    return (
        f'<!doctype html>\n<html lang="{"en" if lang == "en" else "nb"}"><head><meta charset="utf-8">'
        f"<title>{escape(heading)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(heading)}</h1>"
        f"<p>{_t(lang, 'Per', 'As of')} {evaluation.as_of.isoformat()}. "
        + _t(
            lang,
            "Abonner på en kalender for å få fristene inn i Outlook, Google, Apple eller Thunderbird; "
            "de flytter seg når datoene endres.",
            "Subscribe to a calendar to get the deadlines into Outlook, Google, Apple or Thunderbird; "
            "they move when the dates change.",
        )
        + "</p><table><thead><tr>"
        + "".join(f"<th>{escape(c)}</th>" for c in cols)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></body></html>\n"
    )
