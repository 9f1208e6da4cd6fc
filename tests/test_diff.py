"""`diff`: what a change to a rule or a fact does to every party, before it is merged."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import ROOT


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def municipalities_with_go_live() -> set[str]:
    data = json.loads(run("check", "--root", str(ROOT), "--as-of", "2026-11-22", "--format", "json").stdout)
    # A finding that waits (a planned go-live that passed) shows no date, so none moves.
    return {
        f["party"]
        for f in data["findings"]
        if f["rule"] == "establishment-payment" and f["latest"] and f["status"] != "waiting"
    }


def test_edited_offset_is_flagged_for_review_and_every_moved_date_listed(project_copy: Path) -> None:
    root = str(project_copy)
    assert (
        run("approve", "establishment-payment", "--by", "Kari", "--as-of", "2026-11-01", "--root", root).exit_code == 0
    )
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: establishment-payment")
    edited = text[start:].replace("offset: 0 days after", "offset: 30 days after", 1)
    path.write_text(text[:start] + edited, encoding="utf-8")

    validated = run("validate", "--root", root)
    assert (
        "regelen 'establishment-payment' er endret etter at Kari godkjente den 2026-11-01; "
        "den må gjennomgås på nytt" in validated.stderr
    )

    result = run("diff", "--base", str(ROOT), "--root", root, "--as-of", "2026-11-22", "--format", "json")
    assert result.exit_code == 1
    changes = json.loads(result.stdout)["changes"]
    moved = {c["party"]: c for c in changes if c["rule"] == "establishment-payment"}
    assert set(moved) == municipalities_with_go_live() and len(moved) > 20
    assert {c["rule"] for c in changes} == {"establishment-payment"}
    aukra = moved["aukra"]  # go-live Friday 3 Nov 2023, now 30 days on: Sunday 3 Dec (an effect is not moved)
    assert aukra["before"]["due"] == "2023-11-03" and aukra["after"]["due"] == "2023-12-03"
    assert aukra["change"] == "moved"
    table = run("diff", "--base", str(ROOT), "--root", root, "--as-of", "2026-11-22", "--lang", "en").stdout
    assert "aukra" in table and "2023-11-03 (passed)" in table and "2023-12-03 (passed)" in table


def test_diff_against_a_git_revision(project_copy: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project_copy), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "base")
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-04\n", "date: 2026-11-14\n"), encoding="utf-8")
    result = run(
        "diff", "malvik", "--base", "HEAD", "--root", str(project_copy), "--as-of", "2026-05-01", "--format", "json"
    )
    assert result.exit_code == 1, result.output
    changes = {c["rule"]: c for c in json.loads(result.stdout)["changes"]}
    payment = changes["establishment-payment"]
    assert (payment["before"]["earliest"], payment["before"]["latest"]) == ("2026-04-01", "2026-04-30")
    assert payment["after"]["due"] == "2026-11-14"  # a Saturday: an effect is not moved
    assert payment["change"] == "moved+status"  # a planned April that has passed waits; November is still to come
    assert (payment["before"]["status"], payment["after"]["status"]) == ("waiting", "scheduled")
    unchanged = run("diff", "--base", "HEAD", "--root", str(project_copy), "roros", "--as-of", "2026-05-01")
    assert unchanged.exit_code == 0 and "Ingen endringer" in unchanged.stdout


def test_withdrawal_makes_findings_disappear(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "facts:\n",
            "facts:\n  option_withdrawn:\n    date: 2024-01-10\n    source: test\n    recorded: 2024-01-10\n",
            1,
        )
    )
    result = run(
        "diff", "malvik", "--base", str(ROOT), "--root", str(project_copy), "--as-of", "2026-11-22", "--format", "json"
    )
    kinds = {c["rule"]: c["change"] for c in json.loads(result.stdout)["changes"]}
    assert kinds["establishment-payment"] == "disappeared" and kinds["option-withdrawal"] == "status"


def test_bad_base_is_a_located_usage_error(project_copy: Path) -> None:
    result = run("diff", "--base", "no-such-revision", "--root", str(project_copy))
    assert result.exit_code == 2 and "--base: 'no-such-revision' er verken en mappe" in result.output


def test_a_base_that_looks_like_an_option_never_reaches_git_as_one(project_copy: Path, tmp_path: Path) -> None:
    subprocess.run(["git", "-C", str(project_copy), "init", "-q"], check=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    for base in (f"--output={victim}", "--list", "-h", "--format=zip"):
        result = run("diff", "--base", base, "--root", str(project_copy), "--as-of", "2026-05-01")
        assert result.exit_code == 2, (base, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"--base: '{base}' er verken en mappe med rules/ og facts/ eller en git-revisjon" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_base_written_before_texts_came_in_two_languages_still_reads(project_copy: Path, tmp_path: Path) -> None:
    # An earlier revision has one text where the rule files now give nb and en:
    # diff must still read it (one text for both), not refuse the whole base.
    base = tmp_path / "base"
    base.mkdir()
    for part in ("rules", "facts"):
        subprocess.run(["cp", "-r", str(ROOT / part), str(base / part)], check=True)
    rules = base / "rules" / "opsjon.yaml"
    text = rules.read_text(encoding="utf-8")
    start = text.index("    interpretation:\n")
    rules.write_text(text[:start] + "    interpretation: Counted back 13 months.\n", encoding="utf-8")
    result = run("diff", "--base", str(base), "--root", str(ROOT), "--as-of", "2026-11-24", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "is one text" not in result.output
    # The current files are held to both languages.
    own = run("validate", "--root", str(base))
    assert own.exit_code == 2 and "er én tekst; gi den på norsk og engelsk" in own.output
