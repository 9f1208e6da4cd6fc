"""A what-if: facts set by hand, or only the facts on record on a past day.

Never mistaken for fact: every output of such a run says so, and none of them
may overwrite the published calendars.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class WhatIf:
    overrides: tuple[tuple[str, str], ...] = ()  # (fact, value as given)
    known_on: date | None = None

    def __bool__(self) -> bool:
        return bool(self.overrides) or self.known_on is not None

    def describe(self, lang: str) -> str:
        """One line: 'HVA-HVIS (ikke registrerte fakta): go_live=2026-11 satt for hånd', or
        'SLIK DET VAR KJENT: bare fakta registrert per 2023-01-01'."""
        parts = []
        if self.overrides:
            values = ", ".join(f"{name}={value}" for name, value in self.overrides)
            parts.append(f"{values} set by hand" if lang == "en" else f"{values} satt for hånd")
        if self.known_on is not None:
            day = self.known_on.isoformat()
            parts.append(f"only facts on record on {day}" if lang == "en" else f"bare fakta registrert per {day}")
        if self.overrides:
            label = "WHAT-IF (facts not recorded)" if lang == "en" else "HVA-HVIS (ikke registrerte fakta)"
        else:
            label = "AS KNOWN THEN" if lang == "en" else "SLIK DET VAR KJENT"
        return f"{label}: {'; '.join(parts)}"
