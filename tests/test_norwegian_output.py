"""No English word in the Norwegian output, no Norwegian word in the English output.

Identifiers stay as they are (rule ids, fact names, party ids, file names, `code`
spans), and so do quotes: the sources are Norwegian and are quoted as written.
Worked-example names are scanned too: they are written in both languages.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from hprules.cli import main
from hprules.reading.project import load_project
from hprules.server import FeedStore, make_app

from .conftest import ROOT, assert_handled, check_findings
from .test_server import call

AS_OF = "2026-11-24"
PROJECT = load_project(ROOT)
IDENTIFIERS = sorted(
    {
        *PROJECT.rules.ids,
        *(i.id for i in PROJECT.rules.inferences),
        *(u.id for u in PROJECT.rules.unencoded),
        *PROJECT.rules.vocabulary.facts,
        *PROJECT.rules.vocabulary.amounts,
        *PROJECT.facts.parties,
        *PROJECT.facts.waves,
    },
    key=len,
    reverse=True,
)
# Proper names, Norwegian in both languages: the parties, the region, the agreements as titled.
NAMES = sorted(
    {
        *(p.name for p in PROJECT.facts.parties.values()),
        *(r.agreement for r in PROJECT.rules.rules),
        *(s.agreement for r in PROJECT.rules.rules for s in r.sources),
        *(s.agreement for i in PROJECT.rules.inferences for s in i.sources),
        "Helse Møre og Romsdal",
        "Møre og Romsdal",
        "Fullmakts- og samarbeidsavtale",
    },
    key=len,
    reverse=True,
)
# Words these outputs used to contain in English, none of which is also a Norwegian word.
ENGLISH = (
    "the",
    "and",
    "municipality",
    "forward",
    "backward",
    "none",
    "default",
    "scheduled",
    "waiting",
    "applies",
    "Interpretation",
    "Source",
    "Who",
    "Date",
    "read as",
    "known only",
    "between",
    "derived",
    "not",
    "is",
    "of",
    "with",
    "rules",
    "parties",
    "quotes",
    "passed",
    "failed",
    "obligation",
    "overdue",
    "upcoming",
    "expired",
    "missing",
    "True",
    "False",
    "days",
    "months",
    "before",
    "after",
    "working day",
)
NORWEGIAN = ("og", "ikke", "frist", "fristen", "regel", "regler", "parter", "gjelder", "dager", "etter", "måneder")
ONE_OF_EACH = ("os", "averoy", "malvik", "heim", "trondheim", "midtre-gauldal", "st-olavs")


def strip(text: str) -> str:
    """What is left once identifiers, quotes, file names and addresses are taken out."""
    text = re.sub(r"`[^`\n]*`|<code>.*?</code>", " ", text)
    text = re.sub(r"«[^»]*»|\"[^\"\n]*\"|&#34;.*?&#34;|&quot;.*?&quot;", " ", text)
    text = re.sub(r"<(blockquote|style|script)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"^>.*$", " ", text, flags=re.M)  # a quote in the Markdown rule book
    text = re.sub(r"https?://\S+|[\w./-]+\.(?:yaml|txt|ics|md|html|json|csv)(?::\d+)*|\S+@\S+", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)  # markup, with its attribute values
    for name in NAMES:  # also where a line break falls inside the name
        text = re.sub(r"\s+".join(map(re.escape, name.split())), " ", text)
    for identifier in IDENTIFIERS:
        text = re.sub(rf"(?<![\w-]){re.escape(identifier)}(?![\w-])", " ", text)
    return text


def found(text: str, words: tuple[str, ...]) -> dict[str, str]:
    """Each word found as a whole word, with a little of its context."""
    rest = strip(text)
    hits = {}
    for w in words:
        flags = re.IGNORECASE if w.islower() else 0  # 'the' also as 'The'; 'Date' only as written
        match = re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", rest, flags)
        if match:
            hits[w] = " ".join(rest[max(0, match.start() - 60) : match.end() + 60].split())
    return hits


def cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(ROOT)])
    assert_handled(result)
    assert result.exit_code == code, result.output
    return result.stdout


def calendar_text(lang: str, tmp_path: Path) -> str:
    out = tmp_path / lang
    result = CliRunner().invoke(
        main, ["calendar", "--root", str(ROOT), "--as-of", AS_OF, "--out", str(out), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    parts = []
    for path in sorted(out.glob("*.ics")):
        feed = icalendar.Calendar.from_ical(path.read_bytes())
        parts.append(str(feed.get("X-WR-CALNAME", "")))
        for event in feed.walk("VEVENT"):
            parts += [str(event.get("summary", "")), str(event.get("description", ""))]
            parts += [str(alarm.get("description", "")) for alarm in event.walk("VALARM")]
    return "\n".join(parts)


def pages(lang: str) -> dict[str, str]:
    app: Any = make_app(FeedStore(ROOT, lambda: date(2026, 11, 24), lang, None))
    shown = {"/": call(app, "/")[2].decode("utf-8")}
    for party in ONE_OF_EACH:
        shown[f"/{party}"] = call(app, f"/{party}")[2].decode("utf-8")
    return shown


def outputs(lang: str, tmp_path: Path) -> dict[str, str]:
    # check exits 1 exactly when an overdue obligation is shown: its JSON says whether one is.
    as_json = CliRunner().invoke(main, ["check", "--as-of", AS_OF, "--format", "json", "--root", str(ROOT)])
    check_findings(as_json)
    shown = {
        "check": cli("check", "--as-of", AS_OF, "--lang", lang, code=as_json.exit_code),
        "agenda": cli("agenda", "--as-of", AS_OF, "--from", "2021-01-01", "--to", "2030-12-31", "--lang", lang),
        "validate": cli("validate", "--lang", lang),
        "test": cli("test", "--lang", lang),
        "calendar": calendar_text(lang, tmp_path),
        "rulebook.md": cli("rulebook", "--lang", lang),
        "rulebook.html": cli("rulebook", "--format", "html", "--lang", lang),
        **pages(lang),
    }
    for party in ONE_OF_EACH:
        for rule in PROJECT.rules.ids:
            shown[f"explain {party} {rule}"] = cli("explain", party, rule, "--as-of", AS_OF, "--lang", lang)
    return shown


@pytest.mark.parametrize(("lang", "words"), [("nb", ENGLISH), ("en", NORWEGIAN)])
def test_no_word_of_the_other_language_outside_identifiers_and_quotes(
    lang: str, words: tuple[str, ...], tmp_path: Path
) -> None:
    shown = outputs(lang, tmp_path)
    assert all(shown.values())
    leaks = {name: hits for name, text in shown.items() if (hits := found(text, words))}
    assert not leaks, leaks


def test_the_scan_finds_a_word_outside_identifiers_and_not_inside() -> None:
    assert found("Status: venter — the date", ENGLISH) == {"the": "Status: venter — the date"}
    assert found("`not_known`, «the», option_exercised, shares-purchase, 001_x.txt:3:5", ENGLISH) == {}
    assert found("Frist: 30 days", NORWEGIAN) == {"frist": "Frist: 30 days"}
