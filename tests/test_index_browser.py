"""The index page as a person sees it: headless Chromium renders it (DOM and a
screenshot), and every subscribe link it shows works."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest

from hprules.reading.project import Project
from hprules.server import FeedStore

from .conftest import ROOT, serving, tool

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(FeedStore(ROOT, lambda: date(2026, 11, 22), "nb", None)) as base:
        yield base + "/"


def browse(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run(
        [tool("chromium", "chromium-browser"), *FLAGS, f"--user-data-dir={profile}", *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_index_renders_parties_and_working_links(url: str, tmp_path: Path, shipped: Project) -> None:
    done = browse(url, tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    for name in ("Røros kommune", "Trondheim kommune", "St. Olavs hospital HF", "Alle parter"):
        assert name in dom
    links = [unescape(h) for h in re.findall(r'href="([^"]+)"', dom)]
    webcal = [h for h in links if h.startswith("webcal://")]
    google = [h for h in links if h.startswith("https://calendar.google.com/calendar/render?cid=")]
    assert len(webcal) == len(google) == len(shipped.facts.parties) + 1  # every party and "all"
    for link in webcal:  # a webcal link is the feed's http URL under another scheme
        with urllib.request.urlopen("http://" + link.removeprefix("webcal://"), timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
            assert response.read(15) == b"BEGIN:VCALENDAR"
    assert {unquote(g.split("cid=", 1)[1]) for g in google} == set(webcal)


@pytest.mark.parametrize(
    ("path", "name"), [("", "index.png"), ("roros", "party-roros.png"), ("heim", "party-heim.png")]
)
def test_page_screenshot(url: str, tmp_path: Path, path: str, name: str) -> None:
    shot = tmp_path / name
    done = browse(url + path, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000  # a rendered page, not a blank
    keep = os.environ.get("HPRULES_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / name)


def test_party_page_in_the_browser_links_back_and_draws_its_timeline(url: str, tmp_path: Path) -> None:
    done = browse(url + "roros", tmp_path, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "<h1>Røros kommune</h1>" in dom and f'href="{url}"' in dom
    assert "<svg" in dom and ">i dag</text>" in dom
    index = browse(url, tmp_path, "--dump-dom").stdout
    assert f'href="{url}roros"' in index  # the index links the page
