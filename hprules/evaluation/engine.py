"""The rules engine: durable-rules behind a small interface.

This is the only module that imports durable-rules. Two jobs are done in it:
inference (forward chaining: a derived fact is asserted back into the session
and can start further inferences) and applicability (which rules apply to which
parties). Its traps (docs/engine.md) are handled here and nowhere else:
- no host (timer threads that never stop, objects and JSON round trips for every
  action): the C core is driven directly and each action's matches read from its
  JSON text;
- each batch of parties is one session per ruleset, deleted after a guard fact
  has made a rule fire (deleting an unfired session segfaults), but never after a
  failure (that double-frees);
- a fresh session id every time, so a session left behind by a failure is never
  reused, and at most one live session at a time;
- a catch-all rule counts the parties each applicability ruleset saw;
- an error in an action is caught, the action abandoned, and raised as EngineError;
- an identical fact asserted twice is refused: each derived version carries the
  mark of the inference that made it, and replaces the version it came from;
- a ruleset's C code has a fixed stack: at most CHUNK rules per ruleset, as many
  rulesets as the rule book needs;
- every rule has a `cap`, so one action call receives up to a whole batch of
  matches (per-firing round trips were 90 % of the engine's time);
- each distinct fact is asserted once, and its answer shared by every party shown
  that same fact (the engine's cost was per party, its answers are per fact).
"""

from __future__ import annotations

import itertools
import json
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as _core  # durable-rules' C core (the package pins its version)

from ..domain.diagnostics import EngineError


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


_rulesets = itertools.count()
_sessions = itertools.count()
BATCH = 1000  # parties per session
CHUNK = 32  # rules per ruleset: durable-rules fails at about 88 in one
_SUBJECT = re.compile(r'"s": ?(\d+)')  # a matched fact's subject number, in an action's message
_COMPACT = (",", ":")  # JSON without spaces: less for durable-rules to parse


def _any_of(key: str, values: Sequence[str]) -> dict[str, Any]:
    options = [{key: v} for v in values]
    return options[0] if len(options) == 1 else {"$or": options}


