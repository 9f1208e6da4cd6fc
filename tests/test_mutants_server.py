"""`hprules serve`'s HTTP validators: what `bench/mutation.py server` found untested.

Calendar clients poll with If-None-Match (some send the weak form `W/"…"`, or a
list) and If-Modified-Since (RFC 9110 §13.1); a 304 they should not get means
a missed deadline change, a 200 they need not get means traffic. HTTP dates
have one-second resolution, so a feed that changes twice on one as-of day must
still get a later Last-Modified each time (RFC 9110 §8.8.2).
"""

from __future__ import annotations

import threading
import urllib.request
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from hprules import server
from hprules.domain.diagnostics import msg
from hprules.domain.failure import CannotListen
from hprules.server import FeedStore, make_app

from .conftest import ROOT, answer_with_a_bug
from .test_server import call

AS_OF = date(2026, 11, 22)
MIDNIGHT = "Sun, 22 Nov 2026 00:00:00 GMT"  # Last-Modified of a feed first built on AS_OF


@pytest.fixture(scope="module")
def store() -> FeedStore:
    return FeedStore(ROOT, lambda: AS_OF, "nb", None)


@pytest.fixture  # per test: mutmut links make_app only to the tests during which it ran
def app(store: FeedStore) -> Any:
    return make_app(store)


def etag_of(app: Any, path: str) -> str:
    status, headers, _ = call(app, path)
    assert status == "200 OK" and headers["Last-Modified"] == MIDNIGHT
    return headers["ETag"]


@pytest.mark.parametrize(
    "header",
    ["{etag}", "W/{etag}", '"other", {etag}', '"other",W/{etag}', "*"],
    ids=["strong", "weak", "in-a-list", "weak-in-a-list", "any"],
)
def test_a_matching_if_none_match_is_304(app: Any, header: str) -> None:
    etag = etag_of(app, "/roros.ics")
    status, headers, body = call(app, "/roros.ics", if_none_match=header.format(etag=etag))
    assert (status, body, headers["ETag"]) == ("304 Not Modified", b"", etag)


@pytest.mark.parametrize("header", ['"other"', 'W/"other"', ""], ids=["other", "weak-other", "empty"])
def test_an_if_none_match_that_does_not_match_is_200(app: Any, header: str) -> None:
    etag_of(app, "/roros.ics")
    status, _, body = call(app, "/roros.ics", if_none_match=header)
    assert status == "200 OK" and body.startswith(b"BEGIN:VCALENDAR")


def test_if_none_match_overrides_if_modified_since(app: Any) -> None:
    # RFC 9110 §13.1.3: a recipient ignores If-Modified-Since when If-None-Match is present.
    status, _, _ = call(app, "/roros.ics", if_none_match='"other"', if_modified_since=MIDNIGHT)
    assert status == "200 OK"


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (MIDNIGHT, "304 Not Modified"),
        ("Sun, 22 Nov 2026 00:00:01 GMT", "304 Not Modified"),
        ("Sat, 21 Nov 2026 23:59:59 GMT", "200 OK"),
        ("Sun, 22 Nov 2026 01:00:00 +0100", "304 Not Modified"),  # the same instant as midnight UTC
        ("Sun, 22 Nov 2026 00:30:00 +0100", "200 OK"),  # half an hour before it
        ("Sun, 22 Nov 2026 00:00:00 -0000", "200 OK"),  # no known zone: cannot be compared, send the feed
        ("yesterday", "200 OK"),
        ("", "200 OK"),
    ],
)
def test_if_modified_since(app: Any, since: str, expected: str) -> None:
    status, _, body = call(app, "/roros.ics", if_modified_since=since)
    assert status == expected
    assert (body == b"") == (expected == "304 Not Modified")


def last_modified(app: Any, path: str) -> tuple[str, str]:
    status, headers, _ = call(app, path)
    assert status == "200 OK"
    return headers["Last-Modified"], headers["ETag"]


