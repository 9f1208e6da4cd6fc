"""Writing output: every failure is a message naming the path and exit 2, never a traceback."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hprules.cli import main
from hprules.domain.diagnostics import CannotWrite
from hprules.store import publication

from .conftest import ROOT


def calendar(out: Path) -> Result:
    return CliRunner().invoke(
        main, ["calendar", "--root", str(ROOT), "--as-of", "2024-01-01", "--out", str(out), "--lang", "en"]
    )


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert message in result.stderr


def test_out_that_is_a_device_is_refused() -> None:
    assert_refused(calendar(Path(os.devnull)), f"{os.devnull}: cannot write here: it is a file or device, not a folder")


def test_out_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert_refused(calendar(tmp_path / "file" / "feeds"), f"{tmp_path}/file/feeds: cannot write here: Not a directory")


def test_out_makes_only_the_last_folder(tmp_path: Path) -> None:
    result = calendar(tmp_path / "missing" / "feeds")
    assert_refused(result, "feeds: cannot write here: its parent folder does not exist; create it first")
    assert not (tmp_path / "missing").exists()
    assert calendar(tmp_path / "feeds").exit_code == 0 and (tmp_path / "feeds" / "all.ics").is_file()


def test_a_folder_we_may_not_write_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)  # a read-only folder, even when the tests run as root
    assert_refused(calendar(tmp_path / "feeds"), f"{tmp_path}/feeds: cannot write here: Permission denied")


def test_stale_temporary_files_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "feeds"
    out.mkdir()
    (out / ".roros.k3j4h5.tmp").write_bytes(b"BEGIN:VCALENDAR\r\n")
    assert calendar(out).exit_code == 0
    assert not list(out.glob(".*.tmp")) and (out / "roros.ics").is_file()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_rulebook_to_a_full_disk_is_refused() -> None:
    result = CliRunner().invoke(main, ["rulebook", "--root", str(ROOT), "--out", "/dev/full", "--lang", "en"])
    assert_refused(result, "/dev/full: cannot write here: No space left on device")


def test_write_text_reports_the_path(tmp_path: Path) -> None:
    with pytest.raises(CannotWrite, match="cannot write here"):
        publication.write_text(tmp_path / "no" / "such" / "file.md", "x")


def test_a_party_name_over_several_lines_gives_a_one_line_calendar_name(project_copy: Path, tmp_path: Path) -> None:
    path = project_copy / "facts" / "parties" / "averoy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Averøy kommune", "name: |\n  Averøy\n  kommune"))
    args = ["calendar", "averoy", "--root", str(project_copy), "--as-of", "2024-01-01", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        b"\r\nX-WR-CALNAME:Helseplattformen-frister: Aver\xc3\xb8y kommune\r\n"
        in (tmp_path / "o" / "averoy.ics").read_bytes()
    )
