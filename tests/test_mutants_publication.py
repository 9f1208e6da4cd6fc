"""The calendars folder as memory: what `bench/mutation.py publication` found untested.

Each event's SEQUENCE must only ever grow, whichever feed in the folder holds
its highest number (a party's feed and all.ics both carry it); and
`hprules calendar` removes only feeds it wrote itself, never another
program's .ics files that share the folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from hprules.cli import main
from hprules.store.publication import holds_published_feeds, published_states

from .conftest import ROOT, assert_handled

UID = "roros.pre-project-start@hprules.helseplattformen"
FOREIGN = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone else//Holidays//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:holiday-1@example.org\r\nDTSTAMP:20260101T000000Z\r\nLAST-MODIFIED:20260101T000000Z\r\n"
    b"DTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def with_sequence(feed: Path, uid: str, sequence: int) -> None:
    """`feed` with the SEQUENCE of event `uid` set to `sequence` (the line after its UID)."""
    body = feed.read_bytes()
    pattern = re.compile(rb"(UID:" + re.escape(uid.encode()) + rb"\r\nSEQUENCE:)\d+")
    changed, count = pattern.subn(rb"\g<1>" + str(sequence).encode(), body)
    assert count == 1, f"{feed} holds no SEQUENCE line after UID {uid}"
    feed.write_bytes(changed)


@pytest.mark.parametrize("higher_in", ["all.ics", "roros.ics"])
def test_the_highest_sequence_in_any_feed_is_continued(tmp_path: Path, higher_in: str) -> None:
    # all.ics is read before roros.ics: the higher number must win in either file.
    shutil.copytree(ROOT / "calendars", tmp_path / "calendars")
    folder = tmp_path / "calendars"
    lower_in = "roros.ics" if higher_in == "all.ics" else "all.ics"
    with_sequence(folder / higher_in, UID, 41)
    with_sequence(folder / lower_in, UID, 12)
    assert published_states(folder)[UID].sequence == 41


def calendar(out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["calendar", "--root", str(ROOT), "--out", str(out), *args])
    assert_handled(result)
    assert result.exit_code == 0, result.output


def test_calendar_removes_its_own_stale_feeds_and_no_other_file(tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    out.mkdir()
    (out / "holidays.ics").write_bytes(FOREIGN)  # another program's feed in the same folder
    shutil.copy(ROOT / "calendars" / "roros.ics", out / "withdrawn.ics")  # ours, of a party no longer in the facts
    calendar(out, "--as-of", "2026-11-24")
    assert (out / "holidays.ics").read_bytes() == FOREIGN
    assert not (out / "withdrawn.ics").exists()
    assert (out / "roros.ics").is_file() and (out / "all.ics").is_file()


def test_one_partys_feed_leaves_the_other_feeds_alone(tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    shutil.copytree(ROOT / "calendars", out)
    before = {path.name: path.read_bytes() for path in out.glob("*.ics")}
    calendar(out, "--as-of", "2026-11-24", "roros")
    after = {path.name: path.read_bytes() for path in out.glob("*.ics")}
    assert after.keys() == before.keys()
    assert {name for name in after if after[name] != before[name]} <= {"roros.ics"}


def test_a_folder_of_someone_elses_feeds_is_not_the_published_folder(tmp_path: Path) -> None:
    # A what-if may be written there; a folder that holds one of our (non-what-if) feeds is refused.
    (tmp_path / "holidays.ics").write_bytes(FOREIGN)
    assert not holds_published_feeds(tmp_path, ROOT)
    shutil.copy(ROOT / "calendars" / "roros.ics", tmp_path / "roros.ics")
    assert holds_published_feeds(tmp_path, ROOT)
    assert holds_published_feeds(ROOT / "calendars", ROOT)
    assert not holds_published_feeds(tmp_path / "missing", ROOT)


def test_a_what_if_is_refused_in_the_projects_calendars_folder_before_it_exists(project_copy: Path) -> None:
    # A fresh project has no calendars/ yet: a what-if still must not become its first publication.
    result = CliRunner().invoke(main, ["calendar", "--root", str(project_copy), "--set", "go_live=2026-12"])
    assert_handled(result)
    assert result.exit_code == 2
    assert not (project_copy / "calendars").exists()
    assert holds_published_feeds(project_copy / "calendars", project_copy)


def test_an_unreadable_ics_does_not_hide_the_published_feeds_beside_it(tmp_path: Path) -> None:
    shutil.copy(ROOT / "calendars" / "roros.ics", tmp_path / "roros.ics")
    for n in range(30):  # dangling links, listed before or after roros.ics in the folder's own order
        (tmp_path / f"gone-{n}.ics").symlink_to(tmp_path / "nowhere" / f"{n}.ics")
    assert holds_published_feeds(tmp_path, ROOT)
