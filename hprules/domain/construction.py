"""A faster `__init__` for the frozen, slotted dataclasses made by the hundred thousand.

A frozen dataclass's generated `__init__` stores each field through
`object.__setattr__(self, "name", value)`, which looks the name up in the
class on every call: in CPython 3.11 that is three times a plain class's
`__init__`. Reading and evaluating 20,000 parties makes about a million such
values (a `Location` and a `Scalar` for every YAML value, a `Finding` of 18
fields for every rule that applies), a third of a second of `check`.
`slot_init` gives the class an `__init__` that stores each field through its
slot's own descriptor, bound once. Everything else stays as `@dataclass` made
it: the class is as frozen as before (assignment still raises), compares,
hashes, orders and prints the same; the dataclass's own `__init__` is kept as
`__dataclass_init__` (tests/test_construction.py holds the two to the same
values and the same refusals)."""

from __future__ import annotations

import dataclasses
from types import FunctionType
from typing import TypeVar

T = TypeVar("T", bound=type)


def slot_init(cls: T) -> T:
    """Apply above `@dataclass(frozen=True, slots=True)`; fields may have plain
    defaults and be keyword-only, not default factories, and the class may have no
    `__post_init__` (refused here, when the module is imported)."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"slot_init needs a slotted dataclass, not {cls.__name__}")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"slot_init does not call {cls.__name__}.__post_init__")
    params: list[str] = []
    lines: list[str] = []
    namespace: dict[str, object] = {}
    keyword_only = False
    for f in dataclasses.fields(cls):
        if not f.init or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"slot_init cannot make {cls.__name__}.{f.name}")
        if f.kw_only and not keyword_only:
            params.append("*")
            keyword_only = True
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        lines.append(f"    _set_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}) -> None:\n" + ("\n".join(lines) or "    pass") + "\n"
    exec(source, namespace)  # built from the dataclass's own field names only, as dataclasses does
    init = namespace["__init__"]
    assert isinstance(init, FunctionType)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    type.__setattr__(cls, "__dataclass_init__", cls.__init__)  # (mypy: a class's __init__ is not assignable)
    type.__setattr__(cls, "__init__", init)
    return cls
