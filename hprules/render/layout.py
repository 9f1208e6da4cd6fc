"""Tables that fit the terminal, coloured by status when asked. Pure.

The last column (free text) wraps within the room the other columns leave; when
that room is too small to read (a narrow terminal), it goes on the lines below
the row instead. The caller decides the width and whether to colour (the
terminal, NO_COLOR): nothing here looks at the environment.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import click

# Only an overdue obligation is red; those coming up yellow, settled ones green.
# A missed target or an expired right is no breach: like any other status (a new
# one included) it keeps the terminal's colour.
STATUS_COLOURS = {
    "overdue": "red",
    "met_late": "magenta",
    "due_soon": "yellow",
    "met": "green",
    "exercised": "green",
    "waiting": "bright_black",
}
DEFAULT_WIDTH = 100  # columns when the output is no terminal (piped), and of the text on the pages
MIN_ROOM = 24  # narrower than this, the free text goes below the row
INDENT = "  "
GAP = "  "


def _wrap(text: str, room: int) -> list[str]:
    # Identifiers (fact names, rule ids) stay whole, hyphens and all.
    return textwrap.wrap(text, room, break_on_hyphens=False, break_long_words=False)


def fit(lines: Iterable[str], width: int) -> list[str]:
    """Lines of text no longer than `width`, as far as whole words allow: a long line
    wraps, its continuation indented 4 more than the line itself."""
    fitted: list[str] = []
    for line in lines:
        if len(line) <= width:
            fitted.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
        fitted += textwrap.wrap(line, width, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False)
    return fitted


def paint(text: str, status: str, colour: bool) -> str:
    fg = STATUS_COLOURS.get(status)
    return click.style(text, fg=fg) if colour and fg else text


@dataclass(frozen=True)
class Row:
    cells: Sequence[str]
    status: str | None = None  # colours the cell in the table's status column


def table(rows: Sequence[Row], width: int | None, status_column: int | None = None, colour: bool = False) -> list[str]:
    """Lines of a table, no longer than `width` (None: as long as it takes)."""
    return [line for lines in table_rows(rows, width, status_column, colour) for line in lines]


def table_rows(
    rows: Sequence[Row], width: int | None, status_column: int | None = None, colour: bool = False
) -> list[list[str]]:
    """The lines of each row, the columns aligned across all rows."""
    if not rows:
        return []
    fixed = len(rows[0].cells) - 1
    widths = [max(len(r.cells[i]) for r in rows) for i in range(fixed)]
    lead = len(INDENT) + sum(w + len(GAP) for w in widths)
    room = None if width is None else width - lead
    result: list[list[str]] = []
    for row in rows:
        lines: list[str] = []
        result.append(lines)
        cells = []
        for i, (cell, w) in enumerate(zip(row.cells[:fixed], widths, strict=True)):
            shown = paint(cell, row.status, colour) if i == status_column and row.status else cell
            cells.append(shown + " " * (w - len(cell)))
        start = INDENT + GAP.join(cells)
        text = row.cells[fixed]
        if room is None or not text:
            lines.append((start + GAP + text).rstrip())
        elif room >= MIN_ROOM:
            wrapped = _wrap(text, room) or [""]
            lines.append((start + GAP + wrapped[0]).rstrip())
            lines.extend(" " * lead + more for more in wrapped[1:])
        else:
            assert width is not None
            below = INDENT * 3
            lines.append(start.rstrip())
            lines.extend(below + part for part in _wrap(text, max(width - len(below), MIN_ROOM)))
    return result
