"""Where a party's dated findings go on a time axis, for the SVG on its page. Pure.

The axis spans the year around the as-of day, widened to every date shown, and
is cut at whole months (or whole years when it spans more than three years, so
the ticks stay readable). Each finding is a row: a day is a dot, a range a bar
over all its days, an "on or before" date a marker at its latest day with a
line trailing back (how early it happened is not known).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

LABEL_WIDTH = 340  # px for the row labels, left of the axis
PLOT_WIDTH = 740
ROW = 36
TOP = 34  # room for the tick labels
HALF_YEAR = timedelta(days=183)


@dataclass(frozen=True)
class Item:
    label: str
    date_label: str
    earliest: date | None  # None: only "on or before" the latest is known
    latest: date
    status: str  # the status value: the CSS class of the mark


@dataclass(frozen=True)
class Row:
    item: Item
    y: float
    x1: float  # the first day's left edge (for a range) or the day's middle
    x2: float
    shape: str  # "day", "range" or "by"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: int
    right: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    today_x: float
    today_label: str


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def layout(items: list[Item], as_of: date, today_label: str, month_names: tuple[str, ...]) -> Timeline:
    days = [d for i in items for d in (i.earliest, i.latest) if d is not None]
    start = _first_of_month(min([as_of - HALF_YEAR, *days]))
    end = _next_month(max([as_of + HALF_YEAR, *days]))
    by_year = (end - start).days > 3 * 366
    if by_year:
        start, end = date(start.year, 1, 1), date(end.year + (end.month > 1 or end.day > 1), 1, 1)
    span = (end - start).days
    left, right = LABEL_WIDTH, LABEL_WIDTH + PLOT_WIDTH

    def x(day: date, middle: bool = False) -> float:
        return round(left + PLOT_WIDTH * ((day - start).days + (0.5 if middle else 0)) / span, 1)

    ticks = []
    tick = start
    while tick < end:
        if by_year:
            ticks.append(Tick(x(tick), str(tick.year), True))
            tick = date(tick.year + 1, 1, 1)
        else:
            major = tick.month == 1
            ticks.append(Tick(x(tick), str(tick.year) if major else month_names[tick.month - 1], major))
            tick = _next_month(tick)
    ticks.append(Tick(x(end), "", False))
    rows = []
    for n, item in enumerate(sorted(items, key=lambda i: (i.earliest or i.latest, i.latest, i.label))):
        y = TOP + ROW * n + ROW / 2
        if item.earliest is None:
            rows.append(Row(item, y, x(item.latest, True), x(item.latest, True), "by"))
        elif item.earliest == item.latest:
            rows.append(Row(item, y, x(item.latest, True), x(item.latest, True), "day"))
        else:
            rows.append(Row(item, y, x(item.earliest), x(item.latest + timedelta(days=1)), "range"))
    height = TOP + ROW * max(len(rows), 1) + 24  # room for the "today" label below
    return Timeline(right + 20, height, left, right, tuple(rows), tuple(ticks), x(as_of, True), today_label)
