"""The chain of a derived fact back to the recorded one: what `bench/mutation.py inference` found untested."""

from __future__ import annotations

from datetime import date

from hprules.domain.dates import DateValue
from hprules.domain.diagnostics import Location
from hprules.domain.factbase import Fact
from hprules.evaluation.inference import chain


def fact(name: str, *derived_from: Fact) -> Fact:
    return Fact(
        name,
        DateValue.on_or_before(date(2023, 4, 30)),
        "000_0b218e7c9cc10c40.txt",
        None,
        None,
        Location("facts/parties/roros.yaml", 3, 5),
        derived_by=f"from-{derived_from[0].name}" if derived_from else None,
        derived_from=derived_from,
    )


def test_a_recorded_fact_is_its_own_chain() -> None:
    recorded = fact("signed")
    assert chain(recorded) == [recorded]


def test_the_chain_follows_the_first_source_of_each_step_back_to_a_recorded_fact() -> None:
    signed, notified = fact("signed"), fact("notified")
    started = fact("started", signed, notified)  # two sources: the chain shows the first
    live = fact("live", started)
    assert chain(live) == [live, started, signed]
    assert chain(started) == [started, signed]
