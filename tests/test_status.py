"""Status as of a day, worked out by hand from docs/conventions.md (statuses, ranges)."""

from __future__ import annotations

from datetime import date

import pytest

from hprules.domain.dates import DateValue, Offset
from hprules.domain.finding import Status, Timeliness
from hprules.domain.rulebook import Kind
from hprules.evaluation.status import Assessment, assess

D = date.fromisoformat
TWO_WEEKS = Offset.parse("14 days before")


def obligation(
    as_of: str, done: DateValue | None = None, earliest: str = "2022-04-22", latest: str = "2022-04-22"
) -> Assessment:
    return assess(Kind.OBLIGATION, D(earliest), D(latest), done, D(as_of), TWO_WEEKS)


def test_obligation_before_warning_is_upcoming() -> None:
    assert obligation("2022-04-07").status is Status.UPCOMING


def test_obligation_from_warning_day_is_due_soon_and_through_the_day() -> None:
    assert obligation("2022-04-08").status is Status.DUE_SOON
    assert obligation("2022-04-22").status is Status.DUE_SOON


def test_obligation_after_its_day_is_overdue() -> None:
    assert obligation("2022-04-23").status is Status.OVERDUE


def test_fulfilled_on_the_day_is_met_on_time() -> None:
    result = obligation("2022-05-01", DateValue.parse("2022-04-22"))
    assert (result.status, result.timeliness) == (Status.MET, Timeliness.ON_TIME)


def test_fulfilled_after_the_day_is_met_late() -> None:
    result = obligation("2022-05-01", DateValue.parse("2022-04-25"))
    assert (result.status, result.timeliness) == (Status.MET_LATE, Timeliness.LATE)


def test_fulfilment_after_as_of_has_not_happened_yet() -> None:
    assert obligation("2022-04-10", DateValue.parse("2022-04-20")).status is Status.DUE_SOON


def test_on_or_before_bound_after_due_is_met_with_unknown_timeliness_never_overdue() -> None:
    bound = DateValue.on_or_before(D("2023-04-30"))
    result = obligation("2026-11-22", bound)
    assert (result.status, result.timeliness) == (Status.MET, Timeliness.UNKNOWN)
    # Before the bound, past the due date: it may have happened; still not overdue.
    assert obligation("2022-06-01", bound).status is Status.MET
    # Before the due date the duty is still shown as coming.
    assert obligation("2022-04-10", bound).status is Status.DUE_SOON


def test_on_or_before_bound_before_due_is_met_on_time() -> None:
    result = obligation("2022-05-01", DateValue.on_or_before(D("2022-04-20")))
    assert (result.status, result.timeliness) == (Status.MET, Timeliness.ON_TIME)


def test_range_is_never_overdue_before_its_latest_and_warns_from_earliest() -> None:
    # June 2022: warn from 14 days before 1 June, overdue only after 30 June.
    def june(as_of: str) -> Status:
        return obligation(as_of, earliest="2022-06-01", latest="2022-06-30").status

    assert june("2022-05-17") is Status.UPCOMING
    assert june("2022-05-18") is Status.DUE_SOON
    assert june("2022-06-30") is Status.DUE_SOON
    assert june("2022-07-01") is Status.OVERDUE


def test_fulfilment_inside_a_range_has_unknown_timeliness() -> None:
    result = obligation("2022-07-10", DateValue.parse("2022-06-15"), "2022-06-01", "2022-06-30")
    assert (result.status, result.timeliness) == (Status.MET, Timeliness.UNKNOWN)


@pytest.mark.parametrize(
    ("as_of", "done", "expected"),
    [
        ("2022-10-03", None, Status.OPEN),
        ("2022-10-04", None, Status.EXPIRED),
        ("2022-10-04", "2022-09-01", Status.EXERCISED),
        ("2022-08-01", "2022-09-01", Status.OPEN),  # withdrawal recorded later than as-of
    ],
)
def test_right(as_of: str, done: str | None, expected: Status) -> None:
    value = DateValue.parse(done) if done else None
    assert assess(Kind.RIGHT, D("2022-10-03"), D("2022-10-03"), value, D(as_of), None).status is expected


def test_right_with_range_is_not_expired_before_latest() -> None:
    r = assess(Kind.RIGHT, D("2022-09-30"), D("2022-10-28"), None, D("2022-10-28"), None)
    assert r.status is Status.OPEN
    r = assess(Kind.RIGHT, D("2022-09-30"), D("2022-10-28"), None, D("2022-10-29"), None)
    assert r.status is Status.EXPIRED


