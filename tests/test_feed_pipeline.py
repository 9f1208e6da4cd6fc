"""`hprules calendar` and `hprules serve` publish through one pipeline
(hprules.store.publication): the same feeds, and the same refusals."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from hprules import server
from hprules.cli import main
from hprules.server import FeedStore

from .conftest import ROOT, assert_handled

AS_OF = date(2026, 11, 24)
BROKEN = b"BEGIN:VCALENDAR\r\nthis is not a calendar"


def test_a_corrupt_published_feed_is_refused_alike_by_calendar_and_serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = tmp_path / "published"
    shutil.copytree(ROOT / "calendars", published)
    (published / "roros.ics").write_bytes(BROKEN)
    listened: list[int] = []
    monkeypatch.setattr(server, "serve", lambda *args, **kwargs: listened.append(1))  # never block

    calendar = CliRunner().invoke(
        main, ["calendar", "--root", str(ROOT), "--out", str(published), "--as-of", AS_OF.isoformat()]
    )
    serve = CliRunner().invoke(
        main, ["serve", "--root", str(ROOT), "--seed", str(published), "--as-of", AS_OF.isoformat(), "--port", "8765"]
    )

    assert_handled(calendar)
    assert_handled(serve)
    assert (calendar.exit_code, serve.exit_code) == (2, 2)
    assert listened == []  # serve stopped before listening
    located = [line for line in calendar.output.splitlines() if str(published / "roros.ics") in line]
    assert len(located) == 1
    assert located[0].startswith(f"{published / 'roros.ics'}: denne tidligere kalenderfeeden kan ikke leses (")
    assert located[0] in serve.output.splitlines()
    assert (published / "roros.ics").read_bytes() == BROKEN  # nothing overwritten


def test_calendar_and_serve_give_the_same_bytes(tmp_path: Path) -> None:
    # Both continue from the committed feeds, so SEQUENCE and LAST-MODIFIED are exercised too.
    out = tmp_path / "calendars"
    shutil.copytree(ROOT / "calendars", out)
    # A later day than the committed one: some events change, and both must number them alike.
    later = "2027-03-01"
    result = CliRunner().invoke(main, ["calendar", "--root", str(ROOT), "--out", str(out), "--as-of", later])
    assert_handled(result)
    assert result.exit_code == 0, result.output
    store = FeedStore(ROOT, lambda: date.fromisoformat(later), "nb", ROOT / "calendars")

    written = {path.name: path.read_bytes() for path in out.glob("*.ics")}
    served = {name: resource.body for name, resource in store.resources.items()}
    assert sorted(served) == sorted(written)
    assert len(written) > 2
    for name, body in written.items():
        assert served[name] == body, name
    # The later day did change something, else the continuation was not tested.
    assert any(written[p.name] != p.read_bytes() for p in (ROOT / "calendars").glob("*.ics"))
