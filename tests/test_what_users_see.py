"""What a new user sees on the shipped data (review of 2026-11-24): the rule book agrees
with the tool, dates waiting on a plan say so, facts read as words, parties in Norwegian
order, one phrase for a range, and error pages in the server's language."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import icalendar
import yaml
from click.testing import CliRunner

from hprules.cli import main

from .conftest import ROOT

AS_OF = "2026-11-24"
# The tool's status labels (hprules/render/texts.py), written out here by hand.
STATUS_LABELS = {
    "nb": {"overdue": "forfalt", "due_soon": "forfaller snart", "met": "oppfylt", "waiting": "venter på fakta"},
    "en": {"overdue": "overdue", "due_soon": "due soon", "met": "met", "waiting": "waiting for facts"},
}


def run(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(ROOT)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def section(rulebook: str, rule_id: str) -> str:
    start = rulebook.index(f'<a id="{rule_id}"></a>')
    end = rulebook.find("\n### ", start)
    return rulebook[start:end]


def test_exit_plan_interpretation_names_the_status_the_tool_shows() -> None:
    found = json.loads(
        run(
            "check",
            "trondheim",
            "--set",
            "termination_notice_given=2024-11-20",
            "--as-of",
            AS_OF,
            "--rule",
            "exit-plan",
            "--format",
            "json",
        )
    )["findings"]
    assert [(f["status"], f["due"]) for f in found] == [("due_soon", None)]
    for lang in ("nb", "en"):
        text = " ".join(section(run("rulebook", "--lang", lang), "exit-plan").split())
        labels = STATUS_LABELS[lang]
        assert labels["due_soon"] in text
        # 'forfalt' / 'overdue' is the label of a late duty: it must not describe this one.
        assert not re.search(rf"\b{labels['overdue']}\b", text), text


def heim_page() -> str:
    from hprules.server import FeedStore, make_app

    from .test_pages import page, text_of

    app = make_app(FeedStore(ROOT, lambda: date.fromisoformat(AS_OF), "nb", None))
    return text_of(page(app, "/heim"))


def row(text: str, title: str) -> str:
    """The text of the page from a finding's title to the next 'Slik er datoen regnet ut'."""
    start = text.index(title, text.index("Alle frister og statuser"))  # in the table, not the timeline
    return text[start : text.index("Slik er datoen regnet ut", start + len(title) + 40)]


def test_party_page_says_a_date_from_a_passed_plan_waits_for_the_actual_event() -> None:
    found = {f["rule"]: f for f in json.loads(run("check", "heim", "--as-of", AS_OF, "--format", "json"))["findings"]}
    # Heim's go-live (9 November 2024) is only a plan, and its day has passed.
    assert found["option-withdrawal"]["status"] == "waiting" and found["option-withdrawal"]["due"] == "2023-10-09"
    assert found["option-withdrawal"]["facts"]["go_live"]["planned"] is True
    text = " ".join(heim_page().split())
    for title, day in (
        ("Frist for å trekke opsjonsvedtaket", "9. oktober 2023"),
        ("Plikten til å betale andel av etableringsprisen oppstår", "9. november 2024"),
    ):
        shown = row(text, title)
        assert f"Etter planen: {day}. Venter på at produksjonssetting (go-live) registreres som faktisk." in shown
        assert "kan ikke regnes ut" not in shown
    # Guidance counted from the planned go-live says its date follows the plan.
    assert "Regnet etter planlagt produksjonssetting (go-live)" in row(text, "Oppstart forprosjekt")
    # A finding that truly lacks a fact keeps the sentence.
    assert "Datoen kan ikke regnes ut før det som mangler er registrert." in row(
        text, "Tjenesteavtalen opphører etter oppsigelse"
    )


def explained_result(party: str, rule: str, lang: str) -> str:
    text = run("explain", party, rule, "--as-of", AS_OF, "--lang", lang)
    line = next(x for x in text.splitlines() if x.strip().startswith(("Resultat:", "Result:")))
    return line.split(":", 1)[1].split(" (")[0].strip()


def test_waiting_says_the_date_or_range_explain_says() -> None:
    for lang in ("nb", "en"):
        table = run("waiting", "--as-of", AS_OF, "--lang", lang)
        # Malvik's go-live is planned for April 2026: the withdrawal cut-off is a range,
        # 13 months before either end, each moved back off a weekend (1 and 30 March 2025).
        result = explained_result("malvik", "option-withdrawal", lang)
        assert result == ("mellom 2025-02-28 og 2025-03-28" if lang == "nb" else "between 2025-02-28 and 2025-03-28")
        plan = "etter planen" if lang == "nb" else "by the plan,"
        assert f"Malvik kommune (malvik): option-withdrawal, {plan} {result}\n" in table
        assert "2025-03-01" not in table.split("Malvik kommune (malvik): option-withdrawal", 1)[1].split("\n")[0]
        # The same for every entry waiting on a plan whose day has passed.
        order = json.loads(run("waiting", "--as-of", AS_OF, "--format", "json"))["order"]
        dated = [e for e in order if e.get("planned")]
        assert {e["fact"] for e in dated} == {"go_live"}
        for entry in dated:
            said = explained_result(entry["party"], entry["rule"], lang)
            assert f"({entry['party']}): {entry['rule']}, {plan} {said}\n" in table
        heading = "bare planlagt, og dagen er passert" if lang == "nb" else "only a plan, and its day has passed"
        assert "go_live — " in table and f"({heading}; {len(dated)} " in table


