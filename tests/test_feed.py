"""Calendar feeds: what three independent parsers see, the bytes, and how events
keep their identity when deadlines move."""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from hprules.cli import main

from .conftest import ROOT, check_findings, missing, require, tool
from .tools import libical

ICALJS = Path(__file__).parent / "js"


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    """libical, the C library: skipped, or failed under HPRULES_REQUIRE_TOOLS=1, when absent."""
    found = libical.load()
    if found is None:
        missing("libical (Debian libical3)")
    return found


def generate(out: Path, *args: str, root: Path = ROOT) -> None:
    result = CliRunner().invoke(main, ["calendar", "--root", str(root), "--out", str(out), *args])
    assert result.exit_code == 0, result.output


def read_all(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ics"))}


def events(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(body).events}


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds")
    generate(out, "--as-of", "2022-04-10")
    return out


def test_one_feed_per_party_and_all(feeds: Path) -> None:
    names = {p.stem for p in feeds.glob("*.ics")}
    parties = {p.stem for p in (ROOT / "facts" / "parties").glob("*.yaml")}
    assert names == parties | {"all"}
    all_uids = set(events((feeds / "all.ics").read_bytes()))
    party_uids = {u for n in parties for u in events((feeds / f"{n}.ics").read_bytes())}
    assert all_uids == party_uids and len(all_uids) > 100


def test_roros_shares_event(feeds: Path) -> None:
    event = events((feeds / "roros.ics").read_bytes())["roros.shares-purchase@hprules.helseplattformen"]
    assert event.decoded("dtstart") == date(2022, 4, 22)
    assert event.decoded("dtend") == date(2022, 4, 23)  # exclusive end of an all-day event
    assert event["dtstart"].params["VALUE"] == "DATE"
    assert "STATUS" not in event  # known to the day: not tentative
    assert str(event["summary"]) == "Frist for Røros kommune: Kjøpe aksjer i Helseplattformen AS"
    text = str(event["description"])
    # What to do and by when comes first (signed 23 March 2022 + 30 days, a Friday).
    assert text.startswith("Kjøpe aksjer i Helseplattformen AS innen 22. april 2022.\nHvem: Røros kommune\n")
    # the fact by its label in the vocabulary, its name beside it, and its day in words
    assert "tjenesteavtalen er signert (service_agreement_signed) 23. mars 2022" in text and "30 dager etter" in text
    assert "Status da kalenderen ble laget: forfaller snart" in text
    assert "«Opsjonsaktører skal senest innen 30 dager" in text
    assert "Kilde: Presentasjon av tjenesteavtalen, Helseplattformen AS (tidlig i 2022)" in text
    assert event.categories == ["plikt"]
    # As of 10 April the window's start (8 April) is past: only the working day
    # before, Thursday 21 April, at 09:00 (15 hours before the day begins).
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(hours=15)


def test_two_reminders_where_the_window_allows(tmp_path: Path) -> None:
    generate(tmp_path, "roros", "--as-of", "2022-04-01")
    event = events((tmp_path / "roros.ics").read_bytes())["roros.shares-purchase@hprules.helseplattformen"]
    triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
    # 14 days before 22 April is 8 April, 09:00; the working day before is 21 April.
    assert triggers == [timedelta(days=-14, hours=9), -timedelta(hours=15)]
    # Bought on 30 March: met, so no reminder, though the day is still ahead.
    generate(tmp_path / "met", "roros", "--as-of", "2022-04-01", "--set", "shares_purchased=2022-03-30")
    event = events((tmp_path / "met" / "roros.ics").read_bytes())["roros.shares-purchase@hprules.helseplattformen"]
    assert "oppfylt" in str(event["description"]) and event.walk("VALARM") == []


def test_working_day_before_skips_easter(tmp_path: Path, project_copy: Path) -> None:
    # Signed 2022-03-19 + 30 days = Monday 18 April 2022 (Easter Monday) → Tuesday
    # 19 April; the working day before it is Wednesday 13 April (14–18 are
    # Maundy Thursday, Good Friday, the weekend and Easter Monday).
    edit_fact(project_copy, "facts/parties/roros.yaml", "2022-03-23", "2022-03-19")
    generate(tmp_path, "roros", "--as-of", "2022-04-10", root=project_copy)
    event = events((tmp_path / "roros.ics").read_bytes())["roros.shares-purchase@hprules.helseplattformen"]
    assert event.decoded("dtstart") == date(2022, 4, 19)
    [alarm] = event.walk("VALARM")  # the window's start, 5 April, is past
    assert alarm.decoded("trigger") == timedelta(days=-6, hours=9)


@pytest.mark.parametrize("day", ["2022-04-01", "2023-11-01", "2026-11-24"])
def test_no_reminder_for_what_is_done_or_past(tmp_path: Path, day: str) -> None:
    as_of = date.fromisoformat(day)
    generate(tmp_path, "--as-of", day)
    result = CliRunner().invoke(main, ["check", "--root", str(ROOT), "--as-of", day, "--format", "json"])
    statuses = {(f["party"], f["rule"]): f["status"] for f in check_findings(result)}
    done = {"met", "met_late", "exercised", "passed", "expired", "missed"}
    quiet = 0
    for uid, event in events((tmp_path / "all.ics").read_bytes()).items():
        party, rule = uid.split("@")[0].split(".", 1)
        alarms = event.walk("VALARM")
        if statuses[(party, rule)] in done or event.decoded("dtstart") < as_of:
            assert not alarms, uid
            quiet += 1
        for alarm in alarms:  # none that would have fired before the feed was made
            fires = datetime.combine(event.decoded("dtstart"), datetime.min.time()) + alarm.decoded("trigger")
            assert fires.date() >= as_of, uid
    assert quiet > 0


def test_some_reminders_remain(feeds: Path) -> None:
    alarmed = [u for u, e in events((feeds / "all.ics").read_bytes()).items() if e.walk("VALARM")]
    assert len(alarmed) > 10


def test_month_range_is_one_tentative_day_at_its_start(feeds: Path) -> None:
    event = events((feeds / "roros.ics").read_bytes())["roros.establishment-payment@hprules.helseplattformen"]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (date(2022, 11, 1), date(2022, 11, 2))
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["summary"]).endswith("(en gang i november 2022; senest 30. november)")
    assert "Beløp" not in str(event["description"])  # the documents give no amount for Røros
    assert "Usikker dato: mellom 2022-11-01 og 2022-11-30" in str(event["description"])


