"""Months and years are counted in hprules' own code; dateutil's relativedelta,
which counts them the same way (same day number, else the month's last day), is
the independent oracle here."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from hprules.domain.dates import Offset, Unit, add_months

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(DAYS, st.integers(min_value=-1200, max_value=1200))
def test_months_are_counted_as_relativedelta_counts_them(day: date, months: int) -> None:
    assert add_months(day, months) == day + relativedelta(months=months)


@given(DAYS, st.integers(min_value=-100, max_value=100), st.sampled_from([1, -1]))
def test_an_offset_in_years_is_twelve_months(day: date, years: int, sign: int) -> None:
    assert Offset(abs(years), Unit.YEARS, sign).apply(day) == day + relativedelta(years=sign * abs(years))


def test_worked_by_hand() -> None:
    # docs/conventions.md §1.2
    assert Offset(1, Unit.YEARS).apply(date(2024, 2, 29)) == date(2025, 2, 28)
    assert Offset(13, Unit.MONTHS, -1).apply(date(2024, 3, 31)) == date(2023, 2, 28)
    assert add_months(date(2023, 12, 31), 2) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 15), -1) == date(2023, 12, 15)


def test_past_the_calendar_is_a_value_error_as_before() -> None:
    with pytest.raises(ValueError):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(ValueError):
        add_months(date(1, 1, 31), -1)
