"""The English feed and reading back a published feed: what `bench/mutation.py feed` found untested.

The dates are worked by hand (docs/conventions.md §1.1: Røros signed the service
agreement on 2022-03-23; 30 days after, not counting the start day, is Friday
2022-04-22); titles and who come from the shipped rule files.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from hprules.api import check
from hprules.cli import main
from hprules.reading.project import Project
from hprules.render.feed import EventState, build_feeds, read_states

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


# What a project leader reads in an event's description, line by line, in both languages
# (the survivors of `bench/mutation.py feed` in description()). Expectations are worked
# from the fact files: Malvik's establishment price is NOK 26 080 000 (facts/parties/malvik.yaml,
# from its case paper, 001_aab914723e4f0aa0.txt, March 2022), its go-live planned for April 2026
# (helseplattformen.no) and the effect takes hold 0 days after it; Heim's go-live is planned for
# 9 November 2024 and its pre-project starts 18 months before (rules/tjenesteavtale.yaml);
# Aukra's option_exercised is derived by owner-implies-option ("by 30 April 2023").

PAYMENT = "malvik.establishment-payment@hprules.helseplattformen"
PRE_PROJECT = "heim.pre-project-start@hprules.helseplattformen"
WITHDRAWAL = "aukra.option-withdrawal@hprules.helseplattformen"


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    """The description lines of every event of all.ics on 2022-04-10, by language and UID."""
    lines: dict[str, dict[str, list[str]]] = {}
    for lang in ("nb", "en"):
        out: Path = tmp_path_factory.mktemp(f"feeds-{lang}")
        result = CliRunner().invoke(
            main, ["calendar", "--root", str(ROOT), "--out", str(out), "--as-of", "2022-04-10", "--lang", lang]
        )
        assert_handled(result)
        assert result.exit_code == 0, result.output
        calendar = icalendar.Calendar.from_ical((out / "all.ics").read_bytes())
        lines[lang] = {str(e["uid"]): str(e["description"]).splitlines() for e in calendar.events}
    return lines


def test_the_amount_line_says_the_sum_and_its_source(described: dict[str, dict[str, list[str]]]) -> None:
    # nok(): grouped by no-break spaces and "kr" in Norwegian, "NOK" and commas in English.
    assert (
        "Beløp: 26\u00a0080\u00a0000\u00a0kr (Saksframlegg om Helseplattformen, Malvik kommune (mars 2022))"
        in (described["nb"][PAYMENT])
    )
    assert (
        "Amount: NOK 26,080,000 (Case paper on Helseplattformen, Malvik municipality (March 2022))"
        in (described["en"][PAYMENT])
    )


def test_a_date_known_only_to_the_month_says_so(described: dict[str, dict[str, list[str]]]) -> None:
    nb, en = described["nb"][PAYMENT], described["en"][PAYMENT]
    assert nb[0] == "Plikten til å betale andel av etableringsprisen oppstår: en gang i april 2026; senest 30. april."
    assert (
        en[0] == "The duty to pay the share of the establishment price arises: some time in April 2026; "
        "by 30 April at the latest."
    )
    assert (
        "Usikker dato: mellom 2026-04-01 og 2026-04-30; ingen dag er kjent. "
        "Hendelsen står på den tidligste mulige dagen, så ingen handler for sent." in nb
    )
    assert (
        "Uncertain date: between 2026-04-01 and 2026-04-30; no day is known. "
        "The event is on the earliest possible day, so nobody acts late." in en
    )


def test_the_computation_from_a_planned_go_live(described: dict[str, dict[str, list[str]]]) -> None:
    # The fact by its vocabulary label, "planned", its date and source, the offset, and the move.
    assert (
        "Utregning: produksjonssetting (go-live) (go_live) planlagt 9. november 2024 "
        "(kilde: Nettsidene til Helse Midt-Norge RHF), 18 måneder før, ikke-virkedag: flyttes ikke: "
        "2024-11-09 → 2023-05-09" in described["nb"][PRE_PROJECT]
    )
    assert (
        "Computed: go-live (production start) (go_live) planned for 9 November 2024 "
        "(source: Central Norway RHA's website), 18 months before, non-working day: is not moved: "
        "2024-11-09 → 2023-05-09" in described["en"][PRE_PROJECT]
    )
    # a month: "in April 2026"; 0 days after
    assert (
        "Computed: go-live (production start) (go_live) planned in April 2026 "
        "(source: Helseplattformen AS's website), 0 days after, non-working day: is not moved: "
        "2026-04-01 → 2026-04-01; 2026-04-30 → 2026-04-30" in described["en"][PAYMENT]
    )
    assert (
        "Utregning: produksjonssetting (go-live) (go_live) planlagt i april 2026 "
        "(kilde: Nettsidene til Helseplattformen AS), 0 dager etter, ikke-virkedag: flyttes ikke: "
        "2026-04-01 → 2026-04-01; 2026-04-30 → 2026-04-30" in described["nb"][PAYMENT]
    )


def test_a_moved_deadline_says_how_it_moved(described: dict[str, dict[str, list[str]]]) -> None:
    # Go-live Friday 3 November 2023, 13 months before: Monday 3 October 2022, no move needed.
    assert (
        "Computed: go-live (production start) (go_live) 3 November 2023 (source: Information meeting on "
        "Helseplattformen (20 November 2023)), 13 months before, non-working day: moves to the previous "
        "working day: 2023-11-03 → 2022-10-03" in described["en"][WITHDRAWAL]
    )
    assert (
        "Utregning: produksjonssetting (go-live) (go_live) 3. november 2023 (kilde: Informasjonsmøte om "
        "Helseplattformen (20. november 2023)), 13 måneder før, ikke-virkedag: flyttes til forrige "
        "virkedag: 2023-11-03 → 2022-10-03" in described["nb"][WITHDRAWAL]
    )


def test_a_derived_fact_is_named_with_its_inference(described: dict[str, dict[str, list[str]]]) -> None:
    assert (
        "Utledet: opsjonen er utløst (vedtak om tiltredelse) (option_exercised) senest 30. april 2023 "
        "(slutning owner-implies-option; se hprules explain)" in described["nb"][WITHDRAWAL]
    )
    assert (
        "Derived: option exercised (decision to join) (option_exercised) by 30 April 2023 "
        "(inference owner-implies-option; see hprules explain)" in described["en"][WITHDRAWAL]
    )


def test_sources_interpretation_and_review_in_the_readers_language(
    described: dict[str, dict[str, list[str]]],
) -> None:
    quote = (
        "«Innføringsløpet til Malvik kommune er per dags dato satt til november 2023. "
        "Ut fra dette skal forprosjektet starte mai 2022, og hovedprosjekt november 2022.»"
    )
    nb, en = described["nb"][PRE_PROJECT], described["en"][PRE_PROJECT]
    assert nb[-3:] == [
        f"Kilde: Saksframlegg om Helseplattformen, Malvik kommune (mars 2022) (Innføringsløpet): {quote}",
        "Tolkning: Et eksempel, ikke en uttrykkelig regel: Malviks produksjonssetting i november 2023 la "
        "oppstarten av forprosjektet til mai 2022, 18 måneder før.",
        "Gjennomgang: IKKE gjennomgått av juridisk",
    ]
    assert en[-3:] == [
        f"Source: Case paper on Helseplattformen, Malvik municipality (March 2022) (Innføringsløpet): {quote}",
        "Interpretation: An example, not a stated rule: Malvik's go-live in November 2023 put its "
        "pre-project start in May 2022, 18 months before.",
        "Review: NOT reviewed by legal staff",
    ]


@pytest.mark.parametrize(
    ("lang", "first", "repeats", "title", "marker"),
    [
        (
            "nb",
            "Kvartalsvis oppfølging av innføringskostnader innen 1. desember 2022.",
            "Gjentas hver 3. måned fra første gang; hver gang regnes fra utgangspunktet.",
            "Helseplattformen-frister: Røros kommune (hva-hvis)",
            "HVA-HVIS (ikke registrerte fakta): cost_follow_up_started=2022-06-01 satt for hånd",
        ),
        (
            "en",
            "Quarterly follow-up of implementation costs by 1 December 2022.",
            "Repeats every 3 months from the first; each counted from the anchor.",
            "Helseplattformen deadlines: Røros kommune (what-if)",
            "WHAT-IF (facts not recorded): cost_follow_up_started=2022-06-01 set by hand",
        ),
    ],
)
def test_a_recurring_deadline_says_it_repeats(
    tmp_path: Path, lang: str, first: str, repeats: str, title: str, marker: str
) -> None:
    # No party has held the first quarterly cost follow-up: set it to Wednesday 1 June 2022.
    # Every 3 months from it: 1 September is past on 10 October, Thursday 1 December is next.
    args = ["calendar", "roros", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", "2022-10-10"]
    result = CliRunner().invoke(main, [*args, "--set", "cost_follow_up_started=2022-06-01", "--lang", lang])
    assert_handled(result)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((tmp_path / "roros.ics").read_bytes())
    [event] = [e for e in calendar.events if str(e["uid"]) == "roros.cost-follow-up@hprules.helseplattformen"]
    lines = str(event["description"]).splitlines()
    assert lines[0] == first
    assert repeats in lines
    assert str(calendar["x-wr-calname"]) == title  # a what-if feed says so, in its language
    assert str(calendar["X-HPRULES-WHAT-IF"]) == marker


def test_a_reminder_due_on_the_feeds_own_day_is_kept_and_displays_the_summary(tmp_path: Path) -> None:
    # Røros's shares: Friday 22 April 2022 with 14 days' warning, so the window opens on
    # Friday 8 April; the working day before is Thursday 21 April. Made on 8 April, the
    # window's reminder (09:00 that day) has not fired yet: both are kept.
    args = ["calendar", "roros", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", "2022-04-08", "--lang", "en"]
    result = CliRunner().invoke(main, args)
    assert_handled(result)
    assert result.exit_code == 0, result.output
    body = (tmp_path / "roros.ics").read_bytes()
    [event] = [
        e
        for e in icalendar.Calendar.from_ical(body).events
        if str(e["uid"]) == "roros.shares-purchase@hprules.helseplattformen"
    ]
    alarms = event.walk("VALARM")
    assert sorted(a.decoded("trigger") for a in alarms) == [timedelta(days=-14, hours=9), -timedelta(hours=15)]
    summary = "Deadline for Røros kommune: Buy shares in Helseplattformen AS"
    assert [(str(a["action"]), str(a["description"])) for a in alarms] == [("DISPLAY", summary)] * 2
    assert event.categories == ["obligation"]  # the kind, in the feed's language


def test_a_changed_event_regenerated_unchanged_keeps_its_sequence(tmp_path: Path, project_copy: Path) -> None:
    # Malvik's planned go-live moves once (April 2026 → 14 November 2026), then the feed is
    # made again from the same files: the event changed once, so SEQUENCE 0, 1, 1.
    out = tmp_path / "feeds"
    party = project_copy / "facts" / "parties" / "malvik.yaml"
    moved = "malvik.main-project-start@hprules.helseplattformen"
    sequences = []
    for plan in ("2026-04", "2026-11-14", "2026-11-14"):
        text = party.read_text(encoding="utf-8")
        party.write_text(text.replace("date: 2026-04\n", f"date: {plan}\n", 1), encoding="utf-8")
        result = CliRunner().invoke(
            main, ["calendar", "malvik", "--root", str(project_copy), "--out", str(out), "--as-of", "2026-11-02"]
        )
        assert_handled(result)
        assert result.exit_code == 0, result.output
        calendar = icalendar.Calendar.from_ical((out / "malvik.ics").read_bytes())
        sequences.append(next(e.sequence for e in calendar.events if str(e["uid"]) == moved))
    assert sequences == [0, 1, 1]


def test_no_warning_means_no_reminder_on_the_day_itself(tmp_path: Path, project_copy: Path) -> None:
    # With `due_soon: 0 days` the window opens on the day itself (22 April 2022): a reminder
    # is only ever for a day before the event, and the working day before (21 April) is
    # outside the window, so none.
    rules = project_copy / "rules" / "tjenesteavtale.yaml"
    text = rules.read_text(encoding="utf-8")
    old = "    fulfilled_by: shares_purchased\n    due_soon: 14 days\n"
    assert old in text
    rules.write_text(text.replace(old, old.replace("14 days", "0 days"), 1), encoding="utf-8")
    args = ["calendar", "roros", "--root", str(project_copy), "--out", str(tmp_path), "--as-of", "2022-04-10"]
    result = CliRunner().invoke(main, args)
    assert_handled(result)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((tmp_path / "roros.ics").read_bytes())
    [event] = [e for e in calendar.events if str(e["uid"]) == "roros.shares-purchase@hprules.helseplattformen"]
    assert event.decoded("dtstart") == date(2022, 4, 22)
    assert event.walk("VALARM") == []


def test_a_feed_made_from_the_last_good_files_says_so(shipped: Project) -> None:
    # The server, when the files are broken, serves the last good feeds with a note.
    evaluation = check(shipped, date(2022, 4, 10), ("roros",))
    now = datetime(2022, 4, 10, tzinfo=UTC)
    note = "last good version of 2022-04-09T12:00:00Z"
    feeds, _ = build_feeds(shipped, evaluation, "nb", {}, now, include_all=False, stale=note)
    [feed] = feeds
    assert str(icalendar.Calendar.from_ical(feed.body)["X-HPRULES-STALE"]) == note
    assert (feed.name, feed.title, feed.last_modified) == ("roros", "Helseplattformen-frister: Røros kommune", now)
    fresh, _ = build_feeds(shipped, evaluation, "nb", {}, now, include_all=False)
    assert "X-HPRULES-STALE" not in icalendar.Calendar.from_ical(fresh[0].body)


def test_what_if_feeds_without_events_are_stamped_now_and_titled_in_english(shipped: Project) -> None:
    # Averøy declined its option (facts/parties/averoy.yaml): on 10 April 2022 no finding has a
    # date, and the cost follow-up set by hand needs a signed service agreement it lacks.
    evaluation = check(shipped, date(2022, 4, 10), ("averoy",), ("cost_follow_up_started=2022-06-01",))
    now = datetime(2022, 4, 10, tzinfo=UTC)
    feeds, states = build_feeds(shipped, evaluation, "en", {}, now)
    assert states == {}
    assert [(f.name, f.title, f.last_modified) for f in feeds] == [
        ("averoy", "Helseplattformen deadlines: Averøy kommune (what-if)", now),
        ("all", "Helseplattformen deadlines: all parties (what-if)", now),
    ]
    assert all(icalendar.Calendar.from_ical(f.body).events == [] for f in feeds)


def test_the_last_sequence_rfc_5545_allows_leaves_no_room_for_a_change() -> None:
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hprules//x//NB\r\n"
        b"BEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20220410T000000Z\r\nDTSTART;VALUE=DATE:20220422\r\n"
        b"LAST-MODIFIED:20220410T120000Z\r\nSEQUENCE:2147483647\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    with pytest.raises(ValueError) as raised:
        read_states(body)
    assert str(raised.value) == "event a@b has SEQUENCE 2147483647, outside 0–2147483646"
    assert read_states(body.replace(b"2147483647", b"2147483646"))["a@b"].sequence == 2147483646


def test_a_published_stamp_reads_back_in_utc_whatever_the_local_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Written back as LAST-MODIFIED, a stamp in the local zone would not be UTC ("Z").
    monkeypatch.setenv("TZ", "Europe/Oslo")
    time.tzset()
    try:
        body = (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hprules//x//NB\r\n"
            b"BEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20220410T000000Z\r\nDTSTART;VALUE=DATE:20220422\r\n"
            b"LAST-MODIFIED:20220410T120000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n"
        )
        modified = read_states(body)["a@b"].last_modified
        assert (modified.hour, modified.utcoffset()) == (12, timedelta(0))
    finally:
        monkeypatch.undo()
        time.tzset()
