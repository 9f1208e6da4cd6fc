"""Who changed a fact file, kept as git commits when the project is in git (I/O)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class CommitFailed(Exception):
    """git refused the commit; the message is git's own last line."""


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False, env=env, stdin=subprocess.DEVNULL
    )


def in_work_tree(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() == "true"
    except FileNotFoundError:  # git not installed: no audit trail but the files
        return False


def user_name(root: Path) -> str | None:
    """git's user.name for this folder (the repository's, else the user's own)."""
    try:
        name = _git(root, "config", "user.name").stdout.strip()
    except FileNotFoundError:
        return None
    return name or None


def uncommitted(root: Path, path: Path) -> bool:
    """True when `path` differs from what is committed (or is not in git at all)."""
    return bool(_git(root, "status", "--porcelain", "--", str(path)).stdout.strip())


def commit_file(root: Path, path: Path, message: str, by: str) -> str:
    """Commit `path` alone (whatever else is staged stays staged); the new commit's id.

    Without a git identity configured, `by` is the author and committer."""
    env = dict(os.environ)
    if user_name(root) is None or not _git(root, "config", "user.email").stdout.strip():
        for role in ("AUTHOR", "COMMITTER"):
            env.setdefault(f"GIT_{role}_NAME", by)
            env.setdefault(f"GIT_{role}_EMAIL", "hprules@localhost")
    for args in (("add", "--", str(path)), ("commit", "-q", "-m", message, "--only", "--", str(path))):
        done = _git(root, *args, env=env)
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise CommitFailed(lines[-1] if lines else f"git {args[0]} failed")
    return _git(root, "rev-parse", "--short", "HEAD").stdout.strip()
