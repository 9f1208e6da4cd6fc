"""`hprules serve`: HTTP semantics through the WSGI app, a real socket, and reloads."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest

from hprules.server import FeedStore, make_app

from .conftest import ROOT, assert_handled, serving

AS_OF = date(2026, 11, 22)


def call(app: Any, path: str, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "feeds.example:8080"}
    environ.update({"HTTP_" + k.upper(): v for k, v in headers.items()})
    got: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        got["status"], got["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return got["status"], got["headers"], body


@pytest.fixture(scope="module")
def store() -> FeedStore:
    return FeedStore(ROOT, lambda: AS_OF, "nb", None)


# Made for each test (it is cheap): mutmut links a function to the tests during
# which it ran, and a module-scoped app would be made during the first test only.
@pytest.fixture
def app(store: FeedStore) -> Any:
    return make_app(store)


def test_feed_get(app: Any) -> None:
    status, headers, body = call(app, "/roros.ics")
    assert status == "200 OK"
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["ETag"].startswith('"') and not headers["ETag"].startswith("W/")
    assert headers["Last-Modified"] == "Sun, 22 Nov 2026 00:00:00 GMT"
    assert int(headers["Content-Length"]) == len(body)
    uids = {str(e["uid"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert "roros.shares-purchase@hprules.helseplattformen" in uids


def test_all_feed(app: Any) -> None:
    status, _, body = call(app, "/all.ics")
    assert status == "200 OK" and body.count(b"BEGIN:VEVENT") > 100


def test_head_has_headers_of_get(app: Any) -> None:
    _, get_headers, _ = call(app, "/roros.ics")
    status, headers, _ = call(app, "/roros.ics", "HEAD")
    assert status == "200 OK"
    assert headers["ETag"] == get_headers["ETag"] and headers["Content-Length"] == get_headers["Content-Length"]


def test_conditional_requests(app: Any) -> None:
    _, headers, _ = call(app, "/roros.ics")
    status, again, body = call(app, "/roros.ics", if_none_match=headers["ETag"])
    assert status == "304 Not Modified" and body == b"" and again["ETag"] == headers["ETag"]
    assert call(app, "/roros.ics", if_none_match='"other"')[0] == "200 OK"
    assert call(app, "/roros.ics", if_modified_since=headers["Last-Modified"])[0] == "304 Not Modified"
    assert call(app, "/roros.ics", if_modified_since="Sat, 21 Nov 2026 00:00:00 GMT")[0] == "200 OK"


@pytest.mark.parametrize(
    "path",
    [
        "/nobody.ics",
        "/../rules/vocabulary.yaml",
        "/nobody",
        "/roros.html",
        "/facts/parties/roros.yaml",
        "//etc/passwd",
        "/%2e%2e/x",
    ],
)
def test_unknown_paths_are_404(app: Any, path: str) -> None:
    status, headers, _ = call(app, path)
    assert status == "404 Not Found" and headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_read_only(app: Any, method: str) -> None:
    status, headers, _ = call(app, "/roros.ics", method)
    assert status == "405 Method Not Allowed" and headers["Allow"] == "GET, HEAD"


def test_index_page_lists_parties_with_subscribe_links(app: Any) -> None:
    status, headers, body = call(app, "/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    assert "Røros kommune" in page and "Helse Møre og Romsdal HF" in page
    assert 'href="webcal://feeds.example:8080/roros.ics"' in page
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Ffeeds.example%3A8080%2Froros.ics" in page
    assert "forfalt" in page  # overdue deadlines are listed


def test_hostile_host_header_does_not_reach_the_page(app: Any) -> None:
    environ_host = '"><script>alert(1)</script>'
    _, _, body = call(app, "/", host=environ_host)
    assert b"<script>" not in body


def test_recomputed_when_a_fact_file_changes(project_copy: Path) -> None:
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    app = make_app(store)
    _, before_headers, before = call(app, "/malvik.ics")
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-04\n", "date: 2026-11-14\n"), encoding="utf-8")
    store.refresh(force=True)
    _, after_headers, after = call(app, "/malvik.ics")
    assert after_headers["ETag"] != before_headers["ETag"]
    old = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(before).events}
    new = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(after).events}
    uid = "malvik.main-project-start@hprules.helseplattformen"  # planning guidance follows the plan
    assert new[uid].sequence == old[uid].sequence + 1
    assert new[uid].decoded("dtstart") == date(2025, 11, 14)  # 14 November 2026 - 12 months
    assert after_headers["Last-Modified"] != before_headers["Last-Modified"]
    # A broken edit keeps the last good feeds and records why.
    path.write_text("id: malvik\nname: [broken\n", encoding="utf-8")
    store.refresh(force=True)
    assert store.error and "malvik.yaml" in store.error
    stale = call(app, "/malvik.ics")[2]
    assert events_of(stale) == events_of(after)  # the last good events, and a note that says so
    assert "from the last good version" in str(icalendar.Calendar.from_ical(stale)["X-HPRULES-STALE"])


def events_of(body: bytes) -> dict[str, bytes]:
    return {str(e["uid"]): e.to_ical() for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def served(store: FeedStore) -> Iterator[str]:
    with serving(store) as url:
        yield url


def test_real_socket(served: str) -> None:
    with urllib.request.urlopen(served + "/roros.ics", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        etag = response.headers["ETag"]
        assert response.read().startswith(b"BEGIN:VCALENDAR\r\n")
    request = urllib.request.Request(served + "/roros.ics", headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=5)
    assert not_modified.value.code == 304
    not_modified.value.close()
    head = urllib.request.Request(served + "/roros.ics", method="HEAD")
    with urllib.request.urlopen(head, timeout=5) as response:
        assert response.status == 200 and response.read() == b""
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(served + "/nobody.ics", timeout=5)
    assert missing.value.code == 404
    missing.value.close()


def test_serve_refuses_invalid_files_with_located_messages(project_copy: Path) -> None:
    from click.testing import CliRunner

    from hprules.cli import main

    path = project_copy / "facts" / "parties" / "os.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("category: municipality", "category: kommune"))
    result = CliRunner().invoke(main, ["serve", "--root", str(project_copy), "--port", "1"])
    assert result.exit_code == 2
    assert "facts/parties/os.yaml:4:11: feltet 'category' er 'kommune'; gyldige verdier: " in result.output
    english = CliRunner().invoke(main, ["serve", "--root", str(project_copy), "--port", "1", "--lang", "en"])
    assert english.exit_code == 2
    assert "facts/parties/os.yaml:4:11: field 'category' is 'kommune'; expected one of: " in english.output


def test_serve_on_a_taken_port_exits_4_without_traceback() -> None:
    import socket

    from click.testing import CliRunner

    from hprules.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--root", str(ROOT), "--port", str(port), "--as-of", "2026-11-22"])
    assert result.exit_code == 4
    assert f"kan ikke lytte på 127.0.0.1:{port}" in result.output
    assert_handled(result)
