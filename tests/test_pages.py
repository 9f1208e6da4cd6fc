"""The pages a project leader reads, through the WSGI app: the index, a page per
party with its timeline and explanations, the banner when a reload failed, and
links that follow --base-url."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from hprules.cli import main
from hprules.server import FeedStore, make_app

from .conftest import ROOT, assert_handled, check_findings
from .test_server import call

AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def app() -> Any:
    return make_app(FeedStore(ROOT, lambda: AS_OF, "nb", None))


def page(app: Any, path: str) -> str:
    status, headers, body = call(app, path)
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8", (path, status)
    return body.decode("utf-8")


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def findings(*args: str) -> list[dict[str, Any]]:
    return check_findings(CliRunner().invoke(main, ["check", "--root", str(ROOT), "--format", "json", *args]))


def test_index_lists_parties_in_norwegian_order_linking_their_pages(app: Any) -> None:
    html = page(app, "/")
    ids = re.findall(r'<tr id="([^"]+)">', html)
    # Ørland, Åfjord and Ålesund sort after every a–z name, Ø before Å (Språkrådet).
    assert ids[0] == "all" and ids[-3:] == ["orland", "afjord", "alesund"]
    assert ids.index("os") < ids.index("rauma") and ids.index("vestnes") < ids.index("orland")
    assert 'href="http://feeds.example:8080/roros"' in html
    assert set(ids[1:]) == {p.stem for p in (ROOT / "facts" / "parties").glob("*.yaml")}


def test_index_all_row_counts_every_party_and_deadlines_most_urgent_first(app: Any) -> None:
    html = page(app, "/")
    open_statuses = ("overdue", "due_soon", "upcoming", "open")
    shown = [f for f in findings("--as-of", AS_OF.isoformat()) if f["status"] in open_statuses]
    all_row = html.split('<tr id="all">', 1)[1].split("</tr>", 1)[0]
    overdue = sum(f["status"] == "overdue" for f in shown)
    assert f"{overdue} forfalt" in text_of(all_row)  # counted across the parties, not empty
    assert "Heim kommune" in text_of(all_row)  # the overdue shares purchase, first
    statuses = re.findall(r'<li><span class="date">[^<]*</span>[^<]*<span class="status (\w+)"', all_row)
    rank = {"overdue": 0, "due_soon": 1}
    assert statuses and [rank.get(s, 2) for s in statuses] == sorted(rank.get(s, 2) for s in statuses)


def test_party_page_has_every_finding_status_and_the_explanation_of_explain(app: Any) -> None:
    html = page(app, "/roros")
    text = text_of(html)
    assert "<h1>Røros kommune</h1>" in html
    mine = findings("roros", "--as-of", AS_OF.isoformat())
    assert len(re.findall(r'<tr id="[a-z-]+">', html)) == len(mine)
    for finding in mine:
        result = CliRunner().invoke(
            main, ["explain", "roros", finding["rule"], "--root", str(ROOT), "--as-of", AS_OF.isoformat()]
        )
        assert_handled(result)
        assert result.exit_code == 0, result.output  # explain reports; it does not judge
        assert result.stdout in text  # the same text as `hprules explain`, escaped into the page
    assert "venter på fakta" in text and "skriftlig oppsigelse av tjenesteavtalen er gitt" in text  # what is missing
    assert "22. april 2022" in text and "oppfylt" in text
    assert 'href="webcal://feeds.example:8080/roros.ics"' in html
    assert "calendar.google.com/calendar/render?cid=webcal%3A%2F%2Ffeeds.example%3A8080%2Froros.ics" in html


def found(pattern: str, text: str) -> str:
    """The first group of the first match of `pattern`; the test fails if there is none."""
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match.group(1)


def test_party_timeline_svg_marks_today_ranges_and_statuses(app: Any) -> None:
    html = page(app, "/malvik")
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<script" not in html
    assert ">i dag</text>" in svg
    dated = [f for f in findings("malvik", "--as-of", AS_OF.isoformat()) if f["latest"] and f["status"] != "waiting"]
    ranges = [f for f in dated if f["earliest"] and f["earliest"] != f["latest"]]
    assert svg.count("<g>") == len(dated)
    assert svg.count('<rect class="mark') == len(ranges) and ranges
    for f in dated:
        assert f'class="mark {f["status"]}"' in svg
    # Today sits between the axis ends, right of every date before it.
    today = float(found(r'<line class="tl-today" x1="([\d.]+)"', svg))
    ticks = [float(x) for x in re.findall(r'<line class="tl-tick[^"]*" x1="([\d.]+)"', svg)]
    assert min(ticks) < today < max(ticks)


def test_missed_is_neutral_and_overdue_red(app: Any) -> None:
    html = page(app, "/heim")
    assert 'class="status missed"' in html and 'class="status overdue"' in html
    css = page(app, "/").split("<style>", 1)[1].split("</style>", 1)[0]
    overdue_rule = found(r"\.status\.overdue\{([^}]*)\}", css)
    assert "#c62828" in overdue_rule
    missed_rules = [body for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", css) if ".status.missed" in sel]
    assert missed_rules and all("#c62828" not in b and "red" not in b for b in missed_rules)


def test_banner_and_feed_note_while_the_files_are_broken_and_recovery_logged(project_copy: Path) -> None:
    now = [datetime(2026, 11, 24, 8, 0, tzinfo=UTC)]
    logged: list[str] = []
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None, clock=lambda: now[0], log=logged.append)
    app = make_app(store)
    assert "Ikke oppdatert" not in page(app, "/")
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    good = path.read_text(encoding="utf-8")
    now[0] = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    path.write_text("id: malvik\nname: [broken\n", encoding="utf-8")
    store.refresh(force=True)
    for where in ("/", "/roros", "/malvik"):
        text = text_of(page(app, where))
        assert "Ikke oppdatert." in text and "feil siden 2026-11-24 09:30" in text, where
        assert "siste gyldige versjon, lastet 2026-11-24 08:00" in text, where
    feed = icalendar.Calendar.from_ical(call(app, "/roros.ics")[2])
    assert "2026-11-24T08:00:00+00:00" in str(feed["X-HPRULES-STALE"])
    assert len(logged) == 1 and "malvik.yaml" in logged[0]
    path.write_text(good, encoding="utf-8")
    store.refresh(force=True)
    assert "Ikke oppdatert" not in page(app, "/roros")
    assert "X-HPRULES-STALE" not in icalendar.Calendar.from_ical(call(app, "/roros.ics")[2])
    assert len(logged) == 2 and "filene er gyldige igjen" in logged[1]


def test_console_message_goes_to_stderr_with_a_timestamp(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    moment = datetime(2026, 11, 24, 10, 15, 7, tzinfo=UTC)
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None, clock=lambda: moment)
    (project_copy / "facts" / "parties" / "malvik.yaml").write_text("id: [broken\n", encoding="utf-8")
    store.refresh(force=True)
    out, err = capsys.readouterr()
    assert (
        out == ""
        and err.startswith("2026-11-24 10:15:07+0000 hprules serve: ikke lastet inn på nytt")
        and "malvik.yaml" in err
    )


def test_base_url_sets_every_link(tmp_path: Path) -> None:
    app = make_app(FeedStore(ROOT, lambda: AS_OF, "nb", None, base_url="https://frister.example/hp"))
    for path in ("/", "/roros"):
        html = page(app, path)
        assert 'href="webcal://frister.example/hp/roros.ics"' in html
        assert 'href="https://frister.example/hp/roros.ics"' in html
        assert "feeds.example" not in html  # the Host header no longer decides


def test_serve_refuses_a_base_url_that_is_not_http() -> None:
    result = CliRunner().invoke(main, ["serve", "--root", str(ROOT), "--base-url", "ftp://x/"])
    assert result.exit_code == 2 and "--base-url" in result.output
