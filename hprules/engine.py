"""The rules engine: durable-rules behind a small interface.

This is the only module that imports durable-rules. Two jobs are done in it:
inference (forward chaining: a derived fact is asserted back into the session
and can start further inferences) and applicability (which rules apply to which
parties). Its traps (docs/engine.md) are handled here and nowhere else:
- one host per process, with its timer threads disabled;
- each batch of parties is one session per ruleset, deleted in `finally` after
  a guard fact has made a rule fire (deleting an unfired session segfaults) —
  but never after a failed assert (that double-frees);
- a fresh session id every time, so a session left behind by a failure is
  never reused, and at most one live session at a time;
- a fact that matches no rule raises, so a catch-all rule sees every fact, and
  that doubles as a check that every party was evaluated;
- errors inside actions are stored in the session state: we check it;
- an identical fact asserted twice raises: each derived version carries the
  mark of the inference that made it, and replaces the version it came from;
- a ruleset's C code has a fixed stack: at most CHUNK rules per ruleset, as
  many rulesets as the rule book needs;
- every rule has a `cap`, so one action call receives up to a whole batch of
  matches (per-firing JSON round trips were 90 % of the engine's time).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from durable import engine as _durable


@dataclass(frozen=True)
class Condition:
    """When a rule applies to a subject."""

    rule_id: str
    categories: tuple[str, ...]
    waves: tuple[str, ...]
    unless: tuple[str, ...]  # facts whose presence (recorded or derived) makes it not apply


@dataclass(frozen=True)
class Chaining:
    """An inference as the engine runs it."""

    id: str
    categories: tuple[str, ...]
    start: str
    happened: bool  # the start fact must have happened by the as-of day; else known is enough
    concludes: tuple[str, ...]
    excludes: bool  # no rule applies to the subject afterwards


@dataclass(frozen=True)
class Subject:
    """What the engine sees of a party: its category, wave and fact names."""

    id: str
    category: str
    wave: str | None
    known: frozenset[str]  # recorded, inherited or set
    happened: frozenset[str] = frozenset()  # of those, surely happened by the as-of day


@dataclass(frozen=True)
class Match:
    rules: frozenset[str]  # the rules that apply
    inferences: frozenset[str]  # the inferences that fired


class EngineError(RuntimeError):
    """durable-rules failed; the message says where."""


class _QuietHost(_durable.Host):  # type: ignore[misc]
    def _run(self) -> None:  # no timer threads: we never use timers
        pass


_host: _QuietHost | None = None
_names = itertools.count()
_sessions = itertools.count()
BATCH = 1000  # parties per session
CHUNK = 32  # rules per ruleset: durable-rules fails at about 88 in one


def _get_host() -> _QuietHost:
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


def _any_of(key: str, values: Sequence[str]) -> dict[str, Any]:
    options = [{key: v} for v in values]
    return options[0] if len(options) == 1 else {"$or": options}


class _Keys:
    """Short keys for the flat facts: JSON encoding and decoding is most of the cost."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self._happened: dict[str, str] = {}

    def known(self, fact: str) -> str:
        return self._known.setdefault(fact, f"k{len(self._known)}")

    def happened(self, fact: str) -> str:
        return self._happened.setdefault(fact, f"h{len(self._happened)}")


def _run_session(name: str, facts: list[dict[str, Any]]) -> None:
    """Assert a batch and the guard into a fresh session of ruleset `name`."""
    host = _get_host()
    sid = str(next(_sessions))
    for fact in facts:
        fact["sid"] = sid
    try:
        host.assert_facts(name, facts)
        host.assert_fact(name, {"t": "g", "sid": sid})
        state = host.get_state(name, sid)
    except Exception as exc:  # any failure of the C engine: never delete that session
        raise EngineError(f"durable-rules failed in ruleset {name}: {exc}") from None
    try:
        if "exception" in state:
            raise EngineError(f"a rule action failed in durable-rules: {state['exception']}")
    finally:
        host.delete_state(name, sid)