def test_range_in_english_and_on_or_before(tmp_path: Path) -> None:
    generate(tmp_path, "roros", "heim", "--as-of", "2022-04-10", "--lang", "en")
    roros = events((tmp_path / "roros.ics").read_bytes())["roros.establishment-payment@hprules.helseplattformen"]
    assert str(roros["summary"]).endswith("(some time in November 2022; by 30 November at the latest)")
    generate(tmp_path, "heim", "--as-of", "2026-11-24")
    # Heim had signed by 15/11-2023 (002's list): shares due by 15 December 2023.
    heim = events((tmp_path / "heim.ics").read_bytes())["heim.shares-purchase@hprules.helseplattformen"]
    assert heim.decoded("dtstart") == date(2023, 12, 15) and "STATUS" not in heim
    assert str(heim["summary"]).endswith("(senest 15. desember 2023)")
    assert str(heim["description"]).startswith("Kjøpe aksjer i Helseplattformen AS: senest 15. desember 2023.")


def test_no_file_name_of_a_seed_in_any_feed() -> None:
    for path in (ROOT / "calendars").glob("*.ics"):
        assert not re.search(rb"\d{3}_[0-9a-f]{16}\.txt", path.read_bytes()), path


def test_waiting_findings_have_no_event(feeds: Path) -> None:
    uids = set(events((feeds / "roros.ics").read_bytes()))
    assert "roros.termination-notice@hprules.helseplattformen" not in uids


def test_bytes_crlf_folded_utf8(feeds: Path) -> None:
    for path in feeds.glob("*.ics"):
        body = path.read_bytes()
        body.decode("utf-8", errors="strict")
        assert body.endswith(b"\r\n")
        lines = body.split(b"\r\n")[:-1]
        assert all(b"\n" not in line and b"\r" not in line for line in lines), path
        assert all(len(line) <= 75 for line in lines), path
        for line in lines:  # a fold never splits a character: each physical line decodes
            line.decode("utf-8", errors="strict")
    assert "Røros".encode() in (feeds / "roros.ics").read_bytes()


