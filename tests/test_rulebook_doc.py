"""The rule book as a document: complete, current, and readable in a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from hprules.cli import main
from hprules.reading.project import load_project

from .conftest import ROOT, tool


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
    assert "| Røros signerte 23. mars 2022 (kildedokumentets egen dato) | 2022-04-10 | `roros` |" in text
    assert "flyttes til forrige virkedag (standard for denne typen)" in text  # the withdrawal right
    assert (
        "En dato på en ikke-virkedag flyttes ikke (avviker fra standarden for denne typen, der datoen flyttes til "
        "neste virkedag): ingen dato regnes ut;"
    ) in text  # exit-plan: an obligation not moved, in words rather than the file's `forward`
    # Worked-example expectations in words: a category by its name, a status and a yes/no in Norwegian.
    assert (
        "| Passert når den seneste dagen er forbi | 2022-12-01 | øvrige kommuner (opsjonshavere) | `go_live=2023-11` "
        "| status: passert |"
    ) in text
    assert "| `averoy` | — | gjelder: nei |" in text


def test_english_rulebook() -> None:
    text = render("--lang", "en")
    assert text.startswith("# The rule book of the Helseplattformen agreements")
    assert (
        "Right of the party: Last day to withdraw the option decision without reasons — until 13 months before" in text
    )
    assert (
        "| Passed once its latest day is past | 2022-12-01 | other municipalities (option holders) "
        "| `go_live=2023-11` | status: passed |"
    ) in text
    assert "| `averoy` | — | applies: no |" in text


def test_html_rulebook_has_contents_generation_day_revision_and_print_style(tmp_path: Path) -> None:
    page = tmp_path / "rulebook.html"
    args = ["rulebook", "--root", str(ROOT), "--format", "html", "--as-of", "2026-11-24", "--out", str(page)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    project = load_project(ROOT)
    nav = html.split("<nav>", 1)[1].split("</nav>", 1)[0]
    for rule in project.rules.rules:  # every rule in the contents, and its anchor
        assert f'<a href="#{rule.id}">' in nav and f'<h3 id="{rule.id}">' in html
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True)
    revision = head.stdout.strip() if head.returncode == 0 else "unknown"
    assert f"Generert 2026-11-24 fra git-revisjon <code>{revision}</code>" in html
    assert "@media print" in html and "page-break-before:always" in html
    assert "<code>hprules rulebook</code>" in html  # code spans, not backticks


def test_html_rulebook_outside_git_says_unknown_revision(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    for folder in ("rules", "facts"):
        shutil.copytree(ROOT / folder, copy / folder)
    result = CliRunner().invoke(main, ["rulebook", "--root", str(copy), "--format", "html", "--as-of", "2026-11-24"])
    assert result.exit_code == 0 and "fra git-revisjon <code>unknown</code>" in result.stdout


def test_html_rulebook_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "rulebook.html"
    result = CliRunner().invoke(main, ["rulebook", "--root", str(ROOT), "--format", "html", "--out", str(page)])
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<table>" in html and "<blockquote>" in html and 'lang="nb"' in html
    chromium = tool("chromium", "chromium-browser")
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

    def browse(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [chromium, *flags, *extra, page.as_uri()], capture_output=True, text=True, timeout=120, check=False
        )

    done = browse(f"--screenshot={shot}", "--window-size=1280,2000")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
    dom = browse("--dump-dom").stdout
    assert "Opsjonsaktører skal senest innen 30 dager" in dom and "<nav>" in dom
    pdf = tmp_path / "rulebook.pdf"  # printed, as legal staff do
    printed = browse(f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    keep = os.environ.get("HPRULES_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "rulebook.png")
        shutil.copy(pdf, Path(keep) / "rulebook.pdf")