class _Keys:
    """Short keys for the flat facts: JSON encoding and decoding is most of the cost."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}
        self._happened: dict[str, str] = {}

    def known(self, fact: str) -> str:
        key = self._known.get(fact)
        if key is None:
            key = self._known[fact] = f"k{len(self._known)}"
        return key

    def happened(self, fact: str) -> str:
        key = self._happened.get(fact)
        if key is None:
            key = self._happened[fact] = f"h{len(self._happened)}"
        return key


View = tuple[str, str | None, frozenset[str], frozenset[str]]  # what the engine is shown of a party
Action = Callable[[str], None]  # receives the action's message: JSON of the matched facts


class _Ruleset:
    """One durable-rules ruleset, driven through its C core.

    durable-rules' Python host wraps every matched fact in objects and round-trips
    the session state through JSON for each action; the C core hands each action's
    matches over as one JSON text, which the actions here read as cheaply as they
    can (a subject number is all most of them need)."""

    def __init__(self, rules: dict[str, dict[str, Any]], actions: dict[str, Action]) -> None:
        definition = {"guard": {"all": [{"m": {"t": "g"}}]}, **rules}
        self._actions: dict[str, Action] = {"guard": lambda _message: None, **actions}
        self.name = f"hprules_{next(_rulesets)}"
        try:
            self.handle: int | None = _core.create_ruleset(self.name, json.dumps(definition))
        except Exception as exc:  # the C core raises plain exceptions
            raise EngineError(f"durable-rules could not compile ruleset {self.name}: {exc}") from None

    def close(self) -> None:
        """Free the ruleset in durable-rules; it cannot be used after."""
        if self.handle is not None:
            _core.delete_ruleset(self.handle)
            self.handle = None

    def session(self, facts: list[dict[str, Any]]) -> None:
        """Assert a batch into a fresh session, run every action, then the guard."""
        sid = str(next(_sessions))  # never reused: a failed session is left alone
        for fact in facts:
            fact["sid"] = sid
        self.assert_facts(facts)
        self._drain(self._assert(_core.assert_fact, {"t": "g", "sid": sid}))
        # Only now may the session go: deleting one where no rule fired segfaults,
        # and so does deleting one whose assert failed (never reached then).
        _core.delete_state(self.handle, sid)

    def assert_facts(self, facts: list[dict[str, Any]]) -> None:
        """Assert facts; from inside an action they join the actions still to run."""
        state = self._assert(_core.assert_facts, facts)
        if not self._draining:
            self._drain(state)

    def retract_facts(self, facts: list[dict[str, Any]]) -> None:
        try:
            _core.retract_facts(self.handle, json.dumps(facts, separators=_COMPACT))
        except Exception as exc:
            raise EngineError(f"durable-rules could not retract facts in {self.name}: {exc}") from None

    _draining = False

    def _assert(self, call: Callable[[int, str], tuple[int, int]], payload: object) -> int:
        if self.handle is None:
            raise EngineError(f"ruleset {self.name} was freed; compile the rule book again")
        try:
            code, state = call(self.handle, json.dumps(payload, separators=_COMPACT))
        except Exception as exc:  # e.g. error 303 when a ruleset outgrows its stack
            raise EngineError(f"durable-rules failed in {self.name}: {exc}") from None
        if code == 2:  # an identical fact asserted twice
            raise EngineError(f"durable-rules refused a fact asserted twice in {self.name}")
        return state  # code 1 (a fact no rule matched) is fine: the others were asserted

    def _drain(self, state_handle: int) -> None:
        self._draining = True
        try:
            result = _core.start_action_for_state(self.handle, state_handle)
            while result:
                state, message = result[0], result[1]
                name = message[2 : message.index('"', 2)]  # {"rule": ...}
                try:
                    self._actions[name](message)
                except Exception as exc:
                    _core.abandon_action(self.handle, state_handle)
                    raise EngineError(f"a rule action failed in durable-rules ({name}): {exc!r}") from exc
                _core.update_state(self.handle, state)
                following = _core.complete_and_start_action(self.handle, state_handle)
                result = (state, following) if following else None
        finally:
            self._draining = False


class _Inference:
    """One ruleset of inferences, run to a fixed point inside each session."""

    def __init__(self, chainings: Sequence[Chaining], keys: _Keys) -> None:
        self._fired: dict[int, set[str]] = {}
        self._closure: dict[int, dict[str, Any]] = {}
        rules: dict[str, dict[str, Any]] = {}
        actions: dict[str, Action] = {}
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
            rules[f"i{number}"] = {"all": [{"m": {"$and": condition}}], "cap": BATCH}
            actions[f"i{number}"] = self._chain(chaining.id, adds, keys.happened(chaining.start), happened_adds)
        self._ruleset = _Ruleset(rules, actions)

    def _chain(
        self, inference_id: str, adds: dict[str, int], start_happened: str, happened_adds: dict[str, int]
    ) -> Action:
        def run(message: str) -> None:
            matched = [frame["m"] for frame in next(iter(json.loads(message).values()))]
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
            self._ruleset.retract_facts(matched)
            self._ruleset.assert_facts(derived)

        return run

    def run(self, facts: list[dict[str, Any]]) -> tuple[dict[int, set[str]], dict[int, dict[str, Any]]]:
        self._fired = {fact["s"]: set() for fact in facts}
        self._closure = {fact["s"]: fact for fact in facts}
        try:
            self._ruleset.session(facts)
            return self._fired, self._closure
        finally:
            self._fired, self._closure = {}, {}


class _ConditionRuleset:
    """One ruleset of rule conditions; records which rules apply to which subjects."""

    def __init__(self, conditions: Sequence[Condition], keys: _Keys) -> None:
        self._found: dict[int, list[str]] = {}
        self._seen = 0
        # A catch-all rule sees every party: a check that each was evaluated.
        rules: dict[str, dict[str, Any]] = {"seen": {"all": [{"m": {"t": "s"}}], "cap": BATCH}}
        actions: dict[str, Action] = {"seen": self._on_seen}
        for number, cond in enumerate(conditions):
            condition: list[dict[str, Any]] = [{"t": "s"}, _any_of("c", cond.categories), {"$nex": {"x": 1}}]
            if cond.waves:
                condition.append(_any_of("w", cond.waves))
            condition += [{"$nex": {keys.known(f): 1}} for f in cond.unless]
            rules[f"r{number}"] = {"all": [{"m": {"$and": condition}}], "cap": BATCH}
            actions[f"r{number}"] = self._recorder(cond.rule_id)
        self._ruleset = _Ruleset(rules, actions)

    def _recorder(self, rule_id: str) -> Action:
        def record(message: str) -> None:
            found = self._found
            for subject in _SUBJECT.findall(message):
                found[int(subject)].append(rule_id)

        return record

    def _on_seen(self, message: str) -> None:
        self._seen += len(_SUBJECT.findall(message))

    def run(self, facts: list[dict[str, Any]]) -> dict[int, list[str]]:
        self._found = {fact["s"]: [] for fact in facts}
        self._seen = 0
        try:
            self._ruleset.session(facts)
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
        self._known_set, self._happened_set = frozenset(self._known), frozenset(self._happened)
        self._known_keys = [(name, self._keys.known(name)) for name in self._known]
        self._happened_keys = [(name, self._keys.happened(name)) for name in self._happened]
        self._inference = _Inference(chainings, self._keys) if chainings else None
        self._condition_rulesets = [
            _ConditionRuleset(conditions[i : i + CHUNK], self._keys) for i in range(0, len(conditions), CHUNK)
        ] or [_ConditionRuleset((), self._keys)]

    def close(self) -> None:
        if self._inference is not None:
            self._inference._ruleset.close()
        for ruleset in self._condition_rulesets:
            ruleset._ruleset.close()

    def match(self, subjects: Sequence[Subject]) -> dict[str, Match]:
        """For each subject, in input order, the rules that apply and the inferences that fired."""
        if len({s.id for s in subjects}) != len(subjects):
            raise ValueError("each subject must appear once")
        # Parties the engine would be shown as the same fact get the same answer:
        # each distinct fact is asserted once (10,000 synthetic parties are about
        # 300 facts), and its answer is shared by every party it stands for.
        views: dict[View, int] = {}
        numbers = [
            views.setdefault(
                (s.category, s.wave, s.known & self._known_set, s.happened & self._happened_set), len(views)
            )
            for s in subjects
        ]
        answers = self._match_views(list(views))
        return {s.id: answers[number] for s, number in zip(subjects, numbers, strict=True)}

    def _match_views(self, views: Sequence[View]) -> list[Match]:
        answers: list[Match] = []
        unless = [self._keys.known(name) for name in self._unless]
        for start in range(0, len(views), BATCH):
            batch = views[start : start + BATCH]
            facts = [self._as_fact(number, view) for number, view in enumerate(batch)]
            fired: dict[int, set[str]] = {}
            if self._inference is not None:
                fired, closure = self._inference.run(facts)
                facts = [closure[n] for n in range(len(batch))]
            applicable = [self._slim(fact, unless) for fact in facts]
            applies = [ruleset.run([dict(f) for f in applicable]) for ruleset in self._condition_rulesets]
            for number in range(len(batch)):
                rules = frozenset(r for found in applies for r in found[number])
                answers.append(Match(rules, frozenset(fired.get(number, ()))))
        return answers

    def _as_fact(self, number: int, view: View) -> dict[str, Any]:
        # One flat fact per party: measured, joins cost twice as much.
        category, wave, known, happened = view
        fact: dict[str, Any] = {"t": "s", "s": number, "c": category}
        if wave:
            fact["w"] = wave
        for name, key in self._known_keys:
            if name in known:
                fact[key] = 1
        for name, key in self._happened_keys:
            if name in happened:
                fact[key] = 1
        return fact

    @staticmethod
    def _slim(fact: dict[str, Any], unless: list[str]) -> dict[str, Any]:
        """What the rule conditions look at: category, wave, exclusion and the 'unless' facts."""
        slim = {"t": "s", "s": fact["s"], "c": fact["c"]}
        for key in ("w", "x", *unless):
            if key in fact:
                slim[key] = fact[key]
        return slim


_compiled: OrderedDict[tuple[tuple[Condition, ...], tuple[Chaining, ...]], Matcher] = OrderedDict()
KEEP = 8  # compiled rule books kept per process; older ones are freed


def compiled(conditions: Sequence[Condition], chainings: Sequence[Chaining] = ()) -> Matcher:
    """The rulesets for these conditions and inferences, compiled once per process.

    Re-reading an unchanged rule book (serve reloads, explain, examples) reuses
    them. A process that sees many rule books (serve while rules are edited, the
    fuzz test) keeps the last KEEP and frees the rulesets of older ones, which
    durable-rules would otherwise hold for ever."""
    key = (tuple(conditions), tuple(chainings))
    matcher = _compiled.get(key)
    if matcher is None:
        matcher = _compiled[key] = Matcher(*key)
        while len(_compiled) > KEEP:
            _, oldest = _compiled.popitem(last=False)
            oldest.close()
    _compiled.move_to_end(key)
    return matcher
