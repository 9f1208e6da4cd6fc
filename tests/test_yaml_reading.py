"""The one-pass YAML reader against PyYAML's own composer (tests/yaml_oracle.py):
the same located nodes, tags and problems, in the same order, for the shipped
files, fuzzed copies of them, and the constructs it must refuse or tell apart."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from hprules.domain.diagnostics import Collector, Diagnostic, msg
from hprules.reading import yamlfile

from . import yaml_oracle
from .fuzzing import mutate

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted([*ROOT.glob("rules/*.yaml"), *ROOT.glob("facts/**/*.yaml")])

EDGES = [
    "",
    "---\n",
    "# only a comment\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n---\nb: *x\n",
    "a: 1\n---\n" + "[" * 50 + "]" * 50,
    "a: &x 1\nb: *x\n",
    "- *a\n- [b, &c d]\n",
    "[" * 40 + "]" * 40,
    "[" * 41 + "]" * 41,
    "- " * 45 + "x\n",
    "? [a]\n: {x: 1, x: 2}\nb: 2\n",
    "a: 1\na: {b: 1, b: 2}\nc: {d: 1, d: 2}\n",
    "a: {? [x]: {y: 1, y: 2}}\nb: [1, 2]\n",
    "!!str 12",
    "a: !!int '3'\nb: !custom x\nc: ! 5\n",
    "a: 12\nb: '12'\nc: yes\nd: ~\ne: 1.5\nf: 2023-01-02\ng: 0x1F\nh: null\ni: \n",
    "a: [1, {b: 2}, [c]]\n",
    "a: 1\n  b: 2\n",
    "a: 'unclosed\nb: 2\n",
    "a: {b: 1\n",
]


def _shape(node: yamlfile.Node | None) -> object:
    """A node as plain tuples: the oracle's classes are the reader's, but compare the whole tree."""
    if node is None or isinstance(node, yamlfile.Scalar):
        return node
    if isinstance(node, yamlfile.YamlSequence):
        return ("seq", node.location, tuple(_shape(item) for item in node.items))
    return ("map", node.location, tuple((k, key, _shape(v)) for k, (key, v) in node.items.items()))


Read = tuple[object, list[Diagnostic]]


def _both(text: str, path: str = "f.yaml") -> tuple[Read, Read]:
    ours, theirs = Collector(), Collector()
    read = yamlfile.parse_text(text, path, ours)
    oracle = yaml_oracle.parse_text(text, path, theirs)
    return (_shape(read), ours.items), (_shape(oracle), theirs.items)


@pytest.mark.parametrize("text", EDGES)
def test_the_edges_read_as_pyyaml_composes_them(text: str) -> None:
    ours, oracle = _both(text)
    assert ours == oracle


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_as_pyyaml_composes_it(path: Path) -> None:
    ours, oracle = _both(path.read_text(encoding="utf-8"), str(path))
    assert ours == oracle
    assert ours[0] is not None and not ours[1]


def test_fuzzed_files_read_as_pyyaml_composes_them() -> None:
    texts = {p: p.read_text(encoding="utf-8") for p in SHIPPED}
    differ = []
    for seed in range(1500):
        rng = random.Random(seed)
        path = rng.choice(SHIPPED)
        name, text = mutate(rng, texts[path])
        ours, oracle = _both(text, str(path))
        if ours != oracle:
            differ.append(f"seed {seed} ({name}, {path.name}): {ours[1][:2]} against {oracle[1][:2]}")
    assert not differ, "\n".join(differ[:10])


def test_what_is_refused_is_said_where_it_is() -> None:
    problems = Collector()
    assert yamlfile.parse_text("a: &x 1\nb: [*x, 2]\n", "f.yaml", problems) is None
    assert [(str(d.location), d.message) for d in problems.items] == [
        ("f.yaml:1:4", msg("yaml.anchor", name="&x")),
        ("f.yaml:2:5", msg("yaml.alias", name="*x")),
    ]
    problems = Collector()
    assert yamlfile.parse_text("a:\n" + "  " + "[" * 45 + "]" * 45 + "\n", "f.yaml", problems) is None
    # the outer mapping is level 1, so the 40th bracket (column 3 + 39) is level 41
    assert [(str(d.location), d.message) for d in problems.items] == [
        ("f.yaml:2:42", msg("yaml.too_deep", depth=yamlfile.MAX_DEPTH))
    ]


def test_deep_nesting_far_past_the_limit_is_refused() -> None:
    problems = Collector()
    assert yamlfile.parse_text("[" * 900 + "]" * 900, "f.yaml", problems) is None
    assert [d.message for d in problems.items] == [msg("yaml.too_deep", depth=yamlfile.MAX_DEPTH)]
    # beyond 1000 levels libyaml's scanner stops first, before any event is made
    problems = Collector()
    assert yamlfile.parse_text("[" * 200_000 + "]" * 200_000, "f.yaml", problems) is None
    assert [d.message for d in problems.items] == [msg("yaml.syntax", detail="exceeded maximum nesting depth")]


def test_a_key_that_is_not_text_and_a_repeated_key_skip_their_values_and_say_so() -> None:
    problems = Collector()
    node = yamlfile.parse_text("[a]: {x: 1, x: 2}\nb: 1\nb: {y: 1, y: 2}\nc: 3\n", "f.yaml", problems)
    assert isinstance(node, yamlfile.YamlMapping)
    assert list(node.items) == ["b", "c"]
    assert [(str(d.location), d.message) for d in problems.items] == [
        ("f.yaml:1:1", msg("yaml.key_not_text")),
        ("f.yaml:3:1", msg("yaml.duplicate_key", key="b", line=2)),
    ]
