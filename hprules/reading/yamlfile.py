"""YAML read into located nodes: every value keeps its line and column.

We build located nodes from libyaml's events ourselves, in one pass, rather
than construct Python objects: duplicate keys are caught with their line, dates
stay text for our own parser (YAML's timestamp resolver would accept or reject
dates for us), and aliases and deep nesting are refused before they cost anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..domain.construction import slot_init
from ..domain.diagnostics import Collector, Location, Message, msg
from .regular_file import NotReadable, read_bytes

try:  # libyaml is several times faster when present
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


@slot_init
@dataclass(frozen=True, slots=True)
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


@slot_init
@dataclass(frozen=True, slots=True)
class YamlMapping:
    items: dict[str, tuple[Scalar, Node]]
    location: Location

    def get(self, key: str) -> Node | None:
        pair = self.items.get(key)
        return pair[1] if pair else None

    def key_location(self, key: str) -> Location:
        pair = self.items.get(key)
        return pair[0].location if pair else self.location


@slot_init
@dataclass(frozen=True, slots=True)
class YamlSequence:
    items: tuple[Node, ...]
    location: Location


Node = Scalar | YamlMapping | YamlSequence


# Deeper than any of our files needs.
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


_RESOLVER = yaml.resolver.Resolver()  # the resolver the safe loaders use
_STR_TAG = "tag:yaml.org,2002:str"


def _plain_tag(value: str) -> str:
    """What an unquoted, untagged scalar is (int, bool, null, ...), as PyYAML's composer resolves it.
    Short values are cached: a file repeats them (dates, sources, `true`), and a project its files;
    a long one (a note) is resolved each time rather than kept alive by the cache (`serve` runs for weeks)."""
    return _short_plain_tag(value) if len(value) <= 64 else _resolved_tag(value)


def _resolved_tag(value: str) -> str:
    resolve: Callable[[type, str, tuple[bool, bool]], str] = _RESOLVER.resolve  # PyYAML is untyped
    return resolve(yaml.ScalarNode, value, (True, False))


_short_plain_tag = lru_cache(maxsize=4096)(_resolved_tag)


def _at(path: str, mark: Any) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


class _Refused(Exception):
    """Nesting deeper than MAX_DEPTH: reading stops there."""


@dataclass(slots=True)
class _Open:
    """A mapping or sequence whose end has not been read yet."""

    location: Location
    mapping: dict[str, tuple[Scalar, Node]] | None  # None for a sequence
    sequence: list[Node]
    key: Scalar | None = None  # a mapping's key waiting for its value
    skip_from: int = -1  # >= 0: the value after a refused key, its problems dropped from here


class _Builder:
    """One YAML document straight from libyaml's events into located nodes, in one pass.

    PyYAML's own composer would need a screening pass before it: it follows aliases
    (a self-reference never ends, "billion laughs" take minutes) and recurses in C
    on nesting. Here aliases and anchors are refused where they are met, and depth
    is counted before it grows. Problems of the two kinds are kept apart: a refused
    document reports only why it was refused, as before anything is made of it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.refusals: list[tuple[Location, Message]] = []  # anchors, aliases, depth
        self.problems: list[tuple[Location, Message]] = []  # keys: duplicate, not text
        self.open: list[_Open] = []

    def refuse_anchor(self, event: Any) -> None:
        if event.anchor is not None:
            self.refusals.append((_at(self.path, event.start_mark), msg("yaml.anchor", name=f"&{event.anchor}")))

    def node_events(self, get: Callable[[], Any]) -> Node | None:
        """Read one node's events; None for an alias (refused). (The loop runs for
        every value of every file: names are local, and a mapping's value is attached here.)"""
        path, open_, plain_tag = self.path, self.open, _plain_tag
        scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        while True:
            event = get()
            kind = type(event)
            node: Node | None
            if kind is scalar:
                if event.anchor is not None:
                    self.refuse_anchor(event)
                tag = event.tag
                if tag is None or tag == "!":
                    tag = plain_tag(event.value) if event.implicit[0] else _STR_TAG
                mark = event.start_mark
                node = Scalar(event.value, tag, Location(path, mark.line + 1, mark.column + 1))
            elif kind is mapping_start or kind is sequence_start:
                self.refuse_anchor(event)
                where = _at(path, event.start_mark)
                if len(open_) >= MAX_DEPTH:
                    self.refusals.append((where, msg("yaml.too_deep", depth=MAX_DEPTH)))
                    raise _Refused
                open_.append(_Open(where, {} if kind is mapping_start else None, []))
                continue
            elif kind is mapping_end or kind is sequence_end:
                done = open_.pop()
                if done.mapping is None:
                    node = YamlSequence(tuple(done.sequence), done.location)
                else:
                    node = YamlMapping(done.mapping, done.location)
            elif kind is yaml.AliasEvent:
                where = _at(path, event.start_mark)
                self.refusals.append((where, msg("yaml.alias", name=f"*{event.anchor}")))
                node = None
            else:  # pragma: no cover - libyaml sends only these within a document
                raise TypeError(f"unexpected YAML event {event!r}")
            if not open_:
                return node
            into = open_[-1]
            key = into.key
            if key is not None and into.mapping is not None and node is not None:  # a value after its key
                into.mapping[key.text] = (key, node)
                into.key = None
            else:
                self.attach(into, node)

    def attach(self, into: _Open, node: Node | None) -> None:
        if into.mapping is None:
            if node is not None:
                into.sequence.append(node)
        elif into.skip_from >= 0:  # the value of a refused key: not read, nor its problems
            del self.problems[into.skip_from :]
            into.skip_from = -1
        elif into.key is None:
            if node is None:
                into.skip_from = len(self.problems)
            elif not isinstance(node, Scalar):
                self.problems.append((node.location, msg("yaml.key_not_text")))
                into.skip_from = len(self.problems)
            elif node.text in into.mapping:
                first = into.mapping[node.text][0].location
                self.problems.append((node.location, msg("yaml.duplicate_key", key=node.text, line=first.line)))
                into.skip_from = len(self.problems)
            else:
                into.key = node
        else:
            if node is not None:
                into.mapping[into.key.text] = (into.key, node)
            into.key = None

    def drain(self, get: Callable[[], Any]) -> None:
        """The rest of the stream after a second document: still screened, to the end."""
        depth = 0
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                return
            if kind is yaml.AliasEvent:
                where = _at(self.path, event.start_mark)
                self.refusals.append((where, msg("yaml.alias", name=f"*{event.anchor}")))
            elif kind in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                self.refuse_anchor(event)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    self.refusals.append((_at(self.path, event.start_mark), msg("yaml.too_deep", depth=MAX_DEPTH)))
                    raise _Refused
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1


