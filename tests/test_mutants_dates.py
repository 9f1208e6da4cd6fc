"""Date values, offsets and working days: what `bench/mutation.py dates` found untested.

Expected values worked out by hand from docs/conventions.md §1 and a printed
calendar (Easter 2023 is 9 April; Whit Monday 2023 is 29 May). Objects are built
inside each test, not at import, so that a changed constructor is seen.
"""

from __future__ import annotations

from datetime import date

import pytest

from hprules.domain.dates import (
    DateSyntaxError,
    DateValue,
    DayStep,
    Move,
    Offset,
    OutOfCalendar,
    Precision,
    Unit,
    WorkingDays,
    compute_deadline,
    supported,
)
from hprules.domain.diagnostics import msg


def test_a_date_value_reads_back_as_written() -> None:
    assert str(DateValue.parse("2023-11-03")) == "2023-11-03"
    assert str(DateValue.parse("2023-11")) == "2023-11"
    assert str(DateValue.parse("2025")) == "2025"
    assert str(DateValue.on_or_before(date(2023, 4, 30))) == "≤2023-04-30"


def test_precisions_and_their_bounds() -> None:
    day = DateValue.exact(date(2023, 11, 3))
    assert (day.earliest, day.latest, day.precision, day.is_exact) == (
        date(2023, 11, 3),
        date(2023, 11, 3),
        Precision.DAY,
        True,
    )
    month = DateValue.parse("2024-02")  # a leap year: its last day is the 29th
    assert (month.earliest, month.latest, month.precision) == (date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH)
    assert not month.is_exact
    year = DateValue.parse("2025")
    assert (year.earliest, year.latest, year.precision) == (date(2025, 1, 1), date(2025, 12, 31), Precision.YEAR)
    before = DateValue.on_or_before(date(2023, 4, 30))
    assert (before.earliest, before.latest, before.precision) == (None, date(2023, 4, 30), Precision.ON_OR_BEFORE)


def test_the_supported_years_include_both_ends() -> None:
    assert DateValue.parse("1990-01-01").latest == date(1990, 1, 1)
    assert DateValue.parse("2090").latest == date(2090, 12, 31)
    for text in ("1989", "2091-01-01"):
        with pytest.raises(DateSyntaxError, match=f"^'{text}' is outside the supported years 1990–2090$"):
            DateValue.parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3 Nov 2023", "'3 Nov 2023' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("2023-02-30", "'2023-02-30' is not a real date ("),
        ("2023-13", "'2023-13' is not a real date ("),
    ],
)
def test_date_errors_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DateSyntaxError) as caught:
        DateValue.parse(text)
    assert str(caught.value).startswith(message)  # Python's own reason follows in brackets


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (True, "offset True must be text like '30 days after'"),
        ([30], "offset [30] must be text like '30 days after'"),
        ("-30", "offset '-30' has no unit; write e.g. '-30 days after'"),
        ("+30", "offset '+30' has no unit; write e.g. '+30 days after'"),
        ("30 days", "offset '30 days' must be '<number> <days|weeks|months|years> <after|before>'"),
        ("X30", "offset 'X30' must be '<number> <days|weeks|months|years> <after|before>'"),
        ("30 dags after", "offset '30 dags after': unknown unit 'dags'; use days, weeks, months or years"),
        ("30 days later", "offset '30 days later': direction must be 'after' or 'before', not 'later'"),
    ],
)
def test_offset_errors_say_what_is_wrong(text: object, message: str) -> None:
    with pytest.raises(DateSyntaxError) as caught:
        Offset.parse(text)
    assert str(caught.value) == message


def test_offsets_read_back_and_multiply() -> None:
    assert Offset.parse("1 day after") == Offset(1, Unit.DAYS, 1)
    assert str(Offset(1, Unit.DAYS, 1)) == "1 day after"
    assert str(Offset(1, Unit.YEARS, -1)) == "1 year before"
    assert str(Offset(13, Unit.MONTHS, -1)) == "13 months before"
    assert str(Offset(2, Unit.WEEKS)) == "2 weeks after"
    assert Offset(3, Unit.MONTHS, -1).times(4) == Offset(12, Unit.MONTHS, -1)
    # §1.2: 2024-03-31 − 13 months = 2023-02-28
    assert Offset(13, Unit.MONTHS, -1).apply(date(2024, 3, 31)) == date(2023, 2, 28)