def test_last_modified_moves_on_with_every_change_within_a_day(project_copy: Path) -> None:
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    app = make_app(store)
    assert last_modified(app, "/malvik.ics")[0] == MIDNIGHT
    roros = last_modified(app, "/roros.ics")
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    seen = [parsedate_to_datetime(MIDNIGHT)]
    previous = "2026-04"
    for plan in ("2026-11-14", "2026-11-16"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"date: {previous}\n", f"date: {plan}\n"), encoding="utf-8")
        previous = plan
        store.refresh(force=True)
        assert store.error is None
        seen.append(parsedate_to_datetime(last_modified(app, "/malvik.ics")[0]))
        # Within the as-of day, the next second: a client holding the previous one must see a change.
        assert seen[-1] == seen[-2] + timedelta(seconds=1)
        assert last_modified(app, "/roros.ics") == roros  # a feed that did not change keeps both validators


def page(app: Any, path: str, host: str = "feeds.example:8080") -> tuple[str, str]:
    status, headers, body = call(app, path, host=host)
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    return headers["ETag"], body.decode("utf-8")


def test_each_partys_page_is_its_own_and_links_to_the_host_asked(app: Any) -> None:
    _, roros = page(app, "/roros")
    _, malvik = page(app, "/malvik")
    assert "<title>Røros kommune</title>" in roros and 'href="webcal://feeds.example:8080/roros.ics"' in roros
    assert "<title>Malvik kommune</title>" in malvik and 'href="webcal://feeds.example:8080/malvik.ics"' in malvik
    _, other_host = page(app, "/roros", host="cal.example.org")
    assert 'href="webcal://cal.example.org/roros.ics"' in other_host and "feeds.example" not in other_host
    assert call(app, "/nobody")[0] == "404 Not Found"


@pytest.mark.parametrize("path", ["/", "/roros"])
def test_a_page_has_a_strong_etag_that_gives_304(app: Any, path: str) -> None:
    etag, _ = page(app, path)
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    assert call(app, path, host="feeds.example:8080", if_none_match=etag)[0] == "304 Not Modified"


@pytest.mark.parametrize(
    ("host", "linked"),
    [
        ("Feeds.Example:8080", "Feeds.Example:8080"),  # case is kept: it is the client's own address
        ("[::1]:8080", "[::1]:8080"),
        ('"><script>alert(1)</script>', "localhost"),
        ("feeds.example/evil", "localhost"),
    ],
)
def test_only_a_plain_host_reaches_the_links(app: Any, host: str, linked: str) -> None:
    _, index = page(app, "/", host=host)
    assert f'href="webcal://{linked}/roros.ics"' in index


def test_without_a_host_header_the_links_use_the_servers_address(app: Any) -> None:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "10.0.0.5", "SERVER_PORT": "8080"}
    got: list[str] = []
    body = b"".join(app(environ, lambda status, headers: got.append(status)))
    assert got == ["200 OK"] and b'href="webcal://10.0.0.5:8080/roros.ics"' in body


def test_pages_are_in_the_stores_language() -> None:
    app = make_app(FeedStore(ROOT, lambda: AS_OF, "en", None))
    for path in ("/", "/roros"):
        assert '<html lang="en">' in page(app, path)[1]


def test_pages_say_when_a_reload_failed(project_copy: Path) -> None:
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    app = make_app(store)
    for path in ("/", "/roros"):
        assert '<div class="banner"' not in page(app, path)[1]
    (project_copy / "facts" / "parties" / "malvik.yaml").write_text("id: malvik\nname: [broken\n", encoding="utf-8")
    store.refresh(force=True)
    assert store.error is not None
    for path in ("/", "/roros"):
        assert '<div class="banner" role="alert">' in page(app, path)[1]


def test_serve_announces_the_port_it_listens_on_and_answers_there(monkeypatch: pytest.MonkeyPatch) -> None:
    store = FeedStore(ROOT, lambda: AS_OF, "nb", None)
    servers: list[Any] = []
    make = server.make_server

    def keep(*args: Any) -> Any:  # the real server, kept so that the test can close it
        servers.append(make(*args))
        return servers[-1]

    monkeypatch.setattr(server, "make_server", keep)
    announced: list[int] = []
    ready = threading.Event()

    def announce(port: int) -> None:
        announced.append(port)
        ready.set()

    threading.Thread(target=server.serve, args=(store, "127.0.0.1", 0, announce), daemon=True).start()
    assert ready.wait(30)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{announced[0]}/roros.ics", timeout=10) as response:
            assert response.status == 200 and response.read().startswith(b"BEGIN:VCALENDAR\r\n")
            assert response.headers["Server"] == "hprules"  # not waitress and its version
    finally:
        servers[0].close()


