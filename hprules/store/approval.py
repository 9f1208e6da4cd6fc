"""Writing a review stamp into a rule file (I/O).

Approvals keep their history: `review:` is a list of stamps, oldest first, and
each approval appends one (an old single stamp becomes the list's first item).
Only the rule's `review:` block is touched, as text at the rule's own
indentation, so the lawyer's comments, folding and field order stay as they
were. The new text is validated as part of the whole project before it replaces
the file (atomically, under the project lock).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ..domain.diagnostics import Collector, Diagnostic, InvalidInput, Location, Message, msg
from ..domain.rulebook import Inference, ReviewState, Rule
from ..reading.project import Project, load_changed, load_project
from .atomic_file import project_lock, replace_or_refuse

COMMAND_LINE = Location("command line")


def _stamp(rule: Rule | Inference, by: str, on: date, indent: int, newline: str = "\n") -> list[str]:
    """One list item: `- by:` at `indent`, its other fields under `by`, with the file's line ends."""
    pad = " " * indent
    return [
        f"{pad}- by: {json.dumps(by, ensure_ascii=False)}{newline}",
        f"{pad}  on: {on.isoformat()}{newline}",
        f"{pad}  fingerprint: {rule.fingerprint}{newline}",
    ]


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _review_span(lines: list[str], start: int, indent: int) -> int:
    """The index after the last line of the block whose key is at `start`.

    A list may sit at its key's own indentation (`review:` / `- by:`)."""
    end = start + 1
    while end < len(lines):
        text = lines[end]
        if text.strip() and _indent(text) <= indent and not (_indent(text) == indent and text.lstrip().startswith("-")):
            break
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # blank lines belong to what follows
        end -= 1
    return end


def _as_list_item(block: list[str], indent: int) -> list[str]:
    """A single stamp's lines (a mapping at `indent` + 2) as the first item of a list."""
    out, first = [], True
    for text in block:
        if first and text.strip() and not text.lstrip().startswith("#"):
            out.append(" " * (indent + 2) + "- " + text.lstrip(" "))
            first = False
        else:
            out.append("  " + text if text.strip() else text)
    return out


def stamped_text(text: str, rule: Rule | Inference, by: str, on: date) -> str:
    """`text` (the rule's file) with a stamp appended to the rule's review history."""
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's own line ends (a CRLF file stays CRLF)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):  # the last rule's last line, with no line end yet
        lines[-1] += newline
    indent = rule.location.column - 1  # the rule's fields start where its mapping does
    if not rule.reviews:  # at the end of the rule, before any blank lines that separate it from the next
        end = _review_span(lines, rule.location.line - 1, indent - 1)
        lines[end:end] = [f"{' ' * indent}review:{newline}", *_stamp(rule, by, on, indent + 2, newline)]
        return "".join(lines)
    start = rule.reviews[0].location.line - 1
    while start >= 0 and not lines[start].lstrip().startswith("review:"):
        start -= 1
    end = _review_span(lines, start, indent)
    block = lines[start + 1 : end]
    items = [t for t in block if t.strip() and not t.lstrip().startswith("#")]
    if items and items[0].lstrip().startswith("-"):  # already a list: append at its items' indentation
        lines[end:end] = _stamp(rule, by, on, _indent(items[0]), newline)
    else:
        lines[start + 1 : end] = [*_as_list_item(block, indent), *_stamp(rule, by, on, indent + 2, newline)]
    return "".join(lines)


def _refuse(message: Message, where: Location = COMMAND_LINE) -> InvalidInput:
    return InvalidInput([Diagnostic(where, message)])


def _check_date(rule: Rule | Inference, on: date, today: date) -> None:
    if on > today:
        raise _refuse(msg("approval.future", on=on.isoformat(), today=today.isoformat()))
    newest = rule.review
    if newest is None or on >= newest.on:
        return
    if newest.fingerprint != rule.fingerprint:
        raise _refuse(
            msg("approval.before_change", id=rule.id, by=newest.by, approved=newest.on.isoformat(), on=on.isoformat()),
            newest.location,
        )
    raise _refuse(
        msg("approval.before_last", id=rule.id, approved=newest.on.isoformat(), on=on.isoformat()), newest.location
    )


def _check_examples(project: Project, rule: Rule | Inference) -> None:
    """Refuse a rule whose worked examples fail, naming each failure."""
    from ..evaluation.examples import read_examples, run_scenarios

    problems = Collector()
    examples = read_examples(project.root / "rules" / "examples", project.root, project, problems)
    problems.raise_if_any()
    report = run_scenarios(project, [e for e in examples if e.rule == rule.id])
    for failure in report.failures:
        for difference in failure.differences:
            problems.error(
                difference.where,
                msg(
                    "approval.example_fails",
                    name=msg("text.both", nb=failure.example.name.nb, en=failure.example.name.en),
                    id=rule.id,
                    what=difference.message,
                ),
            )
    problems.raise_if_any()


def approve(root: Path, rule_id: str, by: str, on: date, today: date, valid_on: date | None = None) -> Rule | Inference:
    """Append a stamp to `rule_id` (the version in force on `valid_on`, else the newest).

    Refused: an approval dated after `today` or before the newest stamp, and a
    rule whose worked examples fail."""
    if not by.strip():
        raise _refuse(msg("approval.no_by"))
    with project_lock(root):
        project = load_project(root)
        rule: Rule | Inference | None = project.rules.rule(rule_id, valid_on) or project.rules.inference(rule_id)
        if rule is None:
            known = ", ".join([*project.rules.ids, *(i.id for i in project.rules.inferences)])
            raise _refuse(msg("approval.unknown_rule", id=rule_id, known=known))
        _check_date(rule, on, today)
        _check_examples(project, rule)
        path = root / rule.path
        # Bytes, not read_text: its universal newlines would turn CRLF into LF.
        text = stamped_text(path.read_bytes().decode("utf-8"), rule, by, on)
        changed = load_changed(root, path, text).rules
        stamped = changed.rule(rule_id, valid_on) or changed.inference(rule_id)
        if (
            stamped is None
            or stamped.review_state is not ReviewState.REVIEWED
            or len(stamped.reviews) <= len(rule.reviews)
        ):
            raise _refuse(msg("approval.not_written"), rule.location)
        replace_or_refuse(path, text, rule.path)
    return stamped
