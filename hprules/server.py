"""`hprules serve`: the feeds, an index page and a page per party over HTTP,
recomputed when the rule or fact files (or the day) change.

`FeedStore` holds what is served: the feeds come from the same pipeline as
`hprules calendar` (`store.publication`), continuing the SEQUENCE numbers of the
published calendars (`--seed`) and then of its own earlier rebuilds, in memory;
nothing is written. A rebuild that fails keeps the last good feeds and pages,
marked stale (a banner, `X-HPRULES-STALE`), and logs why to stderr.

`make_app` is a read-only WSGI app (served by waitress): GET and HEAD only, a
fixed set of names (no path ever touches the file system), strong ETags,
Last-Modified, 304s; a bug while answering is a logged 500.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any

from .api import check
from .domain import failure
from .domain.diagnostics import msg
from .evaluation.evaluator import Evaluation
from .reading.project import Project, load_project
from .reading.regular_file import input_files
from .render.error_page import render_error
from .render.failure_text import render_failure
from .render.feed import EventState
from .render.index_page import Stale, render_index
from .render.messages import worded
from .render.party_page import render_party
from .store.publication import publication, published_states

StartResponse = Callable[..., Any]
CHECK_EVERY = 1.0  # seconds between looks at the files' modification times
# waitress's defaults (100 connections, 120 s idle) let about 100 slow clients make
# the server unreachable: allow many more connections (poll(), not select(), so
# descriptors past 1024 work) and drop idle ones sooner.
LIMITS: dict[str, Any] = {
    "connection_limit": 2000,
    "channel_timeout": 20,
    "cleanup_interval": 5,
    "asyncore_use_poll": True,
}


@dataclass(frozen=True)
class Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _files_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """What the readers read, as it now stands: an unreadable file (a dangling
    symlink) is part of it too, so that the rebuild reports it."""
    paths = [*input_files(root / "rules", recursive=True), *input_files(root / "facts", recursive=True)]
    signature = []
    for path in paths:
        try:
            found = path.stat()
            signature.append((str(path), found.st_mtime_ns, found.st_size))
        except OSError:
            signature.append((str(path), -1, -1))
    return tuple(signature)


class FeedStore:
    """The current feeds and index page, rebuilt when the files or the day change.

    The published state of each event is kept between rebuilds, so a moved
    deadline gets SEQUENCE + 1 exactly as `hprules calendar` does.
    """

    def __init__(
        self,
        root: Path,
        today: Callable[[], date],
        lang: str,
        seed: Path | None,
        base_url: str | None = None,
        clock: Callable[[], datetime] | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.root = root
        self.today = today
        self.lang = lang
        # The address in the pages' links (behind a proxy); else the Host the client used.
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        # Wall-clock time for the banner and the console; the CLI passes the real clock.
        self.clock = clock or (lambda: datetime.combine(self.today(), clock_time(0), tzinfo=UTC))
        self.log = log or self._log_to_stderr
        self.stale: Stale | None = None
        self._loaded_at = self.clock()
        self._lock = threading.Lock()
        self._signature: object = None
        self._checked = 0.0
        self._states: Mapping[str, EventState] = {}
        self.resources: dict[str, Resource] = {}
        self._pages: dict[tuple[str, str], Resource] = {}  # (page, host)
        self.error: str | None = None
        if seed is not None:  # start from what `calendar` published; a broken feed is InvalidInput
            self._states = published_states(seed)
        as_of = today()
        self._signature = (_files_signature(root), as_of)
        self._rebuild(as_of)  # invalid files at start: InvalidInput, for the CLI to report

    def _log_to_stderr(self, message: str) -> None:
        """The console: stderr, at once, each message with its time."""
        print(f"{self.clock():%Y-%m-%d %H:%M:%S%z} hprules serve: {message}", file=sys.stderr, flush=True)

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < CHECK_EVERY:
            return
        with self._lock:
            self._checked = now
            as_of = self.today()
            try:
                signature = (_files_signature(self.root), as_of)
            except OSError:
                return  # a file vanished mid-edit: keep serving the last good feeds
            if signature == self._signature:
                return
            stale, self.stale = self.stale, None  # a good rebuild publishes without the note
            try:
                self._rebuild(as_of)
                self.error = None
                if stale is not None:
                    self.log(worded("serve.reloaded", self.lang))
            except Exception as exc:
                # Keep serving the last good feeds, saying so on every page and feed; why goes to
                # stderr, through the one renderer (an unexpected error is said to be a bug).
                self.error = "\n".join(render_failure(exc, self.lang, "outcome.last_good_served"))
                self.stale = stale or Stale(self._loaded_at, self.clock())
                if stale is None:
                    self._publish()
                loaded = f"{self._loaded_at:%Y-%m-%d %H:%M:%S%z}"
                said = worded("serve.not_reloaded", self.lang, loaded=loaded)
                self.log(f"{said}:\n{self.error}")
            self._signature = signature

    def _rebuild(self, as_of: date) -> None:
        project = load_project(self.root)
        evaluation = check(project, as_of)
        self._inputs = (project, evaluation, self._states)
        self._publish()
        self._loaded_at = self.clock()

    def _publish(self) -> None:
        """The feeds and pages of the last good inputs, marked stale when a reload failed."""
        project, evaluation, previous = self._inputs
        note = self.stale.feed_note() if self.stale else None
        published = publication(project, evaluation, self.lang, previous, stale=note)
        self._states = published.states
        resources = {}
        for feed in published.feeds:
            name = f"{feed.name}.ics"
            resources[name] = self._resource(name, feed.body, "text/calendar; charset=utf-8", feed.last_modified)
        self._page = (project, evaluation, published.stamp)
        self._pages = {}
        self.resources = resources

    def index(self, host: str) -> Resource:
        """The index page, with subscribe links for the host the client used."""
        return self._html("", host, lambda p, e, base: render_index(p, e, base, self.lang, self.stale))

    def party(self, party_id: str, host: str) -> Resource | None:
        """A party's page, or None for a name that is not a party."""
        evaluation = self._page[1]
        if party_id not in evaluation.parties:
            return None
        return self._html(party_id, host, lambda p, e, base: render_party(p, e, party_id, base, self.lang, self.stale))

    def _html(self, name: str, host: str, make: Callable[[Project, Evaluation, str], str]) -> Resource:
        key = (name, host)
        page = self._pages.get(key)
        if page is None:
            project, evaluation, stamp = self._page
            body = make(project, evaluation, self.base_url or f"http://{host}/").encode("utf-8")
            page = Resource(body, "text/html; charset=utf-8", _etag(body), stamp)
            if len(self._pages) < 1024:  # a client cannot grow the cache without bound
                self._pages[key] = page
        return page

    def _resource(self, name: str, body: bytes, content_type: str, modified: datetime) -> Resource:
        before = self.resources.get(name)
        if before is not None and before.body == body:
            return before
        if before is not None:  # changed: Last-Modified must move on
            modified = max(modified, before.last_modified + timedelta(seconds=1))
        return Resource(body, content_type, _etag(body), modified)


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