def test_holiday_names_in_the_chosen_language_and_extra_holidays() -> None:
    assert WorkingDays().holiday_name(date(2023, 5, 17)) == "Grunnlovsdag"
    assert WorkingDays(language="en_US").holiday_name(date(2023, 5, 17)) == "Constitution Day"
    assert WorkingDays().holiday_name(date(2023, 5, 16)) is None
    extra = WorkingDays([date(2023, 6, 1)])  # a Thursday
    assert extra.holiday_name(date(2023, 6, 1)) == "extra holiday"
    assert not extra.is_working_day(date(2023, 6, 1))
    assert extra.is_working_day(date(2023, 6, 2))
    assert extra.move(date(2023, 6, 1), Move.FORWARD) == date(2023, 6, 2)


def test_no_holiday_is_guessed_outside_the_table() -> None:
    from hprules.domain import holiday_table

    years, _ = holiday_table.load()  # the table reaches past the supported years, for offsets
    after = date(years.stop, 1, 1)
    with pytest.raises(OutOfCalendar) as caught:
        WorkingDays().holiday_name(after)
    expected = f"{after} is outside the years with known Norwegian holidays ({years.start}–{years.stop - 1})"
    assert str(caught.value) == expected
    # what the user reads is the message, worded by the renderer in their language
    assert caught.value.message == msg(
        "date.out_of_calendar", day=after.isoformat(), first=years.start, last=years.stop - 1
    )


def test_supported_says_so_for_both_ends_and_not_beside_them() -> None:
    # 1990 and 2090 (SUPPORTED_FIRST_YEAR, SUPPORTED_LAST_YEAR) are in; the years beside them are not
    assert supported(date(1990, 1, 1)) and supported(date(2090, 12, 31))
    assert not supported(date(1989, 12, 31)) and not supported(date(2091, 1, 1))


def test_a_deadline_records_each_step_and_is_remembered() -> None:
    days = WorkingDays()
    # 1 day after 5 April 2023 is Maundy Thursday; then Good Friday, the weekend
    # and Easter Monday: the next working day is Tuesday 11 April.
    anchor, offset = DateValue.exact(date(2023, 4, 5)), Offset(1, Unit.DAYS)
    found = days.deadline(anchor, offset, Move.FORWARD)
    assert (found.earliest, found.latest, found.day) == (date(2023, 4, 11),) * 3
    assert found.steps == (DayStep(date(2023, 4, 5), date(2023, 4, 6), date(2023, 4, 11)),)
    assert found.steps[0].moved
    assert days.deadline(anchor, offset, Move.FORWARD) is found
    assert compute_deadline(anchor, offset, Move.FORWARD, days) == found
    backward = days.deadline(anchor, offset, Move.BACKWARD)
    assert backward.latest == date(2023, 4, 5)  # back over Maundy Thursday to the Wednesday


def test_an_on_or_before_anchor_gives_only_the_latest_day() -> None:
    # §1.4: 30 days after "on or before 30 April 2023" is on or before 30 May
    # (a Tuesday, the day after Whit Monday).
    found = compute_deadline(
        DateValue.on_or_before(date(2023, 4, 30)), Offset(30, Unit.DAYS), Move.FORWARD, WorkingDays()
    )
    assert (found.earliest, found.latest, found.day) == (None, date(2023, 5, 30), None)
    assert found.steps == (DayStep(date(2023, 4, 30), date(2023, 5, 30), date(2023, 5, 30)),)
    assert not found.steps[0].moved


def test_a_month_anchor_gives_a_range_from_both_ends() -> None:
    # 30 days after 1 and after 30 November (a month of 30 days)
    found = compute_deadline(DateValue.parse("2023-11"), Offset(30, Unit.DAYS), Move.NONE, WorkingDays())
    assert (found.earliest, found.latest, found.is_exact, found.day) == (
        date(2023, 12, 1),
        date(2023, 12, 30),
        False,
        None,
    )
    assert [step.anchor for step in found.steps] == [date(2023, 11, 1), date(2023, 11, 30)]
