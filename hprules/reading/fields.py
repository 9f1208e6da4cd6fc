"""Typed reading of located YAML nodes; every problem is recorded, none raised."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.dates import DateSyntaxError, DateValue
from ..domain.diagnostics import Collector, Location
from .yamlfile import Mapping, Node, Scalar, Sequence


class Fields:
    """Reads one mapping: known keys, required keys, unknown keys reported."""

    def __init__(
        self,
        node: Node | None,
        what: str,
        problems: Collector,
        allowed: Iterable[str],
        where: Location | None = None,
    ) -> None:
        self.problems = problems
        self.what = what
        self.ok = isinstance(node, Mapping)
        # Not a mapping: its fields are reported at the node itself, never at no place.
        fallback = where or (node.location if node is not None else Location("?"))
        self.map = node if isinstance(node, Mapping) else Mapping({}, fallback)
        if node is not None and not self.ok:
            problems.error(node.location, f"{what} must be a mapping of 'key: value' lines")
        allowed = set(allowed)
        for key in self.map.items:
            if key not in allowed:
                problems.error(
                    self.map.key_location(key),
                    f"unknown field '{key}' in {what}; allowed: {', '.join(sorted(allowed))}",
                )

    @property
    def location(self) -> Location:
        return self.map.location

    def node(self, key: str, required: bool = False) -> Node | None:
        found = self.map.get(key)
        if found is None and required and self.ok:
            self.problems.error(self.map.location, f"{self.what} is missing required field '{key}'")
        if isinstance(found, Scalar) and found.is_null:
            if required:
                self.problems.error(found.location, f"field '{key}' of {self.what} is empty")
            return None
        return found

    def text(self, key: str, required: bool = False) -> str | None:
        found = self.node(key, required)
        if found is None:
            return None
        if not isinstance(found, Scalar) or not found.text.strip():
            self.problems.error(found.location, f"field '{key}' must be non-empty text")
            return None
        return found.text

    def choice(self, key: str, options: Iterable[str], required: bool = False) -> str | None:
        value = self.text(key, required)
        options = list(options)
        if value is not None and value not in options:
            self.problems.error(self.where(key), f"field '{key}' is '{value}'; expected one of: {', '.join(options)}")
            return None
        return value

    def texts(self, key: str) -> tuple[tuple[str, Location], ...]:
        """A list of text items (or one text), each with its location."""
        found = self.node(key)
        if found is None:
            return ()
        items = found.items if isinstance(found, Sequence) else (found,)
        result = []
        for item in items:
            if isinstance(item, Scalar) and item.text.strip() and not item.is_null:
                result.append((item.text, item.location))
            else:
                self.problems.error(item.location, f"each item of '{key}' must be text")
        return tuple(result)

    def date(self, key: str, required: bool = False) -> DateValue | None:
        found = self.node(key, required)
        if found is None:
            return None
        return read_date(found, f"field '{key}'", self.problems)

    def where(self, key: str) -> Location:
        """The location of a field's value, or of the mapping if it is absent."""
        found = self.map.get(key)
        return found.location if found is not None else self.map.location


def read_date(node: Node, what: str, problems: Collector) -> DateValue | None:
    if not isinstance(node, Scalar):
        problems.error(node.location, f"{what} must be a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        return None
    try:
        return DateValue.parse(node.text)
    except DateSyntaxError as exc:
        problems.error(node.location, f"{what}: {exc}")
        return None
