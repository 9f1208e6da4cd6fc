"""Writing a review stamp into a rule file (I/O).

Only the rule's `review:` block is touched: the stamp is written as text at the
rule's own indentation, so the lawyer's comments, folding and field order stay
as they were. The file is read back afterwards; if that does not show the rule
as reviewed, the original is restored.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostic, InvalidInput, Location
from .project import load_project
from .rulebook import ReviewState, Rule


def _block(rule: Rule, by: str, on: date, indent: int, newline: str) -> list[str]:
    pad = " " * indent
    return [
        f"{pad}review:{newline}",
        f"{pad}  by: {json.dumps(by, ensure_ascii=False)}{newline}",
        f"{pad}  on: {on.isoformat()}{newline}",
        f"{pad}  fingerprint: {rule.fingerprint}{newline}",
    ]


def _review_span(lines: list[str], start: int, indent: int) -> int:
    """The index after the last line of the block whose key is at `start`."""
    end = start + 1
    while end < len(lines):
        text = lines[end]
        if text.strip() and (len(text) - len(text.lstrip(" "))) <= indent:
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # blank lines belong to what follows
        end -= 1
    return end


def approve(root: Path, rule_id: str, by: str, on: date, valid_on: date | None = None) -> Rule:
    """Stamp `rule_id` (the version in force on `valid_on`, else the newest) as approved."""
    if not by.strip():
        raise InvalidInput([Diagnostic(Location("command line"), "--by needs the approver's name")])
    project = load_project(root)
    rule = project.rules.rule(rule_id, valid_on)
    if rule is None:
        known = ", ".join(project.rules.ids)
        raise InvalidInput([Diagnostic(Location("command line"), f"unknown rule '{rule_id}'; known rules: {known}")])
    path = root / rule.path
    original = path.read_bytes().decode("utf-8")  # not read_text: its universal newlines would turn CRLF into LF
    newline = "\r\n" if "\r\n" in original else "\n"  # the file's own line ends
    lines = original.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):  # the last rule's last line, with no line end yet
        lines[-1] += newline
    indent = rule.location.column - 1  # the rule's fields start where its mapping does
    if rule.review is not None:
        start = rule.review.location.line - 2  # the `review:` key is the line above its mapping
        while start >= 0 and not lines[start].lstrip().startswith("review:"):
            start -= 1
        end = _review_span(lines, start, indent)
        lines[start:end] = _block(rule, by, on, indent, newline)
    else:  # at the end of the rule, before any blank lines that separate it from the next
        end = _review_span(lines, rule.location.line - 1, indent - 1)
        lines[end:end] = _block(rule, by, on, indent, newline)
    path.write_bytes("".join(lines).encode("utf-8"))
    try:
        stamped = load_project(root).rules.rule(rule_id, valid_on)
    except InvalidInput:
        path.write_bytes(original.encode("utf-8"))
        raise
    if stamped is None or stamped.review_state is not ReviewState.REVIEWED:
        path.write_bytes(original.encode("utf-8"))
        raise InvalidInput([Diagnostic(rule.location, "could not write the review stamp; the file is unchanged")])
    return stamped
