"""The folders show the layers, and each layer imports only from the layers below it.

Read from the source with `ast`, not by importing, so that a lazy import inside a
function counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "hprules"

# Bottom to top. The two front doors share the top: `cli` starts the web server.
LAYERS: list[set[str]] = [
    {"domain"},
    {"reading"},
    {"evaluation"},
    {"render"},
    {"store"},
    {"api"},
    {"server", "cli", "cli_doc", "__main__"},
]


def _layer(unit: str) -> int:
    for n, units in enumerate(LAYERS):
        if unit in units:
            return n
    raise AssertionError(f"{unit} belongs to no layer: add it to LAYERS")


def _unit(module: str) -> str:
    """'hprules.render.feed' -> 'render'; 'hprules.api' -> 'api'."""
    return module.split(".")[1]


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, text: str | None = None) -> list[tuple[int, str]]:
    """Every hprules module that `path` imports (or would, holding `text`), absolute, with its line."""
    name = _module_name(path)
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8") if text is None else text)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "hprules":  # `from hprules import api`
                found += [(node.lineno, f"hprules.{a.name}") for a in node.names]
            elif target.startswith("hprules."):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("hprules.")]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent == PACKAGE or p.parent.parent == PACKAGE)


def test_every_module_sits_in_a_known_layer() -> None:
    for path in MODULES:
        name = _module_name(path)
        if name != "hprules":
            _layer(_unit(name))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_come_only_from_the_same_layer_or_below(path: Path) -> None:
    name = _module_name(path)
    if name == "hprules":
        return
    own = _layer(_unit(name))
    upward = [f"line {line}: {target}" for line, target in _imports(path) if _layer(_unit(target)) > own]
    assert not upward, f"{name} imports from a layer above it: {upward}"


def test_the_check_sees_relative_lazy_and_absolute_imports() -> None:
    # the checker must be able to fail: imports upward, hidden in a function or written absolute
    dates = PACKAGE / "domain" / "dates.py"
    probe = "def f():\n    from ..render import feed\n    from ..api import check\nimport hprules.store.approval\n"
    found = sorted(_imports(dates, probe))
    assert found == [(2, "hprules.render"), (3, "hprules.api"), (4, "hprules.store.approval")]
    assert all(_layer(_unit(target)) > _layer("domain") for _, target in found)
    same_and_below = sorted(
        _imports(PACKAGE / "render" / "feed.py", "from .texts import x\nfrom ..domain import dates\n")
    )
    assert same_and_below == [(1, "hprules.render.texts"), (2, "hprules.domain")]
