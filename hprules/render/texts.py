"""User-facing words in Norwegian bokmål (default) and English."""

from __future__ import annotations

from datetime import date, timedelta

from ..domain.dates import DateValue, Move, Offset, Precision, Unit

LANGUAGES = ("nb", "en")

_WORDS: dict[str, tuple[str, str]] = {
    # statuses
    "met": ("oppfylt", "met"),
    "met_late": ("oppfylt for sent", "met late"),
    "overdue": ("forfalt", "overdue"),
    "missed": ("mål passert", "target passed"),
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
    "unknown": ("ukjent om i tide", "whether in time is unknown"),
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
    "derived": ("utledet", "derived"),
    "plan_passed": ("bare planlagt, og dagen er passert", "only a plan, and its day has passed"),
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
    return pick(lang, *_WORDS[key])


def pick(lang: str, nb: str, en: str) -> str:
    """The text in the reader's language: a phrase written where it is used, in both languages."""
    return en if lang == "en" else nb


def between(earliest: date, latest: date, lang: str) -> str:
    """'mellom 2022-06-01 og 2022-06-30': a range of days known only by its ends."""
    return f"{word('between', lang)} {earliest} {word('and', lang)} {latest}"


def span(earliest: date | None, latest: date, lang: str) -> str:
    """A finding's date as `explain` and `waiting` both say it: '2025-03-03',
    'mellom 2025-02-28 og 2025-03-28', or 'senest 2023-12-15' when only its last day is known."""
    if earliest is None:
        return f"{word('at_the_latest', lang)} {latest}"
    if earliest == latest:
        return latest.isoformat()
    return between(earliest, latest, lang)


def counting_words(lang: str) -> str:
    """How an offset is counted (docs/conventions.md), one sentence wherever it is said."""
    return pick(
        lang,
        "Startdagen telles ikke; uker, måneder og år går til samme dato, eller månedens siste dag "
        "(domstolloven §§ 148–149).",
        "The start day is not counted; weeks, months and years land on the same day number, or the "
        "month's last day (domstolloven §§ 148–149).",
    )


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


def nok(amount: int, lang: str) -> str:
    """'26 080 000 kr' / 'NOK 26,080,000'."""
    if lang == "en":
        return f"NOK {amount:,}"
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


# Kept apart from _WORDS above so that additions there and here do not collide.
_WORDS.update(
    {
        "when": ("Når", "When"),
        "party": ("Part", "Party"),
        "what": ("Hva", "What"),
        "today": ("i dag", "today"),
        "nothing_in_window": ("Ingenting i perioden", "Nothing in the period"),
        "follow_up_now": (
            "Kan følges opp nå (datoen som avhenger av faktumet er passert eller innen {days} dager)",
            "Can be followed up now (the date that depends on the fact is past or within {days} days)",
        ),
        "follow_up_later": (
            "Kan følges opp senere (datoen er mer enn {days} dager fram)",
            "Can be followed up later (the date is more than {days} days ahead)",
        ),
        "awaits_event": (
            "Venter på hendelse (ingen kjent dato plasserer det nær i tid)",
            "Waiting for an event (no known date places it near)",
        ),
        "would_fall": ("ville falle", "would fall on"),
        # the server's error pages
        "not_found_title": ("Fant ikke siden", "Page not found"),
        "not_found_text": (
            "Det finnes ingen side eller kalender på {path}.",
            "There is no page or calendar at {path}.",
        ),
        "read_only_title": ("Bare for lesing", "Read only"),
        "read_only_text": (
            "Sidene og kalenderne her kan bare leses (GET og HEAD); {method} er ikke tillatt.",
            "The pages and calendars here can only be read (GET and HEAD); {method} is not allowed.",
        ),
        "server_error_title": ("Intern feil", "Internal error"),
        "server_error_text": (
            "Noe gikk galt på tjeneren; feilen står i tjenerens logg.",
            "Something went wrong on the server; the error is in the server's log.",
        ),
        "back_to_index": ("Alle parter", "All parties"),
        "at_the_latest": ("senest", "by"),
    }
)

# (singular, plural) per language; Norwegian nouns and adjectives both inflect.
_COUNTED: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "findings": (("funn", "funn"), ("finding", "findings")),
    "overdue_summary": (("forfalt plikt", "forfalte plikter"), ("overdue obligation", "overdue obligations")),
    "days": (("dag", "dager"), ("day", "days")),
    "changes": (("endring", "endringer"), ("change", "changes")),
    "feeds": (("kalender", "kalendere"), ("feed", "feeds")),
    "events": (("hendelse", "hendelser"), ("event", "events")),
    "files_changed": (("fil endret", "filer endret"), ("file changed", "files changed")),
    "rules": (("regel", "regler"), ("rule", "rules")),
    "parties": (("part", "parter"), ("party", "parties")),
    "quotes_found": (
        ("sitat funnet i dokumentene", "sitater funnet i dokumentene"),
        ("quote found in its document", "quotes found in their documents"),
    ),
}


def counted(n: int, key: str, lang: str) -> str:
    """'1 forfalt plikt', '2 forfalte plikter', '1 overdue obligation'."""
    nb, en = _COUNTED[key]
    one, many = en if lang == "en" else nb
    return f"{n} {one if n == 1 else many}"


_WEEKDAYS = (("ma.", "ti.", "on.", "to.", "fr.", "lø.", "sø."), ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))


def weekday(day: date, lang: str) -> str:
    """'ma.' / 'Mon' (the abbreviations of Språkrådet and of English calendars)."""
    return _WEEKDAYS[1 if lang == "en" else 0][day.weekday()]


