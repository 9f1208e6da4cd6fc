"""Located problems in input files, collected so that all are reported at once."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

_BREAKS = frozenset({"Cc", "Zl", "Zp"})  # control characters, and the line and paragraph separators


def one_line(text: str) -> str:
    """Anything that could end a line (a newline in a value, U+2028) shown escaped:
    one message, one line, whoever splits the output into lines."""
    if all(unicodedata.category(c) not in _BREAKS for c in text):
        return text
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in _BREAKS else c for c in text)


@dataclass(frozen=True, order=True, slots=True)
class Location:
    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True, order=True)
class Diagnostic:
    location: Location
    message: str

    def __str__(self) -> str:
        return one_line(f"{self.location}: {self.message}")


class InvalidInput(Exception):
    """Raised with every problem found; the CLI renders them and exits 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = sorted(diagnostics)


class CannotWrite(Exception):
    """An output file or folder cannot be written: exit 2, like any bad argument."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot write here: {reason}")


class EngineError(RuntimeError):
    """The rules engine (durable-rules) failed; the message says where. Defined here,
    not in the engine, so that reporting it does not load durable-rules."""


class Collector:
    """Accumulates diagnostics while a reader goes on reading."""

    def __init__(self, one_text_for_both: bool = False) -> None:
        self.items: list[Diagnostic] = []
        # Reading an earlier revision (diff --base), written before texts came in
        # nb and en: one text stands for both languages instead of being refused.
        self.one_text_for_both = one_text_for_both

    def error(self, location: Location, message: str) -> None:
        self.items.append(Diagnostic(location, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project root when they can be."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
