"""Reads `facts/` (parties, waves, region) into a FactBase."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.dates import DateValue
from ..domain.diagnostics import Collector, Location, Message, display_path, msg
from ..domain.factbase import Amount, Fact, FactBase, Party, Provenance, Wave
from ..domain.rulebook import Text, Vocabulary
from .fields import Fields, read_date
from .regular_file import input_files
from .rule_reader import read_text
from .suggestion import with_guess
from .yamlfile import Node, Scalar, YamlMapping, YamlSequence, load

PARTY_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FACT_FIELDS = frozenset(("date", "on_or_before", "planned", "source", "recorded", "quote", "note", "by"))
PROVENANCE_FIELDS = ("source", "recorded", "quote", "note")


class FactReader:
    def __init__(self, vocabulary: Vocabulary, problems: Collector) -> None:
        self.vocabulary = vocabulary
        self.problems = problems
        self._named: dict[str, tuple[Message, Message, Message]] = {}

    def facts(self, node: Node | None, scope: str, owner: Message) -> dict[str, Fact]:
        if node is None:
            return {}
        if not isinstance(node, YamlMapping):
            self.problems.error(node.location, msg("facts.not_mapping"))
            return {}
        facts = {}
        for name, (key, value) in node.items.items():
            spec = self.vocabulary.facts.get(name)
            if spec is None:
                problem = msg("facts.unknown_fact", name=name, owner=owner)
                self.problems.error(key.location, with_guess(problem, name, self.vocabulary.facts))
                continue
            if scope not in spec.scope:
                self.problems.error(
                    key.location, msg("facts.wrong_scope", name=name, scopes="/".join(spec.scope), scope=scope)
                )
                continue
            fact = self._history(name, value, key.location)
            if fact is not None:
                facts[name] = fact
        return facts

    def _history(self, name: str, node: Node, where: Location) -> Fact | None:
        """One value, or a list of the values it has had, oldest recorded first."""
        if not isinstance(node, YamlSequence):
            return self._fact(name, node, where)
        if not node.items:
            self.problems.error(node.location, msg("facts.empty_history", name=name))
            return None
        versions = [self._fact(name, item, item.location) for item in node.items]
        if any(v is None for v in versions):
            return None
        current: Fact | None = None
        for version in versions:
            assert version is not None
            if current is not None and version.known_from <= current.known_from:
                self.problems.error(version.location, msg("facts.history_order", name=name))
                return None
            current = version if current is None else version.after(current)
        return current

    def _whats(self, name: str) -> tuple[Message, Message, Message]:
        """How a fact and its two date fields are named in messages: made once per fact name."""
        whats = self._named.get(name)
        if whats is None:
            fact = msg("what.fact", name=name)
            whats = (
                fact,
                msg("what.field_of", field="'date'", of=fact),
                msg("what.field_of", field="'on_or_before'", of=fact),
            )
            self._named[name] = whats
        return whats

    def _fact(self, name: str, node: Node, where: Location) -> Fact | None:
        what, what_date, what_bound = self._whats(name)
        f = Fields(node, what, self.problems, FACT_FIELDS, where)
        exact = f.node("date")
        bound = f.node("on_or_before")
        value: DateValue | None = None
        if exact is not None and bound is not None:
            self.problems.error(f.location, msg("facts.date_and_bound", name=name))
        elif exact is not None:
            value = read_date(exact, what_date, self.problems)
        elif bound is not None:
            day = read_date(bound, what_bound, self.problems)
            if day is not None and not day.is_exact:
                self.problems.error(bound.location, msg("date.needs_day", key="on_or_before"))
            elif day is not None:
                value = DateValue.on_or_before(day.latest)
        elif f.ok and not f.misspelt("date", "on_or_before"):  # a misspelt date is one problem, not two
            self.problems.error(f.location, msg("facts.no_date", name=name))
        source = f.text("source", True)
        recorded = f.date("recorded", True)
        quote = f.text("quote")
        note = self.note(f)
        planned = self.flag(f, "planned")
        by = f.text("by")
        if value is None or source is None or recorded is None:
            return None
        return Fact(name, value, source, quote, note, where, recorded=recorded, planned=planned, by=by)

    def flag(self, f: Fields, key: str) -> bool:
        node = f.node(key)
        if node is None:
            return False
        raw = node.value() if isinstance(node, Scalar) else None
        if not isinstance(raw, bool):
            self.problems.error(node.location, msg("field.not_a_flag", key=key))
            return False
        return raw

    def provenance(self, f: Fields) -> Provenance | None:
        """Source, recorded, quote and note of a value that is not a date."""
        source = f.text("source", True)
        recorded = f.date("recorded")
        if source is None:
            return None
        return Provenance(source, f.text("quote"), self.note(f), f.location, recorded)

    def note(self, f: Fields) -> Text | None:
        node = f.node("note")
        return read_text(node, msg("what.note_of", of=f.what), self.problems, f.where("note")) if node else None

    def membership(self, node: Node | None, owner: Message) -> tuple[str | None, Provenance | None]:
        """`wave: nov-2022`, or `wave: {id: nov-2022, source: ..., quote: ..., note: ...}`."""
        if node is None:
            return None, None
        if isinstance(node, Scalar):
            return (node.text or None), None
        f = Fields(node, msg("what.wave_of", of=owner), self.problems, ("id", *PROVENANCE_FIELDS), node.location)
        return f.text("id", True), self.provenance(f)

    def amounts(self, node: Node | None, owner: Message) -> dict[str, Amount]:
        if node is None:
            return {}
        if not isinstance(node, YamlMapping):
            self.problems.error(node.location, msg("facts.amounts_not_mapping"))
            return {}
        amounts = {}
        for name, (key, value) in node.items.items():
            if name not in self.vocabulary.amounts:
                problem = msg("facts.unknown_amount", name=name, owner=owner)
                self.problems.error(key.location, with_guess(problem, name, self.vocabulary.amounts))
                continue
            f = Fields(value, msg("what.amount", name=name), self.problems, ("nok", *PROVENANCE_FIELDS), key.location)
            nok_node = f.node("nok", True)
            nok = nok_node.value() if isinstance(nok_node, Scalar) else None
            if nok_node is not None and (not isinstance(nok, int) or isinstance(nok, bool) or nok < 0):
                self.problems.error(nok_node.location, msg("facts.nok_not_whole", name=name))
                continue
            provenance = self.provenance(f)
            if isinstance(nok, int) and provenance is not None:
                amounts[name] = Amount(name, nok, provenance)
        return amounts


def _read_party(path: Path, shown: str, reader: FactReader) -> Party | None:
    problems = reader.problems
    root = load(path, shown, problems)
    if root is None:
        return None
    f = Fields(
        root,
        msg("what.party_file"),
        problems,
        ("id", "name", "category", "wave", "facts", "amounts", "notes"),
        Location(shown),
    )
    party_id = f.text("id", True)
    if party_id and not PARTY_ID.match(party_id):
        problems.error(f.where("id"), msg("facts.party_id_form", id=party_id))
    elif party_id and party_id != path.stem:
        problems.error(f.where("id"), msg("facts.party_id_file", id=party_id, file=path.name))
    name = f.text("name", True)
    category = f.choice("category", list(reader.vocabulary.categories), True)
    owner = msg("what.party", id=str(party_id))
    wave, membership = reader.membership(f.node("wave"), owner)
    facts = reader.facts(f.node("facts"), "party", owner)
    amounts = reader.amounts(f.node("amounts"), owner)
    notes = _notes(f, owner, problems)
    if not (party_id and name and category):
        return None
    return Party(party_id, name, category, wave, facts, notes, f.location, membership, amounts)


def _read_wave(path: Path, shown: str, reader: FactReader) -> Wave | None:
    root = load(path, shown, reader.problems)
    if root is None:
        return None
    f = Fields(root, msg("what.wave_file"), reader.problems, ("id", "name", "facts"), Location(shown))
    wave_id = f.text("id", True)
    if wave_id and wave_id != path.stem:
        reader.problems.error(f.where("id"), msg("facts.wave_id_file", id=wave_id, file=path.name))
    name = f.text("name", True)
    facts = reader.facts(f.node("facts"), "wave", msg("what.wave", id=str(wave_id)))
    if not (wave_id and name):
        return None
    return Wave(wave_id, name, facts, f.location)


def read_factbase(facts_dir: Path, root: Path, vocabulary: Vocabulary, problems: Collector) -> FactBase:
    reader = FactReader(vocabulary, problems)
    region: dict[str, Fact] = {}
    region_path = facts_dir / "region.yaml"
    if region_path.is_file():
        shown = display_path(region_path, root)
        node = load(region_path, shown, problems)
        if node is not None:
            f = Fields(node, msg("what.region_file"), problems, ("facts",), Location(shown))
            region = reader.facts(f.node("facts"), "region", msg("what.region"))
    waves: dict[str, Wave] = {}
    for path in input_files(facts_dir / "waves"):
        wave = _read_wave(path, display_path(path, root), reader)
        if wave is not None:
            waves[wave.id] = wave
    parties: dict[str, Party] = {}
    party_paths = input_files(facts_dir / "parties")
    if not party_paths:
        problems.error(Location(display_path(facts_dir / "parties", root)), msg("facts.no_parties"))
    shown_folder = display_path(facts_dir / "parties", root)  # once, not for each of many files
    for path in party_paths:
        party = _read_party(path, f"{shown_folder}/{path.name}", reader)
        if party is None:
            continue
        if party.wave and party.wave not in waves:
            problems.error(party.location, msg("facts.unknown_wave", id=party.id, wave=party.wave))
        parties[party.id] = party
    return FactBase(parties, waves, region)


def _notes(f: Fields, owner: Message, problems: Collector) -> tuple[Text, ...]:
    """`notes: [{nb: ..., en: ...}]`: each note in both languages, as titles are."""
    node = f.node("notes")
    if node is None:
        return ()
    items = node.items if isinstance(node, YamlSequence) else (node,)
    texts = (read_text(item, msg("what.a_note_of", of=owner), problems, item.location) for item in items)
    return tuple(t for t in texts if t is not None)
