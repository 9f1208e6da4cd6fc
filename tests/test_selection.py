"""`check` filters: --status, --kind, --rule, --due-within, --from/--to combine."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import ROOT, check_findings

AS_OF = "2026-11-24"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(ROOT), "--as-of", AS_OF, *args])


def findings(*args: str) -> list[dict[str, Any]]:
    return check_findings(run("--format", "json", *args))


def key(f: dict[str, Any]) -> tuple[str, str]:
    return f["party"], f["rule"]


def overlaps(f: dict[str, Any], start: date | None, end: date | None) -> bool:
    if f["status"] == "waiting" or f["missing"] or f["latest"] is None:
        return False
    # Known only as "on or before": the latest day is the only one known.
    earliest, latest = date.fromisoformat(f["earliest"] or f["latest"]), date.fromisoformat(f["latest"])
    return (start is None or latest >= start) and (end is None or earliest <= end)


def test_status_and_kind_filters_combine() -> None:
    everything = findings()
    chosen = findings("--status", "overdue", "--status", "due_soon", "--kind", "obligation")
    expected = [key(f) for f in everything if f["status"] in ("overdue", "due_soon") and f["kind"] == "obligation"]
    assert expected, "the shipped data has overdue obligations on this day"
    assert [key(f) for f in chosen] == expected


def test_rule_filter_is_repeatable() -> None:
    everything = findings()
    chosen = findings("--rule", "exit-plan", "--rule", "shares-purchase")
    assert [key(f) for f in chosen] == [key(f) for f in everything if f["rule"] in ("exit-plan", "shares-purchase")]
    assert {f["rule"] for f in chosen} == {"exit-plan", "shares-purchase"}


def test_date_window_admits_overlapping_ranges_and_no_undated_finding() -> None:
    everything = findings()
    start, end = date(2022, 11, 15), date(2023, 4, 30)
    chosen = findings("--from", start.isoformat(), "--to", end.isoformat())
    assert [key(f) for f in chosen] == [key(f) for f in everything if overlaps(f, start, end)]
    # Røros' establishment payment falls in November 2022, a range that begins
    # before the window and ends inside it.
    roros = next(f for f in chosen if key(f) == ("roros", "establishment-payment"))
    assert (roros["earliest"], roros["latest"]) == ("2022-11-01", "2022-11-30")
    assert all(f["status"] != "waiting" and f["latest"] for f in chosen)


def test_due_within_counts_from_the_as_of_day() -> None:
    # 2025-01-01 + 3 months = 2025-04-01; 2025-01-01 + 90 days = 2025-04-01 as well
    # (31 + 28 + 31 = 90); 2 weeks = 2025-01-15.
    day = date(2025, 1, 1)
    everything = json.loads(
        CliRunner().invoke(main, ["check", "--root", str(ROOT), "--as-of", "2025-01-01", "--format", "json"]).stdout
    )["findings"]
    for span, end in (("3m", date(2025, 4, 1)), ("90d", date(2025, 4, 1)), ("2w", date(2025, 1, 15))):
        result = CliRunner().invoke(
            main, ["check", "--root", str(ROOT), "--as-of", "2025-01-01", "--due-within", span, "--format", "json"]
        )
        got = [key(f) for f in json.loads(result.stdout)["findings"]]
        assert got == [key(f) for f in everything if overlaps(f, day, end)], span
    assert end == day + timedelta(days=14)


def test_exit_code_follows_the_shown_findings() -> None:
    everything = findings()
    assert any(f["kind"] == "obligation" and f["status"] == "overdue" for f in everything)
    assert run().exit_code == 1
    assert run("--kind", "guidance").exit_code == 0
    assert run("--status", "overdue", "--kind", "obligation").exit_code == 1


def test_a_filter_that_admits_nothing_shows_no_party() -> None:
    result = run("--rule", "exit-plan", "--status", "met_late")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines == ["0 funn, 0 forfalte plikter"]


def test_bad_filter_values_exit_2_with_every_problem() -> None:
    result = run("--status", "late", "--kind", "duty", "--rule", "no-such-rule", "--due-within", "3q", "--lang", "en")
    assert result.exit_code == 2
    assert "command line: --status 'late': unknown; " in result.stderr
    assert "overdue" in result.stderr and "obligation" in result.stderr and "exit-plan" in result.stderr
    assert "--kind 'duty': unknown" in result.stderr
    assert "--rule 'no-such-rule': unknown" in result.stderr
    assert "--due-within '3q' is not a span" in result.stderr
    assert "hprules: 4 problems; nothing was evaluated" in result.stderr
    both = run("--due-within", "30d", "--to", "2027-01-01")
    assert both.exit_code == 2 and "oppgi bare én av dem" in both.stderr
    backwards = run("--from", "2027-01-01", "--to", "2026-01-01", "--lang", "en")
    assert backwards.exit_code == 2 and "the window ends (2026-01-01) before it starts (2027-01-01)" in backwards.stderr
    bad_date = run("--from", "2027-13-01")
    assert bad_date.exit_code == 2 and "er ikke en dato" in bad_date.output


def test_filters_take_the_words_the_table_shows_in_either_language() -> None:
    def chosen(*args: str) -> list[tuple[str, str]]:
        result = CliRunner().invoke(
            main, ["check", "--root", str(ROOT), "--as-of", "2026-11-24", *args, "--format", "json"]
        )
        return [key(f) for f in json.loads(result.stdout)["findings"]]

    by_id = chosen("--status", "overdue", "--kind", "obligation")
    assert by_id  # Heim's share purchase
    assert chosen("--status", "forfalt", "--kind", "plikt") == by_id
    assert chosen("--status", "Overdue", "--kind", "OBLIGATION") == by_id
    typo = CliRunner().invoke(main, ["check", "--root", str(ROOT), "--status", "overdu"])
    assert typo.exit_code == 2 and "mente du 'overdue'?" in typo.output
