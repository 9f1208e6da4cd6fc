"""Problems read in the user's language: Norwegian by default, English with --lang en.

The catalogue (hprules/render/messages.py) is checked against the source: every
key the code uses has both wordings with the same arguments, and every wording
is used. Then broken projects are run through the CLI and the server.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hprules.cli import main
from hprules.domain.diagnostics import Diagnostic, Location, Message, msg
from hprules.render.failure_text import diagnostic_line
from hprules.render.messages import CATALOGUE, worded
from hprules.server import FeedStore

from .test_validate import break_files, edit, line_of

PACKAGE = Path(__file__).resolve().parent.parent / "hprules"
CATALOGUE_FILE = PACKAGE / "render" / "messages.py"
KEY = re.compile(r"^[a-z][a-z_]*\.[a-z0-9_]+$")

# Words of the old English messages; none may appear in a Norwegian one.
ENGLISH = (
    "unknown",
    "missing",
    "must",
    "expected",
    "problem",
    "problems",
    "nothing was evaluated",
    "line",
    "field",
    "should",
    "write",
    "known",
    "needs",
    "cannot",
    "the",
    "is",
    "not",
    "of",
    "warning",
    "command line",
)
ENGLISH_WORD = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ENGLISH) + r")\b", re.IGNORECASE)


def _sources() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py")) if p != CATALOGUE_FILE]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _message_calls() -> list[tuple[str, ast.Call]]:
    """Every msg(...) and worded(...) call with its place."""
    calls = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("msg", "worded"):
                calls.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", node))
    return calls


def test_every_key_in_the_code_is_worded_in_both_languages_with_the_same_arguments() -> None:
    calls = _message_calls()
    assert len(calls) > 150  # the readers' messages, the phrases inside them, the failures
    for where, call in calls:
        first = call.args[0]
        if not isinstance(first, (ast.Constant, ast.IfExp)):
            assert isinstance(call.func, ast.Name) and call.func.id == "worded", f"{where}: write the key out"
            continue  # worded(a_message, lang): its key was checked where the message was made
        branches = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
        keys = [n.value for n in branches if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert len(keys) == len(branches), f"{where}: write the key out"
        assert keys, f"{where}: a message key must be written out, so that this test can find it"
        for key in keys:
            assert key in CATALOGUE, f"{where}: '{key}' is not in the catalogue"
            nb, en = CATALOGUE[key]
            assert nb.strip() and en.strip(), key
            given = {k.arg for k in call.keywords if k.arg is not None}
            assert given == _placeholders(en) | _placeholders(nb), (where, key, given)
            # Both say the same things, but for a value given in each language (the reader's own).
            assert _placeholders(en) == _placeholders(nb) or key == "text.both", key


def test_every_wording_in_the_catalogue_is_used() -> None:
    used = {
        node.value
        for _, tree in _sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value)
    }
    assert set(CATALOGUE) - used == set()


def test_the_norwegian_wordings_are_not_english() -> None:
    for key, (nb, en) in CATALOGUE.items():
        ours = string.Formatter().parse(nb)
        words = " ".join(literal for literal, *_ in ours)
        # Field names and values stay as written in the files; they are quoted.
        words = re.sub(r"'[^']*'|«[^»]*»|--[\w-]+|\S+\.yaml|\S*_\S*", "", words)
        assert not ENGLISH_WORD.search(words), (key, nb)
        if key not in (
            "message.about",
            "what.name",
            "set.fact",
            "examples.derives",
            "text.both",
        ):  # only arguments, or an option
            assert nb != en, key


def test_a_phrase_inside_a_message_is_worded_in_the_same_language() -> None:
    inner = msg("what.field_of", field="applies_to", of=msg("what.rule", id="exit-plan"))
    message = msg("rules.no_category", what=inner)
    assert worded(message, "nb") == "applies_to i regelen 'exit-plan' trenger minst én kategori"
    assert worded(message, "en") == "applies_to of rule 'exit-plan' needs at least one category"
    differences = (msg("quote.leaves_out", ours="a"), msg("quote.more", n=2))
    assert worded(msg("quote.closest", where="x.txt:3", line=4, differences=differences), "nb") == (
        "nærmeste tekstbit står i x.txt:3 (avviker på linje 4): sitatet utelater «a»; og 2 til"
    )


def test_the_place_and_a_newline_in_a_value_stay_on_one_line() -> None:
    problem = Diagnostic(Location("command line"), msg("examples.unknown_party", id="ro\nros"))
    assert diagnostic_line(problem, "nb") == "kommandolinjen: parten 'ro\\nros' finnes ikke"
    assert diagnostic_line(problem, "en") == "command line: unknown party 'ro\\nros'"
    assert str(Message("a.b", (("x", 1),))) == "a.b(x=1)"  # for logs only, never shown to users


def _break(project: Path) -> list[tuple[Path, str]]:
    """A representative set of broken rule and fact files (from test_validate,
    test_hostile_files and the fuzz harness); each with the text its problem stands at."""
    rules = project / "rules" / "tjenesteavtale.yaml"
    option = project / "rules" / "opsjon.yaml"
    roros = project / "facts" / "parties" / "roros.yaml"
    os_file = project / "facts" / "parties" / "os.yaml"
    ki1 = project / "facts" / "waves" / "ki1.yaml"
    break_files(project)
    edit(option, "    interpretation:\n", "    interpretation: Counted back.\n    old_interpretation:\n")
    malvik = project / "facts" / "parties" / "malvik.yaml"
    edit(malvik, "facts:\n", "notes: &a [*a]\nfacts:\n")
    edit(os_file, "id: os", "id: oss")
    (project / "facts" / "parties" / "broken.yaml").write_text("id: broken\nname: [Broken\n", encoding="utf-8")
    (project / "facts" / "parties" / "bell.yaml").write_text("id: bell\nname: B\x07\n", encoding="utf-8")
    (project / "facts" / "parties" / "latin1.yaml").write_bytes("id: latin1\nname: Røros\n".encode("latin-1"))
    return [
        (rules, "offset: 30"),
        (rules, "kind: effekt"),
        (rules, "categories: [kommune]"),
        (rules, "fulfilled_by: shares_bought"),
        (roros, "2022-02-30"),
        (roros, "category: health"),
        (ki1, "nam: Kommunal"),
        (os_file, "id: oss"),
    ]


def _problems(result: Result) -> list[str]:
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    return result.stderr.splitlines()


def test_validate_reports_broken_files_in_norwegian_by_default_and_in_english_on_request(
    project_copy: Path, seeds: Path
) -> None:
    located = _break(project_copy)
    args = ["validate", "--root", str(project_copy), "--sources", str(seeds)]
    nb = _problems(CliRunner().invoke(main, args))
    en = _problems(CliRunner().invoke(main, [*args, "--lang", "en"]))
    assert len(nb) == len(en) > 20
    for path, needle in located:  # the same places, in both languages
        place = f"{path.relative_to(project_copy)}:{line_of(path, needle)}:"
        assert any(ln.startswith(place) for ln in nb) and any(ln.startswith(place) for ln in en), place
    for line in nb:
        words = re.sub(r"'[^']*'|«[^»]*»|--[\w-]+|\S+\.yaml\S*|\S*_\S*", "", line)
        assert not ENGLISH_WORD.search(words), line
    assert re.fullmatch(r"hprules: \d+ feil; ingenting ble vurdert", nb[-1])
    assert re.fullmatch(r"hprules: \d+ problems; nothing was evaluated", en[-1])
    expected = [
        ("fristen '30' har ingen enhet; skriv for eksempel '30 days after'", "offset '30' has no unit"),
        ("feltet 'kind' er 'effekt'; gyldige verdier: ", "field 'kind' is 'effekt'; expected one of: "),
        ("kategorien 'kommune' finnes ikke", "unknown category 'kommune'"),
        ("faktumet 'shares_bought' finnes ikke", "unknown fact 'shares_bought'"),
        ("regel-id-en 'pre-project-start' står to ganger", "duplicate rule id 'pre-project-start'"),
        ("'2022-02-30' er ikke en dato som finnes", "'2022-02-30' is not a real date"),
        ("nøkkelen 'category' står to ganger (først på linje ", "duplicate key 'category' (first at line "),
        ("YAML-ankere (&a) er ikke tillatt her", "YAML anchors (&a) are not allowed here"),
        ("ukjent felt 'nam' i en bølgefil", "unknown field 'nam' in a wave file"),
        ("part-id-en 'oss' skal være lik filnavnet 'os.yaml'", "party id 'oss' must match the file name 'os.yaml'"),
        ("YAML-syntaksfeil: listen lukkes ikke", "YAML syntax error: did not find expected ',' or ']'"),
        ("kontrolltegnet '\\x07' er ikke tillatt; fjern det", "control character '\\x07' is not allowed"),
        ("ikke UTF-8-tekst", "not UTF-8 text"),
        ("fant ikke sitatet i 000_0b218e7c9cc10c40.txt", "quote not found in 000_0b218e7c9cc10c40.txt"),
        ("dokumentet har «kvartalsvis» der sitatet har «månedlig»", "the document has «kvartalsvis» where"),
        ("er én tekst; gi den på norsk og engelsk", "is one text; give it in Norwegian and English"),
        ("advarsel: regelen 'exit-plan' er ikke gjennomgått", "warning: rule 'exit-plan' has not been reviewed"),
    ]
    for norwegian, english in expected:
        assert any(norwegian in ln for ln in nb), (norwegian, nb)
        assert any(english in ln for ln in en), (english, en)


def test_every_command_with_lang_reports_its_problems_in_it(project_copy: Path, tmp_path: Path) -> None:
    edit(project_copy / "facts" / "parties" / "os.yaml", "category: municipality", "category: kommune")
    root = ["--root", str(project_copy)]
    commands: list[list[str]] = [
        ["check"],
        ["explain", "os", "exit-plan"],
        ["calendar", "--out", str(tmp_path / "out")],
        ["test"],
        ["waiting"],
        ["agenda"],
        ["rulebook"],
        ["diff", "--base", str(project_copy)],
        ["approve", "exit-plan", "--by", "Kari"],
        ["record", "os", "go_live", "2026-04", "--source", "x", "--by", "K"],
    ]
    for command in commands:
        nb = _problems(CliRunner().invoke(main, [*command, *root]))
        en = _problems(CliRunner().invoke(main, [*command, *root, "--lang", "en"]))
        assert "feltet 'category' er 'kommune'; gyldige verdier:" in nb[0], (command, nb)
        assert "field 'category' is 'kommune'; expected one of:" in en[0], (command, en)
        assert nb[-1].startswith("hprules: 1 feil; ") and en[-1].startswith("hprules: 1 problem; "), command


def test_a_failing_worked_example_reads_in_norwegian(project_copy: Path) -> None:
    path = project_copy / "rules" / "examples" / "shares-purchase.yaml"
    edit(path, "expect: {due: 2023-04-11, status: upcoming}", "expect: {due: 2023-04-10, status: upcoming}")
    line = line_of(path, "due: 2023-04-10")
    result = CliRunner().invoke(main, ["test", "--root", str(project_copy)])
    assert result.exit_code == 1, result.output
    [failed] = [ln for ln in result.output.splitlines() if ln.startswith("rules/examples/")]
    assert failed.startswith(f"rules/examples/shares-purchase.yaml:{line}:")
    assert failed.endswith("(shares-purchase): due: ventet 2023-04-10, fikk 2023-04-11")
    assert ": eksempel '" in failed
    refused = CliRunner().invoke(main, ["approve", "shares-purchase", "--by", "Kari", "--root", str(project_copy)])
    [problem, summary] = _problems(refused)
    assert (
        problem.startswith(f"rules/examples/shares-purchase.yaml:{line}:")
        and ": eksemplet '30 dager faller på første påskedag, deretter andre påskedag' for regelen" in problem
        and (
            "for regelen 'shares-purchase' feiler (due: ventet 2023-04-10, fikk 2023-04-11); "
            "rett regelen eller eksemplet før godkjenning"
        )
        in problem
    )
    assert summary == "hprules: 1 feil; ingenting er skrevet"


@pytest.mark.parametrize(
    ("lang", "said", "problem", "summary"),
    [
        (
            "nb",
            "ikke lastet inn på nytt, filene har feil; leverer versjonen som ble lastet ",
            "feltet 'category' er 'kommune'",
            "hprules: 1 feil; de siste gyldige kalenderfeedene vises fortsatt",
        ),
        (
            "en",
            "not reloaded, the files have problems; serving the version loaded ",
            "field 'category' is 'kommune'",
            "hprules: 1 problem; the last good feeds are still served",
        ),
    ],
)
def test_the_server_logs_in_its_language(project_copy: Path, lang: str, said: str, problem: str, summary: str) -> None:
    logged: list[str] = []
    log: Callable[[str], None] = logged.append
    store = FeedStore(project_copy, lambda: date(2026, 11, 24), lang, None, log=log)
    path = project_copy / "facts" / "parties" / "os.yaml"
    edit(path, "category: municipality", "category: kommune")
    store.refresh(force=True)
    [entry] = logged
    first, *lines = entry.splitlines()
    assert first.startswith(said)
    assert lines[0].startswith(f"facts/parties/os.yaml:{line_of(path, 'category: kommune')}:") and problem in lines[0]
    assert lines[-1] == summary
    edit(path, "category: kommune", "category: municipality")
    store.refresh(force=True)
    reloaded = "lastet inn på nytt: filene er gyldige igjen" if lang == "nb" else "reloaded: the files are valid again"
    assert logged[-1].startswith(reloaded)
