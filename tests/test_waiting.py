"""`waiting`: which facts block which parties and rules."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from click.testing import CliRunner
from dateutil.relativedelta import relativedelta

from hprules.cli import main

from .conftest import ROOT


def waiting(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["waiting", "--root", str(ROOT), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    facts: dict[str, Any] = json.loads(result.stdout)["facts"]
    return facts


def test_missing_facts_list_the_blocked_parties_and_rules() -> None:
    facts = waiting("--as-of", "2026-11-22")
    # Planned go-lives whose day has passed: the duty to pay waits for the actual go-live.
    # So does a right whose window moves with the go-live, where the option is known exercised.
    planned = {"malvik", "orkland", "stjordal", "heim", "sunndal", "surnadal", "tingvoll", "smola"}
    exercised = planned - {"orkland", "stjordal"}
    blocked = {(b["party"], b["rule"]) for b in facts["go_live"]["missing"]}
    assert blocked == {(p, "establishment-payment") for p in planned} | {(p, "option-withdrawal") for p in exercised}
    signing = {b["party"] for b in facts["service_agreement_signed"]["missing"]}
    # Røros has its date, Ålesund's go-live shows it, Heim is on a list of signed; the
    # parties whose go-live is still only a plan, and the regional authority, have nothing.
    assert signing == {
        *("malvik", "orkland", "stjordal", "sunndal", "surnadal", "tingvoll", "smola"),
        *("helse-midt-norge", "helse-nord-trondelag"),
    }
    # Every option holder but Averøy (which declined) waits for the quarterly follow-up's start.
    parties = {p.stem for p in (ROOT / "facts" / "parties").glob("*.yaml")}
    municipalities = {
        p for p in parties if "category: municipality" in (ROOT / "facts" / "parties" / f"{p}.yaml").read_text()
    }
    # Every option holder but Averøy (which declined) waits for the first follow-up
    # (those with no signing on record wait for that too).
    waits = {b["party"] for b in facts["cost_follow_up_started"]["missing"]}
    assert waits == municipalities - {"averoy"}


def test_month_precision_facts_show_the_range_that_follows() -> None:
    facts = waiting("--as-of", "2026-11-22")
    ranges = {(b["party"], b["rule"]): (b["earliest"], b["latest"]) for b in facts["go_live"]["imprecise"]}
    assert ranges[("roros", "option-withdrawal")] == ("2021-10-01", "2021-10-29")
    # Malvik's April 2026 is a plan whose month has passed: its findings wait for the actual day.
    assert ("malvik", "option-withdrawal") not in ranges
    assert ranges[("roros", "establishment-payment")] == ("2022-11-01", "2022-11-30")
    assert ("trondheim", "agreement-revision") not in ranges  # exact dates settle nothing


def test_known_on_changes_what_waits() -> None:
    early = waiting("--as-of", "2022-01-01", "--known-on", "2022-01-01")
    assert any(b["party"] == "roros" for b in early["service_agreement_signed"]["missing"])


def test_table_groups_by_fact() -> None:
    result = CliRunner().invoke(main, ["waiting", "--root", str(ROOT), "--as-of", "2026-11-22", "--lang", "en"])
    assert result.exit_code == 0, result.output
    blocked = len(waiting("--as-of", "2026-11-22")["go_live"]["missing"])  # as many as the JSON lists
    # Every go-live they wait for is a plan whose day has passed (not missing): the heading says so.
    assert f"go_live — go-live (production start) (only a plan, and its day has passed; {blocked} findings)" in (
        result.stdout
    )
    assert "Røros kommune (roros): option-withdrawal between 2021-10-01 and 2021-10-29" in result.stdout


def follow_ups(as_of: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["waiting", "--root", str(ROOT), "--format", "json", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    order: list[dict[str, Any]] = json.loads(result.stdout)["order"]
    return order


def orkland_go_live() -> date:
    """The first day of Orkland's go-live as `check` reports it (a month of its wave)."""
    result = CliRunner().invoke(
        main, ["check", "orkland", "--root", str(ROOT), "--format", "json", "--as-of", "2023-01-01"]
    )
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "pre-project-start"]
    return date.fromisoformat(finding["facts"]["go_live"]["value"] + "-01")


def test_what_can_be_followed_up_now_comes_first() -> None:
    order = follow_ups("2026-11-24")
    sections = [e["follow_up"] for e in order]
    assert sections == sorted(sections, key=["now", "later", "event"].index)
    # Nobody records a notice until it is given: those wait for the event, last.
    notices = [e for e in order if e["fact"] == "termination_notice_given"]
    assert notices and all(e["follow_up"] == "event" and e["date"] is None for e in notices)
    # Nothing shows that Orkland exercised its option; the withdrawal deadline it
    # blocks falls 13 months before Orkland's planned go-live, long past: act now.
    orkland = next(
        e for e in order if (e["party"], e["rule"], e["fact"]) == ("orkland", "option-withdrawal", "option_exercised")
    )
    due = orkland_go_live() - relativedelta(months=13)
    assert orkland["follow_up"] == "now" and orkland["date"] == due.isoformat()
    assert order.index(orkland) < order.index(notices[0])


def test_the_horizon_is_90_days() -> None:
    due = orkland_go_live() - relativedelta(months=13)

    def orkland(as_of: date) -> str:
        [entry] = [
            e
            for e in follow_ups(as_of.isoformat())
            if (e["party"], e["rule"], e["fact"]) == ("orkland", "option-withdrawal", "option_exercised")
        ]
        return str(entry["follow_up"])

    assert orkland(due - timedelta(days=90)) == "now"
    assert orkland(due - timedelta(days=91)) == "later"


def test_table_says_why_in_sections() -> None:
    out = CliRunner().invoke(main, ["waiting", "--root", str(ROOT), "--as-of", "2026-11-24"]).stdout
    now = out.index("Kan følges opp nå (datoen som avhenger av faktumet er passert eller innen 90 dager):")
    event = out.index("Venter på hendelse (ingen kjent dato plasserer det nær i tid):")
    assert now < out.index("  Orkland kommune (orkland): option-withdrawal, ville falle ") < event
    assert event < out.index("termination_notice_given — ")
    en = CliRunner().invoke(main, ["waiting", "--root", str(ROOT), "--as-of", "2026-11-24", "--lang", "en"]).stdout
    assert "Can be followed up now (the date that depends on the fact is past or within 90 days):" in en
    assert "Waiting for an event (no known date places it near):" in en
