"""The rule book as a document: complete, current, and readable in a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from hprules.cli import main
from hprules.project import load_project

from .conftest import ROOT

REQUIRE_TOOLS = os.environ.get("HPRULES_REQUIRE_TOOLS") == "1"


def render(*args: str) -> str:
    result = CliRunner().invoke(main, ["rulebook", "--root", str(ROOT), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_committed_rulebook_is_current() -> None:
    assert (ROOT / "docs" / "rulebook.md").read_text(encoding="utf-8") == render(), (
        "docs/rulebook.md is stale: run `hprules rulebook --out docs/rulebook.md`"
    )


def test_every_rule_with_its_quote_examples_and_review() -> None:
    text = render()
    project = load_project(ROOT)
    for rule in project.rules.rules:
        assert f'<a id="{rule.id}"></a>' in text
        for source in rule.sources:
            assert " ".join(source.quote.split()) in text
    reviewed = len(project.rules.rules) + len(project.rules.inferences)
    assert text.count("**Gjennomgang:** IKKE gjennomgått av juridisk") == reviewed
    assert "Plikt for parten: Kjøpe aksjer i Helseplattformen AS — 30 dager etter tjenesteavtalen er signert" in text
    assert "| Røros signed on 23 March 2022 (the seed's own date) | 2022-04-10 | roros |" in text
    assert "flyttes til forrige virkedag (standard for denne typen)" in text  # the withdrawal right


def test_english_rulebook() -> None:
    text = render("--lang", "en")
    assert text.startswith("# The rule book of the Helseplattformen agreements")
    assert (
        "Right of the party: Last day to withdraw the option decision without reasons — until 13 months before" in text
    )


def test_html_rulebook_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "rulebook.html"
    result = CliRunner().invoke(main, ["rulebook", "--root", str(ROOT), "--format", "html", "--out", str(page)])
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<table>" in html and "<blockquote>" in html and 'lang="nb"' in html
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if REQUIRE_TOOLS:
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    shot = tmp_path / "rulebook.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    done = subprocess.run(
        [chromium, *flags, f"--screenshot={shot}", "--window-size=1100,1800", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=False
    ).stdout
    assert "Opsjonsaktører skal senest innen 30 dager" in dom
    keep = os.environ.get("HPRULES_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "rulebook.png")