def test_icalendar_parses_without_errors(feeds: Path) -> None:
    for path in feeds.glob("*.ics"):
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        for component in cal.walk():
            assert not component.errors, (path, component.name, component.errors)


def test_libical_parses_without_errors_and_dates_land(feeds: Path, lib: ctypes.CDLL) -> None:
    for path in feeds.glob("*.ics"):
        parsed = libical.parse(lib, path.read_bytes())
        assert parsed.errors == [], (path, parsed.errors)
        expected = events(path.read_bytes())
        assert {e.uid for e in parsed.events} == set(expected)
        for e in parsed.events:
            assert e.is_date
            assert e.start == expected[e.uid].decoded("dtstart").isoformat()
            assert e.end == expected[e.uid].decoded("dtend").isoformat()


def test_libical_checker_can_fail(lib: ctypes.CDLL) -> None:
    bad = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    bad += b"DTSTAMP:20200101T000000Z\r\nDTSTART;VALUE=DATE:20200101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert any("ORGANIZER" in e for e in libical.parse(lib, bad).errors)


def test_icaljs_parses_and_dates_land_in_oslo(feeds: Path) -> None:
    node = tool("node")
    require((ICALJS / "node_modules" / "ical.js").is_dir(), "ical.js", "npm ci in tests/js")
    files = sorted(str(p) for p in feeds.glob("*.ics"))
    run = subprocess.run(
        [str(node), str(ICALJS / "check_icaljs.mjs"), *files],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "Europe/Oslo"},
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    parsed = json.loads(run.stdout)
    for file in files:
        expected = events(Path(file).read_bytes())
        got = {e["uid"]: e for e in parsed[file]["events"]}
        assert set(got) == set(expected)
        for uid, e in got.items():
            assert e["isDate"]
            assert e["start"] == expected[uid].decoded("dtstart").isoformat()
            assert e["end"] == expected[uid].decoded("dtend").isoformat()
            assert e["summary"] == str(expected[uid]["summary"])


def test_unchanged_inputs_change_no_byte(tmp_path: Path) -> None:
    generate(tmp_path, "--as-of", "2026-11-22")
    first = read_all(tmp_path)
    generate(tmp_path, "--as-of", "2026-11-22")
    assert read_all(tmp_path) == first
    other = tmp_path / "fresh"
    generate(other, "--as-of", "2026-11-22")
    assert read_all(other) == first  # no clock, no random ids, stable order


