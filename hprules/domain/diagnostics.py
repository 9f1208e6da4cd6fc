"""Located problems in input files, collected so that all are reported at once."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from .construction import slot_init

_BREAKS = frozenset({"Cc", "Zl", "Zp"})  # control characters, and the line and paragraph separators


def one_line(text: str) -> str:
    """Anything that could end a line (a newline in a value, U+2028) shown escaped:
    one message, one line, whoever splits the output into lines."""
    if all(unicodedata.category(c) not in _BREAKS for c in text):
        return text
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in _BREAKS else c for c in text)


@slot_init
@dataclass(frozen=True, order=True, slots=True)
class Location:
    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


# An argument of a message: a value shown as it is (a field name, an id, a
# number), a phrase that is itself a message ("rule 'x'"), worded in the
# reader's language too, or several such phrases (shown separated by "; ").
Arg = Union[str, int, "Message", tuple["Message", ...]]


@slot_init
@dataclass(frozen=True, slots=True)
class Message:
    """What to say, not yet in words: a key of the catalogue
    (`hprules.render.messages`) and its arguments. The readers cannot word a
    message (they sit below the render layer); the renderer words it in the
    reader's language."""

    key: str
    args: tuple[tuple[str, Arg], ...] = ()

    def __lt__(self, other: Message) -> bool:  # for a stable order of diagnostics at one place
        return (self.key, repr(self.args)) < (other.key, repr(other.args))

    def arg(self, name: str) -> Arg:
        return dict(self.args)[name]

    def __str__(self) -> str:
        """Not for users (the renderer words it): the key and its arguments, for logs and tests."""
        inner = ", ".join(f"{k}={v}" for k, v in self.args)
        return f"{self.key}({inner})" if inner else self.key


def msg(key: str, /, **args: Arg) -> Message:
    """`msg("field.unknown", key="x", what=msg("what.rule", id="r"))`."""
    return Message(key, tuple(args.items()))


@dataclass(frozen=True, order=True)
class Diagnostic:
    location: Location
    message: Message

    def __str__(self) -> str:
        return one_line(f"{self.location}: {self.message}")


class InvalidInput(Exception):
    """Raised with every problem found; the CLI renders them and exits 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = sorted(diagnostics)


class CannotWrite(Exception):
    """An output file or folder cannot be written: exit 2, like any bad argument."""

    def __init__(self, path: Path, reason: Arg) -> None:
        super().__init__(f"{path}: cannot write here: {reason}")
        self.path = path
        self.reason = reason


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

    def error(self, location: Location, message: Message) -> None:
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
