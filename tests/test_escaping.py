"""Markup in a party name, a note or a quote is text on every page, in the HTML
rule book, and in the feeds: the templates escape it, the feeds carry it as text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
from click.testing import CliRunner

from hprules.cli import main
from hprules.server import FeedStore, make_app

from .test_server import call

NAME = 'Røros <script>alert("navn")</script> & Co'
NOTE = "<img src=x onerror=alert(1)> merknad"
QUOTE_TAG = "<b>fet</b>"


def hostile(root: Path) -> None:
    """A party name and a note with markup; a quote and an interpretation with markup."""
    party = root / "facts" / "parties" / "roros.yaml"
    text = party.read_text(encoding="utf-8").replace("name: Røros kommune", f"name: '{NAME}'")
    text = text.replace("facts:\n", f"notes:\n  - nb: '{NOTE}'\n    en: '{NOTE}'\nfacts:\n", 1)
    party.write_text(text, encoding="utf-8")
    rules = root / "rules" / "tjenesteavtale.yaml"
    text = rules.read_text(encoding="utf-8")
    old = "quote: >-\n          Opsjonsaktører skal"
    assert old in text
    text = text.replace(old, f"quote: >-\n          {QUOTE_TAG} Opsjonsaktører skal", 1)
    rules.write_text(text, encoding="utf-8")


def assert_escaped(html: str, where: str) -> None:
    for raw in ("<script>alert", "<img src=x", "<b>fet</b>"):
        assert raw not in html, (where, raw)


def test_markup_is_text_on_every_page_and_in_the_feeds(project_copy: Path) -> None:
    hostile(project_copy)
    app: Any = make_app(FeedStore(project_copy, lambda: date(2022, 4, 10), "nb", None))
    index = call(app, "/")[2].decode("utf-8")
    assert_escaped(index, "/")
    assert "Røros &lt;script&gt;alert(&#34;navn&#34;)&lt;/script&gt; &amp; Co" in index
    party = call(app, "/roros")[2].decode("utf-8")
    assert_escaped(party, "/roros")
    assert "&lt;img src=x onerror=alert(1)&gt; merknad" in party  # the note
    assert "&lt;b&gt;fet&lt;/b&gt; Opsjonsaktører" in party  # the quote, in the explanation
    assert "<title>Røros &lt;script&gt;" in party
    svg = party.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert_escaped(svg, "timeline")
    feed = icalendar.Calendar.from_ical(call(app, "/roros.ics")[2])
    event = next(e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("roros.shares-purchase"))
    assert NAME in str(event["summary"]) and QUOTE_TAG in str(event["description"])  # text, as it was written
    assert NAME in str(feed["X-WR-CALNAME"])


def test_markup_is_text_in_the_html_rulebook(project_copy: Path) -> None:
    hostile(project_copy)
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    text = rules.read_text(encoding="utf-8")
    old = "interpretation:\n      nb: >-\n"
    assert old in text
    rules.write_text(text.replace(old, old + "        <i>tolkning</i>\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["rulebook", "--root", str(project_copy), "--format", "html"])
    assert result.exit_code == 0, result.output
    html = result.stdout
    assert_escaped(html, "rulebook")
    assert "<i>tolkning" not in html and "&lt;i&gt;tolkning&lt;/i&gt;" in html
    assert "&lt;b&gt;fet&lt;/b&gt; Opsjonsaktører" in html
    assert len(re.findall(r"<blockquote>", html)) > 10