def edit_fact(root: Path, path: str, old: str, new: str) -> None:
    """Change a fact file of a project copy, as a coordinator would (not a what-if)."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_moved_go_live_keeps_uid_raises_sequence_moves_date(tmp_path: Path, project_copy: Path) -> None:
    out = tmp_path / "feeds"
    generate(out, "--as-of", "2026-11-01", root=project_copy)
    before = events((out / "malvik.ics").read_bytes())
    edit_fact(project_copy, "facts/parties/malvik.yaml", "date: 2026-04\n", "date: 2026-11-14\n")
    generate(out, "malvik", "--as-of", "2026-11-02", root=project_copy)
    after = events((out / "malvik.ics").read_bytes())
    # What follows from a go-live that is still to come is in the calendar again: the
    # duty to pay, and the withdrawal right's cut-off (13 months before, a Tuesday).
    arises = "malvik.establishment-payment@hprules.helseplattformen"
    cut_off = "malvik.option-withdrawal@hprules.helseplattformen"
    assert set(after) == set(before) | {arises, cut_off}
    assert after[arises].decoded("dtstart") == date(2026, 11, 14)
    assert after[cut_off].decoded("dtstart") == date(2025, 10, 14)
    moved = "malvik.main-project-start@hprules.helseplattformen"
    assert before[moved].decoded("dtstart") == date(2025, 4, 1)  # April 2026 - 12 months, a range
    assert after[moved].decoded("dtstart") == date(2025, 11, 14)
    for uid in before:  # every event here depends on the go-live
        assert after[uid].sequence == before[uid].sequence + 1, uid
        assert after[uid].decoded("last-modified") > before[uid].decoded("last-modified")


def test_withdrawn_party_events_disappear(tmp_path: Path, project_copy: Path) -> None:
    out = tmp_path / "feeds"
    generate(out, "--as-of", "2022-04-10", root=project_copy)
    assert "roros.shares-purchase@hprules.helseplattformen" in events((out / "roros.ics").read_bytes())
    withdrawn = "facts:\n  option_withdrawn:\n    date: 2022-04-01\n    source: test\n    recorded: 2022-04-01\n"
    edit_fact(project_copy, "facts/parties/roros.yaml", "facts:\n", withdrawn)
    generate(out, "roros", "--as-of", "2022-04-10", root=project_copy)
    uids = set(events((out / "roros.ics").read_bytes()))
    assert "roros.shares-purchase@hprules.helseplattformen" not in uids
    assert "roros.agreement-revision@hprules.helseplattformen" not in uids


def test_what_if_never_overwrites_published_feeds_and_says_what_it_is(tmp_path: Path) -> None:
    published = tmp_path / "published"
    generate(published, "--as-of", "2026-11-24")
    kept = read_all(published)
    refused = CliRunner().invoke(
        main, ["calendar", "--root", str(ROOT), "--out", str(published), "--set", "go_live=2026-12"]
    )
    assert refused.exit_code == 2 and "ville skrive over de publiserte kalenderfeedene" in refused.output
    assert read_all(published) == kept
    refused = CliRunner().invoke(main, ["calendar", "--root", str(ROOT), "--known-on", "2023-01-01"])
    assert refused.exit_code == 2 and "calendars: en hva-hvis-kjøring" in refused.output
    what_if = tmp_path / "what-if"
    generate(what_if, "malvik", "--as-of", "2026-11-24", "--set", "go_live=2026-12")
    cal = icalendar.Calendar.from_ical((what_if / "malvik.ics").read_bytes())
    assert str(cal["X-HPRULES-WHAT-IF"]) == "HVA-HVIS (ikke registrerte fakta): go_live=2026-12 satt for hånd"
    assert str(cal["X-WR-CALNAME"]) == "Helseplattformen-frister: Malvik kommune (hva-hvis)"
    # A what-if folder may be written again by a what-if.
    generate(what_if, "malvik", "--as-of", "2026-11-24", "--set", "go_live=2027-01")


def test_unreadable_earlier_feed_is_refused_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "roros.ics").write_bytes(b"BEGIN:VCALENDAR\r\nthis is not a calendar")
    result = CliRunner().invoke(main, ["calendar", "--root", str(ROOT), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "roros.ics: denne tidligere kalenderfeeden kan ikke leses" in result.output
    assert (tmp_path / "roros.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\nthis is not")


def test_committed_calendars_are_current(tmp_path: Path) -> None:
    committed = ROOT / "calendars"
    as_of = icalendar.Calendar.from_ical((committed / "all.ics").read_bytes())["X-HPRULES-AS-OF"]
    shutil.copytree(committed, tmp_path / "calendars")
    generate(tmp_path / "calendars", "--as-of", str(as_of))
    assert read_all(tmp_path / "calendars") == read_all(committed), (
        f"calendars/ is stale: run `hprules calendar --as-of {as_of}` and commit it"
    )


def test_recurring_obligation_is_one_recurring_event_once_its_start_is_known(
    tmp_path: Path, project_copy: Path, lib: ctypes.CDLL
) -> None:
    generate(tmp_path, "roros", "--as-of", "2025-06-01", root=project_copy)
    assert "roros.cost-follow-up@hprules.helseplattformen" not in events((tmp_path / "roros.ics").read_bytes())
    # First follow-up on Friday 31 January: one event from then, every third month.
    group = "facts:\n  cost_follow_up_started:\n    date: 2025-01-31\n    source: test\n    recorded: 2025-01-31\n"
    edit_fact(project_copy, "facts/region.yaml", "facts:\n", group)
    generate(tmp_path, "roros", "--as-of", "2025-06-01", root=project_copy)
    event = events((tmp_path / "roros.ics").read_bytes())["roros.cost-follow-up@hprules.helseplattformen"]
    assert event.decoded("dtstart") == date(2025, 1, 31)
    [rule] = event.rrules
    assert rule["FREQ"] == ["MONTHLY"] and rule["INTERVAL"] == [3]
    assert libical.parse(lib, (tmp_path / "roros.ics").read_bytes()).errors == []
