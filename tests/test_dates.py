"""Date arithmetic: worked examples by hand from docs/conventions.md §1, and property tests
against independent oracles (calendar arithmetic, numpy business days, Easter)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from hprules.domain.dates import (
    DateSyntaxError,
    DateValue,
    Move,
    Offset,
    Precision,
    Unit,
    WorkingDays,
    compute_deadline,
)

DAYS = WorkingDays()


def deadline(anchor: str, offset: str, move: Move) -> tuple[date, date]:
    result = compute_deadline(DateValue.parse(anchor), Offset.parse(offset), move, DAYS)
    assert result.earliest is not None  # only an upper-bound anchor ("<=2023-04-30") leaves it open
    return result.earliest, result.latest


# Worked by hand: weekday and holiday of each date checked in a printed calendar.
@pytest.mark.parametrize(
    ("anchor", "offset", "move", "expected"),
    [
        # docs/conventions.md §1.1: the start day is not counted.
        ("2022-03-23", "30 days after", Move.FORWARD, "2022-04-22"),
        # 2023-04-09 is Easter Sunday, 04-10 Easter Monday: forward to Tuesday.
        ("2023-03-10", "30 days after", Move.FORWARD, "2023-04-11"),
        # 2023-05-17 (Constitution Day) then 05-18 (Ascension Day): to Friday 19th.
        ("2023-04-17", "30 days after", Move.FORWARD, "2023-05-19"),
        # 2022-12-25 Sunday and Christmas, 26th Boxing Day: to Tuesday 27th.
        ("2022-11-25", "30 days after", Move.FORWARD, "2022-12-27"),
        # 24 and 31 December are working days.
        ("2024-11-24", "30 days after", Move.FORWARD, "2024-12-24"),
        ("2025-12-01", "30 days after", Move.FORWARD, "2025-12-31"),
        # 13 months before go-live: 2022-10-03 is a Monday.
        ("2023-11-03", "13 months before", Move.BACKWARD, "2022-10-03"),
        # End of month, backward: 2023 has no 29, 30 or 31 February.
        ("2024-03-31", "13 months before", Move.BACKWARD, "2023-02-28"),
        # Leap day plus a year lands on 28 February (a Friday).
        ("2024-02-29", "1 year after", Move.NONE, "2025-02-28"),
        # Trondheim's 3-year notice from a leap day: a Sunday, not moved (effect).
        ("2024-02-29", "3 years after", Move.NONE, "2027-02-28"),
        # Backward over a weekend: 2022-10-01 is a Saturday.
        ("2023-11-01", "13 months before", Move.BACKWARD, "2022-09-30"),
        # Backward over Easter: 2024-04-01 is Easter Monday, 03-31 Easter Sunday,
        # 03-30 Saturday, 03-29 Good Friday, 03-28 Maundy Thursday: to 27 March.
        ("2025-05-01", "13 months before", Move.BACKWARD, "2024-03-27"),
        # Weeks.
        ("2024-01-01", "2 weeks after", Move.FORWARD, "2024-01-15"),
    ],
)
def test_worked_examples(anchor: str, offset: str, move: Move, expected: str) -> None:
    assert deadline(anchor, offset, move) == (date.fromisoformat(expected),) * 2


def test_month_precision_gives_a_range_not_a_day() -> None:
    # Go-live known only as November 2023: 13 months before each end of the month.
    # 2022-10-01 is a Saturday -> Friday 30 Sept; 2022-10-30 is a Sunday -> Friday 28 Oct.
    result = compute_deadline(DateValue.parse("2023-11"), Offset.parse("13 months before"), Move.BACKWARD, DAYS)
    assert (result.earliest, result.latest) == (date(2022, 9, 30), date(2022, 10, 28))
    assert not result.is_exact and result.day is None


def test_year_precision_range() -> None:
    value = DateValue.parse("2025")
    assert (value.earliest, value.latest, value.precision) == (date(2025, 1, 1), date(2025, 12, 31), Precision.YEAR)


@pytest.mark.parametrize(
    "text", ["2023-02-30", "2023-13", "2023-00-10", "23-01-01", "2023/01/01", "", "soon", "2150-01-01", "1900"]
)
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(DateSyntaxError):
        DateValue.parse(text)


@pytest.mark.parametrize("text", ["30", 30, "30 days", "30 fortnights after", "x days after", "30 days later"])
def test_offsets_need_number_unit_and_direction(text: object) -> None:
    with pytest.raises(DateSyntaxError):
        Offset.parse(text)


def test_offset_without_unit_message_says_what_to_write() -> None:
    with pytest.raises(DateSyntaxError, match=re.escape("has no unit; write e.g. '30 days after'")):
        Offset.parse(30)


# --- independent oracles -----------------------------------------------------


def norwegian_holidays(year: int) -> set[date]:
    """docs/conventions.md §1.3, computed from Easter, independently of the holidays package."""
    e = easter(year)
    relative = [-3, -2, 0, 1, 39, 49, 50]  # Maundy Thu, Good Fri, Easter, 2nd Easter, Ascension, Whit, 2nd Whit
    fixed = [date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25), date(year, 12, 26)]
    return set(fixed) | {e + timedelta(days=n) for n in relative}


BUSINESS_DAYS = np.busdaycalendar(holidays=sorted(h for y in range(1990, 2101) for h in norwegian_holidays(y)))


def oracle_shift(day: date, amount: int, unit: Unit) -> date:
    """Same day number, else the month's last day: plain calendar arithmetic."""
    if unit is Unit.DAYS:
        return date.fromordinal(day.toordinal() + amount)
    if unit is Unit.WEEKS:
        return date.fromordinal(day.toordinal() + 7 * amount)
    months = amount * (12 if unit is Unit.YEARS else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def oracle_move(day: date, move: Move) -> date:
    if move is Move.NONE:
        return day
    roll: Literal["forward", "backward"] = "forward" if move is Move.FORWARD else "backward"
    moved = np.busday_offset(np.datetime64(day, "D"), 0, roll=roll, busdaycal=BUSINESS_DAYS)
    return date.fromisoformat(str(moved))


def test_holidays_package_matches_the_conventions() -> None:
    for year in range(2000, 2101):
        expected = norwegian_holidays(year)
        found = {d for d in expected | {date(year, 12, 24), date(year, 12, 31)} if not _working_weekday(d)}
        assert found == expected, year
    assert DAYS.is_working_day(date(2024, 12, 24)) and DAYS.is_working_day(date(2025, 12, 31))


def _working_weekday(day: date) -> bool:
    """Whether WorkingDays calls it a working day, ignoring the weekend."""
    return DAYS.holiday_name(day) is None


# Offsets reach 12 years either way; the holiday table covers 1990-2100.
anchors = st.dates(min_value=date(2003, 1, 1), max_value=date(2085, 12, 31))


@settings(max_examples=600, deadline=None)
@given(
    anchors,
    st.integers(min_value=0, max_value=400),
    st.sampled_from(list(Unit)),
    st.sampled_from([1, -1]),
    st.sampled_from(list(Move)),
)
def test_deadline_matches_oracle(anchor: date, amount: int, unit: Unit, sign: int, move: Move) -> None:
    if unit in (Unit.MONTHS, Unit.YEARS):
        amount %= 60 if unit is Unit.MONTHS else 12
    offset = Offset(amount, unit, sign)
    result = compute_deadline(DateValue.exact(anchor), offset, move, DAYS)
    assert result.latest == oracle_move(oracle_shift(anchor, sign * amount, unit), move)


@settings(max_examples=300, deadline=None)
@given(anchors, st.integers(min_value=1, max_value=36), st.sampled_from(list(Move)))
def test_month_ranges_cover_every_day_of_the_month(anchor: date, months: int, move: Move) -> None:
    """The range from a month-precision anchor holds the result for each of its days."""
    month = DateValue.parse(anchor.strftime("%Y-%m"))
    offset = Offset(months, Unit.MONTHS, -1)
    result = compute_deadline(month, offset, move, DAYS)
    assert month.earliest is not None and result.earliest is not None
    for n in range((month.latest - month.earliest).days + 1):
        day = month.earliest + timedelta(days=n)
        exact = oracle_move(oracle_shift(day, -months, Unit.MONTHS), move)
        assert result.earliest <= exact <= result.latest


@settings(max_examples=300, deadline=None)
@given(anchors, st.sampled_from([Move.FORWARD, Move.BACKWARD]))
def test_moved_dates_are_working_days_and_nearest(day: date, move: Move) -> None:
    moved = DAYS.move(day, move)
    assert DAYS.is_working_day(moved)
    step = 1 if move is Move.FORWARD else -1
    between = [day + timedelta(days=step * k) for k in range(abs((moved - day).days))]
    assert all(not DAYS.is_working_day(d) for d in between)


def test_month_length_is_what_the_calendar_module_says() -> None:
    import calendar

    from hprules.domain.dates import month_length

    for year in range(1899, 2102):  # leap years by 4, not by 100, again by 400 (1900, 2000, 2100)
        for month in range(1, 13):
            assert month_length(year, month) == calendar.monthrange(year, month)[1], (year, month)
    for month in (0, 13):  # refused in calendar's words, which a date's refusal quotes
        with pytest.raises(ValueError, match=f"^bad month number {month}; must be 1-12$"):
            month_length(2024, month)