def test_the_console_says_once_why_a_reload_failed_and_once_that_it_recovered(project_copy: Path) -> None:
    logged: list[str] = []
    store = FeedStore(project_copy, lambda: AS_OF, "en", None, log=logged.append)  # English: its words are asserted
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    good = path.read_text(encoding="utf-8")
    store.refresh(force=True)
    assert logged == []  # nothing changed, nothing to say
    path.write_text("id: malvik\nname: [broken\n", encoding="utf-8")
    store.refresh(force=True)
    store.refresh(force=True)  # the same broken files: not said again
    assert len(logged) == 1 and "facts/parties/malvik.yaml:" in logged[0]
    assert store.error is not None
    lines = store.error.splitlines()
    assert lines[0].startswith("facts/parties/malvik.yaml:")
    assert lines[-1] == "hprules: 1 problem; the last good feeds are still served"
    path.write_text(good, encoding="utf-8")
    store.refresh(force=True)
    assert store.error is None and store.stale is None
    assert len(logged) == 2 and "reloaded" in logged[1]


def test_within_the_check_interval_the_files_are_not_looked_at(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    app = make_app(store)
    store.refresh(force=True)
    monkeypatch.setattr(server, "CHECK_EVERY", 3600.0)
    before = call(app, "/malvik.ics")[1]["ETag"]
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-04\n", "date: 2026-11-14\n"), encoding="utf-8")
    assert call(app, "/malvik.ics")[1]["ETag"] == before  # a request refreshes at most once an interval
    store.refresh(force=True)
    assert call(app, "/malvik.ics")[1]["ETag"] != before


def test_a_minimal_environ_is_a_get_of_the_index(app: Any) -> None:
    # PATH_INFO may be absent for the application's root (PEP 3333).
    got: list[tuple[str, dict[str, str]]] = []
    environ = {"REQUEST_METHOD": "GET", "HTTP_HOST": "feeds.example:8080"}
    body = b"".join(app(environ, lambda status, headers: got.append((status, dict(headers)))))
    assert got[0][0] == "200 OK" and b'href="webcal://feeds.example:8080/roros.ics"' in body
    got.clear()
    b"".join(app({"PATH_INFO": "/roros.ics"}, lambda status, headers: got.append((status, dict(headers)))))
    assert got[0][0] == "200 OK"


@pytest.mark.parametrize("path", ["/", "/roros", "/roros.ics", "/nobody.ics"])
def test_no_answer_may_be_sniffed_as_another_type(app: Any, path: str) -> None:
    assert call(app, path)[1]["X-Content-Type-Options"] == "nosniff"


def test_a_rule_file_edit_is_served_after_the_next_check(project_copy: Path) -> None:
    store = FeedStore(project_copy, lambda: AS_OF, "en", None)
    app = make_app(store)
    path = project_copy / "rules" / "innforingslop.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("en: Main (implementation) project starts\n") == 1
    path.write_text(text.replace("en: Main (implementation) project starts\n", "en: Main project begins\n"), "utf-8")
    store.refresh(force=True)
    assert store.error is None
    assert b"Main project begins" in call(app, "/malvik.ics")[2]


def test_a_renamed_party_file_is_noticed(project_copy: Path) -> None:
    # malvik_.yaml sorts where malvik.yaml did: same place, same size and time, another name.
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    parties = project_copy / "facts" / "parties"
    (parties / "malvik.yaml").rename(parties / "malvik_.yaml")
    store.refresh(force=True)
    assert store.error is not None and "facts/parties/malvik_.yaml:" in store.error


@pytest.mark.parametrize(
    ("base_url", "linked"),
    [
        ("https://cal.example.org/hp", "cal.example.org/hp/"),
        ("https://cal.example.org/hp/", "cal.example.org/hp/"),
        ("https://cal.example.org/HPX/", "cal.example.org/HPX/"),  # only the slash is trimmed
    ],
)
def test_a_base_url_is_used_in_the_links_whatever_the_host(base_url: str, linked: str) -> None:
    app = make_app(FeedStore(ROOT, lambda: AS_OF, "nb", None, base_url=base_url))
    _, index = page(app, "/")
    assert f'href="webcal://{linked}roros.ics"' in index and "feeds.example" not in index


def test_the_console_stamps_its_messages_with_utc_time(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)  # no clock given: the as-of day's midnight, UTC
    (project_copy / "facts" / "parties" / "malvik.yaml").write_text("id: malvik\nname: [broken\n", encoding="utf-8")
    store.refresh(force=True)
    assert capsys.readouterr().err.startswith("2026-11-22 00:00:00+0000 hprules serve: ")


def test_index_html_is_the_index(app: Any) -> None:
    assert call(app, "/index.html")[2] == call(app, "/")[2]


def test_a_write_is_refused_with_a_page_that_says_so(app: Any) -> None:
    status, headers, body = call(app, "/roros.ics", "POST")
    assert status == "405 Method Not Allowed" and headers["Allow"] == "GET, HEAD"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<title>Bare for lesing</title>" in body and b"Alle parter</a>" in body  # a way back to the index
    assert "(GET og HEAD); POST er ikke tillatt." in body.decode("utf-8")  # the method it was asked


def test_a_write_without_a_path_is_refused_too(app: Any) -> None:
    # PATH_INFO may be missing (a request for the application's root): a 405 all the same, not a 500
    got: list[str] = []
    body = b"".join(app({"REQUEST_METHOD": "DELETE"}, lambda status, headers: got.append(status)))
    assert got == ["405 Method Not Allowed"] and "DELETE er ikke tillatt." in body.decode("utf-8")


def test_the_console_says_which_version_is_still_served(project_copy: Path) -> None:
    logged: list[str] = []
    loaded = datetime(2026, 11, 22, 8, 30, tzinfo=UTC)
    store = FeedStore(project_copy, lambda: AS_OF, "en", None, clock=lambda: loaded, log=logged.append)
    (project_copy / "facts" / "parties" / "malvik.yaml").write_text("id: malvik\nname: [broken\n", encoding="utf-8")
    store.refresh(force=True)
    first, *why = logged[0].split("\n")
    assert first == "not reloaded, the files have problems; serving the version loaded 2026-11-22 08:30:00+0000:"
    assert why[0].startswith("facts/parties/malvik.yaml:")


def test_a_feed_whose_stale_note_comes_and_goes_gets_a_later_last_modified_each_time(project_copy: Path) -> None:
    # The events do not change, so the feed's own Last-Modified would not; its text does
    # (the note that the files are broken), and a client that asks If-Modified-Since must see it.
    store = FeedStore(project_copy, lambda: AS_OF, "nb", None)
    app = make_app(store)
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    good = path.read_text(encoding="utf-8")
    seen = [parsedate_to_datetime(last_modified(app, "/malvik.ics")[0])]
    bodies = [call(app, "/malvik.ics")[2]]
    for text in ("id: malvik\nname: [broken\n", good):
        path.write_text(text, encoding="utf-8")
        store.refresh(force=True)
        seen.append(parsedate_to_datetime(last_modified(app, "/malvik.ics")[0]))
        bodies.append(call(app, "/malvik.ics")[2])
    assert bodies[0] != bodies[1] and bodies[2] != bodies[1]  # the note, then without it
    assert seen == [seen[0], seen[0] + timedelta(seconds=1), seen[0] + timedelta(seconds=2)]


PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        # WSGI hands the path's bytes over as latin-1 text: UTF-8 is read back as UTF-8,
        ("/blåbær.ics".encode().decode("latin-1"), "/blåbær.ics"),
        # and bytes that are no UTF-8 become the replacement character, not a 500.
        ("/\xff.ics", "/\ufffd.ics"),
    ],
)
def test_the_404_page_names_the_path_as_sent_and_links_to_the_index(app: Any, sent: str, shown: str) -> None:
    status, headers, body = call(app, sent)
    assert status == "404 Not Found"
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Content-Length"] == str(len(body))
    assert headers["Content-Security-Policy"] == PAGE_POLICY and headers["X-Content-Type-Options"] == "nosniff"
    text = body.decode("utf-8")
    assert f"Det finnes ingen side eller kalender på {shown}." in text
    assert 'href="http://feeds.example:8080/"' in text


