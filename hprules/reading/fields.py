"""Typed reading of located YAML nodes; every problem is recorded, none raised."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

from ..domain.dates import DateSyntaxError, DateValue
from ..domain.diagnostics import Collector, Location, Message, msg
from .suggestion import close_names, unknown, with_guess
from .yamlfile import Node, Scalar, YamlMapping, YamlSequence


class Fields:
    """Reads one mapping: known keys, required keys, unknown keys reported."""

    def __init__(
        self,
        node: Node | None,
        what: Message,
        problems: Collector,
        allowed: Iterable[str],
        where: Location | None = None,
    ) -> None:
        self.problems = problems
        self.what = what
        self.ok = isinstance(node, YamlMapping)
        # Not a mapping: its fields are reported at the node itself, never at no place.
        fallback = where or (node.location if node is not None else Location("?"))
        self.map = node if isinstance(node, YamlMapping) else YamlMapping({}, fallback)
        if node is not None and not self.ok:
            problems.error(node.location, msg("field.not_mapping", what=what))
        allowed = allowed if isinstance(allowed, frozenset) else frozenset(allowed)
        self.unknown = tuple(key for key in self.map.items if key not in allowed)
        for key in self.unknown:
            problem = unknown(msg("field.unknown", key=key, what=what), key, sorted(allowed))
            problems.error(self.map.key_location(key), problem)

    def misspelt(self, *keys: str) -> bool:
        """Whether an unknown field is close to one of `keys` (already reported as such)."""
        return any(close_names(key, keys) for key in self.unknown)

    @property
    def location(self) -> Location:
        return self.map.location

    def node(self, key: str, required: bool = False) -> Node | None:
        pair = self.map.items.get(key)  # (not map.get: this runs for every field of every fact)
        found = pair[1] if pair is not None else None
        if found is None and required and self.ok and not self.misspelt(key):  # reported as misspelt
            self.problems.error(self.map.location, msg("field.missing", what=self.what, key=key))
        if isinstance(found, Scalar) and found.is_null:
            if required:
                self.problems.error(found.location, msg("field.empty", key=key, what=self.what))
            return None
        return found

    def text(self, key: str, required: bool = False) -> str | None:
        found = self.node(key, required)
        if found is None:
            return None
        if not isinstance(found, Scalar) or not found.text.strip():
            self.problems.error(found.location, msg("field.not_text", key=key))
            return None
        return found.text

    def choice(self, key: str, options: Iterable[str], required: bool = False) -> str | None:
        value = self.text(key, required)
        options = list(options)
        if value is not None and value not in options:
            problem = msg("field.not_an_option", key=key, value=value, options=", ".join(options))
            self.problems.error(self.where(key), with_guess(problem, value, options))
            return None
        return value

    def texts(self, key: str) -> tuple[tuple[str, Location], ...]:
        """A list of text items (or one text), each with its location."""
        found = self.node(key)
        if found is None:
            return ()
        items = found.items if isinstance(found, YamlSequence) else (found,)
        result = []
        for item in items:
            if isinstance(item, Scalar) and item.text.strip() and not item.is_null:
                result.append((item.text, item.location))
            else:
                self.problems.error(item.location, msg("field.item_not_text", key=key))
        return tuple(result)

    def date(self, key: str, required: bool = False) -> DateValue | None:
        found = self.node(key, required)
        if found is None:
            return None
        return read_date(found, _what_field(key), self.problems)

    def where(self, key: str) -> Location:
        """The location of a field's value, or of the mapping if it is absent."""
        found = self.map.get(key)
        return found.location if found is not None else self.map.location


# Files repeat their dates (every fact's `recorded`, a wave's go-live): each text is parsed once.
# Dates are frozen values, so one can stand for all its copies; a refusal is not kept.
_parse_date = lru_cache(maxsize=4096)(DateValue.parse)


@cache  # keys are our field names: a few
def _what_field(key: str) -> Message:
    return msg("what.field", key=key)


def read_date(node: Node, what: Message, problems: Collector) -> DateValue | None:
    if not isinstance(node, Scalar):
        problems.error(node.location, msg("date.not_scalar", what=what))
        return None
    try:
        return _parse_date(node.text)
    except DateSyntaxError as exc:
        problems.error(node.location, msg("message.about", what=what, detail=exc.message))
        return None
