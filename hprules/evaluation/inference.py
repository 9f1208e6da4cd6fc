"""Derived facts: what the inferences the engine fired conclude, with provenance. Pure.

The engine decides which inferences fire (forward chaining inside durable-rules);
this module gives each conclusion its value and its chain: "on or before" the
latest day of the fact it starts from. A recorded fact always wins; where two
inferences conclude the same fact, the tighter bound (the earlier day) is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ..domain.dates import DateValue
from ..domain.factbase import Fact
from ..domain.rulebook import Inference

DERIVED = "derived"


def derive(facts: Mapping[str, Fact], fired: Iterable[Inference]) -> dict[str, Fact]:
    """`facts` with the conclusions of the `fired` inferences added (to a fixed point)."""
    result = dict(facts)
    chain = [i for i in fired if i.concludes]
    changed = True
    while changed:  # a conclusion may start another inference; bounds only ever tighten
        changed = False
        for inference in chain:
            start = result.get(inference.start)
            if start is None:
                continue
            for name in inference.concludes:
                current = result.get(name)
                if current is not None and not current.is_derived:
                    continue  # recorded wins
                if current is not None and current.value.latest <= start.value.latest:
                    continue
                result[name] = conclusion(name, start, inference)
                changed = True
    return result


def conclusion(name: str, start: Fact, inference: Inference) -> Fact:
    """`name` on or before the latest day of `start`, derived by `inference`."""
    return Fact(
        name,
        _on_or_before(start.value.latest),
        inference.id,
        None,
        None,
        inference.location,
        origin=DERIVED,
        recorded=start.recorded,
        planned=start.planned,  # derived from a plan, it is no more than a plan
        derived_by=inference.id,
        derived_from=(replace(start, earlier=()) if start.earlier else start,),
    )


@lru_cache(maxsize=4096)
def _on_or_before(day: date) -> DateValue:
    # Frozen, so one value per day can be shared by every conclusion (memory:
    # one evaluate() over 100,000 parties makes about 180,000 conclusions).
    return DateValue.on_or_before(day)


def chain(fact: Fact) -> list[Fact]:
    """The fact, then each fact it was derived from, back to a recorded one."""
    steps = [fact]
    while steps[-1].derived_from:
        steps.append(steps[-1].derived_from[0])
    return steps
