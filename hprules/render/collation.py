"""Norwegian alphabetical order: a–z, then æ, ø, å (Språkrådet's order).

Python's default order puts Å before Ø and compares by code point. The key
lowercases, sends æ, ø and å past z (to the three characters after 'z' in
ASCII), and drops other accents (é sorts as e), so "Ørland" comes after "Vestnes"
and "Åfjord" last.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from ..domain.factbase import Party
from ..domain.finding import Finding

_LAST = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def norwegian_key(text: str) -> str:
    shifted = text.casefold().translate(_LAST)
    decomposed = unicodedata.normalize("NFD", shifted)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def by_name(party_ids: Iterable[str], names: Mapping[str, str]) -> list[str]:
    """Party ids in the Norwegian order of their display names (the id breaks a tie):
    every output that lists parties uses it, so they agree."""
    return sorted(party_ids, key=lambda p: (norwegian_key(names.get(p, p)), p))


def in_party_order(findings: Iterable[Finding], names: Mapping[str, str]) -> list[Finding]:
    """Findings grouped by party in `by_name` order, each party's own order kept."""
    listed = list(findings)
    rank = {p: n for n, p in enumerate(by_name({f.party for f in listed}, names))}
    return sorted(listed, key=lambda f: rank[f.party])  # stable: a party's findings keep their order


def party_names(parties: Mapping[str, Party]) -> dict[str, str]:
    return {p: party.name for p, party in parties.items()}
