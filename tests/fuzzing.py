"""A seeded mutator over the shipped files, and one fuzz case run through the CLI in-process.

Used by tests/test_fuzz.py (a few hundred cases in CI) and bench/fuzz.py (a long run).
A case mutates one shipped file once, then runs `validate`, `check` and
`calendar --out` on the project, and classifies what happened:
- "traceback": an exception escaped, or exit 70 (a bug of ours);
- "hang": a command used more than 5 s of CPU (or blocked for a minute);
- "unlocated": a message on stderr that names no file (nor the option at fault);
- "ok": anything else (exit 0, 1 or 2 with located messages; 3 is counted apart).
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from click.testing import CliRunner

from hprules.cli import main

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2024-06-01"
TIME_LIMIT = 5.0  # seconds of CPU per command (a busy CI machine must not fail a slow but finite run)
WALL_LIMIT = 60.0  # seconds of wall time: a command blocked without using CPU (a FIFO) is a hang too

# ---------------------------------------------------------------- the mutator (pure)

_ODD_DATES = [
    "2023-02-29",
    "0000-01-01",
    "9999-12-31",
    "2023-13-01",
    "1989-12-31",
    "2091-01-01",
    "2023-1-1",
    "20230101",
    "<=2023-04-31",
    "2023-04-31T10:00",
    "２０２３-０１-０１",
    "-2023",
]
_ODD_NUMBERS = ["99999999999", "1e308", "²", "٣", "-5", "0", "10000", "0x1F", "1_000", "9" * 5000, ".inf", "NaN"]
_ODD_VALUES = ["[a, b]", "{a: 1}", "null", "~", "true", "123", "''", '""', "[]", "{}", "- x", "|\n  text", ">-"]
_CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)] + ["\x85", "\ud800", "\ufeff", "\u2028"]
_OFFSETS = ["² days after", "10000 years after", "99999999999 days after", "100 years after", "9 years before"]
_DATE_RE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_NUMBER_RE = re.compile(r"\b\d+\b")
_VALUE_RE = re.compile(r"^(\s*(?:- )?[\w-]+:) (.+)$")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _delete_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    start = rng.randrange(len(lines))
    del lines[start : start + rng.choice([1, 1, 2, 5])]
    return "\n".join(lines)


def _duplicate_or_swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if rng.random() < 0.5:
        lines.insert(i, lines[j])
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _swap_type(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if _VALUE_RE.match(line)]
    if not candidates:
        return text
    i = rng.choice(candidates)
    match = _VALUE_RE.match(lines[i])
    assert match
    lines[i] = f"{match.group(1)} {rng.choice(_ODD_VALUES)}"
    return "\n".join(lines)


def _replace_one(rng: random.Random, text: str, pattern: re.Pattern[str], choices: list[str]) -> str:
    found = list(pattern.finditer(text))
    if not found:
        return text
    match = rng.choice(found)
    return text[: match.start()] + rng.choice(choices) + text[match.end() :]


def _odd_date(rng: random.Random, text: str) -> str:
    return _replace_one(rng, text, _DATE_RE, _ODD_DATES)


def _odd_number(rng: random.Random, text: str) -> str:
    return _replace_one(rng, text, _NUMBER_RE, _ODD_NUMBERS)


def _odd_offset(rng: random.Random, text: str) -> str:
    return _replace_one(rng, text, re.compile(r"\d+ (days|weeks|months|years)( after| before)?"), _OFFSETS)


def _alias(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    if rng.random() < 0.5:
        insert = ["notes: &a [*a]"]
    else:
        insert = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        insert += [f"a{k}: &a{k} [{','.join([f'*a{k - 1}'] * 9)}]" for k in range(1, 9)]
    lines[i:i] = insert
    return "\n".join(lines)


def _deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([30, 50, 500, 5000])
    open_, close = rng.choice([("[", "]"), ("{a: ", "}")])
    return _replace_one(rng, text, re.compile(r"(?<=: ).+$", re.M), [open_ * depth + close * depth])


def _control_character(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(_CONTROL) + text[at:]


def _truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _indent(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines[i] = (" " * rng.choice([1, 2, 4]) + lines[i]) if rng.random() < 0.5 else lines[i].lstrip()
    return "\n".join(lines)


def _rename_key(rng: random.Random, text: str) -> str:
    keys = ["  unknown_key", "id", "- id", "facts"]
    return _replace_one(rng, text, re.compile(r"^\s*(?:- )?[\w-]+(?=:)", re.M), keys)


MUTATIONS: dict[str, Callable[[random.Random, str], str]] = {
    "delete lines": _delete_lines,
    "duplicate or swap lines": _duplicate_or_swap_lines,
    "swap a type": _swap_type,
    "odd date": _odd_date,
    "odd number": _odd_number,
    "odd offset": _odd_offset,
    "alias": _alias,
    "deep nesting": _deep_nesting,
    "control character": _control_character,
    "truncate": _truncate,
    "indent": _indent,
    "rename a key": _rename_key,
}


def mutate(rng: random.Random, text: str) -> tuple[str, str]:
    """One random mutation of `text`: (its name, the mutated text)."""
    name = rng.choice(sorted(MUTATIONS))
    return name, MUTATIONS[name](rng, text)


# ---------------------------------------------------------------- running a case (I/O)

# A message is located if it starts with a file (path, or path:line:col), or
# names the option or the command line at fault (in Norwegian, the default, or English).
_LOCATED = re.compile(r"^(?:[^\s:][^:]*\.(?:yaml|ics)(?::\d+:\d+)?|command line|kommandolinjen|--[\w-]+): ")
_SUMMARY = re.compile(r"^hprules: \d+ (?:problems?|feil); ")


@dataclass(frozen=True)
class Outcome:
    seed: int
    file: str
    mutation: str
    command: str
    kind: str  # ok, traceback, hang, unlocated, engine
    detail: str = ""


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so that no `except Exception` swallows it."""