def _document(text: str, builder: _Builder) -> tuple[Node | None, bool]:
    """The one document of `text` (None if empty) and whether there was one;
    libyaml's errors propagate, as do a refusal and a second document."""
    loader = _Loader(text)
    try:
        get = loader.get_event
        get()  # the stream's start
        start = get()
        if type(start) is yaml.StreamEndEvent:
            return None, False
        node = builder.node_events(get)
        get()  # the document's end
        after = get()
        if type(after) is not yaml.StreamEndEvent:
            builder.drain(get)
            if not builder.refusals:
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    start.start_mark,
                    "but found another document",
                    after.start_mark,
                )
        return node, True
    finally:
        loader.dispose()


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
    if _unprintable(text, path, problems):
        return None
    builder = _Builder(path)
    try:
        document, found = _document(text, builder)
    except _Refused:
        document, found = None, True
    except yaml.MarkedYAMLError as exc:
        _report(problems, builder.refusals)
        problems.error(*_syntax(exc, text, path))
        return None
    except yaml.YAMLError as exc:
        _report(problems, builder.refusals)
        problems.error(Location(path), msg("yaml.error", detail=str(exc)))
        return None
    if builder.refusals:
        _report(problems, builder.refusals)
        return None
    if not found or document is None:
        problems.error(Location(path, 1, 1), msg("yaml.empty"))
        return None
    _report(problems, builder.problems)
    return document


def _report(problems: Collector, found: list[tuple[Location, Message]]) -> None:
    for location, message in found:
        problems.error(location, message)


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