_STATUS_LINES = {404: "404 Not Found", 405: "405 Method Not Allowed", 500: "500 Internal Server Error"}
# An HTML page loads nothing: no script, no image, no outside style.
_PAGE_POLICY = ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")


def _host(environ: dict[str, Any]) -> str:
    """The host the client used (for links back to this server), made safe."""
    return _safe_host(environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}")


def make_app(store: FeedStore) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    def error_page(
        status: int,
        environ: dict[str, Any],
        start_response: StartResponse,
        extra: list[tuple[str, str]] | None = None,
        exc_info: Any = None,
    ) -> Iterable[bytes]:
        """A small page in the server's language with a link to the index (templates/error.html)."""
        method = environ.get("REQUEST_METHOD", "GET")
        # WSGI hands the path over as latin-1 text of its bytes: read them as UTF-8 again.
        path = environ.get("PATH_INFO", "/").encode("latin-1", "replace").decode("utf-8", "replace")
        index = store.base_url or f"http://{_host(environ)}/"
        body = render_error(status, path, method, index, store.lang).encode("utf-8")
        headers = [
            ("X-Content-Type-Options", "nosniff"),
            *(extra or []),
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            _PAGE_POLICY,
        ]
        if exc_info is not None:
            start_response(_STATUS_LINES[status], headers, exc_info)
        else:
            start_response(_STATUS_LINES[status], headers)
        return [b""] if method == "HEAD" else [body]

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        base_headers = [("X-Content-Type-Options", "nosniff")]
        if method not in ("GET", "HEAD"):
            return error_page(405, environ, start_response, [("Allow", "GET, HEAD")])
        store.refresh()
        name = path.lstrip("/")
        if name in ("", "index.html"):
            resource: Resource | None = store.index(_host(environ))
        elif "." not in name:
            resource = store.party(name, _host(environ))  # a party's page: /roros
        else:
            resource = store.resources.get(name)  # a fixed set of names: no path reaches a file
        if resource is None:  # an unknown page or feed (.ics): the same 404 page
            return error_page(404, environ, start_response)
        body, etag = resource.body, resource.etag
        headers = [
            *base_headers,
            ("ETag", etag),
            ("Last-Modified", format_datetime(resource.last_modified, usegmt=True)),
            ("Cache-Control", "no-cache"),
        ]
        if _matches(environ.get("HTTP_IF_NONE_MATCH"), etag) or (
            "HTTP_IF_NONE_MATCH" not in environ and _not_modified_since(environ, resource.last_modified)
        ):
            start_response("304 Not Modified", headers)
            return [b""]
        headers += [("Content-Type", resource.content_type), ("Content-Length", str(len(body)))]
        if resource.content_type.startswith("text/html"):
            headers.append(_PAGE_POLICY)
        start_response("200 OK", headers)
        # A HEAD answer has no body: a server that sent one anyway would corrupt
        # the next response on a kept-alive connection.
        return [b""] if method == "HEAD" else [body]

    def guarded(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """A bug while answering is logged through the one renderer and is a 500, not waitress's traceback."""
        try:
            return app(environ, start_response)
        except Exception as exc:
            print("\n".join(render_failure(exc, store.lang)), file=sys.stderr, flush=True)
            try:
                return error_page(500, environ, start_response, exc_info=sys.exc_info())
            except Exception:  # the page itself failed: say it in plain text
                headers = [("Content-Type", "text/plain; charset=utf-8")]
                start_response("500 Internal Server Error", headers, sys.exc_info())
                return [b"internal error; see the server's log\n"]

    return guarded


def _not_modified_since(environ: dict[str, Any], modified: datetime) -> bool:
    header = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not header:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and modified.replace(microsecond=0) <= since


def _safe_host(host: str) -> str:
    """Only host[:port] characters go into the links of the page."""
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
    return host if host and all(c in allowed for c in host) else "localhost"


def make_server(store: FeedStore, host: str, port: int, threads: int = 4) -> Any:
    """A listening waitress server; CannotListen if the address cannot be had."""
    from waitress.server import create_server

    try:
        server = create_server(make_app(store), host=host, port=port, threads=threads, ident="hprules", **LIMITS)
    except ValueError as exc:  # waitress: "Invalid host/port specified", an address it cannot resolve
        raise failure.CannotListen(host, port, msg("failure.not_an_address", detail=str(exc))) from None
    except OSError as exc:
        raise failure.CannotListen(host, port, exc.strerror or str(exc)) from None
    # Under load waitress logs "Task queue depth" for every queued request.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return server


def serve(
    store: FeedStore, host: str, port: int, announce: Callable[[int], None], threads: int = 4
) -> None:  # pragma: no cover - blocking
    """Listen (CannotListen if the address cannot be had), announce the port, then serve."""
    server = make_server(store, host, port, threads)
    announce(int(server.effective_port))
    server.run()