@contextmanager
def _time_limit(cpu_seconds: float, wall_seconds: float = WALL_LIMIT) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang()

    previous = {s: signal.signal(s, expire) for s in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
    signal.setitimer(signal.ITIMER_REAL, wall_seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler)


def prepare(work: Path) -> list[Path]:
    """A copy of the shipped project in `work`; the files a case may mutate."""
    for part in ("rules", "facts", "calendars"):
        shutil.copytree(ROOT / part, work / part, dirs_exist_ok=True)
    return sorted(work.glob("rules/**/*.yaml")) + sorted(work.glob("facts/**/*.yaml"))


def _classify(exit_code: int, exception: BaseException | None, stderr: str) -> tuple[str, str]:
    if exception is not None and not isinstance(exception, SystemExit):
        return "traceback", f"{type(exception).__name__}: {exception}"
    if exit_code == 70:
        return "traceback", stderr.strip().splitlines()[0]
    if exit_code == 3:
        return "engine", stderr.strip()[:300]
    if exit_code not in (0, 1, 2):
        return "traceback", f"exit {exit_code}: {stderr[:300]}"
    for line in stderr.splitlines():
        if line and not _SUMMARY.match(line) and not _LOCATED.match(line):
            return "unlocated", line[:300]
    return "ok", ""


def run_case(work: Path, files: list[Path], seed: int, time_limit: float = TIME_LIMIT) -> list[Outcome]:
    """Mutate one file with `seed`, run the three commands, restore the file."""
    rng = random.Random(seed)
    target = rng.choice(files)
    original = target.read_bytes()
    mutation, text = mutate(rng, original.decode("utf-8"))
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(work / "calendars", out)
    shown = str(target.relative_to(work))
    commands = {
        "validate": ["validate"],
        "check": ["check", "--as-of", AS_OF, "--format", "json"],
        "calendar": ["calendar", "--as-of", AS_OF, "--out", str(out)],
    }
    outcomes = []
    try:
        for name, args in commands.items():
            started = time.process_time()
            try:
                with _time_limit(time_limit):
                    result = CliRunner().invoke(main, [*args, "--root", str(work)])
            except Hang:
                outcomes.append(Outcome(seed, shown, mutation, name, "hang", f"over {time_limit} s of CPU"))
                continue
            kind, detail = _classify(result.exit_code, result.exception, result.stderr)
            if time.process_time() - started > time_limit:
                kind, detail = "hang", f"{time.process_time() - started:.1f} s of CPU"
            outcomes.append(Outcome(seed, shown, mutation, name, kind, detail))
    finally:
        target.write_bytes(original)
    return outcomes
