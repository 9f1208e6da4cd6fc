"""Review stamps: approve writes one, a change to the rule or its quote voids it,
and every output says when a rule is unreviewed."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import ROOT


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_shipped_rules_are_unreviewed_warnings_not_errors() -> None:
    result = run("validate", "--root", str(ROOT), "--lang", "en")
    assert result.exit_code == 0
    assert (
        "rules/tjenesteavtale.yaml:" in result.stderr
        and "warning: rule 'shares-purchase' has not been reviewed" in result.stderr
    )
    strict = run("validate", "--root", str(ROOT), "--require-review", "--lang", "en")
    assert strict.exit_code == 2 and "rule 'shares-purchase' has not been reviewed" in strict.output


def test_approve_then_change_needs_review_again(project_copy: Path) -> None:
    root = str(project_copy)
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("approve", "shares-purchase", "--by", "Kari Nordmann", "--as-of", "2026-11-20", "--root", root)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    changed = [ln for ln in difflib.ndiff(before.splitlines(), after.splitlines()) if ln[:1] in "+-"]
    assert all(ln.startswith("+ ") for ln in changed) and len(changed) == 4  # only the stamp is added
    assert '    review:\n      - by: "Kari Nordmann"\n        on: 2026-11-20\n' in after

    validated = run("validate", "--root", root, "--lang", "en")
    assert "'shares-purchase' has not been reviewed" not in validated.stderr
    data = json.loads(run("check", "roros", "--as-of", "2022-04-10", "--format", "json", "--root", root).stdout)
    reviews = {f["rule"]: f["review"] for f in data["findings"]}
    assert reviews["shares-purchase"] == "reviewed" and reviews["exit-plan"] == "unreviewed"
    text = run("explain", "roros", "shares-purchase", "--as-of", "2022-04-10", "--root", root, "--lang", "en").stdout
    assert "Review: approved by Kari Nordmann on 2026-11-20" in text

    # Re-wrapping the quote changes no words: still reviewed.
    path.write_text(
        after.replace(
            "Opsjonsaktører skal senest innen 30 dager etter signering av\n",
            "Opsjonsaktører skal senest innen 30 dager\n          etter signering av\n",
        ),
        encoding="utf-8",
    )
    assert "'shares-purchase' changed" not in run("validate", "--root", root, "--lang", "en").stderr

    # A different offset voids the approval.
    path.write_text(
        path.read_text(encoding="utf-8").replace("offset: 30 days after", "offset: 31 days after", 1), encoding="utf-8"
    )
    validated = run("validate", "--root", root, "--lang", "en")
    assert validated.exit_code == 0
    review_line = next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if '"Kari Nordmann"' in ln)
    assert f"rules/tjenesteavtale.yaml:{review_line}:" in validated.stderr
    assert (
        "rule 'shares-purchase' changed after Kari Nordmann approved it on 2026-11-20; it needs review again"
        in validated.stderr
    )
    assert run("validate", "--root", root, "--require-review").exit_code == 2
    data = json.loads(run("check", "roros", "--as-of", "2022-04-10", "--format", "json", "--root", root).stdout)
    assert {f["rule"]: f["review"] for f in data["findings"]}["shares-purchase"] == "changed"
    table = run("check", "roros", "--as-of", "2022-04-10", "--root", root).stdout
    assert "shares-purchase **" in table and "** regel endret etter godkjenning" in table
    text = run("explain", "roros", "shares-purchase", "--as-of", "2022-04-10", "--root", root).stdout
    assert "ENDRET etter at den ble godkjent av Kari Nordmann 2026-11-20; må gjennomgås på nytt" in text


def test_a_changed_quote_voids_the_approval(project_copy: Path) -> None:
    root = str(project_copy)
    assert run("approve", "exit-plan", "--by", "Per", "--as-of", "2026-11-20", "--root", root).exit_code == 0
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    path.write_text(
        path.read_text().replace(
            "quote: Partene skal bli enige om en avslutningsplan for avvikling",
            "quote: Partene skal bli enige om en avslutningsplan",
        )
    )
    assert "rule 'exit-plan' changed after Per approved it" in run("validate", "--root", root, "--lang", "en").stderr


def test_calendar_descriptions_say_unreviewed(tmp_path: Path) -> None:
    assert run("calendar", "roros", "--as-of", "2022-04-10", "--root", str(ROOT), "--out", str(tmp_path)).exit_code == 0
    body = (tmp_path / "roros.ics").read_bytes().replace(b"\r\n ", b"").decode()
    assert "Gjennomgang: IKKE gjennomgått av juridisk" in body


def test_approve_refuses_unknown_rule_and_empty_name(project_copy: Path) -> None:
    root = str(project_copy)
    assert run("approve", "no-such-rule", "--by", "X", "--root", root).exit_code == 2
    result = run("approve", "exit-plan", "--by", " ", "--root", root)
    assert result.exit_code == 2 and "--by trenger navnet på den som godkjenner" in result.output


def test_approve_keeps_crlf_line_ends_and_stamps_a_last_rule_without_final_newline(project_copy: Path) -> None:
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    original = path.read_text(encoding="utf-8").rstrip("\n").replace("\n", "\r\n")  # CRLF, no final line end
    path.write_bytes(original.encode("utf-8"))
    result = run("approve", "cost-follow-up", "--by", "Kari", "--as-of", "2026-11-20", "--root", str(project_copy))
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")  # every line still ends in CRLF
    assert data.startswith(original.encode("utf-8") + b'\r\n    review:\r\n      - by: "Kari"\r\n')
    assert data.endswith(b"\r\n") and data.count(b"review:") == 1
    assert run("validate", "--root", str(project_copy)).exit_code == 0