class _Inference:
    """One ruleset of inferences, run to a fixed point inside each session."""

    def __init__(self, chainings: Sequence[Chaining], keys: _Keys) -> None:
        self.name = f"hprules_infer_{next(_names)}"
        self._fired: dict[int, set[str]] = {}
        self._closure: dict[int, dict[str, Any]] = {}
        definition: dict[str, Any] = {
            "seen": {"all": [{"m": {"t": "s"}}], "cap": BATCH, "run": _ignore},
            "guard": {"all": [{"m": {"t": "g"}}], "run": _ignore},
        }
        for number, chaining in enumerate(chainings):
            start = keys.happened(chaining.start) if chaining.happened else keys.known(chaining.start)
            applied = f"d{number}"
            condition: list[dict[str, Any]] = [
                {"t": "s"},
                _any_of("c", chaining.categories),
                {"$ex": {start: 1}},
                {"$nex": {applied: 1}},
            ]
            adds: dict[str, int] = {applied: 1}
            if chaining.excludes:
                adds["x"] = 1
            for fact in chaining.concludes:
                adds[keys.known(fact)] = 1
            happened_adds = {keys.happened(fact): 1 for fact in chaining.concludes}
            definition[f"i{number}"] = {
                "all": [{"m": {"$and": condition}}],
                "cap": BATCH,
                "run": self._chain(chaining.id, adds, keys.happened(chaining.start), happened_adds),
            }
        _get_host().register_rulesets({self.name: definition})

    def _chain(
        self, inference_id: str, adds: dict[str, int], start_happened: str, happened_adds: dict[str, int]
    ) -> Callable[[Any], None]:
        def run(c: Any) -> None:
            matched = [m._d for m in c.m]
            derived = []
            for old in matched:
                fact = dict(old)
                subject = fact["s"]
                self._fired[subject].add(inference_id)
                fact.update(adds)
                if start_happened in fact:  # "on or before" a day that has passed: it happened too
                    fact.update(happened_adds)
                self._closure[subject] = fact
                derived.append(fact)
            # Forward chaining: the next version of each fact replaces the one matched,
            # back into this session. Retracting first also drops the other rules'
            # pending matches of the old version, so the inferences fire one after
            # another on the newest version: once each, whatever the order.
            c._ruleset.retract_facts(matched)
            c._ruleset.assert_facts(derived)

        return run

    def run(self, facts: list[dict[str, Any]]) -> tuple[dict[int, set[str]], dict[int, dict[str, Any]]]:
        self._fired = {fact["s"]: set() for fact in facts}
        self._closure = {fact["s"]: fact for fact in facts}
        try:
            _run_session(self.name, facts)
            return self._fired, self._closure
        finally:
            self._fired, self._closure = {}, {}


class _Applicability:
    """One ruleset of rule conditions; records which rules apply to which subjects."""

    def __init__(self, conditions: Sequence[Condition], keys: _Keys) -> None:
        self.name = f"hprules_apply_{next(_names)}"
        self._found: dict[int, list[str]] = {}
        self._seen = 0
        definition: dict[str, Any] = {
            "seen": {"all": [{"m": {"t": "s"}}], "cap": BATCH, "run": self._on_seen},
            "guard": {"all": [{"m": {"t": "g"}}], "run": _ignore},
        }
        for number, cond in enumerate(conditions):
            condition: list[dict[str, Any]] = [{"t": "s"}, _any_of("c", cond.categories), {"$nex": {"x": 1}}]
            if cond.waves:
                condition.append(_any_of("w", cond.waves))
            condition += [{"$nex": {keys.known(f): 1}} for f in cond.unless]
            definition[f"r{number}"] = {
                "all": [{"m": {"$and": condition}}],
                "cap": BATCH,
                "run": self._recorder(cond.rule_id),
            }
        _get_host().register_rulesets({self.name: definition})

    def _recorder(self, rule_id: str) -> Callable[[Any], None]:
        def record(c: Any) -> None:
            found = self._found
            for matched in c.m:
                found[matched._d["s"]].append(rule_id)

        return record

    def _on_seen(self, c: Any) -> None:
        self._seen += len(c.m)

    def run(self, facts: list[dict[str, Any]]) -> dict[int, list[str]]:
        self._found = {fact["s"]: [] for fact in facts}
        self._seen = 0
        try:
            _run_session(self.name, facts)
            if self._seen != len(facts):
                raise EngineError(f"durable-rules saw {self._seen} of {len(facts)} parties")
            return self._found
        finally:
            self._found = {}


