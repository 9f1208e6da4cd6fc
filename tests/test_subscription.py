"""A subscription round trip through real clients: the feed served by `hprules
serve`, synced by vdirsyncer (http storage) into a folder that khal reads."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hprules.server import FeedStore

from .conftest import serving, tool

E2E = "pip install -e '.[e2e]'"


@pytest.fixture
def server(project_copy: Path) -> Iterator[tuple[FeedStore, str]]:
    store = FeedStore(project_copy, lambda: date(2026, 11, 22), "nb", None)
    with serving(store) as url:
        yield store, url


def write_configs(base: Path, url: str) -> tuple[Path, Path]:
    (base / "status").mkdir()
    (base / "cal").mkdir()
    vdir = base / "vdirsyncer.conf"
    vdir.write_text(
        f"""[general]
status_path = "{base}/status/"

[pair hp]
a = "hp_remote"
b = "hp_local"
collections = null
conflict_resolution = "a wins"

[storage hp_remote]
type = "http"
url = "{url}/malvik.ics"

[storage hp_local]
type = "filesystem"
path = "{base}/cal/"
fileext = ".ics"
""",
        encoding="utf-8",
    )
    khal = base / "khal.conf"
    khal.write_text(
        f"""[calendars]
[[hp]]
path = {base}/cal/
type = calendar

[sqlite]
path = {base}/khal.db

[locale]
local_timezone = Europe/Oslo
default_timezone = Europe/Oslo
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
""",
        encoding="utf-8",
    )
    return vdir, khal


def run(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def khal_events(khal: str, config: Path, env: dict[str, str]) -> list[tuple[str, str]]:
    out = run(
        khal,
        "-c",
        str(config),
        "list",
        "--once",
        "--format",
        "{start-date}|{title}",
        "--day-format",
        "",
        "2020-01-01",
        "2030-12-31",
        env=env,
    )
    pairs = [line.split("|", 1) for line in out.splitlines() if "|" in line]
    return sorted((start, title) for start, title in pairs)


def test_moved_go_live_reaches_khal_once_at_the_new_date(
    server: tuple[FeedStore, str], project_copy: Path, tmp_path: Path
) -> None:
    vdirsyncer, khal = tool("vdirsyncer", install=E2E), tool("khal", install=E2E)
    store, url = server
    base = tmp_path / "client"
    base.mkdir()
    vdir_conf, khal_conf = write_configs(base, url)
    env = {**os.environ, "HOME": str(base), "TZ": "Europe/Oslo", "LC_ALL": "C.UTF-8"}

    run(vdirsyncer, "-c", str(vdir_conf), "discover", env=env)
    run(vdirsyncer, "-c", str(vdir_conf), "sync", env=env)
    before = khal_events(khal, khal_conf, env)
    titles = [title for _, title in before]
    planning = "Planlagt for Malvik kommune: Oppstart hovedprosjekt (innføringsprosjekt)"
    assert len(titles) == len(set(titles))  # each deadline once
    # April 2026 - 12 months: one tentative day, the range's first, its range in words.
    assert [e for e in before if e[1].startswith(planning)] == [
        ("2025-04-01", planning + " (en gang i april 2025; senest 30. april)")
    ]

    facts = project_copy / "facts" / "parties" / "malvik.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("date: 2026-04\n", "date: 2026-11-14\n"))
    store.refresh(force=True)
    run(vdirsyncer, "-c", str(vdir_conf), "sync", env=env)
    after = khal_events(khal, khal_conf, env)
    titles = [title for _, title in after]
    assert len(titles) == len(set(titles)) == len(before)  # no duplicates, nothing stale
    assert [e for e in after if e[1].startswith(planning)] == [("2025-11-14", planning)]
    assert len(list((base / "cal").glob("*.ics"))) == len(before)
