"""`serve` against careless files and hostile clients: it stays up and says what is wrong."""

from __future__ import annotations

import http.client
import logging
import socket
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from hprules.cli import main
from hprules.server import FeedStore, make_app, make_server

from .conftest import ROOT, answer_with_a_bug, serving
from .test_server import call

AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def store() -> FeedStore:
    return FeedStore(ROOT, lambda: AS_OF, "nb", None)


@pytest.fixture
def served(store: FeedStore) -> Iterator[tuple[str, int]]:
    with serving(store) as url:
        address = urlsplit(url)
        assert address.hostname is not None and address.port is not None
        yield address.hostname, address.port


def test_head_carries_no_body(store: FeedStore) -> None:
    status, headers, body = call(make_app(store), "/roros.ics", "HEAD")
    assert status == "200 OK" and body == b"" and int(headers["Content-Length"]) > 1000


def test_head_then_get_on_one_kept_alive_connection(served: tuple[str, int]) -> None:
    connection = http.client.HTTPConnection(*served, timeout=5)
    connection.request("HEAD", "/roros.ics")
    head = connection.getresponse()
    assert head.status == 200 and head.read() == b""
    connection.request("GET", "/roros.ics")
    got = connection.getresponse()
    assert got.status == 200 and got.read().startswith(b"BEGIN:VCALENDAR\r\n")
    connection.close()


def test_a_request_is_answered_while_300_slow_clients_hold_connections(served: tuple[str, int]) -> None:
    slow = []
    try:
        for _ in range(300):  # each trickles the start of a request and never finishes it
            client = socket.create_connection(served, timeout=5)
            client.sendall(b"GET /roros.ics HTTP/1.1\r\nHost: localhost\r\n")
            slow.append(client)
        time.sleep(0.5)
        for client in slow[::10]:
            client.sendall(b"X-Trickle: 1\r\n")
        started = time.monotonic()
        with urllib.request.urlopen(f"http://{served[0]}:{served[1]}/roros.ics", timeout=5) as response:
            assert response.status == 200 and response.read().startswith(b"BEGIN:VCALENDAR")
        assert time.monotonic() - started < 5
    finally:
        for client in slow:
            client.close()


def test_waitress_queue_depth_is_not_logged_per_request(store: FeedStore) -> None:
    make_server(store, "127.0.0.1", 0).close()
    assert not logging.getLogger("waitress.queue").isEnabledFor(logging.WARNING)


def test_a_host_that_is_no_address_is_exit_4_and_says_so() -> None:
    result = CliRunner().invoke(main, ["serve", "--root", str(ROOT), "--host", "999.1.1.1", "--as-of", "2026-11-22"])
    assert result.exit_code == 4
    assert result.stderr.startswith("hprules: kan ikke lytte på 999.1.1.1:8080: ikke en adresse det kan lyttes på")


def test_a_truncated_seed_feed_is_a_located_message(project_copy: Path, tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    seed.mkdir()
    body = (ROOT / "calendars" / "roros.ics").read_bytes()
    (seed / "roros.ics").write_bytes(body[: len(body) // 2])
    result = CliRunner().invoke(
        main, ["serve", "--root", str(project_copy), "--seed", str(seed), "--as-of", "2026-11-22", "--port", "1"]
    )
    assert result.exit_code == 2, result.output
    assert f"{seed}/roros.ics: denne tidligere kalenderfeeden kan ikke leses" in result.stderr


def test_editor_lock_and_backup_files_are_ignored(project_copy: Path) -> None:
    parties = project_copy / "facts" / "parties"
    (parties / ".#roros.yaml").symlink_to("kari@host.12345:1700000000")  # emacs: a dangling symlink
    (parties / ".roros.yaml.swp").write_bytes(b"\x00vim swap")
    (parties / "roros.yaml~").write_text("id: [broken\n", encoding="utf-8")
    (project_copy / "rules" / ".#opsjon.yaml").symlink_to("kari@host.12345:1700000000")
    assert CliRunner().invoke(main, ["validate", "--root", str(project_copy)]).exit_code == 0
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    store.refresh(force=True)
    assert store.error is None and "roros.ics" in store.resources


def test_an_unreadable_file_is_reported_and_reloading_goes_on(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    ghost = project_copy / "facts" / "parties" / "ghost.yaml"
    ghost.symlink_to(project_copy / "nowhere.yaml")
    store.refresh(force=True)
    assert store.error is not None and "facts/parties/ghost.yaml: filen kan ikke leses" in store.error
    assert "facts/parties/ghost.yaml: filen kan ikke leses" in capsys.readouterr().err
    ghost.unlink()  # fixed: the next look reloads
    malvik = project_copy / "facts" / "parties" / "malvik.yaml"
    malvik.write_text(malvik.read_text(encoding="utf-8").replace("date: 2026-04\n", "date: 2026-11-14\n"))
    store.refresh(force=True)
    assert store.error is None
    # Malvik's main project, 12 months before its new go-live month.
    assert b"DTSTART;VALUE=DATE:20251114" in store.resources["malvik.ics"].body


def test_a_sequence_at_its_limit_is_refused_with_the_file(project_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    out.mkdir()
    body = (ROOT / "calendars" / "malvik.ics").read_bytes()
    lines = [b"SEQUENCE:2147483647" if line.startswith(b"SEQUENCE:") else line for line in body.split(b"\r\n")]
    (out / "malvik.ics").write_bytes(b"\r\n".join(lines))
    malvik = project_copy / "facts" / "parties" / "malvik.yaml"
    malvik.write_text(malvik.read_text(encoding="utf-8").replace("date: 2026-04\n", "date: 2026-11-14\n"))
    args = ["calendar", "malvik", "--root", str(project_copy), "--as-of", "2026-11-22", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert f"{out}/malvik.ics: denne tidligere kalenderfeeden kan ikke leses (event malvik." in result.stderr
    assert "has SEQUENCE 2147483647, outside 0–2147483646" in result.stderr


def test_a_bug_while_answering_is_a_500_logged_through_the_renderer(
    store: FeedStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers, body = answer_with_a_bug(store, monkeypatch)
    got = [status for status, _, _ in answers]
    # The error page in the server's language (nb here), not a traceback or the exception's text.
    assert got == ["500 Internal Server Error"] and b"<h1>Intern feil</h1>" in body and b"KeyError" not in body
    assert capsys.readouterr().err.startswith(
        "hprules: dette er en programfeil i hprules, vennligst meld den: KeyError: 'page'"
    )
