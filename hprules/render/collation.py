"""Norwegian alphabetical order: a–z, then æ, ø, å (Språkrådet's order).

Python's default order puts Å before Ø and compares by code point. The key
lowercases, sends æ, ø and å past z (to the three characters after 'z' in
ASCII), and drops other accents (é sorts as e), so "Ørland" comes after "Vestnes"
and "Åfjord" last.
"""

from __future__ import annotations

import unicodedata

_LAST = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def norwegian_key(text: str) -> str:
    shifted = text.casefold().translate(_LAST)
    decomposed = unicodedata.normalize("NFD", shifted)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
