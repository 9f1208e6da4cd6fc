"""Reads `rules/*.yaml` into a RuleBook, recording every problem with its place."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

from .dates import DateSyntaxError, Move, Offset
from .diagnostics import Collector, Location, display_path
from .fields import Fields
from .regular_file import input_files
from .rulebook import (
    DEFAULT_MOVE,
    Applicability,
    FactSpec,
    Kind,
    Review,
    Rule,
    RuleBook,
    Source,
    Text,
    Vocabulary,
)
from .yamlfile import Mapping, Node, Scalar, Sequence, load, to_plain

VOCABULARY_FILE = "vocabulary.yaml"
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SCOPES = ("party", "wave", "region")

RULE_FIELDS = (
    "id",
    "kind",
    "title",
    "who",
    "applies_to",
    "trigger",
    "offset",
    "non_working_day",
    "fulfilled_by",
    "due_soon",
    "recurrence",
    "sources",
    "interpretation",
    "review",
    "valid_from",
    "valid_to",
)


def rule_fingerprint(node: Node) -> str:
    """What a reviewer approves: the rule's content and its quotes, not its layout.

    Every field but `review` itself, with whitespace collapsed (re-wrapping a
    quote changes nothing), hashed.
    """
    plain = to_plain(node)
    if isinstance(plain, dict):
        plain = {k: v for k, v in plain.items() if k != "review"}

    def norm(value: object) -> object:
        if isinstance(value, str):
            return " ".join(value.split())
        if isinstance(value, list):
            return [norm(v) for v in value]
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        return value

    text = json.dumps(norm(plain), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_text(node: Node | None, what: str, problems: Collector, where: Location) -> Text | None:
    fields = Fields(node, what, problems, ("nb", "en"), where)
    nb, en = fields.text("nb", True), fields.text("en", True)
    if node is None:
        problems.error(where, f"{what} is missing; give it in Norwegian (nb) and English (en)")
    return Text(nb, en) if nb and en else None


def read_vocabulary(path: Path, shown: str, problems: Collector) -> Vocabulary:
    root = load(path, shown, problems)
    fields = Fields(root, "the vocabulary", problems, ("categories", "facts"), Location(shown))
    categories: dict[str, Text] = {}
    cats = fields.node("categories", True)
    if isinstance(cats, Mapping):
        for name, (key, value) in cats.items.items():
            text = read_text(value, f"category '{name}'", problems, key.location)
            if text:
                categories[name] = text
    facts: dict[str, FactSpec] = {}
    fact_nodes = fields.node("facts", True)
    if isinstance(fact_nodes, Mapping):
        for name, (key, value) in fact_nodes.items.items():
            spec = Fields(value, f"fact '{name}'", problems, ("scope", "nb", "en"), key.location)
            scope = tuple(s for s, loc in spec.texts("scope") if _check_scope(s, loc, problems))
            nb, en = spec.text("nb", True), spec.text("en", True)
            if not scope:
                problems.error(key.location, f"fact '{name}' needs a scope: {', '.join(SCOPES)}")
            if nb and en:
                facts[name] = FactSpec(name, scope, Text(nb, en))
    return Vocabulary(categories, facts)


def _check_scope(scope: str, where: Location, problems: Collector) -> bool:
    if scope not in SCOPES:
        problems.error(where, f"unknown scope '{scope}'; expected one of: {', '.join(SCOPES)}")
        return False
    return True


class _RuleFileReader:
    def __init__(self, vocabulary: Vocabulary, problems: Collector) -> None:
        self.vocabulary = vocabulary
        self.problems = problems

    def read(self, path: Path, shown: str) -> list[Rule]:
        root = load(path, shown, self.problems)
        if root is None:
            return []
        top = Fields(root, "a rule file", self.problems, ("agreement", "rules"), Location(shown))
        agreement = top.text("agreement", True) or ""
        rules_node = top.node("rules", True)
        if rules_node is None:
            return []
        if not isinstance(rules_node, Sequence):
            self.problems.error(rules_node.location, "'rules' must be a list of rules ('- id: ...')")
            return []
        rules = [self._rule(node, agreement, shown) for node in rules_node.items]
        return [r for r in rules if r is not None]

    def _fact_name(self, name: str, where: Location, field: str) -> bool:
        if name not in self.vocabulary.facts:
            self.problems.error(
                where,
                f"{field}: unknown fact '{name}'; known facts are listed in rules/{VOCABULARY_FILE}",
            )
            return False
        return True

    def _offset(self, node: Node, what: str, suffix: str = "") -> Offset | None:
        if not isinstance(node, Scalar):
            self.problems.error(node.location, f"{what} must be text like '30 days after'")
            return None
        raw = node.value()
        try:
            return Offset.parse(f"{raw} {suffix}".strip() if suffix and isinstance(raw, str) else raw)
        except DateSyntaxError as exc:
            self.problems.error(node.location, f"{what}: {exc}")
            return None

    def _rule(self, node: Node, agreement: str, shown: str) -> Rule | None:
        errors_before = len(self.problems.items)
        f = Fields(node, "a rule", self.problems, RULE_FIELDS)
        rule_id = f.text("id", True) or "?"
        if rule_id != "?" and not RULE_ID.match(rule_id):
            self.problems.error(
                f.where("id"),
                f"rule id '{rule_id}' must be lowercase words joined by hyphens",
            )
        f.what = f"rule '{rule_id}'"
        kind_text = f.choice("kind", [k.value for k in Kind], True)
        kind = Kind(kind_text) if kind_text else None
        title = read_text(f.node("title"), f"the title of rule '{rule_id}'", self.problems, f.location)
        applies = self._applicability(f, rule_id)
        trigger = f.text("trigger", True)
        if trigger:
            self._fact_name(trigger, f.where("trigger"), "trigger")
        offsets = self._offsets(f, rule_id)
        move, move_reason = self._move(f, rule_id, kind)
        fulfilled_by = f.text("fulfilled_by")
        if fulfilled_by:
            self._fact_name(fulfilled_by, f.where("fulfilled_by"), "fulfilled_by")
        due_soon_node = f.node("due_soon")
        due_soon = self._offset(due_soon_node, "due_soon", "before") if due_soon_node else None
        if due_soon is not None and due_soon.sign > 0:
            self.problems.error(f.where("due_soon"), "due_soon counts before the date: write e.g. '30 days'")
        rec_node = f.node("recurrence")
        recurrence = self._offset(rec_node, "recurrence", "after") if rec_node else None
        if recurrence is not None and recurrence.sign < 0:
            self.problems.error(f.where("recurrence"), "recurrence counts forward: write e.g. '3 months'")
        elif recurrence is not None and recurrence.amount == 0:  # would repeat on the same day for ever
            self.problems.error(f.where("recurrence"), "recurrence must be at least 1: write e.g. '3 months'")
        elif recurrence is not None and any(o.unit is not recurrence.unit for o in (offsets or {}).values()):
            self.problems.error(f.where("recurrence"), "recurrence must use the same unit as the offset")
        sources = self._sources(f, rule_id, agreement)
        interpretation = f.text("interpretation")
        review = self._review(f, rule_id)
        valid_from, valid_to = f.date("valid_from"), f.date("valid_to")
        for key, value in (("valid_from", valid_from), ("valid_to", valid_to)):
            if value is not None and not value.is_exact:
                self.problems.error(f.where(key), f"'{key}' needs a day (YYYY-MM-DD)")
        if valid_from and valid_to and valid_to.latest < valid_from.latest:
            self.problems.error(f.where("valid_to"), "'valid_to' is before 'valid_from'")
        who_node = f.node("who")
        who = read_text(who_node, f"'who' of rule '{rule_id}'", self.problems, f.location) if who_node else None
        if len(self.problems.items) > errors_before or not (kind and title and trigger and applies):
            return None
        return Rule(
            id=rule_id,
            kind=kind,
            title=title,
            agreement=agreement,
            applies_to=applies,
            trigger=trigger,
            offsets=offsets,
            move=move,
            move_reason=move_reason,
            fulfilled_by=fulfilled_by,
            due_soon=due_soon,
            recurrence=recurrence,
            sources=tuple(sources),
            interpretation=interpretation,
            who=who,
            location=f.location,
            path=shown,
            review=review,
            fingerprint=rule_fingerprint(node),
            valid_from=valid_from.latest if valid_from else None,
            valid_to=valid_to.latest if valid_to else None,
        )

    def _review(self, f: Fields, rule_id: str) -> Review | None:
        node = f.node("review")
        if node is None:
            return None
        r = Fields(node, f"review of rule '{rule_id}'", self.problems, ("by", "on", "fingerprint"), f.location)
        by, on, fingerprint = r.text("by", True), r.date("on", True), r.text("fingerprint", True)
        if on is not None and not on.is_exact:
            self.problems.error(r.where("on"), "'on' needs a day (YYYY-MM-DD)")
        if not (by and on and fingerprint):
            return None
        return Review(by, on.latest, fingerprint, r.location)

    def _applicability(self, f: Fields, rule_id: str) -> Applicability | None:
        a = Fields(
            f.node("applies_to", True),
            f"applies_to of rule '{rule_id}'",
            self.problems,
            ("categories", "waves", "requires", "unless"),
            f.location,
        )
        categories = []
        for name, where in a.texts("categories"):
            if name not in self.vocabulary.categories:
                self.problems.error(
                    where,
                    f"unknown category '{name}'; expected one of: {', '.join(self.vocabulary.categories)}",
                )
            categories.append(name)
        if a.ok and not categories:
            self.problems.error(a.location, f"applies_to of rule '{rule_id}' needs at least one category")
        requires = [n for n, w in a.texts("requires") if self._fact_name(n, w, "requires")]
        unless = [n for n, w in a.texts("unless") if self._fact_name(n, w, "unless")]
        waves = [n for n, _ in a.texts("waves")]
        if not a.ok:
            return None
        return Applicability(tuple(categories), tuple(waves), tuple(requires), tuple(unless))

    def _offsets(self, f: Fields, rule_id: str) -> dict[str, Offset] | None:
        node = f.node("offset", True)
        if node is None:
            return None
        if isinstance(node, Scalar) and node.text == "none":
            return None
        if isinstance(node, Mapping):
            offsets = {}
            for category, (key, value) in node.items.items():
                if category != "*" and category not in self.vocabulary.categories:
                    self.problems.error(key.location, f"offset for unknown category '{category}'")
                    continue
                offset = self._offset(value, f"offset for '{category}'")
                if offset is not None:
                    offsets[category] = offset
            return offsets
        offset = self._offset(node, "offset")
        return {"*": offset} if offset else None

    def _move(self, f: Fields, rule_id: str, kind: Kind | None) -> tuple[Move, str]:
        m = Fields(
            f.node("non_working_day", True),
            f"non_working_day of rule '{rule_id}'",
            self.problems,
            ("move", "why"),
            f.location,
        )
        move_text = m.choice("move", [x.value for x in Move], True)
        why = m.text("why") or ""
        move = Move(move_text) if move_text else Move.NONE
        if move_text and kind and move is not DEFAULT_MOVE[kind] and not why:
            self.problems.error(
                m.location,
                f"rule '{rule_id}' moves '{move}' but the default for a {kind} is "
                f"'{DEFAULT_MOVE[kind]}'; say why in 'why'",
            )
        return move, why

    def _sources(self, f: Fields, rule_id: str, agreement: str) -> list[Source]:
        node = f.node("sources", True)
        if node is None:
            return []
        if not isinstance(node, Sequence) or not node.items:
            self.problems.error(node.location, f"sources of rule '{rule_id}' must be a non-empty list")
            return []
        sources = []
        for item in node.items:
            s = Fields(
                item,
                f"a source of rule '{rule_id}'",
                self.problems,
                ("document", "agreement", "clause", "quote"),
                node.location,
            )
            document = s.text("document", True)
            quote = s.text("quote", True)
            clause = s.text("clause")
            if document and quote:
                quote_node = s.map.get("quote")
                sources.append(
                    Source(
                        document,
                        s.text("agreement") or agreement,
                        clause,
                        quote,
                        quote_node.location if quote_node else s.location,
                    )
                )
        return sources


def read_rulebook(rules_dir: Path, root: Path, problems: Collector) -> RuleBook:
    vocab_path = rules_dir / VOCABULARY_FILE
    if not vocab_path.is_file():
        problems.error(Location(display_path(vocab_path, root)), "missing: the rule book needs its vocabulary")
        vocabulary = Vocabulary({}, {})
    else:
        vocabulary = read_vocabulary(vocab_path, display_path(vocab_path, root), problems)
    reader = _RuleFileReader(vocabulary, problems)
    rules: list[Rule] = []
    paths = [p for p in input_files(rules_dir) if p.name != VOCABULARY_FILE]
    if not paths:
        problems.error(Location(display_path(rules_dir, root)), "no rule files (*.yaml) found")
    for path in paths:
        rules.extend(reader.read(path, display_path(path, root)))
    # One id may have several versions (valid_from/valid_to), never two in force at once.
    kept: list[Rule] = []
    for rule in rules:
        clash = next((r for r in kept if r.id == rule.id and _overlap(r, rule)), None)
        if clash is not None:
            problems.error(
                rule.location,
                f"duplicate rule id '{rule.id}' (also at {clash.location}); versions of one rule need "
                "valid_from/valid_to that do not overlap",
            )
        else:
            kept.append(rule)
    return RuleBook(vocabulary, tuple(kept))


def _overlap(a: Rule, b: Rule) -> bool:
    lo = max(a.valid_from or date.min, b.valid_from or date.min)
    hi = min(a.valid_to or date.max, b.valid_to or date.max)
    return lo <= hi
