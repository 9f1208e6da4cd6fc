"""libical 3 (Debian's libical3, the parser behind Evolution) through ctypes.

The GObject-introspection package leaves out the parser entry points, so the C
library is called directly. `parse` returns each event's UID, SEQUENCE, whether
its start is a date, its start and end days, and every X-LIC-ERROR that libical
attached after parsing and after checking RFC 5545's restrictions.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass


class _Time(ctypes.Structure):
    _fields_ = [  # struct icaltimetype, libical 3
        ("year", ctypes.c_int),
        ("month", ctypes.c_int),
        ("day", ctypes.c_int),
        ("hour", ctypes.c_int),
        ("minute", ctypes.c_int),
        ("second", ctypes.c_int),
        ("is_date", ctypes.c_int),
        ("is_daylight", ctypes.c_int),
        ("zone", ctypes.c_void_p),
    ]


def load() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("ical")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalcomponent_string_to_kind.restype = ctypes.c_int
    lib.icalcomponent_string_to_kind.argtypes = [ctypes.c_char_p]
    lib.icalproperty_string_to_kind.restype = ctypes.c_int
    lib.icalproperty_string_to_kind.argtypes = [ctypes.c_char_p]
    for fn in ("icalcomponent_get_first_component", "icalcomponent_get_next_component"):
        getattr(lib, fn).restype = ctypes.c_void_p
        getattr(lib, fn).argtypes = [ctypes.c_void_p, ctypes.c_int]
    for fn in ("icalcomponent_get_first_property", "icalcomponent_get_next_property"):
        getattr(lib, fn).restype = ctypes.c_void_p
        getattr(lib, fn).argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.icalproperty_get_xlicerror.restype = ctypes.c_char_p
    lib.icalproperty_get_xlicerror.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_get_uid.restype = ctypes.c_char_p
    lib.icalcomponent_get_uid.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_get_summary.restype = ctypes.c_char_p
    lib.icalcomponent_get_summary.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_get_sequence.restype = ctypes.c_int
    lib.icalcomponent_get_sequence.argtypes = [ctypes.c_void_p]
    for fn in ("icalcomponent_get_dtstart", "icalcomponent_get_dtend"):
        getattr(lib, fn).restype = _Time
        getattr(lib, fn).argtypes = [ctypes.c_void_p]
    lib.icalrestriction_check.restype = ctypes.c_int
    lib.icalrestriction_check.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    return lib


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    sequence: int
    summary: str
    is_date: bool
    start: str
    end: str


@dataclass(frozen=True)
class Parsed:
    errors: list[str]
    events: list[ParsedEvent]


def _errors(lib: ctypes.CDLL, comp: int, any_kind: int, error_kind: int) -> list[str]:
    found = []
    prop = lib.icalcomponent_get_first_property(comp, error_kind)
    while prop:
        found.append(lib.icalproperty_get_xlicerror(prop).decode("utf-8", "replace"))
        prop = lib.icalcomponent_get_next_property(comp, error_kind)
    child = lib.icalcomponent_get_first_component(comp, any_kind)
    while child:
        found += _errors(lib, child, any_kind, error_kind)
        child = lib.icalcomponent_get_next_component(comp, any_kind)
    return found


def _day(t: _Time) -> str:
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}"


def parse(lib: ctypes.CDLL, data: bytes) -> Parsed:
    comp = lib.icalparser_parse_string(data)
    if not comp:
        return Parsed(["libical returned no component"], [])
    try:
        lib.icalrestriction_check(comp)
        any_kind = lib.icalcomponent_string_to_kind(b"ANY")
        vevent = lib.icalcomponent_string_to_kind(b"VEVENT")
        error_kind = lib.icalproperty_string_to_kind(b"X-LIC-ERROR")
        errors = _errors(lib, comp, any_kind, error_kind)
        events = []
        event = lib.icalcomponent_get_first_component(comp, vevent)
        while event:
            start, end = lib.icalcomponent_get_dtstart(event), lib.icalcomponent_get_dtend(event)
            events.append(
                ParsedEvent(
                    (lib.icalcomponent_get_uid(event) or b"").decode("utf-8"),
                    lib.icalcomponent_get_sequence(event),
                    (lib.icalcomponent_get_summary(event) or b"").decode("utf-8"),
                    bool(start.is_date),
                    _day(start),
                    _day(end),
                )
            )
            event = lib.icalcomponent_get_next_component(comp, vevent)
        return Parsed(errors, events)
    finally:
        lib.icalcomponent_free(comp)
