"""`hprules record`: a fact written into its file touching only the lines it must,
shown first, committed in git, and refused (file byte for byte unchanged) when wrong."""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from hprules.cli import main
from hprules.domain.dates import DateValue
from hprules.reading.project import load_project
from hprules.store.fact_writer import Entry, round_trip_yaml, with_entry

from .conftest import ROOT

AS_OF = "2026-12-01"  # later than every `recorded` in the shipped facts
NO_GIT_USER = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def orkland(root: Path, *extra: str, env: dict[str, str] | None = None) -> Result:
    """Record a go-live month for Orkland, which has no facts of its own."""
    return run(
        "record",
        "orkland",
        "go_live",
        "2026-04",
        "--source",
        "x",
        "--as-of",
        AS_OF,
        "--root",
        str(root),
        *extra,
        env=env,
    )


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def git_copy(project_copy: Path) -> Path:
    """The project copy as a git repository whose user is Kari Test."""
    git(project_copy, "init", "-q")
    git(project_copy, "config", "user.name", "Kari Test")
    git(project_copy, "config", "user.email", "kari@example.invalid")
    git(project_copy, "add", "-A")
    git(project_copy, "commit", "-q", "-m", "shipped")
    return project_copy


def changed(before: str, after: str) -> list[str]:
    return [ln for ln in difflib.ndiff(before.splitlines(), after.splitlines()) if ln[:1] in "+-"]


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*.yaml")}


