"""Inference inside the engine: what `bench/mutation.py engine` found untested.

docs/conventions.md §3: a derived fact is "on or before" the latest day of the fact
it comes from, so a fact derived from one that has happened has happened too and
can start an inference that needs `when: happened`; one derived from a fact only
known (a plan) cannot.
"""

from __future__ import annotations

import sys
from collections import OrderedDict

import pytest

from hprules.domain.diagnostics import EngineError
from hprules.evaluation import engine
from hprules.evaluation.engine import Chaining, Condition, Match, Matcher, Subject

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from baseline import PlainMatcher

CHAIN = [
    Chaining("kb", ("municipality",), "k", False, ("b",), False),  # from k known
    Chaining("be", ("municipality",), "b", True, ("e",), False),  # from b happened
]
RULES = [Condition("unless-e", ("municipality",), (), ("e",))]


def test_a_fact_derived_from_one_that_happened_has_happened_too() -> None:
    subjects = [
        Subject("done", "municipality", None, frozenset({"k"}), frozenset({"k"})),
        Subject("plan", "municipality", None, frozenset({"k"}), frozenset()),
    ]
    got = Matcher(RULES, CHAIN).match(subjects)
    assert got["done"].inferences == {"kb", "be"}
    assert got["done"].rules == frozenset()  # e derived: the rule stops applying
    assert got["plan"].inferences == {"kb"}
    assert got["plan"].rules == {"unless-e"}
    assert got == PlainMatcher(RULES, CHAIN).match(subjects)


def test_a_rule_for_several_categories_or_waves_applies_to_each_of_them() -> None:
    conditions = [
        Condition("one", ("health",), (), ()),
        Condition("two", ("municipality", "trondheim"), (), ()),
        Condition("three", ("municipality", "trondheim", "health"), ("w1", "w2"), ()),
    ]
    subjects = [
        Subject("malvik", "municipality", "w1", frozenset(), frozenset()),
        Subject("trondheim", "trondheim", "w2", frozenset(), frozenset()),
        Subject("stolav", "health", "w3", frozenset(), frozenset()),
        Subject("elsewhere", "region", "w1", frozenset(), frozenset()),
    ]
    got = Matcher(conditions).match(subjects)
    assert {name: set(match.rules) for name, match in got.items()} == {
        "malvik": {"two", "three"},
        "trondheim": {"two", "three"},
        "stolav": {"one"},  # wave w3 is not among w1, w2
        "elsewhere": set(),
    }
    assert got == PlainMatcher(conditions).match(subjects)


def test_exactly_as_many_inferences_as_one_ruleset_holds_are_accepted() -> None:
    # "at most 32 inferences" (test_engine): 32 is allowed, and all of them fire.
    many = [Chaining(f"i{n}", ("municipality",), "a", False, (f"f{n}",), False) for n in range(32)]
    got = Matcher([], many).match([Subject("p", "municipality", None, frozenset({"a"}), frozenset())])
    assert got["p"].inferences == {f"i{n}" for n in range(32)}


def test_a_subject_given_twice_is_refused_with_a_message() -> None:
    twice = [Subject("a", "municipality", None, frozenset()), Subject("a", "health", None, frozenset())]
    with pytest.raises(ValueError, match=r"^each subject must appear once$"):
        Matcher(RULES).match(twice)


def test_a_closed_matcher_says_it_was_freed() -> None:
    matcher = Matcher(RULES, CHAIN)
    matcher.close()
    with pytest.raises(EngineError, match=r"ruleset hprules_\d+ was freed; compile the rule book again"):
        matcher.match([Subject("a", "municipality", None, frozenset())])


def test_the_same_subjects_matched_again_get_the_same_answers() -> None:
    # Each batch is its own session, deleted after use: nothing of the first call
    # (its facts, its guard) is left to be refused as "asserted twice" or to match.
    matcher = Matcher(RULES, CHAIN)
    subjects = [
        Subject("done", "municipality", None, frozenset({"k"}), frozenset({"k"})),
        Subject("plan", "municipality", None, frozenset({"k"})),
    ]
    expected = PlainMatcher(RULES, CHAIN).match(subjects)
    assert matcher.match(subjects) == expected
    assert matcher.match(subjects) == expected
    assert matcher.match(subjects[1:]) == {"plan": expected["plan"]}


def test_a_batch_where_no_inference_fires_ends_cleanly() -> None:
    # No subject has the start fact "k": only the guard fires in the inference
    # session, and it must, for the session to be deleted (docs/engine.md).
    matcher = Matcher(RULES, CHAIN)
    subjects = [Subject("quiet", "municipality", None, frozenset()), Subject("other", "health", None, frozenset())]
    for _ in range(200):  # a session deleted unfired corrupts memory: crashes soon after
        got = matcher.match(subjects)
        assert got == {
            "quiet": Match(frozenset({"unless-e"}), frozenset()),
            "other": Match(frozenset(), frozenset()),
        }


