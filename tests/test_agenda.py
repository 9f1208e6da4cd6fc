"""`agenda`: one list across parties in date order, weekdays, days left or over."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import ROOT, check_findings


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["agenda", "--root", str(ROOT), *args])
    assert result.exit_code == 0, result.output
    return result


def test_a_day_with_weekday_and_days_left() -> None:
    # Røros: shares due 2022-04-22 (30 days after the signing, see test_cli),
    # a Friday; from Sunday 2022-04-10 that is 12 days ahead.
    out = run("roros", "--as-of", "2022-04-10").stdout
    assert "fr. 2022-04-22 · om 12 dager" in out
    en = run("roros", "--as-of", "2022-04-10", "--lang", "en").stdout
    assert "Fri 2022-04-22 · in 12 days" in en
    # Singular the day before, and "today" on the day.
    assert "fr. 2022-04-22 · om 1 dag\n" in run("roros", "--as-of", "2022-04-21").stdout
    assert "Fri 2022-04-22 · in 1 day\n" in run("roros", "--as-of", "2022-04-21", "--lang", "en").stdout
    assert "fr. 2022-04-22 · i dag\n" in run("roros", "--as-of", "2022-04-22").stdout


def test_a_range_shows_as_a_range_with_both_weekdays() -> None:
    # Malvik's option withdrawal: 2025-02-28 (a Friday) to 2025-03-28 (a Friday);
    # on Saturday 2025-03-01 the range has begun and ends 27 days later.
    out = run("malvik", "--as-of", "2025-03-01").stdout
    assert "fr. 2025-02-28 – fr. 2025-03-28 · innen 27 dager" in out
    en = run("malvik", "--as-of", "2025-03-01", "--lang", "en").stdout
    assert "Fri 2025-02-28 – Fri 2025-03-28 · within 27 days" in en


def test_days_over_the_deadline() -> None:
    # Heim signed on or before 15 November 2023 (002) and is not on the owner list:
    # shares due Friday 15 December 2023 at the latest; on 2024-01-01 that is
    # 16 + 1 = 17 days over.
    out = run("heim", "--as-of", "2024-01-01", "--from", "2023-12-01").stdout
    assert "senest fr. 2023-12-15 · 17 dager over fristen" in out
    assert any(
        line.split()[0] == "forfalt" and line.endswith("Heim kommune  Kjøpe aksjer i Helseplattformen AS")
        for line in out.splitlines()
        if line.startswith("  ")
    )
    en = run("heim", "--as-of", "2024-01-01", "--from", "2023-12-01", "--lang", "en").stdout
    assert "by Fri 2023-12-15 · 17 days overdue" in en
    one = run("heim", "--as-of", "2023-12-16", "--from", "2023-12-01", "--lang", "en").stdout
    assert "by Fri 2023-12-15 · 1 day overdue" in one


def check_json(as_of: str) -> list[dict[str, Any]]:
    return check_findings(
        CliRunner().invoke(main, ["check", "--root", str(ROOT), "--as-of", as_of, "--format", "json"])
    )


def test_default_window_and_date_order_across_parties() -> None:
    as_of = date(2023, 1, 1)
    data = json.loads(run("--as-of", as_of.isoformat(), "--format", "json").stdout)
    start, end = as_of - timedelta(days=30), as_of + timedelta(days=365)
    assert (data["from"], data["to"]) == ("2022-12-02", "2024-01-01") == (start.isoformat(), end.isoformat())
    findings = check_json(as_of.isoformat())
    expected = {
        (f["party"], f["rule"])
        for f in findings
        if f["latest"]
        and not f["missing"]
        and f["status"] != "waiting"
        and date.fromisoformat(f["latest"]) >= start
        and date.fromisoformat(f["earliest"] or f["latest"]) <= end  # "on or before": only the latest is known
    }
    # An overdue obligation is listed whatever its date: it is still open.
    overdue = {(f["party"], f["rule"]) for f in findings if f["status"] == "overdue" and f["kind"] == "obligation"}
    assert overdue - expected  # (Midtre Gauldal's call-off signing, June 2022, before the window)
    expected |= overdue
    entries = data["entries"]
    assert {(e["party"], e["rule"]) for e in entries} == expected
    assert len({e["party"] for e in entries}) > 1
    assert [e["earliest"] for e in entries] == sorted(e["earliest"] for e in entries)
    for e in entries:
        first = date.fromisoformat(e["earliest"])
        last = date.fromisoformat(e["latest"])
        # Negative exactly when the whole date (or range) is past, zero when it ends today.
        assert (e["days"] > 0, e["days"] < 0) == (last > as_of, last < as_of), e
        assert e["weekday"] == ("ma.", "ti.", "on.", "to.", "fr.", "lø.", "sø.")[first.weekday()]
    # Counted on a calendar from Sunday 1 January 2023:
    days = {(e["party"], e["rule"]): (e["earliest"], e["latest"], e["days"]) for e in entries}
    # June 2022, past: counted from its end, 30 June: July to December (31+31+30+31+30+31) and 1 more.
    assert days[("midtre-gauldal", "call-off-signing")] == ("2022-06-01", "2022-06-30", -185)
    # A range that has begun counts to its end, Monday 2 January.
    assert days[("midtre-gauldal", "option-final")] == ("2022-12-01", "2023-01-02", 1)
    # A day to come counts to that day: 31 days of January, then 10 of February.
    assert days[("levanger", "establishment-payment")] == ("2023-02-11", "2023-02-11", 41)


def test_csv_has_one_row_per_entry() -> None:
    text = run("--as-of", "2023-01-01", "--format", "csv", "--lang", "en").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    data = json.loads(run("--as-of", "2023-01-01", "--format", "json", "--lang", "en").stdout)
    assert [(r["party"], r["rule"], r["earliest"], int(r["days"])) for r in rows] == [
        (e["party"], e["rule"], e["earliest"], e["days"]) for e in data["entries"]
    ]
    assert rows[0]["weekday"] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def test_an_empty_window_says_so() -> None:
    out = run("roros", "--as-of", "2023-01-01", "--from", "2040-01-01", "--to", "2040-02-01").stdout
    assert out == "2040-01-01 – 2040-02-01 (per 2023-01-01)\nIngenting i perioden\n"


def test_bad_window_and_party_exit_2() -> None:
    result = CliRunner().invoke(main, ["agenda", "--root", str(ROOT), "--from", "2025-02-01", "--to", "2025-01-01"])
    assert result.exit_code == 2 and "vinduet slutter (2025-01-01) før det begynner (2025-02-01)" in result.stderr
    result = CliRunner().invoke(main, ["agenda", "--root", str(ROOT), "nowhere", "--lang", "en"])
    assert result.exit_code == 2 and "unknown party 'nowhere'" in result.stderr
