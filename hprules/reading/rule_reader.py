"""Reads `rules/*.yaml` into a RuleBook, recording every problem with its place."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.dates import DateSyntaxError, Move, Offset
from ..domain.diagnostics import Collector, Location, Message, display_path, msg
from ..domain.rulebook import (
    DEFAULT_MOVE,
    AppliesTo,
    Condition,
    FactSpec,
    Inference,
    Kind,
    Review,
    Rule,
    RuleBook,
    Source,
    Text,
    Unencoded,
    Vocabulary,
)
from .fields import Fields
from .regular_file import input_files
from .suggestion import with_guess
from .yamlfile import Node, Scalar, YamlMapping, YamlSequence, load, to_plain

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
    "amount",
)
INFERENCE_FIELDS = (
    "id",
    "title",
    "applies_to",
    "from",
    "when",
    "concludes",
    "excludes",
    "sources",
    "interpretation",
    "review",
)
UNENCODED_FIELDS = ("id", "title", "reason", "sources")


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


@dataclass(frozen=True)
class RuleFile:
    rules: tuple[Rule, ...]
    inferences: tuple[Inference, ...]
    unencoded: tuple[Unencoded, ...]


def read_text(node: Node | None, what: Message, problems: Collector, where: Location) -> Text | None:
    if isinstance(node, Scalar) and not node.is_null and problems.one_text_for_both and node.text.strip():
        return Text(node.text, node.text)
    if isinstance(node, Scalar) and not node.is_null:
        # One text would show the same words to both readers: ask for both languages.
        problems.error(node.location, msg("text.one_language", what=what))
        return None
    fields = Fields(node, what, problems, ("nb", "en"), where)
    nb, en = fields.text("nb", True), fields.text("en", True)
    if node is None:
        problems.error(where, msg("text.missing", what=what))
    return Text(nb, en) if nb and en else None


def read_vocabulary(path: Path, shown: str, problems: Collector) -> Vocabulary:
    root = load(path, shown, problems)
    fields = Fields(root, msg("what.vocabulary"), problems, ("categories", "facts", "amounts"), Location(shown))
    categories: dict[str, Text] = {}
    cats = fields.node("categories", True)
    if isinstance(cats, YamlMapping):
        for name, (key, value) in cats.items.items():
            text = read_text(value, msg("what.category", name=name), problems, key.location)
            if text:
                categories[name] = text
    facts: dict[str, FactSpec] = {}
    fact_nodes = fields.node("facts", True)
    if isinstance(fact_nodes, YamlMapping):
        for name, (key, value) in fact_nodes.items.items():
            spec = Fields(value, msg("what.fact", name=name), problems, ("scope", "nb", "en"), key.location)
            scope = tuple(s for s, loc in spec.texts("scope") if _check_scope(s, loc, problems))
            nb, en = spec.text("nb", True), spec.text("en", True)
            if not scope:
                problems.error(key.location, msg("vocabulary.no_scope", name=name, scopes=", ".join(SCOPES)))
            if nb and en:
                facts[name] = FactSpec(name, scope, Text(nb, en))
    amounts: dict[str, Text] = {}
    amount_nodes = fields.node("amounts")
    if isinstance(amount_nodes, YamlMapping):
        for name, (key, value) in amount_nodes.items.items():
            text = read_text(value, msg("what.amount", name=name), problems, key.location)
            if text:
                amounts[name] = text
    return Vocabulary(categories, facts, amounts)


def _check_scope(scope: str, where: Location, problems: Collector) -> bool:
    if scope not in SCOPES:
        problems.error(where, msg("vocabulary.unknown_scope", scope=scope, scopes=", ".join(SCOPES)))
        return False
    return True


class _RuleFileReader:
    def __init__(self, vocabulary: Vocabulary, problems: Collector) -> None:
        self.vocabulary = vocabulary
        self.problems = problems

    def read(self, path: Path, shown: str) -> RuleFile:
        root = load(path, shown, self.problems)
        if root is None:
            return RuleFile((), (), ())
        top = Fields(
            root,
            msg("what.rule_file"),
            self.problems,
            ("agreement", "rules", "inferences", "not_encoded"),
            Location(shown),
        )
        agreement = top.text("agreement", True) or ""
        if top.ok and not any(top.map.get(k) for k in ("rules", "inferences", "not_encoded")):
            self.problems.error(top.location, msg("rules.file_empty"))
        rules = [self._rule(node, agreement, shown) for node in self._items(top, "rules")]
        inferences = [self._inference(node, agreement, shown) for node in self._items(top, "inferences")]
        # A provision not encoded cites its document; the file's name for the list is no agreement.
        unencoded = [self._unencoded(node, "") for node in self._items(top, "not_encoded")]
        return RuleFile(
            tuple(r for r in rules if r is not None),
            tuple(i for i in inferences if i is not None),
            tuple(u for u in unencoded if u is not None),
        )

    def _items(self, top: Fields, key: str) -> tuple[Node, ...]:
        node = top.node(key)
        if node is None:
            return ()
        if not isinstance(node, YamlSequence):
            self.problems.error(node.location, msg("rules.not_a_list", key=key))
            return ()
        return node.items

    def _inference(self, node: Node, agreement: str, shown: str) -> Inference | None:
        errors_before = len(self.problems.items)
        f = Fields(node, msg("what.an_inference"), self.problems, INFERENCE_FIELDS)
        inference_id = f.text("id", True) or "?"
        if inference_id != "?" and not RULE_ID.match(inference_id):
            self.problems.error(f.where("id"), msg("rules.inference_id_form", id=inference_id))
        f.what = msg("what.inference", id=inference_id)
        title = read_text(f.node("title"), msg("what.title_of", of=f.what), self.problems, f.location)
        a = Fields(
            f.node("applies_to", True),
            msg("what.field_of", field="applies_to", of=f.what),
            self.problems,
            ("categories",),
            f.location,
        )
        categories = tuple(n for n, w in a.texts("categories") if self._category(n, w))
        if a.ok and not categories:
            self.problems.error(a.location, msg("rules.no_category", what=a.what))
        start = f.text("from", True)
        if start:
            self._fact_name(start, f.where("from"), "from")
        when = f.choice("when", [c.value for c in Condition], True)
        concludes = tuple(n for n, w in f.texts("concludes") if self._fact_name(n, w, "concludes"))
        excludes = f.choice("excludes", ["all"]) == "all"
        if f.ok and not concludes and not excludes:
            self.problems.error(f.location, msg("rules.concludes_nothing", id=inference_id))
        if start and start in concludes:
            self.problems.error(f.where("concludes"), msg("rules.concludes_start", id=inference_id))
        sources = self._sources(f, inference_id, agreement, required=False)
        interpretation = self._optional_text(f, "interpretation", msg("what.interpretation_of", of=f.what))
        if f.ok and not sources and not interpretation:
            self.problems.error(f.location, msg("rules.inference_unsupported", id=inference_id))
        reviews = self._reviews(f, inference_id)
        review = reviews[-1] if reviews else None
        if len(self.problems.items) > errors_before or not (title and start and when and categories):
            return None
        return Inference(
            id=inference_id,
            title=title,
            agreement=agreement,
            categories=categories,
            start=start,
            condition=Condition(when),
            concludes=concludes,
            excludes=excludes,
            sources=tuple(sources),
            interpretation=interpretation,
            location=f.location,
            path=shown,
            review=review,
            fingerprint=rule_fingerprint(node),
            reviews=reviews,
        )

    def _unencoded(self, node: Node, agreement: str) -> Unencoded | None:
        errors_before = len(self.problems.items)
        f = Fields(node, msg("what.a_provision"), self.problems, UNENCODED_FIELDS)
        item_id = f.text("id", True) or "?"
        f.what = msg("what.provision", id=item_id)
        title = read_text(f.node("title"), msg("what.title_of", of=f.what), self.problems, f.location)
        reason = read_text(f.node("reason"), msg("what.reason_of", of=f.what), self.problems, f.location)
        sources = self._sources(f, item_id, agreement)
        if len(self.problems.items) > errors_before or not (title and reason and sources):
            return None
        return Unencoded(item_id, title, reason, tuple(sources), f.location)

    def _category(self, name: str, where: Location) -> bool:
        if name not in self.vocabulary.categories:
            problem = msg("rules.unknown_category", name=name, known=", ".join(self.vocabulary.categories))
            self.problems.error(where, with_guess(problem, name, self.vocabulary.categories))
            return False
        return True

    def _fact_name(self, name: str, where: Location, field: str) -> bool:
        if name not in self.vocabulary.facts:
            problem = msg("rules.unknown_fact", field=field, name=name, file=VOCABULARY_FILE)
            self.problems.error(where, with_guess(problem, name, self.vocabulary.facts))
            return False
        return True

    def _offset(self, node: Node, what: Message, suffix: str = "") -> Offset | None:
        if not isinstance(node, Scalar):
            self.problems.error(node.location, msg("rules.offset_not_text", what=what))
            return None
        raw = node.value()
        try:
            return Offset.parse(f"{raw} {suffix}".strip() if suffix and isinstance(raw, str) else raw)
        except DateSyntaxError as exc:
            self.problems.error(node.location, msg("message.about", what=what, detail=exc.message))
            return None

    def _rule(self, node: Node, agreement: str, shown: str) -> Rule | None:
        errors_before = len(self.problems.items)
        f = Fields(node, msg("what.a_rule"), self.problems, RULE_FIELDS)
        rule_id = f.text("id", True) or "?"
        if rule_id != "?" and not RULE_ID.match(rule_id):
            self.problems.error(f.where("id"), msg("rules.rule_id_form", id=rule_id))
        f.what = msg("what.rule", id=rule_id)
        kind_text = f.choice("kind", [k.value for k in Kind], True)
        kind = Kind(kind_text) if kind_text else None
        title = read_text(f.node("title"), msg("what.title_of", of=f.what), self.problems, f.location)
        applies = self._applicability(f, rule_id)
        trigger = f.text("trigger", True)
        if trigger:
            self._fact_name(trigger, f.where("trigger"), "trigger")
        offsets = self._offsets(f, rule_id)
        if offsets and "*" not in offsets and applies is not None:
            uncovered = [c for c in applies.categories if c not in offsets]
            if uncovered:
                self.problems.error(
                    f.where("offset"), msg("rules.offset_uncovered", id=rule_id, categories=", ".join(uncovered))
                )
        move, move_reason = self._move(f, rule_id, kind)
        fulfilled_by = f.text("fulfilled_by")
        if fulfilled_by:
            self._fact_name(fulfilled_by, f.where("fulfilled_by"), "fulfilled_by")
        due_soon_node = f.node("due_soon")
        due_soon = self._offset(due_soon_node, msg("what.name", name="due_soon"), "before") if due_soon_node else None
        if due_soon is not None and due_soon.sign > 0:
            self.problems.error(f.where("due_soon"), msg("rules.due_soon_after"))
        rec_node = f.node("recurrence")
        recurrence = self._offset(rec_node, msg("what.name", name="recurrence"), "after") if rec_node else None
        if recurrence is not None and recurrence.sign < 0:
            self.problems.error(f.where("recurrence"), msg("rules.recurrence_before"))
        elif recurrence is not None and recurrence.amount == 0:  # would repeat on the same day for ever
            self.problems.error(f.where("recurrence"), msg("rules.recurrence_zero"))
        elif recurrence is not None and any(o.unit is not recurrence.unit for o in (offsets or {}).values()):
            self.problems.error(f.where("recurrence"), msg("rules.recurrence_unit"))
        sources = self._sources(f, rule_id, agreement)
        interpretation = self._optional_text(f, "interpretation", msg("what.interpretation_of", of=f.what))
        reviews = self._reviews(f, rule_id)
        valid_from, valid_to = f.date("valid_from"), f.date("valid_to")
        for key, value in (("valid_from", valid_from), ("valid_to", valid_to)):
            if value is not None and not value.is_exact:
                self.problems.error(f.where(key), msg("date.needs_day", key=key))
        if valid_from and valid_to and valid_to.latest < valid_from.latest:
            self.problems.error(f.where("valid_to"), msg("rules.valid_to_before"))
        amount = f.text("amount")
        if amount and amount not in self.vocabulary.amounts:
            problem = msg("rules.unknown_amount", name=amount, file=VOCABULARY_FILE)
            self.problems.error(f.where("amount"), with_guess(problem, amount, self.vocabulary.amounts))
        who_node = f.node("who")
        who = (
            read_text(who_node, msg("what.field_of", field="'who'", of=f.what), self.problems, f.location)
            if who_node
            else None
        )
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
            review=reviews[-1] if reviews else None,
            reviews=reviews,
            fingerprint=rule_fingerprint(node),
            valid_from=valid_from.latest if valid_from else None,
            valid_to=valid_to.latest if valid_to else None,
            amount=amount,
        )

    def _reviews(self, f: Fields, rule_id: str) -> tuple[Review, ...]:
        """One stamp, or the list of them oldest first (`approve` appends)."""
        node = f.node("review")
        if node is None:
            return ()
        items = node.items if isinstance(node, YamlSequence) else (node,)
        stamps = [self._review(item, rule_id, f.location) for item in items]
        reviews = tuple(s for s in stamps if s is not None)
        for earlier, later in itertools.pairwise(reviews):
            if later.on < earlier.on:
                self.problems.error(later.location, msg("rules.reviews_order", id=rule_id))
        return reviews

    def _review(self, node: Node, rule_id: str, where: Location) -> Review | None:
        r = Fields(node, msg("what.review_of", id=rule_id), self.problems, ("by", "on", "fingerprint"), where)
        by, on, fingerprint = r.text("by", True), r.date("on", True), r.text("fingerprint", True)
        if on is not None and not on.is_exact:
            self.problems.error(r.where("on"), msg("date.needs_day", key="on"))
        if not (by and on and fingerprint):
            return None
        return Review(by, on.latest, fingerprint, r.location)

    def _applicability(self, f: Fields, rule_id: str) -> AppliesTo | None:
        a = Fields(
            f.node("applies_to", True),
            msg("what.field_of", field="applies_to", of=f.what),
            self.problems,
            ("categories", "waves", "requires", "unless"),
            f.location,
        )
        categories = [name for name, where in a.texts("categories") if self._category(name, where)]
        if a.ok and not categories:
            self.problems.error(a.location, msg("rules.no_category", what=a.what))
        requires = [n for n, w in a.texts("requires") if self._fact_name(n, w, "requires")]
        unless = [n for n, w in a.texts("unless") if self._fact_name(n, w, "unless")]
        waves = [n for n, _ in a.texts("waves")]
        if not a.ok:
            return None
        return AppliesTo(tuple(categories), tuple(waves), tuple(requires), tuple(unless))

    def _offsets(self, f: Fields, rule_id: str) -> dict[str, Offset] | None:
        node = f.node("offset", True)
        if node is None:
            return None
        if isinstance(node, Scalar) and node.text == "none":
            return None
        if isinstance(node, YamlMapping):
            offsets = {}
            for category, (key, value) in node.items.items():
                if category != "*" and category not in self.vocabulary.categories:
                    self.problems.error(key.location, msg("rules.offset_unknown_category", name=category))
                    continue
                offset = self._offset(value, msg("what.offset_for", name=category))
                if offset is not None:
                    offsets[category] = offset
            return offsets
        offset = self._offset(node, msg("what.name", name="offset"))
        return {"*": offset} if offset else None

    def _optional_text(self, f: Fields, key: str, what: Message) -> Text | None:
        node = f.node(key)
        return read_text(node, what, self.problems, f.where(key)) if node is not None else None

    def _move(self, f: Fields, rule_id: str, kind: Kind | None) -> tuple[Move, Text | None]:
        m = Fields(
            f.node("non_working_day", True),
            msg("what.field_of", field="non_working_day", of=f.what),
            self.problems,
            ("move", "why"),
            f.location,
        )
        move_text = m.choice("move", [x.value for x in Move], True)
        why = self._optional_text(m, "why", msg("what.field_of", field="'why'", of=m.what))
        move = Move(move_text) if move_text else Move.NONE
        if move_text and kind and move is not DEFAULT_MOVE[kind] and not why:
            self.problems.error(
                m.location, msg("rules.move_unexplained", id=rule_id, move=move, kind=kind, default=DEFAULT_MOVE[kind])
            )
        return move, why

    def _sources(self, f: Fields, rule_id: str, agreement: str, required: bool = True) -> list[Source]:
        node = f.node("sources", required)
        if node is None:
            return []
        if not isinstance(node, YamlSequence) or (required and not node.items):
            self.problems.error(node.location, msg("rules.sources_not_list", id=rule_id))
            return []
        sources = []
        for item in node.items:
            s = Fields(
                item,
                msg("what.source_of", id=rule_id),
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
        problems.error(Location(display_path(vocab_path, root)), msg("rules.no_vocabulary"))
        vocabulary = Vocabulary({}, {})
    else:
        vocabulary = read_vocabulary(vocab_path, display_path(vocab_path, root), problems)
    reader = _RuleFileReader(vocabulary, problems)
    rules: list[Rule] = []
    inferences: list[Inference] = []
    unencoded: list[Unencoded] = []
    paths = [p for p in input_files(rules_dir) if p.name != VOCABULARY_FILE]
    if not paths:
        problems.error(Location(display_path(rules_dir, root)), msg("rules.no_files"))
    for path in paths:
        found = reader.read(path, display_path(path, root))
        rules.extend(found.rules)
        inferences.extend(found.inferences)
        unencoded.extend(found.unencoded)
    _unique_ids(rules, inferences, unencoded, problems)
    # One id may have several versions (valid_from/valid_to), never two in force at once.
    kept: list[Rule] = []
    for rule in rules:
        clash = next((r for r in kept if r.id == rule.id and _overlap(r, rule)), None)
        if clash is not None:
            problems.error(rule.location, msg("rules.duplicate_rule", id=rule.id, other=str(clash.location)))
        else:
            kept.append(rule)
    return RuleBook(vocabulary, tuple(kept), tuple(inferences), tuple(unencoded))


def _unique_ids(
    rules: list[Rule], inferences: list[Inference], unencoded: list[Unencoded], problems: Collector
) -> None:
    """Rules, inferences and provisions not encoded share one name space: an id names one thing."""
    first: dict[str, Location] = {r.id: r.location for r in reversed(rules)}
    items: list[Inference | Unencoded] = [*inferences, *unencoded]
    for item in items:
        if item.id in first:
            problems.error(item.location, msg("rules.duplicate_id", id=item.id, other=str(first[item.id])))
        else:
            first[item.id] = item.location


def _overlap(a: Rule, b: Rule) -> bool:
    lo = max(a.valid_from or date.min, b.valid_from or date.min)
    hi = min(a.valid_to or date.max, b.valid_to or date.max)
    return lo <= hi
