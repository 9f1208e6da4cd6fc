"""As known on a day (facts with the day they were on record, and their earlier
values), and rule versions in force from a day."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import ROOT, check_findings


def run(*args: str, root: Path = ROOT) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def finding(party: str, rule: str, *args: str, root: Path = ROOT) -> dict[str, Any]:
    every = check_findings(run("check", party, "--format", "json", *args, root=root))
    [found] = [f for f in every if f["rule"] == rule]
    return found


def test_known_on_before_a_fact_was_recorded_gives_waiting() -> None:
    # Røros' signing date comes from 001, on record from March 2022 (its last day).
    today = finding("roros", "shares-purchase", "--as-of", "2022-04-10")
    assert today["due"] == "2022-04-22"
    then = finding("roros", "shares-purchase", "--as-of", "2022-04-10", "--known-on", "2022-03-30")
    assert then["status"] == "waiting" and then["missing"] == ["service_agreement_signed"]
    later = finding("roros", "shares-purchase", "--as-of", "2022-04-10", "--known-on", "2022-03-31")
    assert later["due"] == "2022-04-22"


def test_known_on_uses_the_value_on_record_then() -> None:
    # Malvik's go-live: November 2023 on record from 001 (March 2022), April 2026 later.
    then = finding("malvik", "establishment-payment", "--as-of", "2022-06-01", "--known-on", "2022-06-01")
    assert (then["earliest"], then["latest"]) == ("2023-11-01", "2023-11-30")
    now = finding("malvik", "establishment-payment", "--as-of", "2022-06-01")
    assert (now["earliest"], now["latest"]) == ("2026-04-01", "2026-04-30")
    # Trondheim: 30 April 2022 (004, 23 February 2022), then 7 May 2022 (002); once
    # it has gone live, it is a customer, and the revision target applies.
    assert finding("trondheim", "agreement-revision", "--as-of", "2023-01-01")["due"] == "2024-10-27"
    assert finding("trondheim", "agreement-revision", "--as-of", "2022-01-01")["missing"] == [
        "service_agreement_signed"
    ]
    result = run("explain", "trondheim", "agreement-revision", "--as-of", "2023-01-01", "--lang", "en")
    assert result.exit_code == 0


def test_known_on_in_explain_and_calendar(tmp_path: Path) -> None:
    text = run("explain", "malvik", "main-project-start", "--as-of", "2022-06-01", "--known-on", "2022-06-01").stdout
    assert "go_live = 2023-11" in text and "2026-04" not in text
    result = run("calendar", "malvik", "--as-of", "2022-06-01", "--known-on", "2022-06-01", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert b"DTSTART;VALUE=DATE:20231101" in (tmp_path / "malvik.ics").read_bytes()


def test_explain_shows_earlier_values() -> None:
    text = run("explain", "malvik", "establishment-payment", "--as-of", "2026-11-22", "--lang", "en").stdout
    assert (
        "go_live = 2026-04" in text
        and "before that: 2023-11 (on record from 2022-03; 001_aab914723e4f0aa0.txt)" in text
    )


def test_history_out_of_order_and_missing_recorded_are_located(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      recorded: 2026-11-22\n", "      recorded: 2021-01-01\n"), encoding="utf-8")
    roros = project_copy / "facts" / "parties" / "roros.yaml"
    roros.write_text(roros.read_text(encoding="utf-8").replace("    recorded: 2022-03\n", "", 1), encoding="utf-8")
    result = run("validate", "--lang", "en", root=project_copy)
    assert result.exit_code == 2
    assert "facts/parties/malvik.yaml:" in result.output and "must be listed oldest first" in result.output
    assert "facts/parties/roros.yaml:" in result.output and "missing required field 'recorded'" in result.output


def _add_version(root: Path) -> None:
    path = root / "rules" / "tjenesteavtale.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: agreement-revision")
    end = text.index("  - id: establishment-payment")
    old = text[start:end]
    first = old.replace("    kind: target\n", "    kind: target\n    valid_to: 2024-12-31\n", 1)
    second = old.replace("    kind: target\n", "    kind: target\n    valid_from: 2025-01-01\n", 1)
    second = second.replace("offset: 6 months after", "offset: 12 months after")
    path.write_text(text[:start] + first + second + text[end:], encoding="utf-8")


def test_rule_versions_in_force_by_date(project_copy: Path) -> None:
    _add_version(project_copy)
    assert run("validate", root=project_copy).exit_code == 0
    before = finding("roros", "agreement-revision", "--as-of", "2024-06-01", root=project_copy)
    after = finding("roros", "agreement-revision", "--as-of", "2025-06-01", root=project_copy)
    assert before["due"] == "2024-10-27" and after["due"] == "2025-04-27"


def test_overlapping_rule_versions_are_refused(project_copy: Path) -> None:
    _add_version(project_copy)
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    path.write_text(path.read_text().replace("valid_from: 2025-01-01", "valid_from: 2024-12-01"))
    result = run("validate", "--lang", "en", root=project_copy)
    assert result.exit_code == 2 and "duplicate rule id 'agreement-revision'" in result.output
    assert "valid_from/valid_to that do not overlap" in result.output