def days_away(days: int, overdue: bool, lang: str) -> str:
    """How far a date is from today: 'om 5 dager', '3 dager over fristen', 'i dag'.

    `days` is negative for a date in the past; `overdue` says whether that past
    date is a deadline not met (else it is just 'for 3 dager siden')."""
    if days == 0:
        return word("today", lang)
    amount = counted(abs(days), "days", lang)
    if days > 0:
        return f"in {amount}" if lang == "en" else f"om {amount}"
    if overdue:
        return f"{amount} overdue" if lang == "en" else f"{amount} over fristen"
    return f"{amount} ago" if lang == "en" else f"for {amount} siden"


def within(days: int, lang: str) -> str:
    """'innen 5 dager' / 'within 5 days': a range that has begun ends then."""
    amount = counted(days, "days", lang)
    return f"within {amount}" if lang == "en" else f"innen {amount}"


_MONTHS = (
    (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
    (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
)


def day_words(day: date, lang: str, year: bool = True) -> str:
    """'22. april 2022' / '22 April 2022' (without the year: '30. juni')."""
    month = _MONTHS[1 if lang == "en" else 0][day.month - 1]
    text = f"{day.day} {month}" if lang == "en" else f"{day.day}. {month}"
    return f"{text} {day.year}" if year else text


def range_words(earliest: date | None, latest: date, lang: str) -> str:
    """A date not known to the day, in words, ending with its latest day:
    'en gang i juni 2022; senest 30. juni', 'senest 30. juni 2022'."""
    by = "by {} at the latest" if lang == "en" else "senest {}"
    if earliest is None:
        return ("by {}" if lang == "en" else "senest {}").format(day_words(latest, lang))
    last = by.format(day_words(latest, lang, year=latest.year != earliest.year))
    months = _MONTHS[1 if lang == "en" else 0]
    next_day = latest + timedelta(days=1)
    if earliest.day == 1 and next_day.day == 1 and (earliest.year, earliest.month) == (latest.year, latest.month):
        span = f"{months[earliest.month - 1]} {earliest.year}"
    elif (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31) and earliest.year == latest.year:
        span = str(earliest.year)
    else:  # not a whole month or year: both ends, and the latest is the last day
        between = day_words(earliest, lang, year=earliest.year != latest.year)
        if lang == "en":
            return f"some time between {between} and {day_words(latest, lang)}"
        return f"en gang mellom {between} og {day_words(latest, lang)}"
    return f"some time in {span}; {last}" if lang == "en" else f"en gang i {span}; {last}"


def month_abbreviations(lang: str) -> tuple[str, ...]:
    """'jan', 'feb', ... / 'Jan', 'Feb', ...: for axis ticks."""
    return tuple(m[:3] for m in _MONTHS[1 if lang == "en" else 0])


_MOVES = {
    Move.FORWARD: ("flyttes til neste virkedag", "moves to the next working day"),
    Move.BACKWARD: ("flyttes til forrige virkedag", "moves to the previous working day"),
    Move.NONE: ("flyttes ikke", "is not moved"),
}


def move_words(move: Move, lang: str) -> str:
    """How a date on a non-working day moves, in words ('flyttes til neste virkedag')."""
    nb, en = _MOVES[move]
    return en if lang == "en" else nb


def validated(rules: int, parties: int, quotes: int | None, lang: str) -> str:
    """'ok: 11 regler, 40 parter, 132 sitater funnet i dokumentene' (quotes when checked)."""
    counts = [counted(rules, "rules", lang), counted(parties, "parties", lang)]
    if quotes is not None:
        counts.append(counted(quotes, "quotes_found", lang))
    return "ok: " + ", ".join(counts)


def examples_result(passed: int, failed: int, lang: str) -> str:
    """'97 bestått, 0 feilet' / '97 passed, 0 failed' (`hprules test`'s own count, not pytest's)."""
    return f"{passed} passed, {failed} failed" if lang == "en" else f"{passed} bestått, {failed} feilet"


def approved(rule_id: str, by: str, day: date, fingerprint: str, lang: str) -> str:
    """'shares-purchase godkjent av Kari 2026-11-20 (fingeravtrykk 0123abcd)'."""
    if lang == "en":
        return f"{rule_id} approved by {by} on {day.isoformat()} (fingerprint {fingerprint})"
    return f"{rule_id} godkjent av {by} {day.isoformat()} (fingeravtrykk {fingerprint})"


def from_plan(when: str, fact: str, lang: str) -> str:
    """A finding dated from a plan whose day has passed (Finding.unconfirmed), in one sentence."""
    return pick(
        lang,
        f"Etter planen: {when}. Venter på at {fact} registreres som faktisk.",
        f"By the plan: {when}. Waiting for {fact} to be recorded as actual.",
    )


def value_words(value: DateValue, lang: str) -> str:
    """A fact's date in words: '9. november 2024', 'i april 2026', 'senest 15. november 2023'."""
    if value.precision is Precision.DAY:
        return day_words(value.latest, lang)
    if value.precision is Precision.ON_OR_BEFORE:
        return range_words(None, value.latest, lang)
    if value.precision is Precision.MONTH:
        span = f"{_MONTHS[1 if lang == 'en' else 0][value.latest.month - 1]} {value.latest.year}"
    else:
        span = str(value.latest.year)
    return f"in {span}" if lang == "en" else f"i {span}"


def fact_words(name: str, label: str | None) -> str:
    """A fact by its label in the vocabulary, with the name the files use:
    'tjenesteavtalen er signert (service_agreement_signed)'."""
    return f"{label} ({name})" if label else name


def counted_from_plan(fact: str, lang: str) -> str:
    """Said of a date counted from a fact that is only a plan (a guidance event from a planned go-live)."""
    return pick(
        lang,
        f"Regnet etter planlagt {fact}; datoen flytter seg med planen.",
        f"Counted from the planned {fact}; the date moves with the plan.",
    )