class Matcher:
    """Rule conditions and inferences compiled into durable-rules rulesets."""

    def __init__(self, conditions: Sequence[Condition], chainings: Sequence[Chaining] = ()) -> None:
        if len(chainings) > CHUNK:
            # Chaining needs every inference in one session, so in one ruleset.
            raise EngineError(f"at most {CHUNK} inferences can chain in one ruleset, not {len(chainings)}")
        self._keys = _Keys()
        # Only the facts a condition looks at go into the engine: JSON encoding and
        # decoding of every matched fact is most of what durable-rules costs.
        chained = {name for c in chainings for name in (c.start, *c.concludes)}
        self._unless = sorted({name for c in conditions for name in c.unless})
        self._known = sorted(chained | set(self._unless))
        self._happened = sorted(chained)
        self._inference = _Inference(chainings, self._keys) if chainings else None
        self._applicability = [
            _Applicability(conditions[i : i + CHUNK], self._keys) for i in range(0, len(conditions), CHUNK)
        ] or [_Applicability((), self._keys)]

    def match(self, subjects: Sequence[Subject]) -> dict[str, Match]:
        """For each subject, in input order, the rules that apply and the inferences that fired."""
        if len({s.id for s in subjects}) != len(subjects):
            raise ValueError("each subject must appear once")
        result: dict[str, Match] = {}
        unless = [self._keys.known(name) for name in self._unless]
        for start in range(0, len(subjects), BATCH):
            batch = subjects[start : start + BATCH]
            facts = [self._as_fact(number, s) for number, s in enumerate(batch)]
            fired: dict[int, set[str]] = {}
            if self._inference is not None:
                fired, closure = self._inference.run(facts)
                facts = [closure[n] for n in range(len(batch))]
            applicable = [self._slim(fact, unless) for fact in facts]
            applies = [ruleset.run([dict(f) for f in applicable]) for ruleset in self._applicability]
            for number, subject in enumerate(batch):
                rules = frozenset(r for found in applies for r in found[number])
                result[subject.id] = Match(rules, frozenset(fired.get(number, ())))
        return result

    def _as_fact(self, number: int, subject: Subject) -> dict[str, Any]:
        # One flat fact per party: measured, joins cost twice as much.
        fact: dict[str, Any] = {"t": "s", "s": number, "c": subject.category}
        if subject.wave:
            fact["w"] = subject.wave
        for name in self._known:
            if name in subject.known:
                fact[self._keys.known(name)] = 1
        for name in self._happened:
            if name in subject.happened:
                fact[self._keys.happened(name)] = 1
        return fact

    @staticmethod
    def _slim(fact: dict[str, Any], unless: list[str]) -> dict[str, Any]:
        """What the rule conditions look at: category, wave, exclusion and the 'unless' facts."""
        slim = {"t": "s", "s": fact["s"], "c": fact["c"]}
        for key in ("w", "x", *unless):
            if key in fact:
                slim[key] = fact[key]
        return slim


def _ignore(c: Any) -> None:
    pass


_compiled: dict[tuple[tuple[Condition, ...], tuple[Chaining, ...]], Matcher] = {}


def compiled(conditions: Sequence[Condition], chainings: Sequence[Chaining] = ()) -> Matcher:
    """The rulesets for these conditions and inferences, compiled once per process.

    durable-rules never frees a registered ruleset, so re-reading an unchanged
    rule book (serve reloads, explain, examples) must not register it again.
    """
    key = (tuple(conditions), tuple(chainings))
    if key not in _compiled:
        _compiled[key] = Matcher(*key)
    return _compiled[key]
