"""A project: the rule book and the facts under one root directory (I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.collection_pause import collector_paused
from ..domain.diagnostics import Collector, InvalidInput, Location, msg
from ..domain.factbase import FactBase
from ..domain.rulebook import RuleBook
from .fact_reader import read_factbase
from .rule_reader import read_rulebook


@dataclass(frozen=True)
class Project:
    root: Path
    rules: RuleBook
    facts: FactBase


def read_project(root: Path, problems: Collector) -> Project:
    """Read everything, recording problems; the result is only trustworthy if none."""
    rules_dir, facts_dir = root / "rules", root / "facts"
    for needed in (rules_dir, facts_dir):
        if not needed.is_dir():
            problems.error(Location(str(needed)), msg("project.no_folder"))
    if problems.items:
        raise InvalidInput(problems.items)
    with collector_paused():  # many small acyclic values
        book = read_rulebook(rules_dir, root, problems)
        facts = read_factbase(facts_dir, root, book.vocabulary, problems)
    _cross_check(book, facts, problems)
    return Project(root, book, facts)


def load_project(root: Path, earlier_revision: bool = False) -> Project:
    """Read and validate a project; raise InvalidInput with every problem.

    `earlier_revision`: files of another revision (diff --base) may predate the
    bilingual texts; one text then stands for both languages."""
    problems = Collector(one_text_for_both=earlier_revision)
    project = read_project(root, problems)
    problems.raise_if_any()
    return project


def load_changed(root: Path, path: Path, text: str) -> Project:
    """The project as it would be with `text` in `path`, validated whole, without
    touching `root`: read from a temporary copy (the result's `root` is gone)."""
    import shutil  # here, not at the top: only `record` and `approve` need them
    import tempfile

    with tempfile.TemporaryDirectory(prefix="hprules-check-") as temp:
        copy = Path(temp)
        shutil.copytree(root / "rules", copy / "rules", ignore=shutil.ignore_patterns("examples"))
        shutil.copytree(root / "facts", copy / "facts", ignore=shutil.ignore_patterns(".*"))
        (copy / path.relative_to(root)).write_text(text, encoding="utf-8")
        return load_project(copy)


def _cross_check(book: RuleBook, facts: FactBase, problems: Collector) -> None:
    for rule in book.rules:
        for wave in rule.applies_to.waves:
            if wave not in facts.waves:
                problems.error(rule.location, msg("project.unknown_wave", id=rule.id, wave=wave))
