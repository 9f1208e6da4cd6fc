"""Status of a dated finding as of a day. Pure.

Ranges follow DOMAIN.md §4.4: warn from the earliest possible date, never call
anything missed or expired before its latest. A fulfilment known only as "on or
before" a day is never overdue, and where its bound is after the due date it is
met with its timeliness unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .dates import DateValue, Offset
from .rulebook import Kind


class Status(StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    WAITING = "waiting"
    OPEN = "open"
    EXERCISED = "exercised"
    EXPIRED = "expired"
    SCHEDULED = "scheduled"
    PASSED = "passed"


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    UNKNOWN = "unknown"


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


def _timeliness(done: DateValue, earliest: date, latest: date) -> Timeliness:
    if done.latest <= earliest:
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
) -> Assessment:
    """`earliest`/`latest` are None for a duty with no fixed date."""
    if kind in (Kind.EFFECT, Kind.GUIDANCE):
        assert latest is not None
        return Assessment(Status.PASSED if as_of > latest else Status.SCHEDULED)

    happened = _happened(done, as_of) if done is not None else False
    if kind is Kind.RIGHT:
        if happened:
            return Assessment(Status.EXERCISED)
        assert latest is not None
        if happened is None or as_of <= latest:  # maybe exercised, or still open
            return Assessment(Status.OPEN if as_of <= latest else Status.EXERCISED)
        return Assessment(Status.EXPIRED)

    # obligations and targets
    if earliest is None or latest is None:  # no fixed date: act without undue delay
        if happened:
            return Assessment(Status.MET, Timeliness.UNKNOWN)
        return Assessment(Status.DUE_SOON)
    warn_from = due_soon.apply(earliest) if due_soon else earliest
    if done is not None and (happened or (happened is None and as_of > latest)):
        timeliness = _timeliness(done, earliest, latest)
        status = Status.MET_LATE if timeliness is Timeliness.LATE else Status.MET
        return Assessment(status, timeliness, warn_from)
    if as_of > latest:
        return Assessment(Status.OVERDUE, None, warn_from)
    if as_of >= warn_from:
        return Assessment(Status.DUE_SOON, None, warn_from)
    return Assessment(Status.UPCOMING, None, warn_from)