def test_batches_and_action_calls_smaller_than_the_input_give_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Five distinct views, two per batch, and (with the cap at 1 when the rulesets
    # are compiled) one match per action call: each view keeps its own answer and
    # the catch-all rule counts every party, however the matches are split.
    conditions = [Condition(f"for-{c}", (c,), (), ()) for c in "abcde"]
    subjects = [Subject(c, c, None, frozenset()) for c in "abcde"]
    monkeypatch.setattr(engine, "BATCH", 1)
    matcher = Matcher(conditions)
    monkeypatch.setattr(engine, "BATCH", 2)
    got = matcher.match(subjects)
    assert {name: set(m.rules) for name, m in got.items()} == {c: {f"for-{c}"} for c in "abcde"}
    assert got == PlainMatcher(conditions).match(subjects)


def test_a_compiled_rule_book_is_reused_while_among_the_last_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_compiled", OrderedDict())
    books = [[Condition(f"kept-{n}", ("municipality",), (), ())] for n in range(engine.KEEP)]
    first = engine.compiled(books[0])
    assert engine.compiled(books[0]) is first
    for book in books[1:]:
        engine.compiled(book)
    # KEEP rule books compiled: the oldest is still kept, the same object, usable.
    assert engine.compiled(books[0]) is first
    subject = Subject("a", "municipality", None, frozenset())
    assert first.match([subject])["a"].rules == {"kept-0"}
    for matcher in engine._compiled.values():
        matcher.close()


def test_an_identical_fact_asserted_twice_is_refused_with_a_message() -> None:
    ruleset = engine._Ruleset({"r": {"all": [{"m": {"t": "s"}}], "cap": 10}}, {"r": lambda _message: None})
    fact = {"t": "s", "s": 1, "c": "municipality"}
    with pytest.raises(EngineError, match=rf"^durable-rules refused a fact asserted twice in {ruleset.name}$"):
        ruleset.session([dict(fact), dict(fact)])


def test_a_retraction_that_fails_is_an_engine_error_naming_the_ruleset() -> None:
    ruleset = engine._Ruleset({"r": {"all": [{"m": {"t": "s"}}], "cap": 10}}, {"r": lambda _message: None})
    ruleset.close()
    with pytest.raises(EngineError, match=rf"^durable-rules could not retract facts in {ruleset.name}: "):
        ruleset.retract_facts([{"t": "s", "s": 1, "sid": "0"}])


def test_a_party_the_catch_all_rule_missed_is_an_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # The count is a check on durable-rules; a count that falls short must say so.
    monkeypatch.setattr(engine._ConditionRuleset, "_on_seen", lambda self, message: None)
    subjects = [Subject("a", "municipality", None, frozenset()), Subject("b", "health", None, frozenset())]
    with pytest.raises(EngineError, match=r"^durable-rules saw 0 of 2 parties$"):
        Matcher(RULES).match(subjects)


def test_no_fact_is_left_in_durable_rules_after_a_match() -> None:
    # A fact asserted without its session id lands in durable-rules' default
    # session "0", which nothing deletes: every batch's facts would be kept for
    # ever. Session "0" of fresh rulesets exists only if a fact went there (the
    # process's very first session is "0", and it is deleted like the others).
    import durable_rules_engine

    matcher = Matcher(RULES, CHAIN)
    matcher.match([Subject("done", "municipality", None, frozenset({"k"}), frozenset({"k"}))])
    assert matcher._inference is not None
    rulesets = [matcher._inference._ruleset, *(c._ruleset for c in matcher._condition_rulesets)]
    for ruleset in rulesets:
        with pytest.raises(durable_rules_engine.error, match="error code: 309"):  # no such session
            durable_rules_engine.get_facts(ruleset.handle, "0")
    matcher.close()


def test_the_guard_fires_once_in_every_session_so_that_it_may_be_deleted() -> None:
    # durable-rules crashes, sooner or later, after deleting a session in which no rule
    # fired (docs/engine.md): the guard fact and rule make one fire in every session.
    # Counted here rather than waited for as a crash, which comes only some of the time.
    ruleset = engine._Ruleset({"r": {"all": [{"m": {"t": "s"}}], "cap": 10}}, {"r": lambda _message: None})
    fired: list[str] = []
    ruleset._actions["guard"] = fired.append
    ruleset.session([{"t": "other", "s": 1}])  # nothing of the batch matches
    ruleset.session([{"t": "s", "s": 2}])  # the batch's rule fires too
    assert len(fired) == 2
    ruleset.close()
