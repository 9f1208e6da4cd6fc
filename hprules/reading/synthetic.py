"""Synthetic parties with realistic facts, for scale tests and the benchmark.

Deterministic: the caller passes the seed. All three categories, exact and
month-precision dates, planned go-lives, on-or-before bounds, the facts the
inferences start from, and facts left out.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ..domain.dates import DateValue
from ..domain.diagnostics import Location
from ..domain.factbase import Fact, FactBase, Party, Wave

_WHERE = Location("synthetic")
_CATEGORIES = ["municipality"] * 16 + ["trondheim", "health"]


def _fact(name: str, value: DateValue, planned: bool = False) -> Fact:
    return Fact(name, value, "synthetic", None, None, _WHERE, planned=planned)


def _date(rng: random.Random, start: date, span_days: int) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def _value(rng: random.Random, day: date) -> DateValue:
    roll = rng.random()
    if roll < 0.2:
        return DateValue.parse(day.strftime("%Y-%m"))
    return DateValue.exact(day)


def synthetic_factbase(n: int, seed: int, region: dict[str, Fact] | None = None, first: int = 0) -> FactBase:
    """Parties number `first` to `first + n - 1`; a chunk depends only on its seed and range."""
    rng = random.Random(f"{seed}:{first}")
    waves = {
        "ki1": Wave(
            "ki1",
            "KI1",
            {
                "go_live": _fact("go_live", DateValue.parse("2024-02")),
                "call_off_deadline": _fact("call_off_deadline", DateValue.parse("2022-06")),
                "option_final_deadline": _fact("option_final_deadline", DateValue.parse("2022-12")),
            },
            _WHERE,
        )
    }
    parties = {}
    for i in range(first, first + n):
        category = rng.choice(_CATEGORIES)
        facts: dict[str, Fact] = {}
        go_live = _date(rng, date(2022, 1, 1), 365 * 5)
        signed = go_live - timedelta(days=rng.randrange(200, 700))
        if rng.random() < 0.85:
            facts["go_live"] = _fact("go_live", _value(rng, go_live), planned=rng.random() < 0.3)
        roll = rng.random()
        if roll < 0.45:
            facts["service_agreement_signed"] = _fact("service_agreement_signed", DateValue.exact(signed))
        elif roll < 0.6:  # known only from a list of signed parties
            facts["service_agreement_signed"] = _fact("service_agreement_signed", DateValue.on_or_before(signed))
        if rng.random() < 0.5:
            facts["option_exercised"] = _fact("option_exercised", DateValue.exact(signed - timedelta(days=300)))
        if rng.random() < 0.4:
            bought = signed + timedelta(days=rng.randrange(0, 60))
            value = DateValue.on_or_before(bought) if rng.random() < 0.5 else DateValue.exact(bought)
            facts["shares_purchased"] = _fact("shares_purchased", value)
        if rng.random() < 0.1:
            facts["option_final_decided"] = _fact("option_final_decided", DateValue.exact(signed))
        if rng.random() < 0.02:
            facts["option_declined"] = _fact("option_declined", DateValue.exact(signed - timedelta(days=400)))
        if rng.random() < 0.05:
            facts["option_withdrawn"] = _fact("option_withdrawn", DateValue.exact(signed - timedelta(days=30)))
        if rng.random() < 0.05:
            notice = _date(rng, date(2024, 1, 1), 365 * 3)
            facts["termination_notice_given"] = _fact("termination_notice_given", DateValue.exact(notice))
        wave = "ki1" if category == "municipality" and rng.random() < 0.1 else None
        pid = f"party-{i:06d}"
        parties[pid] = Party(pid, f"Party {i}", category, wave, facts, (), _WHERE)
    default_region = {"hmr_go_live": _fact("hmr_go_live", DateValue.parse("2024-04-27"))}
    return FactBase(parties, waves, region if region is not None else default_region)