def test_every_shipped_fact_file_round_trips_byte_for_byte() -> None:
    yaml = round_trip_yaml()
    for path in sorted((ROOT / "facts").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        out = io.StringIO()
        yaml.dump(yaml.load(text), out)
        assert out.getvalue() == text, path


def record_and_diff(root: Path, file: str, *args: str) -> list[str]:
    path = root / file
    before = path.read_text(encoding="utf-8")
    head = git(root, "rev-parse", "HEAD")
    result = run("record", *args, "--as-of", AS_OF, "--root", str(root))
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    if after != before:  # one commit, of just that file, saying who recorded what from where
        assert git(root, "rev-list", "--count", f"{head.strip()}..HEAD").strip() == "1"
        assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [file]
        assert git(root, "status", "--porcelain", "--", "facts").strip() == ""
        subject = git(root, "log", "-1", "--format=%s")
        assert args[0] in subject and args[1] in subject and "by Kari Test" in subject
        assert f"(source: {args[args.index('--source') + 1]})" in subject
    return changed(before, after)


def test_service_agreement_known_only_as_on_or_before(git_copy: Path) -> None:
    # The shipped data holds this fact, recorded by hand; take it out, then record it.
    path = git_copy / "facts" / "parties" / "midtre-gauldal.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  service_agreement_signed:\n")
    end = text.index("  go_live:\n", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    git(git_copy, "commit", "-qam", "without the signing")
    lines = record_and_diff(
        git_copy,
        "facts/parties/midtre-gauldal.yaml",
        *("midtre-gauldal", "service_agreement_signed", "<=2023-04-30"),
        *("--source", "002_c8c65a8758ae36dd.txt", "--quote", "Signert per 30/04-2023"),
    )
    assert lines == [
        "+   service_agreement_signed:",
        "+     on_or_before: 2023-04-30",
        "+     source: 002_c8c65a8758ae36dd.txt",
        f"+     recorded: {AS_OF}",
        '+     quote: "Signert per 30/04-2023"',
    ]
    fact = load_project(git_copy).facts.parties["midtre-gauldal"].facts["service_agreement_signed"]
    assert str(fact.value) == "≤2023-04-30" and fact.quote == "Signert per 30/04-2023"


def test_a_fact_into_an_empty_facts_mapping(git_copy: Path) -> None:
    lines = record_and_diff(
        git_copy,
        "facts/parties/orkland.yaml",
        *("orkland", "service_agreement_signed", "2025-06-01", "--source", "test"),
    )
    assert lines == [
        "- facts: {}",
        "+ facts:",
        "+   service_agreement_signed:",
        "+     date: 2025-06-01",
        "+     source: test",
        f"+     recorded: {AS_OF}",
    ]


def test_a_new_value_is_appended_to_the_history_and_known_on_keeps_the_old(git_copy: Path) -> None:
    root = str(git_copy)
    old = load_project(git_copy).facts.parties["malvik"].facts["go_live"]
    before = run("check", "malvik", "--as-of", AS_OF, "--format", "json", "--root", root).stdout
    lines = record_and_diff(
        git_copy, "facts/parties/malvik.yaml", *("malvik", "go_live", "2026-05", "--source", "helseplattformen.no")
    )
    assert lines == [
        "+     - date: 2026-05",
        "+       source: helseplattformen.no",
        f"+       recorded: {AS_OF}",
    ]
    new = load_project(git_copy).facts.parties["malvik"].facts["go_live"]
    assert str(new.value) == "2026-05" and len(new.earlier) == len(old.earlier) + 1
    known_then = run(
        "check", "malvik", "--as-of", AS_OF, "--known-on", "2026-11-30", "--format", "json", "--root", root
    )
    assert json.loads(known_then.stdout)["findings"] == json.loads(before)["findings"]


def test_a_region_fact(git_copy: Path) -> None:
    lines = record_and_diff(
        git_copy, "facts/region.yaml", *("region", "revision_in_force", "2025-01-01", "--source", "test")
    )
    assert lines == [
        "+   revision_in_force:",
        "+     date: 2025-01-01",
        "+     source: test",
        f"+     recorded: {AS_OF}",
    ]


def test_the_actual_go_live_of_a_planned_wave_is_recorded_and_settles_what_waited(git_copy: Path) -> None:
    root = str(git_copy)
    shipped = load_project(git_copy).facts.waves["nov-2024"].facts["go_live"]
    assert (str(shipped.value), shipped.source, shipped.planned) == ("2024-11-09", "helse-midt.no", True)

    def payment(*extra: str) -> str:
        data = json.loads(run("check", "sunndal", "--as-of", AS_OF, "--format", "json", "--root", root, *extra).stdout)
        [finding] = [f for f in data["findings"] if f["rule"] == "establishment-payment"]
        return str(finding["status"])

    assert payment() == "waiting"  # a plan whose day has passed says nothing of the event
    args = ("record", "wave:nov-2024", "go_live", "2024-11-09", "--source", "helse-midt.no", "--as-of", AS_OF)
    again = run(*args, "--planned", "--root", root)
    assert again.exit_code == 0 and "er allerede registrert; ingenting er skrevet" in again.stdout
    recorded = run(*args, "--root", root)
    assert recorded.exit_code == 0, recorded.output
    go_live = load_project(git_copy).facts.waves["nov-2024"].facts["go_live"]
    assert (str(go_live.value), go_live.planned) == ("2024-11-09", False)
    assert [e.planned for e in go_live.earlier] == [True]
    assert payment() == "passed"
    assert payment("--known-on", "2026-11-30") == "waiting"  # what was known before the recording


def test_the_change_is_shown_as_diff_shows_it_and_dry_run_writes_nothing(project_copy: Path, tmp_path: Path) -> None:
    root = str(project_copy)
    base = tmp_path / "base"
    for part in ("rules", "facts"):
        (base / part).parent.mkdir(exist_ok=True)
        subprocess.run(["cp", "-r", str(project_copy / part), str(base / part)], check=True)
    args = ("orkland", "service_agreement_signed", "2025-06-01", "--source", "test", "--by", "Kari")
    before = snapshot(project_copy)
    dry = run("record", *args, "--dry-run", "--as-of", AS_OF, "--root", root, "--lang", "en")
    assert dry.exit_code == 0, dry.output
    assert snapshot(project_copy) == before and "dry run; nothing was written" in dry.stdout
    done = run("record", *args, "--as-of", AS_OF, "--root", root, "--lang", "en")
    assert done.exit_code == 0, done.output
    compared = run("diff", "--base", str(base), "--as-of", AS_OF, "--root", root, "--lang", "en")
    assert compared.exit_code == 1
    rows = compared.stdout.splitlines()[:-1]  # all but the summary, which names the base
    assert len(rows) > 1 and dry.stdout.splitlines()[: len(rows)] == rows
    assert done.stdout.splitlines()[: len(rows)] == rows
    assert "orkland · shares-purchase" in compared.stdout


def test_without_git_the_entry_says_who_and_a_name_is_required(project_copy: Path) -> None:
    root = str(project_copy)
    args = ("orkland", "service_agreement_signed", "2025-06-01", "--source", "test", "--as-of", AS_OF, "--root", root)
    before = snapshot(project_copy)
    nameless = run("record", *args, env=NO_GIT_USER)
    assert nameless.exit_code == 2 and "--by NAVN: si hvem som registrerer dette" in nameless.stderr
    assert snapshot(project_copy) == before
    assert run("record", *args, "--by", "Kari Nordmann", env=NO_GIT_USER).exit_code == 0
    text = (project_copy / "facts" / "parties" / "orkland.yaml").read_text()
    assert text.endswith(f"    recorded: {AS_OF}\n    by: Kari Nordmann\n")


def test_no_commit_leaves_the_change_uncommitted_with_by_in_the_entry(git_copy: Path) -> None:
    head = git(git_copy, "rev-parse", "HEAD")
    result = run(
        "record",
        "orkland",
        "go_live",
        "2026-04-25",
        "--source",
        "test",
        "--no-commit",
        "--as-of",
        AS_OF,
        "--root",
        str(git_copy),
    )
    assert result.exit_code == 0, result.output
    assert git(git_copy, "rev-parse", "HEAD") == head
    assert git(git_copy, "status", "--porcelain", "--", "facts").split() == ["M", "facts/parties/orkland.yaml"]
    assert "    by: Kari Test\n" in (git_copy / "facts" / "parties" / "orkland.yaml").read_text()


def test_a_recorded_day_outside_the_supported_years_is_refused_and_nothing_written(project_copy: Path) -> None:
    before = snapshot(project_copy)
    result = orkland(project_copy, "--recorded", "1980-01-01", "--by", "K", "--planned")
    assert result.exit_code == 2
    assert "'--recorded': '1980-01-01' ligger utenfor årene som støttes, 1990–2090" in result.stderr
    assert snapshot(project_copy) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("orkand", "go_live", "2026-04"), "unknown party 'orkand'; did you mean 'orkland'"),
        (("orkland", "go_lvie", "2026-04"), "unknown fact 'go_lvie'; did you mean 'go_live'"),
        (("wave:nov-2042", "go_live", "2026-04"), "unknown wave 'nov-2042'; did you mean 'nov-2024'"),
        (("orkland", "hmr_go_live", "2026-04"), "fact 'hmr_go_live' is recorded per region, not per party"),
        (("region", "go_live", "2026-04"), "fact 'go_live' is recorded per party/wave, not per region"),
        (("orkland", "go_live", "2026-13"), "go_live: '2026-13' is not a real date"),
        (("orkland", "go_live", "soon"), "go_live: 'soon' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        (("orkland", "go_live", "<=2026-04"), "go_live: '<=' needs a day (YYYY-MM-DD)"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(project_copy: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(project_copy)
    result = run(
        "record", *args, "--source", "test", "--by", "K", "--as-of", AS_OF, "--root", str(project_copy), "--lang", "en"
    )
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert f"command line: {message}" in result.stderr
    assert snapshot(project_copy) == before


def test_a_value_recorded_no_later_than_the_last_one_is_refused(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "malvik.yaml"
    last = load_project(project_copy).facts.parties["malvik"].facts["go_live"]
    before = path.read_bytes()
    day = last.known_from.isoformat()
    result = run(
        "record",
        "malvik",
        "go_live",
        "2027-01",
        "--planned",
        "--source",
        "x",
        "--recorded",
        day,
        "--by",
        "K",
        "--root",
        str(project_copy),
    )
    assert result.exit_code == 2
    assert f"{last.location}: 'go_live' ble sist registrert {day} (verdi {last.value})" in result.stderr
    assert path.read_bytes() == before


def test_a_read_only_file_is_refused(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "orkland.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    result = orkland(project_copy, "--by", "K")
    assert result.exit_code == 2
    assert "facts/parties/orkland.yaml: filen er skrivebeskyttet; ingenting er registrert" in result.stderr
    assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == 0o444


def test_an_unreadable_file_is_refused(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "orkland.yaml"
    path.write_bytes(path.read_bytes().replace(b"Orkland", b"Orkl\xe5nd"))  # Latin-1, not UTF-8
    before = snapshot(project_copy)
    result = orkland(project_copy, "--by", "K")
    assert result.exit_code == 2 and "facts/parties/orkland.yaml: ikke UTF-8-tekst" in result.stderr
    assert snapshot(project_copy) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_a_file_without_read_permission_is_refused(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "orkland.yaml"
    path.chmod(0)
    result = orkland(project_copy, "--by", "K")
    path.chmod(0o644)
    assert result.exit_code == 2 and "facts/parties/orkland.yaml: filen kan ikke leses" in result.stderr


def test_the_written_file_keeps_its_mode(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "orkland.yaml"
    path.chmod(0o640)
    result = orkland(project_copy, "--by", "K")
    assert result.exit_code == 0, result.output
    assert (path.stat().st_mode & 0o777) == 0o640 and "date: 2026-04" in path.read_text()
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_record_dates_default_to_the_as_of_day(project_copy: Path) -> None:
    root = str(project_copy)
    assert (
        run(
            "record",
            "orkland",
            "go_live",
            "2026",
            "--source",
            "x",
            "--by",
            "K",
            "--as-of",
            "2026-12-24",
            "--root",
            root,
        ).exit_code
        == 0
    )
    fact = load_project(project_copy).facts.parties["orkland"].facts["go_live"]
    assert fact.known_from == date(2026, 12, 24) and str(fact.value) == "2026"
    assert "    date: 2026\n" in (project_copy / "facts" / "parties" / "orkland.yaml").read_text()


def test_a_file_with_uncommitted_changes_is_not_committed_over(git_copy: Path) -> None:
    path = git_copy / "facts" / "parties" / "orkland.yaml"
    path.write_text(path.read_text() + "# a hand edit\n")
    before = snapshot(git_copy)
    result = orkland(git_copy)
    assert result.exit_code == 2
    assert "facts/parties/orkland.yaml: filen har endringer som ikke er committet" in result.stderr
    assert snapshot(git_copy) == before
    result = orkland(git_copy, "--no-commit")
    assert result.exit_code == 0 and path.read_text().count("# a hand edit") == 1


def test_a_dry_run_needs_no_name(project_copy: Path) -> None:
    before = snapshot(project_copy)
    result = orkland(project_copy, "--dry-run", env=NO_GIT_USER)
    assert result.exit_code == 0 and "prøvekjøring; ingenting er skrevet" in result.stdout
    assert snapshot(project_copy) == before and not (project_copy / ".hprules.lock").exists()


def test_written_files_match_the_json_schemas(project_copy: Path) -> None:
    from .test_validate import plain, schema_for

    root = str(project_copy)
    assert (
        run(
            "record", "orkland", "go_live", "2026-04", "--source", "x", "--by", "K", "--as-of", AS_OF, "--root", root
        ).exit_code
        == 0
    )
    for when in ("2026-01-01", "2026-02-01"):
        assert run("approve", "exit-plan", "--by", "K", "--as-of", when, "--root", root).exit_code == 0
    for path in (project_copy / "facts" / "parties" / "orkland.yaml", project_copy / "rules" / "tjenesteavtale.yaml"):
        jsonschema.validate(plain(path), schema_for(path), cls=jsonschema.Draft202012Validator)
    assert "by: K" in (project_copy / "facts" / "parties" / "orkland.yaml").read_text()


def test_the_same_day_as_value_and_recorded_is_written_twice_not_as_an_alias() -> None:
    day = date(2027, 1, 1)
    text = with_entry("facts: {}\n", Entry("go_live", DateValue.exact(day), "x", day))
    assert text == "facts:\n  go_live:\n    date: 2027-01-01\n    source: x\n    recorded: 2027-01-01\n"


def test_an_event_after_the_day_it_is_recorded_is_refused_unless_it_is_a_plan(git_copy: Path) -> None:
    before = snapshot(git_copy)
    args = ("record", "heim", "shares_purchased", "2027-01-01", "--source", "test", "--root", str(git_copy))
    refused = run(*args, "--as-of", "2026-11-24")
    assert refused.exit_code == 2
    assert "shares_purchased 2027-01-01 ligger etter dagen det registreres (2026-11-24)" in refused.stderr
    assert snapshot(git_copy) == before
    planned = run(
        "record",
        "malvik",
        "go_live",
        "2027-03",
        "--planned",
        "--source",
        "test",
        "--as-of",
        "2026-11-24",
        "--root",
        str(git_copy),
    )
    assert planned.exit_code == 0, planned.output
    go_live = load_project(git_copy).facts.parties["malvik"].facts["go_live"]
    assert (str(go_live.value), go_live.planned) == ("2027-03", True)