def test_an_error_page_links_to_the_base_url_when_there_is_one() -> None:
    app = make_app(FeedStore(ROOT, lambda: AS_OF, "en", None, base_url="https://cal.example.org/hp"))
    status, _, body = call(app, "/nobody.ics")
    assert status == "404 Not Found"
    assert 'href="https://cal.example.org/hp/"' in body.decode("utf-8") and "feeds.example" not in body.decode("utf-8")
    assert "There is no page or calendar at /nobody.ics." in body.decode("utf-8")


def test_a_head_for_a_missing_page_has_the_headers_and_no_body(app: Any) -> None:
    _, got, page = call(app, "/nobody.ics")
    status, headers, body = call(app, "/nobody.ics", "HEAD")
    assert status == "404 Not Found" and body == b""
    assert headers["Content-Length"] == got["Content-Length"] == str(len(page))


def test_a_bug_while_answering_is_a_500_with_headers_and_the_log_in_the_servers_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    got, body = answer_with_a_bug(FeedStore(ROOT, lambda: AS_OF, "en", None), monkeypatch)
    ((status, headers, exc_info),) = got
    assert status == "500 Internal Server Error" and exc_info is not None and exc_info[0] is KeyError
    assert dict(headers)["Content-Type"] == "text/html; charset=utf-8"
    assert dict(headers)["Content-Length"] == str(len(body)) and b"<h1>Internal error</h1>" in body
    assert capsys.readouterr().err.startswith("hprules: this is a bug in hprules, please report it: KeyError: 'page'")


