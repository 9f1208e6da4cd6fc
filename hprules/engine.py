"""The rules engine: durable-rules behind a small interface.

This is the only module that imports durable-rules. Its traps (ENGINEERING.md)
are handled here and nowhere else:
- one host per process, with its timer threads disabled;
- each batch of parties is one session, deleted in `finally` after a guard fact
  has made a rule fire (deleting an unfired session segfaults);
- at most one live session at a time, far below the 1,024 limit;
- a fact that matches no rule raises, so a catch-all rule sees every party, and
  that doubles as a check that every party was evaluated;
- errors inside actions are stored in the session state: we check it;
- every rule has a `cap`, so that one action call receives up to a whole batch
  of matches: per-firing overhead (JSON round trips of the state) was 90 % of
  the engine's time when each match fired on its own.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from durable import engine as _durable


@dataclass(frozen=True)
class Condition:
    """When a rule applies to a subject, and which facts it needs to be dated."""

    rule_id: str
    categories: tuple[str, ...]
    waves: tuple[str, ...]
    needs: tuple[str, ...]
    unless: tuple[str, ...]


@dataclass(frozen=True)
class Subject:
    """What the engine sees of a party: its category, wave and known fact names."""

    id: str
    category: str
    wave: str | None
    known: frozenset[str]


class EngineError(RuntimeError):
    """durable-rules failed; the message says where."""


class _QuietHost(_durable.Host):  # type: ignore[misc]
    def _run(self) -> None:  # no timer threads: we never use timers
        pass


_host: _QuietHost | None = None
_names = itertools.count()
BATCH = 1000  # parties per session


def _get_host() -> _QuietHost:
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


def _any_of(key: str, values: Iterable[str]) -> dict[str, Any]:
    options = [{key: v} for v in values]
    return options[0] if len(options) == 1 else {"$or": options}


def _fact_key(name: str) -> str:
    return "f_" + name


class Matcher:
    """Rule conditions compiled into one durable-rules ruleset."""

    def __init__(self, conditions: Sequence[Condition]) -> None:
        self._found: dict[str, dict[str, bool]] = {}
        self._seen: list[str] = []
        self.name = f"hprules_{next(_names)}"
        definition: dict[str, Any] = {
            "seen": {"all": [{"m": {"kind": "subject"}}], "cap": BATCH, "run": self._on_seen},
            "guard": {"all": [{"m": {"kind": "guard"}}], "run": _ignore},
        }
        for number, cond in enumerate(conditions):
            base: list[dict[str, Any]] = [{"kind": "subject"}, _any_of("category", cond.categories)]
            if cond.waves:
                base.append(_any_of("wave", cond.waves))
            base += [{"$nex": {_fact_key(f): 1}} for f in cond.unless]
            ready = base + [{"$ex": {_fact_key(f): 1}} for f in cond.needs]
            definition[f"r{number}_ready"] = {
                "all": [{"m": {"$and": ready}}],
                "cap": BATCH,
                "run": self._recorder(cond.rule_id, True),
            }
            if cond.needs:
                missing = [{"$nex": {_fact_key(f): 1}} for f in cond.needs]
                waiting = [*base, missing[0] if len(missing) == 1 else {"$or": missing}]
                definition[f"r{number}_waiting"] = {
                    "all": [{"m": {"$and": waiting}}],
                    "cap": BATCH,
                    "run": self._recorder(cond.rule_id, False),
                }
        _get_host().register_rulesets({self.name: definition})

    def _recorder(self, rule_id: str, ready: bool) -> Callable[[Any], None]:
        def record(c: Any) -> None:
            found = self._found
            for fact in c.m:
                # An "$or" of missing facts fires once per missing fact: one entry.
                found[fact["subject"]][rule_id] = ready

        return record

    def _on_seen(self, c: Any) -> None:
        self._seen.extend(fact["subject"] for fact in c.m)

    def match(self, subjects: Sequence[Subject]) -> dict[str, dict[str, bool]]:
        """For each subject, in input order, the rules that apply to it: True
        when every needed fact is known (ready), False when it waits."""
        self._found = {s.id: {} for s in subjects}
        if len(self._found) != len(subjects):
            raise ValueError("each subject must appear once")
        self._seen.clear()
        host = _get_host()
        for start in range(0, len(subjects), BATCH):
            sid = str(start // BATCH)
            batch = [self._as_fact(s, sid) for s in subjects[start : start + BATCH]]
            try:
                host.assert_facts(self.name, batch)
                host.assert_fact(self.name, {"kind": "guard", "sid": sid})
                state = host.get_state(self.name, sid)
            finally:
                host.delete_state(self.name, sid)
            if "exception" in state:
                raise EngineError(f"a rule action failed in durable-rules: {state['exception']}")
        if len(self._seen) != len(subjects):
            raise EngineError(f"durable-rules saw {len(self._seen)} of {len(subjects)} parties")
        found, self._found = self._found, {}
        return found

    @staticmethod
    def _as_fact(subject: Subject, sid: str) -> dict[str, Any]:
        # One flat fact per party: ENGINEERING.md measured joins at twice the cost.
        fact: dict[str, Any] = {"kind": "subject", "sid": sid, "subject": subject.id, "category": subject.category}
        if subject.wave:
            fact["wave"] = subject.wave
        for name in subject.known:
            fact[_fact_key(name)] = 1
        return fact


def _ignore(c: Any) -> None:
    pass


_compiled: dict[tuple[Condition, ...], Matcher] = {}


def compiled(conditions: Sequence[Condition]) -> Matcher:
    """The ruleset for these conditions, compiled once per process.

    durable-rules never frees a registered ruleset, so re-reading an unchanged
    rule book (serve reloads, explain, examples) must not register it again.
    """
    key = tuple(conditions)
    if key not in _compiled:
        _compiled[key] = Matcher(key)
    return _compiled[key]
