"""Status of a finding as of a day: the one place that decides it. Pure.

Statuses as docs/conventions.md §2 lists them. Ranges follow §1.4: warn from the
earliest possible date, never call anything overdue, missed or expired before its
latest. A fulfilment known only as "on or before" a day is never overdue, and
where its bound is after the due date it is met with its timeliness unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.dates import DateValue, Offset
from ..domain.finding import Status, Timeliness
from ..domain.rulebook import Kind


@dataclass(frozen=True)
class Assessment:
    status: Status
    timeliness: Timeliness | None = None
    warn_from: date | None = None


def _happened(done: DateValue, as_of: date) -> bool | None:
    """True if it surely happened by `as_of`, False if surely not, None if unknown."""
    if done.latest <= as_of:
        return True
    if done.earliest is not None and done.earliest > as_of:
        return False
    return None


def _timeliness(done: DateValue, earliest: date | None, latest: date) -> Timeliness:
    if earliest is not None and done.latest <= earliest:
        return Timeliness.ON_TIME
    if done.earliest is not None and done.earliest > latest:
        return Timeliness.LATE
    return Timeliness.UNKNOWN


def assess(
    kind: Kind,
    earliest: date | None,
    latest: date | None,
    done: DateValue | None,
    as_of: date,
    due_soon: Offset | None,
    *,
    blocked: bool = False,
    dated: bool = True,
    plan_passed: bool = False,
) -> Assessment:
    """The one place that decides a status.

    `blocked`: a fact needed for the date is missing. `dated`: the rule counts a
    date (false: "without undue delay"). `earliest` is None when the trigger is
    known only as "on or before" a day: then only `latest` is certain.
    `plan_passed`: the trigger is only a plan (not a recorded event) whose day has
    passed. That says nothing of whether the event took place: what follows from
    it waits until it is recorded as actual (a right too, as its window moves with
    the event); planning guidance follows the plan.
    """
    happened = _happened(done, as_of) if done is not None else False
    if blocked:
        # Done, surely by today, though the date it was due cannot be computed:
        # met (or exercised), and whether in time is unknown.
        if happened and kind in (Kind.OBLIGATION, Kind.TARGET):
            return Assessment(Status.MET, Timeliness.UNKNOWN)
        if happened and kind is Kind.RIGHT:
            return Assessment(Status.EXERCISED)
        return Assessment(Status.WAITING)
    if not dated:  # no fixed date: act without undue delay
        if happened:
            return Assessment(Status.MET, Timeliness.UNKNOWN)
        return Assessment(Status.DUE_SOON)
    assert latest is not None
    if kind is Kind.GUIDANCE:
        return Assessment(Status.PASSED if as_of > latest else Status.SCHEDULED)
    if plan_passed and not happened:
        return Assessment(Status.WAITING)
    if kind is Kind.EFFECT:
        return Assessment(Status.PASSED if as_of > latest else Status.SCHEDULED)

    if kind is Kind.RIGHT:
        if happened:
            return Assessment(Status.EXERCISED)
        if happened is None or as_of <= latest:  # maybe exercised, or still open
            return Assessment(Status.OPEN if as_of <= latest else Status.EXERCISED)
        return Assessment(Status.EXPIRED)

    # obligations and targets; warnings start from the earliest possible day, or
    # from what is certain when only the latest is known
    first = earliest if earliest is not None else latest
    warn_from = due_soon.apply(first) if due_soon else first
    if done is not None and (happened or (happened is None and as_of > latest)):
        timeliness = _timeliness(done, earliest, latest)
        status = Status.MET_LATE if timeliness is Timeliness.LATE else Status.MET
        return Assessment(status, timeliness, warn_from)
    if as_of > latest:
        return Assessment(Status.MISSED if kind is Kind.TARGET else Status.OVERDUE, None, warn_from)
    if as_of >= warn_from:
        return Assessment(Status.DUE_SOON, None, warn_from)
    return Assessment(Status.UPCOMING, None, warn_from)
