"""Files an attacker or a careless editor could write: each gives a located message, fast."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hprules.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def validate(root: Path) -> Result:
    started = time.monotonic()
    result = run("validate", "--root", str(root))
    assert time.monotonic() - started < 5
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_self_referencing_alias_is_refused_with_its_place(project_copy: Path) -> None:
    edit(project_copy / "facts" / "parties" / "roros.yaml", "facts:\n", "notes: &a [*a]\nfacts:\n")
    stderr = validate(project_copy).stderr
    assert "facts/parties/roros.yaml:6:8: YAML anchors (&a) are not allowed here; write the value out" in stderr
    assert "facts/parties/roros.yaml:6:12: YAML aliases (*a) are not allowed here; write the value out" in stderr


def test_billion_laughs_are_refused_at_once(project_copy: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = project_copy / "rules" / "examples" / "call-off-signing.yaml"
    path.write_text("\n".join(lines) + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    stderr = validate(project_copy).stderr
    assert "rules/examples/call-off-signing.yaml:1:5: YAML anchors (&a0) are not allowed here" in stderr


def test_deep_brackets_are_refused_with_their_place(project_copy: Path) -> None:
    edit(project_copy / "rules" / "opsjon.yaml", "rules:\n", "notes: " + "[" * 500 + "]" * 500 + "\nrules:\n")
    stderr = validate(project_copy).stderr
    assert "rules/opsjon.yaml:" in stderr and "nested more than 40 levels deep" in stderr


def test_a_control_character_is_located_by_line_and_column(project_copy: Path) -> None:
    edit(project_copy / "facts" / "parties" / "roros.yaml", "name: Røros", "name: Rø\x07ros")
    stderr = validate(project_copy).stderr
    assert "facts/parties/roros.yaml:3:9: control character '\\x07' is not allowed; remove it" in stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_as_a_fact_file_does_not_hang(project_copy: Path) -> None:
    os.mkfifo(project_copy / "facts" / "parties" / "fifo.yaml")
    (project_copy / "facts" / "parties" / "zero.yaml").symlink_to("/dev/zero")
    stderr = validate(project_copy).stderr
    assert "facts/parties/fifo.yaml: not a regular file (a FIFO, device or folder)" in stderr
    assert "facts/parties/zero.yaml: not a regular file (a FIFO, device or folder)" in stderr


def test_a_huge_file_is_refused_without_reading_it_all(project_copy: Path) -> None:
    path = project_copy / "facts" / "parties" / "roros.yaml"
    with path.open("a", encoding="utf-8") as out:
        out.write("# " + "x" * 3_000_000 + "\n")
    stderr = validate(project_copy).stderr
    assert "facts/parties/roros.yaml: the file is larger than 2,000,000 bytes" in stderr
