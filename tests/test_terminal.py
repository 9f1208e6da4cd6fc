"""Tables fit the terminal, colour only on a terminal without NO_COLOR, plurals,
-h, and shell completion of party and rule ids."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hprules.cli import main

from .conftest import ROOT

ANSI = re.compile(r"\x1b\[[0-9;]*m")
RED = "\x1b[31m"


def on_terminal(args: list[str], **env: str) -> str:
    """Run hprules with standard output on a pseudo-terminal, as a user would."""
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")} | env
    proc = subprocess.Popen(
        [sys.executable, "-m", "hprules", *args, "--root", str(ROOT)],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def widest(text: str) -> int:
    return max(len(ANSI.sub("", line)) for line in text.splitlines())


CHECK = ["check", "--as-of", "2026-11-24"]


def test_piped_output_is_100_columns_and_plain() -> None:
    result = CliRunner().invoke(main, [*CHECK, "--root", str(ROOT)])
    assert result.exit_code == 1
    assert widest(result.stdout) <= 100
    assert "\x1b[" not in result.stdout
    # The longest finding row (rule, kind, status, date, title and detail) is far
    # wider than 100 columns: its free text wraps onto the next lines instead.
    data = json.loads(CliRunner().invoke(main, [*CHECK, "--root", str(ROOT), "--format", "json"]).stdout)
    assert max(len(f["title"]) for f in data["findings"]) + 60 > 100
    agenda = CliRunner().invoke(main, ["agenda", "--as-of", "2023-01-01", "--root", str(ROOT)])
    assert widest(agenda.stdout) <= 100


@pytest.mark.parametrize("columns", [80, 100])
def test_terminal_width_and_colour(columns: int) -> None:
    out = on_terminal(CHECK, COLUMNS=str(columns))
    assert widest(out) <= columns
    assert widest(out) > columns - 15  # it uses the room it has
    assert RED + "forfalt" in out  # overdue in red
    agenda = on_terminal(["agenda", "--as-of", "2023-01-01", "--from", "2022-01-01"], COLUMNS=str(columns))
    assert widest(agenda) <= columns and RED + "forfalt" in agenda


def test_no_color_turns_colour_off_on_a_terminal() -> None:
    out = on_terminal(CHECK, COLUMNS="80", NO_COLOR="1")
    assert "forfalt" in out and "\x1b[" not in out


def test_singular_and_plural_in_the_summary() -> None:
    def summary(*args: str) -> str:
        result = CliRunner().invoke(main, ["check", "--root", str(ROOT), *args])
        return result.stdout.splitlines()[-1]

    # Heim's share purchase alone, overdue on 2026-11-24 (test_cli).
    one = ("heim", "--as-of", "2026-11-24", "--rule", "shares-purchase")
    assert summary(*one) == "1 funn, 1 forfalt plikt"
    assert summary(*one, "--lang", "en") == "1 finding, 1 overdue obligation"
    # As known on 1 May 2022: Røros and Holtålen signed on 23 March, no shares on record.
    many = ("--as-of", "2022-05-01", "--known-on", "2022-05-01", "--rule", "shares-purchase", "--status", "overdue")
    data = json.loads(CliRunner().invoke(main, ["check", "--root", str(ROOT), *many, "--format", "json"]).stdout)
    n = len(data["findings"])
    assert n > 1
    assert summary(*many) == f"{n} funn, {n} forfalte plikter"
    assert summary(*many, "--lang", "en") == f"{n} findings, {n} overdue obligations"
    none = ("--as-of", "2026-11-24", "--kind", "guidance", "--lang", "en")
    assert summary(*none).endswith(", 0 overdue obligations")


def test_short_help_on_every_command() -> None:
    assert CliRunner().invoke(main, ["-h"]).exit_code == 0
    for command in main.commands:
        result = CliRunner().invoke(main, [command, "-h"])
        assert result.exit_code == 0 and "Usage:" in result.output, command
        assert "-h, --help" in result.output


def complete(words: str) -> tuple[int, list[str]]:
    """Ask click's bash completion, as the shell does through _HPRULES_COMPLETE.

    Each answer is a line `type,value`; no answer is an empty line."""
    parts = words.split(" ")
    env = {"_HPRULES_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = CliRunner().invoke(main, [], prog_name="hprules", env=env)
    lines = [line for line in result.output.splitlines() if line]
    assert all(line.startswith("plain,") for line in lines), result.output  # nothing else is printed
    return result.exit_code, [line.split(",", 1)[1] for line in lines]


def test_completion_of_party_and_rule_ids() -> None:
    parties = sorted(p.stem for p in (ROOT / "facts" / "parties").glob("*.yaml"))
    code, got = complete(f"hprules check --root {ROOT} m")
    assert code == 0 and got == [p for p in parties if p.startswith("m")]
    assert "malvik" in got and "molde" in got
    code, got = complete(f"hprules explain --root {ROOT} roros e")
    assert code == 0 and got == ["establishment-payment", "exit-plan"]
    code, got = complete(f"hprules check --root {ROOT} --rule sh")
    assert got == ["shares-purchase"]
    code, got = complete("hprules check --status ov")
    assert got == ["overdue"]
    code, got = complete("hprules ag")
    assert got == ["agenda"]


def test_completion_reads_the_current_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, got = complete("hprules agenda ror")
    assert code == 0 and got == ["roros"]


def test_completion_never_fails(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "rules" / "opsjon.yaml").write_text("rules: [\n", encoding="utf-8")
    code, got = complete(f"hprules approve --root {project_copy} ")
    # The broken file's rules are gone; the others still complete, and nothing is printed.
    assert code == 0 and "shares-purchase" in got and "option-withdrawal" not in got
    code, got = complete(f"hprules check --root {tmp_path / 'nowhere'} r")
    assert (code, got) == (0, [])
    code, got = complete(f"hprules explain --root {tmp_path / 'nowhere'} x ")
    assert (code, got) == (0, [])