def feed_events(tmp_path: Path, lang: str) -> dict[tuple[str, str], str]:
    """(party, rule) → description, as a calendar parser reads the written feeds."""
    result = CliRunner().invoke(
        main, ["calendar", "--root", str(ROOT), "--out", str(tmp_path), "--as-of", AS_OF, "--lang", lang]
    )
    assert result.exception is None and result.exit_code == 0, result.output
    events = {}
    for event in icalendar.Calendar.from_ical((tmp_path / "all.ics").read_bytes()).walk("VEVENT"):
        party, rule = str(event["uid"]).split("@")[0].split(".", 1)
        events[(party, rule)] = " ".join(str(event["description"]).split())
    return events


def test_feed_descriptions_name_facts_in_words_and_say_a_date_is_from_the_plan(tmp_path: Path) -> None:
    vocabulary = yaml.safe_load((ROOT / "rules" / "vocabulary.yaml").read_text(encoding="utf-8"))["facts"]
    planned = {
        f["party"]
        for f in json.loads(run("check", "--as-of", AS_OF, "--format", "json"))["findings"]
        if f["facts"].get("go_live", {}).get("planned")
    }
    assert {"heim", "malvik"} <= planned
    for lang in ("nb", "en"):
        events = feed_events(tmp_path / lang, lang)
        signed = vocabulary["service_agreement_signed"][lang]
        on_or_before = "senest 15. november 2023" if lang == "nb" else "by 15 November 2023"
        computed = "Utregning" if lang == "nb" else "Computed"
        assert (
            f"{computed}: {signed} (service_agreement_signed) {on_or_before} (" in events[("heim", "shares-purchase")]
        )
        assert not [key for key, text in events.items() if re.search(r"\b[a-z]+_[a-z_]+ = ", text)]
        plan = "Regnet etter planlagt" if lang == "nb" else "Counted from the planned"
        for (party, rule), text in events.items():
            if rule in ("pre-project-start", "main-project-start"):  # guidance counted from go-live
                assert (plan in text) == (party in planned), (party, rule, text)


def in_order(text: str, ids: list[str], pattern: str) -> list[str]:
    """The ids of `ids` in the order `pattern` (with '{}' for the id) first finds them in `text`."""
    found = {p: text.find(pattern.format(p)) for p in ids}
    assert all(at >= 0 for at in found.values()), found
    return sorted(ids, key=found.__getitem__)


def test_every_output_lists_parties_in_norwegian_order_of_their_names(project_copy: Path) -> None:
    # Os renamed 'Ærøy kommune': Æ, Ø, Å come after z, in that order (Språkrådet), whatever the id.
    path = project_copy / "facts" / "parties" / "os.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Os kommune", "name: Ærøy kommune"), "utf-8")

    def cli(*args: str) -> str:
        result = CliRunner().invoke(main, [*args, "--root", str(project_copy), "--as-of", AS_OF])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1), result.output
        return result.stdout

    tail = ["vestnes", "os", "orland", "afjord", "alesund"]  # Vestnes, Ærøy, Ørland, Åfjord, Ålesund
    table = cli("check")
    headings = re.findall(r"^.+ \(([a-z-]+)\) — ", table, re.M)
    assert headings[-5:] == tail and headings.index("rauma") < headings.index("roros") < headings.index("selbu")
    document = json.loads(cli("check", "--format", "json"))
    assert [p["party"] for p in document["parties"]][-5:] == tail  # Averøy (no findings) among the a–z
    seen = list(dict.fromkeys(f["party"] for f in document["findings"]))
    assert seen[-5:] == tail
    # One wave (go-live known only to the month) ties these parties' dates.
    wave = ["holtalen", "indre-fosen", "roros", "os", "orland", "afjord"]
    waiting = cli("waiting")
    assert in_order(waiting, wave, "({}): pre-project-start") == wave
    agenda = cli("agenda", "--from", "2021-05-01", "--to", "2021-05-31", "--format", "json")
    assert [e["party"] for e in json.loads(agenda)["entries"] if e["rule"] == "pre-project-start"] == wave
    cli("calendar", "--out", str(project_copy / "feeds"))
    events = icalendar.Calendar.from_ical((project_copy / "feeds" / "all.ics").read_bytes()).walk("VEVENT")
    uids = [str(e["uid"]).split(".")[0] for e in events if ".pre-project-start@" in str(e["uid"])]
    assert [u for u in uids if u in wave] == wave


def test_error_pages_are_small_pages_in_the_servers_language_linking_the_index() -> None:
    from hprules.server import FeedStore, make_app

    from .test_pages import text_of
    from .test_server import call

    for lang, heading, read_only in (
        ("nb", "Fant ikke siden", "kan bare leses"),
        ("en", "Page not found", "can only be read"),
    ):
        app = make_app(FeedStore(ROOT, lambda: date.fromisoformat(AS_OF), lang, None))
        for path in ("/foo", "/nobody.ics", "/<script>alert(1)</script>"):
            status, headers, body = call(app, path)
            html = body.decode("utf-8")
            assert status == "404 Not Found" and headers["Content-Type"] == "text/html; charset=utf-8", path
            assert f'<html lang="{lang}">' in html and f"<h1>{heading}</h1>" in html
            assert '<a href="http://feeds.example:8080/">' in html  # back to the index
            assert "<script>" not in html and path in text_of(html)  # shown, escaped
            assert headers["Content-Length"] == str(len(body))
        status, headers, body = call(app, "/roros.ics", "POST")
        assert status == "405 Method Not Allowed" and headers["Allow"] == "GET, HEAD"
        assert headers["Content-Type"] == "text/html; charset=utf-8" and read_only in body.decode("utf-8")
        assert call(app, "/foo", "HEAD")[2] == b""  # a HEAD answer has no body
    # A known feed is still served; only unknown names get the page.
    status, _, _ = call(make_app(FeedStore(ROOT, lambda: date.fromisoformat(AS_OF), "nb", None)), "/roros.ics")
    assert status == "200 OK"
