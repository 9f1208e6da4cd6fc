"""The reading `hprules.reading.yamlfile` replaced, kept as the oracle its tests
compare with: PyYAML's own composer, after a separate pass over the events that
refuses aliases, anchors and deep nesting, then a walk of the composed graph.
Two passes and PyYAML's composer, where the reader makes one pass of its own."""

from __future__ import annotations

from typing import Any

import yaml

from hprules.domain.diagnostics import Collector, Location, msg
from hprules.reading.yamlfile import (
    MAX_DEPTH,
    Node,
    Scalar,
    YamlMapping,
    YamlSequence,
    _Loader,
    _syntax,
    _unprintable,
)


def _location(path: str, node: Any) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(path: str, node: Any, problems: Collector) -> Node:
    if isinstance(node, yaml.ScalarNode):
        return Scalar(str(node.value), node.tag, _location(path, node))
    if isinstance(node, yaml.SequenceNode):
        return YamlSequence(tuple(_convert(path, item, problems) for item in node.value), _location(path, node))
    items: dict[str, tuple[Scalar, Node]] = {}
    for key_node, value_node in node.value:
        key = _convert(path, key_node, problems)
        if not isinstance(key, Scalar):
            problems.error(key.location, msg("yaml.key_not_text"))
            continue
        if key.text in items:
            problems.error(key.location, msg("yaml.duplicate_key", key=key.text, line=items[key.text][0].location.line))
            continue
        items[key.text] = (key, _convert(path, value_node, problems))
    return YamlMapping(items, _location(path, node))


def _screen(text: str, path: str, problems: Collector) -> bool:
    depth, ok = 0, True
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


def parse_text(text: str, path: str, problems: Collector) -> Node | None:
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
