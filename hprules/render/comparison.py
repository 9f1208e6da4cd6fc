"""What a change to the rules or facts does to every party's findings. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain.finding import Finding, Status
from ..evaluation.evaluator import Evaluation
from .report import date_text
from .texts import counted, word


@dataclass(frozen=True)
class Change:
    party: str
    rule: str
    kind: str  # appeared, disappeared, moved, status, moved+status
    before: Finding | None
    after: Finding | None

    def json(self) -> dict[str, Any]:
        def side(f: Finding | None) -> dict[str, Any] | None:
            if f is None:
                return None
            return {
                "status": f.status.value,
                "due": f.due.isoformat() if f.due else None,
                "earliest": f.earliest.isoformat() if f.earliest else None,
                "latest": f.latest.isoformat() if f.latest else None,
                "missing": list(f.missing),
            }

        return {
            "party": self.party,
            "rule": self.rule,
            "change": self.kind,
            "before": side(self.before),
            "after": side(self.after),
        }


def compare(before: Evaluation, after: Evaluation) -> list[Change]:
    """Changes by party (in the order of `after`, then parties only in `before`) and rule."""
    old = {(f.party, f.rule): f for f in before.findings}
    new = {(f.party, f.rule): f for f in after.findings}
    keys = list(new) + [k for k in old if k not in new]
    changes = []
    for key in keys:
        a, b = old.get(key), new.get(key)
        if a is None:
            kind = "appeared"
        elif b is None:
            kind = "disappeared"
        else:
            # A finding that waits shows no date: a change in one it keeps unshown is no move.
            waits = a.status is Status.WAITING and b.status is Status.WAITING
            moved = (a.earliest, a.latest) != (b.earliest, b.latest) and not waits
            flipped = a.status is not b.status
            if not (moved or flipped):
                continue
            kind = "moved+status" if moved and flipped else "moved" if moved else "status"
        changes.append(Change(key[0], key[1], kind, a, b))
    return changes


_KINDS = {
    "appeared": ("ny", "appeared"),
    "disappeared": ("borte", "disappeared"),
    "moved": ("flyttet", "moved"),
    "status": ("ny status", "status changed"),
    "moved+status": ("flyttet, ny status", "moved, status changed"),
}


def render_changes(changes: list[Change], base: str, lang: str) -> str:
    if not changes:
        return ("Ingen endringer mot " if lang != "en" else "No changes against ") + base + "\n"
    # Two lines a change (what changed, then before → after): it fits an 80-column terminal.
    lines = []
    for c in changes:
        nb, en = _KINDS[c.kind]
        lines.append(f"{c.party} · {c.rule} · {en if lang == 'en' else nb}")
        lines.append(f"    {_side(c.before, lang)} → {_side(c.after, lang)}")
    summary = f"{counted(len(changes), 'changes', lang)} {'against' if lang == 'en' else 'mot'} {base}"
    return "\n".join(lines) + "\n" + summary + "\n"


def _side(finding: Finding | None, lang: str) -> str:
    if finding is None:
        return "—"
    return f"{date_text(finding, lang)} ({word(finding.status.value, lang)})"