@pytest.mark.parametrize("kind", [Kind.EFFECT, Kind.GUIDANCE])
def test_effects_and_guidance_are_scheduled_then_passed(kind: Kind) -> None:
    assert assess(kind, D("2027-02-28"), D("2027-02-28"), None, D("2027-02-28"), None).status is Status.SCHEDULED
    assert assess(kind, D("2027-02-28"), D("2027-02-28"), None, D("2027-03-01"), None).status is Status.PASSED


def test_a_target_that_passes_unmet_is_missed_never_overdue() -> None:
    r = assess(Kind.TARGET, D("2024-10-27"), D("2024-10-27"), None, D("2026-11-22"), None)
    assert r.status is Status.MISSED
    # The day itself is still within the target.
    r = assess(Kind.TARGET, D("2024-10-27"), D("2024-10-27"), None, D("2024-10-27"), None)
    assert r.status is Status.DUE_SOON


def test_duty_without_a_date_is_due_until_met() -> None:
    assert assess(Kind.OBLIGATION, None, None, None, D("2026-01-01"), None, dated=False).status is Status.DUE_SOON
    met = assess(Kind.OBLIGATION, None, None, DateValue.parse("2025-06-01"), D("2026-01-01"), None, dated=False)
    assert met.status is Status.MET


def test_a_deadline_known_only_by_its_latest_day_warns_and_is_overdue_only_from_what_is_certain() -> None:
    # Signed on or before 2023-04-30: shares due 2023-05-30 at the latest; 14 days' warning before that.
    def at(day: str) -> Status:
        return assess(Kind.OBLIGATION, None, D("2023-05-30"), None, D(day), TWO_WEEKS).status

    assert at("2023-05-15") is Status.UPCOMING
    assert at("2023-05-16") is Status.DUE_SOON
    assert at("2023-05-30") is Status.DUE_SOON
    assert at("2023-05-31") is Status.OVERDUE


def test_done_against_a_deadline_known_only_by_its_latest_day_has_unknown_timeliness() -> None:
    r = assess(Kind.OBLIGATION, None, D("2023-05-30"), DateValue.parse("2023-05-10"), D("2023-06-01"), TWO_WEEKS)
    assert (r.status, r.timeliness) == (Status.MET, Timeliness.UNKNOWN)
    r = assess(Kind.OBLIGATION, None, D("2023-05-30"), DateValue.parse("2023-06-10"), D("2023-07-01"), TWO_WEEKS)
    assert (r.status, r.timeliness) == (Status.MET_LATE, Timeliness.LATE)


def test_missing_facts_wait_unless_it_was_done_anyway() -> None:
    assert assess(Kind.OBLIGATION, None, None, None, D("2026-01-01"), None, blocked=True).status is Status.WAITING
    done = DateValue.on_or_before(D("2023-04-30"))
    r = assess(Kind.OBLIGATION, None, None, done, D("2026-01-01"), None, blocked=True)
    assert (r.status, r.timeliness) == (Status.MET, Timeliness.UNKNOWN)
    # Recorded as done only after the as-of day: not yet known to be done.
    assert assess(Kind.OBLIGATION, None, None, done, D("2023-01-01"), None, blocked=True).status is Status.WAITING
    assert assess(Kind.RIGHT, None, None, done, D("2026-01-01"), None, blocked=True).status is Status.EXERCISED


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        (Kind.EFFECT, Status.PASSED, Status.WAITING),  # the duty to pay arises only at an actual go-live
        (Kind.OBLIGATION, Status.OVERDUE, Status.WAITING),
        (Kind.TARGET, Status.MISSED, Status.WAITING),
        (Kind.GUIDANCE, Status.PASSED, Status.PASSED),  # a planning date follows the plan
        (Kind.RIGHT, Status.EXPIRED, Status.WAITING),  # its window moves with the go-live
    ],
)
def test_a_plan_whose_day_has_passed_leaves_what_follows_from_the_event_waiting(
    kind: Kind, before: Status, after: Status
) -> None:
    # A date 13 months before a go-live planned for 2024-11-09. On 2024-06-01 the
    # date has passed but the planned go-live has not; on 2024-11-10 it has, and
    # nothing records that it happened.
    def at(day: str) -> Status:
        passed = D(day) > D("2024-11-09")
        return assess(kind, D("2023-10-09"), D("2023-10-09"), None, D(day), None, plan_passed=passed).status

    assert at("2024-06-01") is before
    assert at("2024-11-10") is after
    # Done before the plan's day: still done.
    done = DateValue.parse("2023-10-01")
    if kind in (Kind.OBLIGATION, Kind.TARGET):
        result = assess(kind, D("2023-10-09"), D("2023-10-09"), done, D("2024-11-10"), None, plan_passed=True)
        assert result.status is Status.MET
