"""User-facing words in Norwegian bokmål (default) and English."""

from __future__ import annotations

from .dates import Offset, Unit

LANGUAGES = ("nb", "en")

_WORDS: dict[str, tuple[str, str]] = {
    # statuses
    "met": ("oppfylt", "met"),
    "met_late": ("oppfylt for sent", "met late"),
    "overdue": ("forfalt", "overdue"),
    "due_soon": ("forfaller snart", "due soon"),
    "upcoming": ("kommende", "upcoming"),
    "waiting": ("venter på fakta", "waiting for facts"),
    "open": ("åpen", "open"),
    "exercised": ("benyttet", "exercised"),
    "expired": ("utløpt", "expired"),
    "scheduled": ("planlagt", "scheduled"),
    "passed": ("passert", "passed"),
    # kinds
    "obligation": ("plikt", "obligation"),
    "right": ("rett", "right"),
    "effect": ("virkning", "effect"),
    "target": ("mål", "target"),
    "guidance": ("veiledende", "guidance"),
    # timeliness
    "on_time": ("i tide", "on time"),
    "late": ("for sent", "late"),
    "unknown": ("tidspunkt ukjent", "timeliness unknown"),
    # headings and phrases
    "rule": ("Regel", "Rule"),
    "kind": ("Type", "Kind"),
    "status": ("Status", "Status"),
    "date": ("Dato", "Date"),
    "detail": ("Merknad", "Detail"),
    "as_of": ("per", "as of"),
    "waits_for": ("venter på", "waits for"),
    "not_known": ("ikke kjent", "not known"),
    "no_fixed_date": ("ingen fast dato", "no fixed date"),
    "between": ("mellom", "between"),
    "and": ("og", "and"),
    "no_record": ("ingen registrering av", "no record of"),
    "occurrence": ("gang nr.", "occurrence"),
    "overdue_summary": ("forfalte plikter", "overdue obligations"),
    "findings": ("funn", "findings"),
    "parties": ("parter", "parties"),
    "no_findings": ("ingen regler gjelder", "no rules apply"),
    "reviewed": ("regel gjennomgått", "rule reviewed"),
    "unreviewed": ("regel ikke juridisk gjennomgått", "rule not reviewed by legal staff"),
    "changed": ("regel endret etter godkjenning", "rule changed since approved"),
    # record
    "facts_on_file": ("faktaene i filen", "the facts on file"),
    "recorded_in": ("registrert i", "recorded in"),
    "already_recorded": ("er allerede registrert; ingenting er skrevet", "is already recorded; nothing was written"),
    "dry_run": ("prøvekjøring; ingenting er skrevet", "dry run; nothing was written"),
    "not_committed": ("ikke committet", "not committed"),
}


def word(key: str, lang: str) -> str:
    nb, en = _WORDS[key]
    return en if lang == "en" else nb


_UNITS_NB = {
    Unit.DAYS: ("dag", "dager"),
    Unit.WEEKS: ("uke", "uker"),
    Unit.MONTHS: ("måned", "måneder"),
    Unit.YEARS: ("år", "år"),
}


def offset_text(offset: Offset, lang: str) -> str:
    """'30 dager etter' / '30 days after'."""
    if lang == "en":
        return str(offset)
    one, many = _UNITS_NB[offset.unit]
    return f"{offset.amount} {one if offset.amount == 1 else many} {'etter' if offset.sign > 0 else 'før'}"
