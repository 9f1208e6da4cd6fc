"""The rules and facts of another revision: a folder, or a git revision (I/O)."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from ..domain.diagnostics import Diagnostic, InvalidInput, Location, msg


def _commit(root: Path, base: str, where: Location) -> str:
    """The commit `base` names, verified as a revision: never handed to git as an option."""
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}"],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise InvalidInput([Diagnostic(where, msg("base.no_git"))]) from None
    commit = found.stdout.decode("ascii", "replace").strip()
    if found.returncode != 0 or not commit:
        raise InvalidInput([Diagnostic(where, msg("base.not_a_revision", base=base, root=str(root)))])
    return commit


def materialise(root: Path, base: str) -> tuple[Path, tempfile.TemporaryDirectory[str] | None]:
    """A folder holding the base's rules/ and facts/; a temporary one for a git revision.

    The caller keeps the TemporaryDirectory alive while it reads the folder."""
    folder = Path(base)
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    if (folder / "rules").is_dir() and (folder / "facts").is_dir():
        return folder, None
    where = Location("--base")
    commit = _commit(root, base, where)  # a hex id from here on: it cannot read as an option
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", commit, "--", "rules", "facts"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else "git archive failed"
        raise InvalidInput([Diagnostic(where, msg("base.not_archived", base=base, detail=detail))])
    temp = tempfile.TemporaryDirectory(prefix="hprules-base-")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(temp.name, filter="data")
    return Path(temp.name), temp


def current_revision(root: Path) -> str:
    """The git commit the project folder is at (short), or 'unknown' outside git."""
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=False
        )
    except OSError:
        return "unknown"
    revision = found.stdout.strip()
    return revision if found.returncode == 0 and revision else "unknown"
