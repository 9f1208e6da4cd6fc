"""The English feed and reading back a published feed: what `bench/mutation.py feed` found untested.

The dates are worked by hand (docs/conventions.md §1.1: Røros signed the service
agreement on 2022-03-23; 30 days after, not counting the start day, is Friday
2022-04-22); titles and who come from the shipped rule files.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from hprules.cli import main
from hprules.reading.project import Project
from hprules.render.feed import EventState, read_states

from .conftest import ROOT, assert_handled


@pytest.fixture(scope="module")
def roros_en(tmp_path_factory: pytest.TempPathFactory) -> dict[str, icalendar.Event]:
    out: Path = tmp_path_factory.mktemp("feeds-en")
    result = CliRunner().invoke(
        main, ["calendar", "--root", str(ROOT), "--out", str(out), "--as-of", "2022-04-10", "--lang", "en"]
    )
    assert_handled(result)
    assert result.exit_code == 0, result.output
    body = (out / "roros.ics").read_bytes()
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(body).events}


def test_an_english_feed_is_english_throughout(roros_en: dict[str, icalendar.Event], shipped: Project) -> None:
    event = roros_en["roros.shares-purchase@hprules.helseplattformen"]
    rule = shipped.rules.rule("shares-purchase")
    assert rule is not None
    title = rule.title.en
    assert title == "Buy shares in Helseplattformen AS"
    assert str(event["summary"]) == f"Deadline for Røros kommune: {title}"
    lines = str(event["description"]).splitlines()
    assert lines[0] == f"{title} by 22 April 2022."
    assert "Who: Røros kommune" in lines  # the rule names no one: the party itself
    assert "Status when generated: due soon" in lines  # 12 days before, within its 14 days' warning
    assert not any(line.startswith(("Hvem", "Status da", "Hva:")) for line in lines)


def test_an_english_feed_says_who_in_english(roros_en: dict[str, icalendar.Event], shipped: Project) -> None:
    rule = shipped.rules.rule("agreement-revision")
    assert rule is not None and rule.who is not None
    event = roros_en["roros.agreement-revision@hprules.helseplattformen"]
    assert f"Who: {rule.who.en}" in str(event["description"]).splitlines()


def test_a_published_event_without_sequence_or_fingerprint_reads_as_sequence_0() -> None:
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone else//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20220410T000000Z\r\nDTSTART;VALUE=DATE:20220422\r\n"
        b"LAST-MODIFIED:20220410T120000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:c@d\r\nDTSTAMP:20220410T000000Z\r\nDTSTART;VALUE=DATE:20220422\r\n"
        b"LAST-MODIFIED:20220410T130000Z\r\nSEQUENCE:3\r\nX-HPRULES-FINGERPRINT:abc\r\nSUMMARY:y\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    assert read_states(body) == {
        "a@b": EventState(0, datetime(2022, 4, 10, 12, tzinfo=UTC), ""),
        "c@d": EventState(3, datetime(2022, 4, 10, 13, tzinfo=UTC), "abc"),
    }


ENGLISH_LINES = (
    "Who: ",
    "Status when generated: ",
    "What: ",
    "Only the latest day is known; the event is on it.",
    "Uncertain date: between ",
    "Repeats every ",
    "Computed: ",
    "Counted from the planned ",
    "Amount: ",
    "Derived: ",
    "Source: ",
    "Interpretation: ",
    "Review: ",
)


def test_every_line_of_every_english_description_is_english(tmp_path: Path, shipped: Project) -> None:
    # All parties on a later day: ranges, "on or before" dates and derived facts all occur.
    result = CliRunner().invoke(
        main, ["calendar", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", "2026-11-22", "--lang", "en"]
    )
    assert_handled(result)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((tmp_path / "all.ics").read_bytes())
    seen: set[str] = set()
    for event in calendar.walk("VEVENT"):
        rule_id = str(event["uid"]).split("@")[0].split(".", 1)[1]
        rule = shipped.rules.rule(rule_id)
        assert rule is not None
        first, *rest = str(event["description"]).splitlines()
        assert first.startswith(rule.title.en), first
        for line in rest:
            assert line.startswith(ENGLISH_LINES), line
            seen.add(next(label for label in ENGLISH_LINES if line.startswith(label)))
        assert f"What: {rule.title.en} ({rule.kind.value})" in rest
    # the feed is not vacuous: each kind of line was checked at least once
    assert seen >= {"Who: ", "Status when generated: ", "What: ", "Computed: ", "Source: ", "Review: "}
    assert seen >= {"Only the latest day is known; the event is on it.", "Uncertain date: between ", "Derived: "}


def test_a_second_change_on_the_same_day_is_one_second_later(tmp_path: Path, project_copy: Path) -> None:
    # A client that synced after the first run must see the second change as newer (RFC 5545
    # LAST-MODIFIED has whole seconds); an event that did not change keeps SEQUENCE and stamp.
    out = tmp_path / "feeds"
    party = project_copy / "facts" / "parties" / "malvik.yaml"
    moved = "malvik.main-project-start@hprules.helseplattformen"
    kept = "roros.shares-purchase@hprules.helseplattformen"  # another party's: unchanged
    seen = []
    for plan in ("2026-04", "2026-11-14", "2026-11-16"):
        text = party.read_text(encoding="utf-8")
        party.write_text(
            text.replace("date: 2026-04\n", f"date: {plan}\n", 1).replace("date: 2026-11-14\n", f"date: {plan}\n", 1),
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            main, ["calendar", "--root", str(project_copy), "--out", str(out), "--as-of", "2026-11-02"]
        )
        assert_handled(result)
        assert result.exit_code == 0, result.output
        seen.append({str(e["uid"]): e for e in icalendar.Calendar.from_ical((out / "all.ics").read_bytes()).events})
    midnight = datetime(2026, 11, 2, tzinfo=UTC)
    assert [e[moved].sequence for e in seen] == [0, 1, 2]
    assert [e[moved].decoded("last-modified") for e in seen] == [
        midnight,
        midnight.replace(second=1),
        midnight.replace(second=2),
    ]
    assert [(e[kept].sequence, e[kept].decoded("last-modified")) for e in seen] == [(0, midnight)] * 3
