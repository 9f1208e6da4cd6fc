"""`slot_init` (domain/construction.py) gives frozen, slotted dataclasses a faster
`__init__`: it must make exactly what the dataclass's own `__init__` makes, refuse
exactly what it refuses, and leave the class as frozen as before."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hprules import api
from hprules.domain.construction import slot_init
from hprules.domain.dates import DateValue
from hprules.domain.diagnostics import Collector, Location, Message, msg
from hprules.domain.factbase import Fact
from hprules.domain.finding import Finding
from hprules.reading import yamlfile

ROOT = Path(__file__).resolve().parent.parent
CLASSES = [Location, Message, DateValue, Fact, Finding, yamlfile.Scalar, yamlfile.YamlMapping, yamlfile.YamlSequence]


def _values(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _by_dataclass(cls: type, *args: Any, **kwargs: Any) -> Any:
    made: Any = object.__new__(cls)
    cls.__dataclass_init__(made, *args, **kwargs)  # type: ignore[attr-defined]
    return made


def _samples() -> list[Any]:
    """Values made the way the tool makes them: the shipped project read and evaluated."""
    project = api.load_project(ROOT)
    evaluation = api.check(project, date(2026, 11, 24))
    findings = list(evaluation.findings)
    facts = [fact for f in findings for fact in f.used]
    node = yamlfile.parse_text((ROOT / "rules" / "tjenesteavtale.yaml").read_text(encoding="utf-8"), "r", Collector())
    nodes: list[Any] = []
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        nodes.append(item)
        if isinstance(item, yamlfile.YamlMapping):
            stack += [v for _, v in item.items.values()]
        elif isinstance(item, yamlfile.YamlSequence):
            stack += list(item.items)
    messages = [msg("field.unknown", key="x", what=msg("what.fact", name="go_live")), msg("yaml.empty")]
    return findings + facts + [f.value for f in facts] + [f.location for f in facts] + nodes + messages


def test_every_class_that_needs_it_has_it() -> None:
    for cls in CLASSES:
        assert cls.__dict__["__init__"] is not cls.__dict__["__dataclass_init__"], cls


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_field_holds_its_own_argument(cls: type) -> None:
    # a distinct object per field: a field stored from the wrong argument, or not at all, shows
    given = {f.name: object() for f in dataclasses.fields(cls)}
    for made in (cls(**given), _by_dataclass(cls, **given)):
        assert all(getattr(made, name) is value for name, value in given.items())
    positional = [given[f.name] for f in dataclasses.fields(cls) if not f.kw_only]
    keywords = {f.name: given[f.name] for f in dataclasses.fields(cls) if f.kw_only}
    made = cls(*positional, **keywords)
    assert all(getattr(made, name) is value for name, value in given.items())


def test_it_makes_what_the_dataclass_makes_from_positional_and_keyword_arguments() -> None:
    samples = _samples()
    assert {type(s) for s in samples} == set(CLASSES)
    for sample in samples:
        cls = type(sample)
        values = _values(sample)
        ours, theirs = cls(**values), _by_dataclass(cls, **values)
        assert _values(ours) == _values(theirs) == values
        assert ours == theirs
        try:
            expected: int | None = hash(theirs)
        except TypeError:  # a YAML mapping holds a dict (directly or in a list): no hash
            expected = None
        if expected is not None:
            assert hash(ours) == expected
        positional = [values[f.name] for f in dataclasses.fields(cls) if not f.kw_only]
        keywords = {f.name: values[f.name] for f in dataclasses.fields(cls) if f.kw_only}
        assert _values(cls(*positional, **keywords)) == values


def test_defaults_are_the_dataclass_defaults() -> None:
    where = Location("f.yaml")
    assert _values(where) == _values(_by_dataclass(Location, "f.yaml")) == {"path": "f.yaml", "line": 0, "column": 0}
    fact = Fact("go_live", DateValue.parse("2023-11"), "doc", None, None, where)
    assert _values(fact) == _values(
        _by_dataclass(Fact, "go_live", DateValue.parse("2023-11"), "doc", None, None, where)
    )
    assert fact.origin == "party" and fact.earlier == () and fact.planned is False


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),  # missing arguments
        (("f.yaml", 1, 2, 3), {}),  # one too many
        (("f.yaml",), {"lines": 1}),  # an unknown keyword
        (("f.yaml", 1), {"line": 1}),  # given twice
    ],
)
def test_it_refuses_what_the_dataclass_refuses(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        Location(*args, **kwargs)
    with pytest.raises(TypeError):
        _by_dataclass(Location, *args, **kwargs)


def test_keyword_only_fields_stay_keyword_only() -> None:
    sample = next(s for s in _samples() if isinstance(s, Finding))
    with pytest.raises(TypeError):
        Finding(*_values(sample).values())  # type: ignore[call-arg]


def test_the_class_stays_frozen() -> None:
    where = Location("f.yaml", 1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        where.line = 3  # type: ignore[misc]
    scalar = yamlfile.Scalar("x", "tag:yaml.org,2002:str", where)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scalar.text = "y"  # type: ignore[misc]


def test_what_it_cannot_make_is_refused_when_the_class_is_defined() -> None:
    with pytest.raises(TypeError, match="slotted"):

        @slot_init
        @dataclasses.dataclass(frozen=True)
        class Unslotted:
            a: int

    with pytest.raises(TypeError, match="cannot make"):

        @slot_init
        @dataclasses.dataclass(frozen=True, slots=True)
        class Factory:
            a: list[int] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match="__post_init__"):

        @slot_init
        @dataclasses.dataclass(frozen=True, slots=True)
        class Posted:
            a: int

            def __post_init__(self) -> None:
                pass
