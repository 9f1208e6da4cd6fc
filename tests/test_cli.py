"""The command line as users run it, on the shipped data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from hprules.cli import main

from .conftest import ROOT, assert_handled, check_findings


def run(*args: str, root: Path = ROOT) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)])


def findings(*args: str) -> list[dict[str, Any]]:
    return check_findings(run("check", "--format", "json", *args))


def one(items: list[dict[str, Any]], party: str, rule: str) -> dict[str, Any]:
    [found] = [f for f in items if f["party"] == party and f["rule"] == rule]
    return found


def test_roros_shares_due_2022_04_22() -> None:
    result = run("check", "--as-of", "2022-04-10", "roros")
    assert result.exit_code == 0, result.output
    [line] = [ln for ln in result.stdout.splitlines() if "shares-purchase" in ln]
    assert "2022-04-22" in line and "forfaller snart" in line
    f = one(findings("--as-of", "2022-04-10", "roros"), "roros", "shares-purchase")
    assert (f["due"], f["earliest"], f["latest"], f["status"]) == ("2022-04-22",) * 3 + ("due_soon",)
    assert f["source"]["document"] == "000_0b218e7c9cc10c40.txt"
    assert f["missing"] == [] and f["kind"] == "obligation"


def test_roros_shares_met_with_unknown_timeliness_later() -> None:
    f = one(findings("--as-of", "2026-11-22", "roros"), "roros", "shares-purchase")
    assert (f["status"], f["timeliness"]) == ("met", "unknown")


def test_the_shipped_compliance_picture_as_of_2026_11_24() -> None:
    result = run("check", "--as-of", "2026-11-24", "--format", "json")
    assert isinstance(result.exception, SystemExit)  # an exit code, not a crash
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-24" and data["what_if"] is False
    parties = {p.stem for p in (ROOT / "facts" / "parties").glob("*.yaml")}
    # Averøy declined (nrk.no, October 2023): no agreement, so no finding at all.
    assert {f["party"] for f in data["findings"]} == parties - {"averoy"}
    # The one overdue obligation the documents support: Heim is on 002's "Signert
    # per 15/11-2023" list but not among the owners, and 000/001 require shares
    # within 30 days of signing: 2023-12-15 at the latest.
    overdue = [(f["party"], f["rule"], f["latest"]) for f in data["findings"] if f["status"] == "overdue"]
    assert overdue == [("heim", "shares-purchase", "2023-12-15")]
    assert result.exit_code == 1
    # A target is never overdue; it is shown only to customers (a signed service
    # agreement, recorded or shown by a go-live), and waits for the signing of the rest.
    revision = {f["party"]: f["status"] for f in data["findings"] if f["rule"] == "agreement-revision"}
    # No signing on record, and no go-live recorded as actual: Malvik, the April 2026
    # and November 2024 waves (planned), the regional authority.
    planned = {"malvik", "orkland", "stjordal", "sunndal", "surnadal", "tingvoll", "smola", "helse-nord-trondelag"}
    not_yet_customers = planned | {"helse-midt-norge"}
    assert {p for p, s in revision.items() if s == "waiting"} == not_yet_customers
    assert set(revision.values()) == {"missed", "waiting"}
    assert {f["kind"] for f in data["findings"] if f["rule"] == "establishment-payment"} == {"effect"}
    for f in data["findings"]:
        assert set(f) >= {"party", "rule", "kind", "status", "due", "earliest", "latest", "missing", "source"}


def test_exit_1_when_an_obligation_is_overdue_and_the_closing_fact_is_named() -> None:
    # What was known on 1 May 2022: Røros signed on 23 March, no share purchase on record.
    result = run("check", "--as-of", "2022-05-01", "--known-on", "2022-05-01", "roros")
    assert result.exit_code == 1, result.output
    assert "forfalt" in result.stdout and "shares_purchased" in result.stdout
    assert result.stdout.startswith("SLIK DET VAR KJENT: bare fakta registrert per 2022-05-01")


def test_what_if_set_moves_the_date_without_writing() -> None:
    before = (ROOT / "facts" / "parties" / "roros.yaml").read_bytes()
    f = one(
        findings("--as-of", "2023-03-20", "roros", "--set", "service_agreement_signed=2023-03-10"),
        "roros",
        "shares-purchase",
    )
    assert f["due"] == "2023-04-11"  # 30 days is Easter Sunday, then Easter Monday
    assert (ROOT / "facts" / "parties" / "roros.yaml").read_bytes() == before


def test_go_live_known_to_the_month_gives_a_range() -> None:
    f = one(findings("--as-of", "2022-01-01", "malvik", "--set", "go_live=2023-11"), "malvik", "option-withdrawal")
    assert (f["due"], f["earliest"], f["latest"], f["status"]) == (None, "2022-09-30", "2022-10-28", "open")


def test_withdrawal_with_exact_go_live() -> None:
    f = one(findings("--as-of", "2022-10-04", "malvik", "--set", "go_live=2023-11-03"), "malvik", "option-withdrawal")
    assert (f["due"], f["status"]) == ("2022-10-03", "expired")


def test_termination_notice_by_category() -> None:
    notice = ("--set", "termination_notice_given=2024-02-29", "--set", "service_agreement_signed=2022-03-23")
    items = findings("--as-of", "2026-01-01", "trondheim", "malvik", "st-olavs", *notice)
    assert one(items, "trondheim", "termination-notice")["due"] == "2027-02-28"
    assert one(items, "malvik", "termination-notice")["due"] == "2025-02-28"
    assert one(items, "st-olavs", "termination-notice")["due"] == "2029-02-28"


def test_withdrawn_municipality_loses_its_duties() -> None:
    items = findings("--as-of", "2022-04-10", "roros", "--set", "option_withdrawn=2022-04-01")
    rules = {f["rule"] for f in items}
    assert "shares-purchase" not in rules and "establishment-payment" not in rules


def test_english_table() -> None:
    result = run("check", "--as-of", "2022-04-10", "roros", "--lang", "en")
    assert "due soon" in result.stdout and "Buy shares in Helseplattformen AS" in result.stdout


def test_output_is_reproducible_byte_for_byte() -> None:
    first = run("check", "--as-of", "2026-11-22", "--format", "json")
    assert check_findings(first)  # a run that failed would print nothing, the same both times
    assert run("check", "--as-of", "2026-11-22", "--format", "json").stdout == first.stdout


def test_explain_shows_quote_facts_steps_and_status() -> None:
    result = run(
        "explain",
        "roros",
        "shares-purchase",
        "--as-of",
        "2023-04-01",
        "--set",
        "service_agreement_signed=2023-03-10",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Opsjonsaktører skal senest innen 30 dager" in text
    assert "service_agreement_signed = 2023-03-10" in text and "--set" in text
    assert "2023-03-10 → 2023-04-09" in text
    assert "2023-04-09 is not a working day (Easter Sunday) → 2023-04-11" in text
    assert "Result: 2023-04-11" in text
    assert "Status: due soon" in text


def test_explain_shows_provenance_of_inherited_facts() -> None:
    text = run("explain", "roros", "establishment-payment", "--as-of", "2022-10-01").stdout
    assert "go_live = 2022-11" in text and "wave:nov-2022" in text and "facts/waves/nov-2022.yaml" in text
    assert "mellom 2022-11-01 og 2022-11-30" in text


def test_explain_rule_that_does_not_apply() -> None:
    result = run("explain", "trondheim", "shares-purchase", "--as-of", "2022-01-01", "--lang", "en")
    assert result.exit_code == 0
    assert "does not apply" in result.stdout


def test_usage_errors_exit_2_with_a_message() -> None:
    cases = [
        (["check", "nowhere"], "unknown party 'nowhere'"),
        (["check", "--as-of", "2023-02-30"], "is not a date"),
        (["check", "--set", "go_live"], "write FACT=VALUE"),
        (["check", "--set", "golive=2023-01-01"], "unknown fact"),
        (["check", "--set", "go_live=2023-02-30"], "not a real date"),
        (["explain", "roros", "no-such-rule"], "unknown rule 'no-such-rule'"),
        (["check", "--format", "xml"], "Invalid value"),
    ]
    for args, message in cases:
        result = run(*args, "--lang", "en")
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
        assert_handled(result)


def test_missing_project_folder_is_a_located_error(tmp_path: Path) -> None:
    result = run("check", root=tmp_path)
    assert result.exit_code == 2
    assert "rules: mappen finnes ikke; kjør i en prosjektmappe (med rules/ og facts/)" in result.stderr


def test_every_command_has_help() -> None:
    for command in main.commands:
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_cli_reference_is_current() -> None:
    from hprules.cli_doc import render

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `python -m hprules.cli_doc > docs/cli.md`"
    )


def test_json_lists_parties_no_rule_applies_to(project_copy: Path) -> None:
    vocabulary = project_copy / "rules" / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(
        text.replace("\nfacts:\n", "  observer:\n    nb: observatør\n    en: observer\n\nfacts:\n", 1), encoding="utf-8"
    )
    (project_copy / "facts" / "parties" / "watcher.yaml").write_text(
        "id: watcher\nname: Watcher AS\ncategory: observer\n", encoding="utf-8"
    )
    args = ["check", "--root", str(project_copy), "--as-of", "2024-01-01"]
    table = CliRunner().invoke(main, [*args, "--lang", "en"]).stdout
    assert "Watcher AS (watcher): no rules apply" in table
    document = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    assert {"as_of", "findings"} <= set(document)  # the existing keys stay
    parties = {p["party"]: p for p in document["parties"]}
    assert parties["watcher"] == {"party": "watcher", "name": "Watcher AS", "findings": 0}
    assert len(parties) == len(list((project_copy / "facts" / "parties").glob("*.yaml")))
    roros = sum(f["party"] == "roros" for f in document["findings"])
    assert parties["roros"]["findings"] == roros > 0
