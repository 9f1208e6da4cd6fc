"""Date values and deadline arithmetic, following docs/conventions.md §1 (domstolloven §§ 148–149).

Pure: no clock. The supported years (SUPPORTED_FIRST_YEAR..SUPPORTED_LAST_YEAR),
stated once here, bound every date read from a file or the command line, and an
offset reaches at most MAX_REACH_YEARS, so every computed date has known holidays.
`WorkingDays` reads the public holidays from the table generated from the
`holidays` package (`holiday_table`, loaded on first use; importing the package
itself would cost more than half of a `check`); a day outside the table is
`OutOfCalendar`, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .construction import slot_init
from .diagnostics import Message, msg

if TYPE_CHECKING:
    from collections.abc import Iterable


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    ON_OR_BEFORE = "on_or_before"


class Unit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


class Move(StrEnum):
    """How a date that falls on a non-working day is moved."""

    FORWARD = "forward"
    BACKWARD = "backward"
    NONE = "none"


class DateSyntaxError(ValueError):
    """A date text that is not a real date, month or year. The English text is for
    logs; `message` is what the renderer words in the reader's language."""

    def __init__(self, text: str, message: Message) -> None:
        super().__init__(text)
        self.message = message


class OutOfCalendar(ValueError):
    """A date in a year whose public holidays are not known."""

    def __init__(self, text: str, message: Message) -> None:
        super().__init__(text)
        self.message = message


# The supported years, stated once: fact dates and as-of days lie in them, and
# an offset reaches at most MAX_REACH_YEARS beyond, so that every date computed
# (moved off a weekend or holiday by a few days) stays inside the holiday table,
# which covers the supported years widened by MAX_REACH_YEARS + 1 (see holiday_table).
SUPPORTED_FIRST_YEAR, SUPPORTED_LAST_YEAR = 1990, 2090
MAX_REACH_YEARS = 9
_MAX_AMOUNT = {"days": MAX_REACH_YEARS * 365, "weeks": MAX_REACH_YEARS * 52, "months": MAX_REACH_YEARS * 12}
_NUMBER = re.compile(r"^[0-9]+$")  # ASCII digits only: int() would take '²' or '٣' differently


def supported(day: date) -> bool:
    return SUPPORTED_FIRST_YEAR <= day.year <= SUPPORTED_LAST_YEAR


def supported_years() -> str:
    return f"{SUPPORTED_FIRST_YEAR}–{SUPPORTED_LAST_YEAR}"


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # not full-width or other digits


