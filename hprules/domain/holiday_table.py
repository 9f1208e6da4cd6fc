"""Norwegian public holidays from the `holidays` package, stored as a table.

Importing `holidays` costs about 160 ms, more than half of a whole `hprules check`.
So the package's answers for TABLE_FIRST_YEAR..TABLE_LAST_YEAR are generated into
`data/holidays_no.json` (run `python -m hprules.domain.holiday_table`); a test fails if
the table and the installed package disagree. The table covers the supported years
widened by the longest offset, so no computed date falls outside it; a day that
does is refused (`dates.OutOfCalendar`), not looked up in the package.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from .dates import MAX_REACH_YEARS, SUPPORTED_FIRST_YEAR, SUPPORTED_LAST_YEAR

# Every date an offset can reach from a supported year, with a year to spare for
# moves off non-working days (see dates.SUPPORTED_FIRST_YEAR).
TABLE_FIRST_YEAR = SUPPORTED_FIRST_YEAR - MAX_REACH_YEARS - 1
TABLE_LAST_YEAR = SUPPORTED_LAST_YEAR + MAX_REACH_YEARS + 1
LANGUAGES = ("no", "en_US")
_FILE = "holidays_no.json"


def from_package(years: range, language: str) -> dict[date, str]:
    import holidays

    calendar: Any = holidays.country_holidays("NO", years=years, language=language)
    return {day: str(name) for day, name in sorted(calendar.items())}


def build() -> dict[str, Any]:
    years = range(TABLE_FIRST_YEAR, TABLE_LAST_YEAR + 1)
    names = {lang: from_package(years, lang) for lang in LANGUAGES}
    return {
        "first_year": TABLE_FIRST_YEAR,
        "last_year": TABLE_LAST_YEAR,
        "holidays": {day.isoformat(): {lang: names[lang][day] for lang in LANGUAGES} for day in names[LANGUAGES[0]]},
    }


def load() -> tuple[range, dict[date, dict[str, str]]]:
    # Beside this module: pip installs the package as files (importlib.resources, for zipped
    # packages, would cost every command's start-up 3 ms of imports).
    raw = json.loads((Path(__file__).parent / "data" / _FILE).read_text(encoding="utf-8"))
    table = {date.fromisoformat(day): names for day, names in raw["holidays"].items()}
    return range(raw["first_year"], raw["last_year"] + 1), table


def write(path: Path) -> None:
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    target = Path(__file__).parent / "data" / _FILE
    write(target)
    print(f"wrote {target}")
