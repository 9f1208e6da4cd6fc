"""YAML read into located nodes: every value keeps its line and column.

We compose PyYAML's node graph ourselves rather than construct Python objects,
so that duplicate keys are caught with their line, and dates stay text for our
own parser (YAML's timestamp resolver would accept or reject dates for us).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..domain.diagnostics import Collector, Location, Message, msg
from .regular_file import NotReadable, read_bytes

try:  # libyaml is several times faster when present
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Scalar:
    text: str
    tag: str
    location: Location

    @property
    def is_null(self) -> bool:
        return self.tag.endswith(":null")

    def value(self) -> str | int | bool | None:
        """The plain value: ints and booleans as such, everything else as text."""
        if self.is_null:
            return None
        if self.tag.endswith(":int"):
            try:
                return int(self.text)
            except ValueError:
                return self.text
        if self.tag.endswith(":bool"):
            return self.text.lower() in ("true", "yes", "on")
        return self.text


@dataclass(frozen=True)
class YamlMapping:
    items: dict[str, tuple[Scalar, Node]]
    location: Location

    def get(self, key: str) -> Node | None:
        pair = self.items.get(key)
        return pair[1] if pair else None

    def key_location(self, key: str) -> Location:
        pair = self.items.get(key)
        return pair[0].location if pair else self.location


@dataclass(frozen=True)
class YamlSequence:
    items: tuple[Node, ...]
    location: Location


Node = Scalar | YamlMapping | YamlSequence


def _location(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def _convert(path: str, node: yaml.Node, problems: Collector) -> Node:
    if isinstance(node, yaml.ScalarNode):
        return Scalar(str(node.value), node.tag, _location(path, node))
    if isinstance(node, yaml.SequenceNode):
        return YamlSequence(tuple(_convert(path, item, problems) for item in node.value), _location(path, node))
    if isinstance(node, yaml.MappingNode):
        items: dict[str, tuple[Scalar, Node]] = {}
        for key_node, value_node in node.value:
            key = _convert(path, key_node, problems)
            if not isinstance(key, Scalar):
                problems.error(key.location, msg("yaml.key_not_text"))
                continue
            if key.text in items:
                first = items[key.text][0].location
                problems.error(key.location, msg("yaml.duplicate_key", key=key.text, line=first.line))
                continue
            items[key.text] = (key, _convert(path, value_node, problems))
        return YamlMapping(items, _location(path, node))
    raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover


# Deeper than any of our files needs; Python's recursion limit is far beyond it.
MAX_DEPTH = 40


# What YAML 1.1 refuses to read (outside its printable set, or the byte-order mark),
# spelled as the characters themselves: the negated printable set takes 8 ms to compile.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def _unprintable(text: str, path: str, problems: Collector) -> bool:
    """Control characters, each located (libyaml gives only a byte offset)."""
    found = False
    for match in _UNPRINTABLE.finditer(text, 1 if text.startswith("\ufeff") else 0):
        before = text[: match.start()]
        where = Location(path, before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1)
        problems.error(where, msg("yaml.control_character", character=repr(match.group())))
        found = True
    return found


def _screen(text: str, path: str, problems: Collector) -> bool:
    """Refuse what would make composing the document explode: aliases (a
    self-reference never ends, "billion laughs" take minutes) and deep nesting.
    Our files need neither. True if the text may be composed."""
    depth = 0
    ok = True
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent):
            problems.error(where, msg("yaml.alias", name=f"*{anchor}"))
            ok = False
        elif anchor is not None:
            problems.error(where, msg("yaml.anchor", name=f"&{anchor}"))
            ok = False
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                problems.error(where, msg("yaml.too_deep", depth=MAX_DEPTH))
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return ok


# libyaml's words for the commonest mistakes, worded in the catalogue in both
# languages; any other problem is shown as libyaml says it.
_SYNTAX: dict[str, Message] = {
    "did not find expected node content": msg("yaml.no_value"),
    "mapping values are not allowed in this context": msg("yaml.colon_here"),
    "mapping values are not allowed here": msg("yaml.colon_here"),
    "could not find expected ':'": msg("yaml.no_colon"),
    "did not find expected key": msg("yaml.no_key"),
    "did not find expected ',' or ']'": msg("yaml.open_list"),
    "did not find expected ',' or '}'": msg("yaml.open_mapping"),
    "found character that cannot start any token": msg("yaml.bad_character"),
    "found a tab character that violates indentation": msg("yaml.tab"),
    "found a tab character where an indentation space is expected": msg("yaml.tab"),
    "found unknown escape character": msg("yaml.bad_escape"),
    "did not find expected '-' indicator": msg("yaml.no_dash"),
    "found unexpected end of stream": msg("yaml.unexpected_end"),
    "block sequence entries are not allowed in this context": msg("yaml.dash_here"),
}


# Where libyaml began reading what it could not finish: there, not where it gave
# up (often a later line), is what the user has to fix.
_STARTED_AT = {
    "while scanning a quoted scalar": msg("yaml.unclosed_quote"),  # a missing closing quote
    "while scanning a simple key": msg("yaml.no_colon"),  # a key without its ':'
}


def _syntax(exc: yaml.MarkedYAMLError, text: str, path: str) -> tuple[Location, Message]:
    """Where the problem is and what it is, in the catalogue's words where we know them."""
    problem, context = str(exc.problem or exc.context), str(exc.context)
    mark = exc.problem_mark or exc.context_mark
    detail: Message | str = _SYNTAX.get(problem, problem)
    started = exc.context_mark
    if context in _STARTED_AT and started is not None and (mark is None or started.index < mark.index):
        detail, mark = _STARTED_AT[context], started
    elif problem == "found character that cannot start any token" and mark is not None:
        lines = text.split("\n")
        if mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            detail = msg("yaml.tab")  # libyaml names no character; a tab is the usual one
    where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    return where, msg("yaml.syntax", detail=detail)


def parse_text(text: str, path: str, problems: Collector) -> Node | None:
    """Parse one YAML document; syntax errors become located diagnostics."""
    try:
        if _unprintable(text, path, problems) or not _screen(text, path, problems):
            return None
        document = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problems.error(*_syntax(exc, text, path))
        return None
    except yaml.YAMLError as exc:
        problems.error(Location(path), msg("yaml.error", detail=str(exc)))
        return None
    if document is None:
        problems.error(Location(path, 1, 1), msg("yaml.empty"))
        return None
    return _convert(path, document, problems)


def load(path: Path, shown_as: str, problems: Collector) -> Node | None:
    try:
        text = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(Location(shown_as), msg("yaml.not_utf8", byte=exc.start))
        return None
    except NotReadable as exc:
        problems.error(Location(shown_as), exc.message)
        return None
    return parse_text(text, shown_as, problems)


def to_plain(node: Node) -> object:
    """Plain JSON-like data (for JSON Schema checks): dates stay text, as editors see them."""
    if isinstance(node, Scalar):
        return node.value()
    if isinstance(node, YamlSequence):
        return [to_plain(item) for item in node.items]
    return {key: to_plain(value) for key, (_, value) in node.items.items()}