@slot_init
@dataclass(frozen=True, order=True, slots=True)
class DateValue:
    """A date known to the day, month or year, or only as "on or before" a day.

    `earliest` is None only for ON_OR_BEFORE: nothing is known of how early it was.
    """

    earliest: date | None
    latest: date
    precision: Precision

    @property
    def is_exact(self) -> bool:
        return self.precision is Precision.DAY

    def __str__(self) -> str:
        if self.precision is Precision.DAY:
            return self.latest.isoformat()
        if self.precision is Precision.MONTH:
            return self.latest.strftime("%Y-%m")
        if self.precision is Precision.YEAR:
            return str(self.latest.year)
        return f"≤{self.latest.isoformat()}"

    @classmethod
    def exact(cls, day: date) -> DateValue:
        return cls(day, day, Precision.DAY)

    @classmethod
    def on_or_before(cls, day: date) -> DateValue:
        return cls(None, day, Precision.ON_OR_BEFORE)

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """Parse `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; refuse impossible dates."""
        match = _DATE_RE.match(text.strip())
        if not match:
            raise DateSyntaxError(
                f"'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY", msg("date.not_a_date", text=text)
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if not SUPPORTED_FIRST_YEAR <= year <= SUPPORTED_LAST_YEAR:
            raise DateSyntaxError(
                f"'{text}' is outside the supported years {supported_years()}",
                msg("date.outside_years", text=text, years=supported_years()),
            )
        try:
            if month is None:
                return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
            if day is None:
                last = month_length(year, month)
                return cls(date(year, month, 1), date(year, month, last), Precision.MONTH)
            return cls.exact(date(year, month, day))
        except ValueError as exc:
            raise DateSyntaxError(f"'{text}' is not a real date ({exc})", msg("date.not_real", text=text)) from None


_MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_length(year: int, month: int) -> int:
    """Days in the month, as calendar.monthrange says (its import costs start-up a
    millisecond); ValueError for a month that is not 1-12."""
    if not 1 <= month <= 12:
        raise ValueError(f"bad month number {month}; must be 1-12")
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_LENGTHS[month - 1]


def add_months(day: date, months: int) -> date:
    """The same day number `months` later (or earlier), or that month's last day
    (docs/conventions.md §1.2). Written out rather than taken from dateutil, whose
    import alone cost a tenth of `check`'s start-up; ValueError past year 1 or 9999."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    return date(year, month0 + 1, min(day.day, month_length(year, month0 + 1)))


@dataclass(frozen=True)
class Offset:
    """A signed distance: `amount` units after (sign +1) or before (sign -1)."""

    amount: int
    unit: Unit
    sign: int = 1

    def apply(self, day: date) -> date:
        """Count from `day`: the start day is not counted (dl § 148), and months
        and years land on the same day number or the month's last day."""
        n = self.sign * self.amount
        if self.unit is Unit.DAYS:
            return day + timedelta(days=n)
        if self.unit is Unit.WEEKS:
            return day + timedelta(weeks=n)
        return add_months(day, n if self.unit is Unit.MONTHS else 12 * n)

    def times(self, k: int) -> Offset:
        return Offset(self.amount * k, self.unit, self.sign)

    def __str__(self) -> str:
        unit = self.unit.value
        if self.amount == 1:
            unit = unit[:-1]
        return f"{self.amount} {unit} {'after' if self.sign > 0 else 'before'}"

    @classmethod
    def parse(cls, text: Any) -> Offset:
        """Parse "30 days after", "13 months before"; a bare number has no unit."""
        if isinstance(text, bool) or not isinstance(text, (str, int)):
            raise DateSyntaxError(f"offset {text!r} must be text like '30 days after'", msg("offset.not_text"))
        words = str(text).split()
        if len(words) == 1 and _NUMBER.match(words[0].lstrip("+-")):
            raise DateSyntaxError(
                f"offset '{text}' has no unit; write e.g. '{words[0]} days after'",
                msg("offset.no_unit", text=str(text), number=words[0]),
            )
        if len(words) != 3 or not _NUMBER.match(words[0]):
            raise DateSyntaxError(
                f"offset '{text}' must be '<number> <days|weeks|months|years> <after|before>'",
                msg("offset.form", text=str(text)),
            )
        amount, unit_word, direction = words
        unit_word = unit_word if unit_word.endswith("s") else unit_word + "s"
        try:
            unit = Unit(unit_word)
        except ValueError:
            raise DateSyntaxError(
                f"offset '{text}': unknown unit '{words[1]}'; use days, weeks, months or years",
                msg("offset.unknown_unit", text=str(text), unit=words[1]),
            ) from None
        if direction not in ("after", "before"):
            raise DateSyntaxError(
                f"offset '{text}': direction must be 'after' or 'before', not '{direction}'",
                msg("offset.direction", text=str(text), direction=direction),
            )
        if len(amount) > 6 or int(amount) > _MAX_AMOUNT.get(unit.value, MAX_REACH_YEARS):
            raise DateSyntaxError(
                f"offset '{text}' reaches too far: at most {MAX_REACH_YEARS} years "
                f"({_MAX_AMOUNT['days']} days, {_MAX_AMOUNT['weeks']} weeks, {_MAX_AMOUNT['months']} months), "
                f"so that dates from the supported years {supported_years()} stay within the known holidays",
                msg(
                    "offset.too_far",
                    text=str(text),
                    years=MAX_REACH_YEARS,
                    days=_MAX_AMOUNT["days"],
                    weeks=_MAX_AMOUNT["weeks"],
                    months=_MAX_AMOUNT["months"],
                    supported=supported_years(),
                ),
            )
        return cls(int(amount), unit, 1 if direction == "after" else -1)


class WorkingDays:
    """Norwegian working days: not Saturday, Sunday or a public holiday.

    24 and 31 December are working days (they are not public holidays).
    Holidays come from the `holidays` package, through the table generated from
    it (see holiday_table: the import alone would double our start-up time).
    """

    def __init__(self, extra_holidays: Iterable[date] = (), language: str = "no") -> None:
        self._extra = frozenset(extra_holidays)
        self._language = language  # of holiday names; explicit, or the locale would decide
        self._table: dict[date, dict[str, str]] | None = None
        self._years = range(0)
        self._deadlines: dict[tuple[DateValue, Offset, Move], Deadline] = {}

    def deadline(self, anchor: DateValue, offset: Offset, move: Move) -> Deadline:
        """`compute_deadline`, remembered: parties share their waves' dates."""
        key = (anchor, offset, move)
        found = self._deadlines.get(key)
        if found is None:
            found = self._deadlines[key] = compute_deadline(anchor, offset, move, self)
        return found

    def holiday_name(self, day: date) -> str | None:
        if day in self._extra:
            return "extra holiday"
        if self._table is None:
            from . import holiday_table

            self._years, self._table = holiday_table.load()
        if day.year not in self._years:
            # The holidays package itself stops at 2100: never guess past it.
            first, last = self._years.start, self._years.stop - 1
            raise OutOfCalendar(
                f"{day} is outside the years with known Norwegian holidays ({first}–{last})",
                msg("date.out_of_calendar", day=day.isoformat(), first=first, last=last),
            )
        names = self._table.get(day)
        return names[self._language] if names else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def move(self, day: date, how: Move) -> date:
        if how is Move.NONE:
            return day
        step = timedelta(days=1 if how is Move.FORWARD else -1)
        while not self.is_working_day(day):
            day += step
        return day


@dataclass(frozen=True, slots=True)
class DayStep:
    """One bound's arithmetic: anchor → raw (offset applied) → moved result."""

    anchor: date
    raw: date
    result: date

    @property
    def moved(self) -> bool:
        return self.raw != self.result


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed date range; earliest == latest when known to the day.

    `earliest` is None when the anchor is known only as "on or before" a day:
    then only the latest possible day is certain.
    """

    earliest: date | None
    latest: date
    steps: tuple[DayStep, ...]

    @property
    def is_exact(self) -> bool:
        return self.earliest == self.latest

    @property
    def day(self) -> date | None:
        return self.latest if self.is_exact else None


def compute_deadline(anchor: DateValue, offset: Offset, move: Move, days: WorkingDays) -> Deadline:
    """Apply `offset` and the non-working-day `move` to both ends of `anchor`.

    Offsets and moves are monotone, so the ends of the range stay its ends. An
    anchor known only as "on or before" a day gives only the latest end.
    """
    if anchor.earliest is None:
        ends = [anchor.latest]
    elif anchor.earliest == anchor.latest:
        ends = [anchor.earliest]
    else:
        ends = [anchor.earliest, anchor.latest]
    steps = []
    for end in ends:
        raw = offset.apply(end)
        steps.append(DayStep(end, raw, days.move(raw, move)))
    earliest = None if anchor.earliest is None else steps[0].result
    return Deadline(earliest, steps[-1].result, tuple(steps))