@pytest.mark.parametrize(("path", "policy"), [("/", True), ("/roros", True), ("/roros.ics", False)])
def test_answers_may_be_cached_only_if_checked_and_only_pages_carry_the_page_policy(
    app: Any, path: str, policy: bool
) -> None:
    status, headers, _ = call(app, path)
    assert status == "200 OK" and headers["Cache-Control"] == "no-cache"
    assert headers.get("Content-Security-Policy") == (PAGE_POLICY if policy else None)


def test_when_the_error_page_itself_fails_the_answer_is_plain_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = FeedStore(ROOT, lambda: AS_OF, "nb", None)

    def broken(*args: Any) -> str:
        raise KeyError("template")

    monkeypatch.setattr(store, "index", broken)
    monkeypatch.setattr(server, "render_error", broken)  # the 500 page cannot be made either
    monkeypatch.delenv("HPRULES_DEBUG", raising=False)
    got: list[Any] = []
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_HOST": "localhost"}
    answer = make_app(store)(environ, lambda status, headers, exc_info=None: got.append((status, headers, exc_info)))
    body = b"".join(answer)
    (status, headers, exc_info), *_ = got[-1:]
    assert status == "500 Internal Server Error" and dict(headers) == {"Content-Type": "text/plain; charset=utf-8"}
    assert exc_info is not None and body == b"internal error; see the server's log\n"
    assert "KeyError" in capsys.readouterr().err


def test_the_server_listens_on_the_port_asked() -> None:
    import socket

    with socket.socket() as probe:  # a free port, given back before the server takes it
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    listening = server.make_server(FeedStore(ROOT, lambda: AS_OF, "nb", None), "127.0.0.1", port)
    try:
        assert int(listening.effective_port) == port
    finally:
        listening.close()


def test_a_port_in_use_says_why_in_the_systems_words() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        with pytest.raises(CannotListen) as refused:
            server.make_server(FeedStore(ROOT, lambda: AS_OF, "nb", None), "127.0.0.1", port)
    assert refused.value.reason == "Address already in use"


def test_a_host_that_is_no_address_says_what_waitress_said() -> None:
    with pytest.raises(CannotListen) as refused:
        server.make_server(FeedStore(ROOT, lambda: AS_OF, "nb", None), "999.1.1.1", 8080)
    assert refused.value.reason == msg("failure.not_an_address", detail="Invalid host/port specified.")


def test_waitress_queue_warnings_stay_out_of_the_console() -> None:
    import logging

    queue = logging.getLogger("waitress.queue")
    queue.setLevel(logging.NOTSET)  # as before any server was made in this process (loggers are global)
    listening = server.make_server(FeedStore(ROOT, lambda: AS_OF, "nb", None), "127.0.0.1", 0)
    listening.close()
    assert queue.getEffectiveLevel() == logging.ERROR
    # only those: waitress's other warnings (and everyone else's) still reach the console
    assert logging.getLogger("waitress").getEffectiveLevel() <= logging.WARNING
