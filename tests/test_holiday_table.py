"""The shipped holiday table is the `holidays` package's answer, not our own."""

from __future__ import annotations

from datetime import date

import pytest

from hprules.domain import holiday_table
from hprules.domain.dates import OutOfCalendar, WorkingDays


def test_table_matches_the_installed_holidays_package() -> None:
    years, table = holiday_table.load()
    assert (years.start, years.stop - 1) == (holiday_table.TABLE_FIRST_YEAR, holiday_table.TABLE_LAST_YEAR)
    for language in holiday_table.LANGUAGES:
        expected = holiday_table.from_package(years, language)
        got = {day: names[language] for day, names in table.items()}
        assert got == expected, f"stale table: run python -m hprules.domain.holiday_table ({language})"


def test_years_outside_the_table_are_refused_not_guessed() -> None:
    days = WorkingDays()
    with pytest.raises(OutOfCalendar):
        days.is_working_day(date(holiday_table.TABLE_LAST_YEAR + 1, 5, 17))
    with pytest.raises(OutOfCalendar):
        days.is_working_day(date(holiday_table.TABLE_FIRST_YEAR - 1, 12, 25))


def test_names_follow_the_language_not_the_locale() -> None:
    assert WorkingDays(language="no").holiday_name(date(2023, 5, 17)) == "Grunnlovsdag"
    assert WorkingDays(language="en_US").holiday_name(date(2023, 5, 17)) == "Constitution Day"
