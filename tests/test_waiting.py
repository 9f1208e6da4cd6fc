"""`waiting`: which facts block which parties and rules."""

from __future__ import annotations

import json

from click.testing import CliRunner

from hprules.cli import main

from .conftest import ROOT


def waiting(*args: str) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["waiting", "--root", str(ROOT), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["facts"]  # type: ignore[no-any-return]


def test_missing_facts_list_the_blocked_parties_and_rules() -> None:
    facts = waiting("--as-of", "2026-11-22")
    # Planned go-lives whose day has passed: the duty to pay waits for the actual go-live.
    planned = {"malvik", "orkland", "stjordal", "heim", "sunndal", "surnadal", "tingvoll", "smola"}
    blocked = {(b["party"], b["rule"]) for b in facts["go_live"]["missing"]}
    assert blocked == {(p, "establishment-payment") for p in planned}
    signing = {b["party"] for b in facts["service_agreement_signed"]["missing"]}
    # Røros has its date, Ålesund's go-live shows it, Heim is on a list of signed; Malvik has nothing.
    assert signing == {"malvik", "orkland", "stjordal"}
    # Every option holder but Averøy (which declined) waits for the quarterly follow-up's start.
    parties = {p.stem for p in (ROOT / "facts" / "parties").glob("*.yaml")}
    municipalities = {
        p for p in parties if "category: municipality" in (ROOT / "facts" / "parties" / f"{p}.yaml").read_text()
    }
    assert {b["party"] for b in facts["cost_group_established"]["missing"]} == municipalities - {"averoy"}


def test_month_precision_facts_show_the_range_that_follows() -> None:
    facts = waiting("--as-of", "2026-11-22")
    ranges = {(b["party"], b["rule"]): (b["earliest"], b["latest"]) for b in facts["go_live"]["imprecise"]}
    assert ranges[("malvik", "option-withdrawal")] == ("2025-02-28", "2025-03-28")
    assert ranges[("roros", "establishment-payment")] == ("2022-11-01", "2022-11-30")
    assert ("trondheim", "agreement-revision") not in ranges  # exact dates settle nothing


def test_known_on_changes_what_waits() -> None:
    early = waiting("--as-of", "2022-01-01", "--known-on", "2022-01-01")
    assert any(b["party"] == "roros" for b in early["service_agreement_signed"]["missing"])


def test_table_groups_by_fact() -> None:
    result = CliRunner().invoke(main, ["waiting", "--root", str(ROOT), "--as-of", "2026-11-22", "--lang", "en"])
    assert "go_live — go-live (production start) (missing; 8 findings)" in result.stdout
    assert "Malvik kommune (malvik): option-withdrawal between 2025-02-28 and 2025-03-28" in result.stdout
