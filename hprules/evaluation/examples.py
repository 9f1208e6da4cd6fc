"""Worked examples a lawyer can write: facts in, expected dates and statuses out.

A scenario file (`rules/examples/*.yaml`) names one rule or inference and lists
examples; each gives an as-of day, a party (a shipped one, or just a category)
and facts, and what it expects. Running one evaluates the rule book for that
party and compares field by field: a rule's finding, or the facts an inference
derives (`derives`) and whether any rule still applies (`excluded`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.dates import DateSyntaxError, DateValue
from ..domain.diagnostics import Arg, Collector, Location, Message, display_path, msg
from ..domain.factbase import FactBase, Party
from ..domain.finding import Status
from ..domain.rulebook import Text, Vocabulary
from ..reading.fields import Fields
from ..reading.overrides import UnreadableFact, fact_from_text, parse_overrides
from ..reading.project import Project
from ..reading.regular_file import input_files
from ..reading.rule_reader import read_text
from ..reading.yamlfile import Scalar, YamlMapping, YamlSequence, load
from .evaluator import Evaluator

EXPECT_FIELDS = ("applies", "status", "due", "earliest", "latest", "missing", "timeliness", "derives", "excluded")


@dataclass(frozen=True)
class Example:
    rule: str
    name: Text  # in Norwegian and English, as rule titles are
    as_of: date
    party: str | None  # a shipped party, or None for a made-up one
    category: str | None
    wave: str | None
    facts: tuple[str, ...]  # FACT=VALUE, as --set takes them
    expect: tuple[tuple[str, object, Location], ...]
    location: Location


@dataclass(frozen=True)
class Difference:
    """What an example expected and what the rule book gave, where the file says it."""

    where: Location
    key: str
    want: object
    got: object
    note: str = ""  # "recorded" (nothing derived) or "not_applied" (the rule does not apply)

    @property
    def message(self) -> Message:
        """What differs, for the renderer to word (`hprules test`, `approve`)."""
        want = _show(self.want)
        if self.note == "not_applied":
            return msg("example.not_applied", key=self.key, want=want)
        return msg(
            "example.differs_recorded" if self.note == "recorded" else "example.differs",
            key=self.key,
            want=want,
            got=_show(self.got),
        )


@dataclass(frozen=True)
class Failure:
    example: Example
    differences: tuple[Difference, ...]


def _scalar_text(node: object) -> str | None:
    return node.text if isinstance(node, Scalar) and not node.is_null else None


def read_examples(folder: Path, root: Path, project: Project, problems: Collector) -> list[Example]:
    examples: list[Example] = []
    # A rule file that failed to read loses its rules: the examples naming them
    # would each say "unknown rule" on top of the one real problem, so the check
    # waits until the rule files read cleanly.
    rule_files = Path(display_path(root / "rules", root))
    rules_complete = not any(Path(d.location.path).parent == rule_files for d in problems.items)
    for path in input_files(folder):
        shown = display_path(path, root)
        top_node = load(path, shown, problems)
        if top_node is None:
            continue
        top = Fields(top_node, msg("what.scenario_file"), problems, ("rule", "examples"), Location(shown))
        rule = top.text("rule", True)
        if rule and rules_complete and project.rules.rule(rule) is None and project.rules.inference(rule) is None:
            problems.error(top.where("rule"), msg("examples.unknown_rule", id=rule))
        items = top.node("examples", True)
        if items is not None and not isinstance(items, YamlSequence):
            problems.error(items.location, msg("examples.not_a_list"))
            continue
        for item in items.items if isinstance(items, YamlSequence) else ():
            example = _example(item, rule or "?", project, problems)
            if example is not None:
                examples.append(example)
    return examples


def _example(node: object, rule: str, project: Project, problems: Collector) -> Example | None:
    allowed = ("name", "as_of", "party", "category", "wave", "facts", "expect")
    f = Fields(node, msg("what.an_example"), problems, allowed)  # type: ignore[arg-type]
    name_node = f.node("name", True)
    # Messages name the example by its English text, or by its one text if that is all there is.
    english = name_node.get("en") if isinstance(name_node, YamlMapping) else name_node
    name = _scalar_text(english) or "?"
    f.what = msg("what.example", name=name)
    name_text = read_text(name_node, msg("what.name_of", of=f.what), problems, f.location) if name_node else None
    as_of = f.date("as_of", True)
    if as_of is not None and not as_of.is_exact:
        problems.error(f.where("as_of"), msg("date.needs_day", key="as_of"))
    party = f.text("party")
    if party and party not in project.facts.parties:
        problems.error(f.where("party"), msg("examples.unknown_party", id=party))
    category = f.choice("category", list(project.rules.vocabulary.categories))
    if not party and not category:
        problems.error(f.location, msg("examples.no_party", name=name))
    wave = f.text("wave")
    if wave and wave not in project.facts.waves:
        problems.error(f.where("wave"), msg("examples.unknown_wave", id=wave))
    facts: list[str] = []
    facts_node = f.node("facts")
    if isinstance(facts_node, YamlMapping):
        for fact, (key, value) in facts_node.items.items():
            text = _scalar_text(value)
            if text is None:
                problems.error(value.location, msg("examples.fact_no_date", name=fact))
                continue
            try:
                fact_from_text(fact, text, project.rules.vocabulary, key.location)
            except UnreadableFact as exc:
                problems.error(key.location, msg("examples.fact", detail=exc.message))
                continue
            facts.append(f"{fact}={text}")
    elif facts_node is not None:
        problems.error(facts_node.location, msg("examples.facts_not_mapping"))
    expect = _expect(f, name, project.rules.vocabulary, problems)
    if as_of is None or not expect or name_text is None:
        return None
    return Example(rule, name_text, as_of.latest, party, category, wave, tuple(facts), expect, f.location)


def _expect(
    f: Fields, name: str, vocabulary: Vocabulary, problems: Collector
) -> tuple[tuple[str, object, Location], ...]:
    e = Fields(
        f.node("expect", True), msg("what.field_of", field="expect", of=f.what), problems, EXPECT_FIELDS, f.location
    )
    expected: list[tuple[str, object, Location]] = []
    for key, (_, value) in e.map.items.items():
        if key not in EXPECT_FIELDS:
            continue
        if key == "missing":
            names = tuple(t for t, _ in e.texts("missing"))
            expected.append((key, names, value.location))
        elif key in ("applies", "excluded"):
            raw = value.value() if isinstance(value, Scalar) else None
            if not isinstance(raw, bool):
                problems.error(value.location, msg("field.not_a_flag", key=key))
                continue
            expected.append((key, raw, value.location))
        elif key == "derives":
            if not isinstance(value, YamlMapping):
                problems.error(value.location, msg("examples.derives_not_mapping"))
                continue
            for fact, (fact_key, fact_value) in value.items.items():
                text = _scalar_text(fact_value)
                if text is not None:
                    try:
                        text = str(fact_from_text(fact, text, vocabulary, fact_key.location).value)
                    except UnreadableFact as exc:
                        problems.error(fact_key.location, msg("examples.derives", detail=exc.message))
                        continue
                expected.append((f"derives.{fact}", text, fact_key.location))
        elif key in ("due", "earliest", "latest"):
            text = _scalar_text(value)
            if text is None:
                expected.append((key, None, value.location))
                continue
            try:
                day = DateValue.parse(text)
            except DateSyntaxError as exc:
                problems.error(value.location, msg("message.about", what=f"'{key}'", detail=exc.message))
                continue
            if not day.is_exact:
                problems.error(value.location, msg("date.needs_day", key=key))
                continue
            expected.append((key, day.latest, value.location))
        elif key == "status":
            text = _scalar_text(value)
            if text not in {s.value for s in Status}:
                known = ", ".join(s.value for s in Status)
                problems.error(value.location, msg("examples.unknown_status", status=str(text), known=known))
                continue
            expected.append((key, text, value.location))
        else:
            expected.append((key, _scalar_text(value), value.location))
    if e.ok and not expected:
        problems.error(e.location, msg("examples.expects_nothing", name=name))
    return tuple(expected)


def run_example(project: Project, evaluator: Evaluator, example: Example) -> Failure | None:
    overrides = parse_overrides(example.facts, project.rules.vocabulary)
    if example.party:
        facts = project.facts
        party_id = example.party
    else:
        party_id = "example"
        party = Party(party_id, example.name.en, example.category or "", example.wave, {}, (), example.location)
        facts = FactBase({party_id: party}, project.facts.waves, {})
    evaluation = evaluator.evaluate(facts, example.as_of, [party_id], overrides)
    finding = next((f for f in evaluation.findings if f.rule == example.rule), None)
    derived = (evaluation.facts or {}).get(party_id, {})
    differences = []
    for key, want, where in example.expect:
        if key.startswith("derives."):
            fact = derived.get(key.split(".", 1)[1])
            value = str(fact.value) if fact is not None and fact.is_derived else None
            if value != want:
                recorded = "recorded" if fact is not None and not fact.is_derived else ""
                differences.append(Difference(where, key, want, value, recorded))
            continue
        if key == "excluded":
            excluded = not any(f.party == party_id for f in evaluation.findings)
            if excluded != want:
                differences.append(Difference(where, "excluded", want, excluded))
            continue
        got: object
        if key == "applies":
            got = finding is not None
        elif finding is None:
            differences.append(Difference(where, key, want, None, "not_applied"))
            continue
        elif key == "status":
            got = finding.status.value
        elif key == "timeliness":
            got = finding.timeliness.value if finding.timeliness else None
        elif key == "missing":
            got = finding.missing
        else:
            got = getattr(finding, key)
        if got != want:
            differences.append(Difference(where, key, want, got))
    if differences:
        return Failure(example, tuple(differences))
    return None


def _show(value: object) -> Arg:
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if value is None:
        return msg("example.nothing")
    return str(value)


@dataclass(frozen=True)
class ScenarioReport:
    examples: tuple[Example, ...]
    failures: tuple[Failure, ...]


def run_scenarios(project: Project, examples: Sequence[Example]) -> ScenarioReport:
    evaluator = Evaluator(project.rules)
    failures = [f for f in (run_example(project, evaluator, e) for e in examples) if f is not None]
    return ScenarioReport(tuple(examples), tuple(failures))
