"""The rule book as a document for legal staff: its content once, rendered as Markdown
and as HTML (a Jinja2 template with autoescaping). Pure.

Per agreement, each rule with its verbatim quotes and sources, what it does in
plain words, whom it applies to, how its dates are counted, the interpretation,
its worked examples and its review stamp.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from ..domain.rulebook import DEFAULT_MOVE, Condition, Inference, Kind, Rule, Source, Text
from ..domain.sources import source_name
from ..evaluation.examples import Example
from ..reading.project import Project
from .explanation import review_text
from .texts import counting_words, move_words, offset_text, pick, word


def _fact(project: Project, name: str, lang: str) -> str:
    spec = project.rules.vocabulary.facts.get(name)
    return f"{spec.description.get(lang)} (`{name}`)" if spec else f"`{name}`"


def plain_words(project: Project, rule: Rule, lang: str) -> str:
    """What the rule does, in a sentence built from its fields."""
    trigger = _fact(project, rule.trigger, lang)
    if rule.offsets is None:
        when = pick(
            lang, f"uten fast dato, så snart {trigger} er registrert", f"with no fixed date, once {trigger} is recorded"
        )
    else:
        parts = []
        for category, offset in rule.offsets.items():
            label = "" if category == "*" else f" ({project.rules.vocabulary.categories[category].get(lang)})"
            parts.append(f"{offset_text(offset, lang)} {trigger}{label}")
        when = "; ".join(parts)
    title = rule.title.get(lang)
    who = rule.who.get(lang) if rule.who else pick(lang, "parten", "the party")
    text = {
        Kind.OBLIGATION: pick(lang, f"Plikt for {who}: {title} — {when}.", f"Obligation of {who}: {title} — {when}."),
        Kind.RIGHT: pick(
            lang, f"Rett for {who}: {title} — til og med {when}.", f"Right of {who}: {title} — until {when}."
        ),
        Kind.EFFECT: pick(lang, f"Virkning: {title} — {when}.", f"Effect: {title} — {when}."),
        Kind.TARGET: pick(
            lang, f"Mål (ikke bindende), {who}: {title} — {when}.", f"Target (not binding), {who}: {title} — {when}."
        ),
        Kind.GUIDANCE: pick(
            lang, f"Veiledende planlegging: {title} — {when}.", f"Planning guidance: {title} — {when}."
        ),
    }[rule.kind]
    if rule.fulfilled_by:
        done = _fact(project, rule.fulfilled_by, lang)
        text += " " + pick(lang, f"Oppfylt når {done} er registrert.", f"Fulfilled when {done} is recorded.")
    if rule.amount:
        amount = project.rules.vocabulary.amounts[rule.amount].get(lang)
        text += " " + pick(
            lang, f"Viser {amount} der dokumentene gir beløpet.", f"Shows the {amount} where the documents give it."
        )
    if rule.recurrence:
        text += " " + pick(
            lang,
            f"Gjentas hver {offset_text(rule.recurrence, lang).rsplit(' ', 1)[0]}.",
            f"Repeats every {str(rule.recurrence).rsplit(' ', 1)[0]}.",
        )
    return text


def _applies(project: Project, rule: Rule, lang: str) -> str:
    a = rule.applies_to
    cats = ", ".join(project.rules.vocabulary.categories[c].get(lang) for c in a.categories)
    parts = [cats]
    if a.waves:
        parts.append(pick(lang, f"i bølge {', '.join(a.waves)}", f"in wave {', '.join(a.waves)}"))
    if a.requires:
        parts.append(
            pick(lang, "når ", "when ")
            + ", ".join(_fact(project, f, lang) for f in a.requires)
            + pick(lang, " er registrert", " is recorded")
        )
    if a.unless:
        parts.append(
            pick(lang, "ikke når dette er registrert: ", "not once this is recorded: ")
            + ", ".join(_fact(project, f, lang) for f in a.unless)
        )
    return "; ".join(parts)


def _counting(rule: Rule, lang: str) -> list[str]:
    lines = []
    if rule.offsets is None:
        lines.append(pick(lang, "Ingen dato regnes ut.", "No date is computed."))
    else:
        lines.append(counting_words(lang))
    default = DEFAULT_MOVE[rule.kind]
    note = (
        pick(lang, " (standard for denne typen)", " (the default for this kind)")
        if rule.move is default
        else pick(
            lang,
            f" (avviker fra standarden for denne typen, der datoen {move_words(default, lang)})",
            f" (differs from the default for this kind, where the date {move_words(default, lang)})",
        )
    )
    why = f": {rule.move_reason.get(lang)}" if rule.move_reason else ""
    moves = move_words(rule.move, lang)
    lines.append(
        pick(lang, f"En dato på en ikke-virkedag {moves}", f"A date on a non-working day {moves}") + f"{note}{why}."
    )
    lines.append(
        pick(
            lang,
            "En dato kjent bare som måned eller år gir et tidsrom, ikke en dag.",
            "A date known only to the month or year gives a range, not a day.",
        )
    )
    if rule.due_soon:
        lines.append(
            pick(
                lang,
                f"Varsles {offset_text(rule.due_soon, lang)} tidligste mulige dato.",
                f"Warned {rule.due_soon} the earliest possible date.",
            )
        )
    if rule.valid_from or rule.valid_to:
        lines.append(
            pick(
                lang,
                f"Gjelder fra {rule.valid_from or '—'} til {rule.valid_to or '—'}.",
                f"In force from {rule.valid_from or '—'} to {rule.valid_to or '—'}.",
            )
        )
    return lines


@dataclass(frozen=True)
class Part:
    """One labelled part of an entry: a sentence, a list, or the worked-examples table."""

    label: str
    text: str = ""
    items: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # the first row is the header


@dataclass(frozen=True)
class Quote:
    text: str
    cite: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    meta: str  # id, kind and file, with `code` spans; "" for none
    quotes: tuple[Quote, ...]
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Book:
    title: str
    intro: str
    sections: tuple[Section, ...]


def _examples_table(
    examples: Sequence[Example], lang: str, categories: Mapping[str, Text]
) -> tuple[tuple[str, ...], ...]:
    header = tuple(
        pick(lang, *h)
        for h in (
            ("Eksempel", "Example"),
            ("Per", "As of"),
            ("Part", "Party"),
            ("Fakta", "Facts"),
            ("Forventet", "Expected"),
        )
    )
    rows = [header]
    for e in examples:
        category = categories[e.category].get(lang) if e.category and e.category in categories else (e.category or "")
        party = (
            f"`{e.party}`" if e.party else category + (f", {pick(lang, 'bølge', 'wave')} `{e.wave}`" if e.wave else "")
        )
        facts = ", ".join(f"`{f}`" for f in e.facts) or "—"
        expected = ", ".join(_expectation(k, v, lang) for k, v, _ in e.expect)
        rows.append((e.name.get(lang), str(e.as_of), party, facts, expected))
    return tuple(rows)


# An example's expectations in the reader's words; the example files' own keys are in `hprules test`.
_EXPECT_KEYS = {
    "applies": ("gjelder", "applies"),
    "status": ("status", "status"),
    "due": ("dato", "date"),
    "earliest": ("tidligst", "earliest"),
    "latest": ("senest", "latest"),
    "missing": ("mangler", "missing"),
    "timeliness": ("rettidighet", "timeliness"),
    "derives": ("utleder", "derives"),
    "excluded": ("ingen regel gjelder", "no rule applies"),
}


def _expectation(key: str, value: object, lang: str) -> str:
    """'status: planlagt', 'gjelder: nei', 'utleder `call_off_signed`: ≤2023-11-03'."""
    name, _, fact = key.partition(".")
    label = pick(lang, *_EXPECT_KEYS[name]) + (f" `{fact}`" if fact else "")
    if isinstance(value, bool):
        shown = pick(lang, "ja", "yes") if value else pick(lang, "nei", "no")
    elif name in ("status", "timeliness") and isinstance(value, str):
        shown = word(value, lang)
    elif isinstance(value, tuple):
        shown = ", ".join(f"`{v}`" for v in value)
    else:
        shown = "—" if value is None else str(value)
    return f"{label}: {shown}"


def _document(document: str, lang: str) -> str:
    """Its title and date, and the file name that `validate --sources` checks the quote in."""
    name = source_name(document, lang)
    return document if name == document else f"{name} ({document})"


def _quotes(sources: Sequence[Source], lang: str) -> tuple[Quote, ...]:
    return tuple(
        Quote(
            " ".join(s.quote.split()),
            f"{_document(s.document, lang)}, {s.agreement}, "
            f"{s.clause or pick(lang, 'uten punktnummer', 'no clause number')}",
        )
        for s in sources
    )


def _closing(
    item: Rule | Inference, examples: Sequence[Example], lang: str, categories: Mapping[str, Text]
) -> list[Part]:
    """Interpretation, worked examples and review stamp: how every rule and inference ends."""
    parts = []
    if item.interpretation:
        parts.append(Part(pick(lang, "Tolkning", "Interpretation"), " ".join(item.interpretation.get(lang).split())))
    mine = [e for e in examples if e.rule == item.id]
    if mine:
        parts.append(Part(pick(lang, "Eksempler", "Worked examples"), table=_examples_table(mine, lang, categories)))
    parts.append(Part(pick(lang, "Gjennomgang", "Review"), review_text(item, lang)))
    return parts


def _rule_entry(project: Project, rule: Rule, examples: Sequence[Example], lang: str) -> Entry:
    version = f" ({pick(lang, 'fra', 'from')} {rule.valid_from})" if rule.valid_from else ""
    parts = [
        Part(pick(lang, "Hva regelen gjør", "What it does"), plain_words(project, rule, lang)),
        Part(pick(lang, "Gjelder", "Applies to"), _applies(project, rule, lang)),
        Part(pick(lang, "Slik regnes datoen", "How the date is counted"), items=tuple(_counting(rule, lang))),
        *_closing(rule, examples, lang, project.rules.vocabulary.categories),
    ]
    meta = f"`{rule.id}`{version} — {word(rule.kind.value, lang)} — `{rule.location}`"
    return Entry(rule.id, rule.title.get(lang), meta, _quotes(rule.sources, lang), tuple(parts))


def _inference_entry(project: Project, inference: Inference, examples: Sequence[Example], lang: str) -> Entry:
    start = _fact(project, inference.start, lang)
    when = (
        pick(
            lang,
            f"{start} har skjedd (registrert som faktisk, ikke bare planlagt)",
            f"{start} has happened (recorded as actual, not only planned)",
        )
        if inference.condition is Condition.HAPPENED
        else pick(lang, f"{start} er kjent", f"{start} is known")
    )
    if inference.excludes:
        then = pick(
            lang, "gjelder ingen regel i regelboken for parten", "no rule of the rule book applies to the party"
        )
    else:
        facts = ", ".join(_fact(project, name, lang) for name in inference.concludes)
        then = pick(lang, f"følger {facts}, hver på eller før samme dag", f"{facts} follow, each on or before that day")
    cats = ", ".join(project.rules.vocabulary.categories[c].get(lang) for c in inference.categories)
    parts = [
        Part(
            pick(lang, "Hva slutningen gjør", "What it does"),
            pick(lang, f"Når {when}, {then}.", f"When {when}, {then}."),
        ),
        Part(pick(lang, "Gjelder", "Applies to"), cats),
        *_closing(inference, examples, lang, project.rules.vocabulary.categories),
    ]
    meta = f"`{inference.id}` — {pick(lang, 'slutning', 'inference')} — `{inference.location}`"
    return Entry(inference.id, inference.title.get(lang), meta, _quotes(inference.sources, lang), tuple(parts))


def book(project: Project, examples: Sequence[Example], lang: str) -> Book:
    """The rule book's content, for the Markdown and the HTML renderings alike."""
    by_agreement: dict[str, list[Rule]] = {}
    for rule in project.rules.rules:
        by_agreement.setdefault(rule.agreement, []).append(rule)
    sections = [
        Section(agreement, "", tuple(_rule_entry(project, r, examples, lang) for r in rules))
        for agreement, rules in by_agreement.items()
    ]
    if project.rules.inferences:
        sections.append(
            Section(
                pick(lang, "Slutninger fra kjente fakta", "Inferences from known facts"),
                pick(
                    lang,
                    "Regelmotoren kjører slutningene som fremoverkjeding: et utledet faktum kan starte en ny "
                    "slutning og gjøre regler gjeldende. Et utledet faktum er «på eller før» dagen til faktumet det "
                    "kommer fra; et registrert faktum går alltid foran et utledet. `hprules explain` viser kjeden.",
                    "The rules engine runs the inferences as forward chaining: a derived fact can start another "
                    "inference and make rules apply. A derived fact is 'on or before' the day of the fact it comes "
                    "from; a recorded fact always wins over a derived one. `hprules explain` shows the chain.",
                ),
                tuple(_inference_entry(project, i, examples, lang) for i in project.rules.inferences),
            )
        )
    if project.rules.unencoded:
        sections.append(
            Section(
                pick(lang, "Ikke kodet, og hvorfor", "Not encoded, and why"),
                pick(
                    lang,
                    "Daterte bestemmelser i dokumentene som med vilje ikke er regler, med teksten ordrett og "
                    "begrunnelsen.",
                    "Dated provisions of the documents that are deliberately not rules, with the text word for "
                    "word and the reason.",
                ),
                tuple(
                    Entry(
                        item.id,
                        item.title.get(lang),
                        "",
                        _quotes(item.sources, lang),
                        (
                            Part(
                                pick(lang, "Hvorfor ikke kodet", "Why not encoded"),
                                " ".join(item.reason.get(lang).split()),
                            ),
                        ),
                    )
                    for item in project.rules.unencoded
                ),
            )
        )
    return Book(
        pick(lang, "Regelboken for Helseplattformen-avtalene", "The rule book of the Helseplattformen agreements"),
        pick(
            lang,
            "Generert av `hprules rulebook` fra `rules/` — ikke rediger for hånd. Hver regel viser teksten den "
            "bygger på ordrett, hva den gjør, hvem den gjelder, hvordan datoene regnes, tolkningen, "
            "eksempler som er regnet for hånd, og hvem som har godkjent den.",
            "Generated by `hprules rulebook` from `rules/` — do not edit by hand. Each rule shows the text it "
            "encodes word for word, what it does, whom it applies to, how its dates are counted, the "
            "interpretation, examples worked by hand, and who approved it.",
        ),
        tuple(sections),
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _part_markdown(part: Part) -> list[str]:
    if part.table:
        header, *rows = part.table
        lines = [f"**{part.label}** (`hprules test`):", "", "| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        return [*lines, ""]
    if part.items:
        return [f"**{part.label}:**", "", *(f"- {item}" for item in part.items), ""]
    return [f"**{part.label}:** {part.text}", ""]


def render_markdown(project: Project, examples: Sequence[Example], lang: str) -> str:
    content = book(project, examples, lang)
    out = [f"# {content.title}", "", content.intro, ""]
    for section in content.sections:
        out += [f"## {section.title}", ""] + ([section.intro, ""] if section.intro else [])
        for entry in section.entries:
            out += [f'### {entry.title} <a id="{entry.id}"></a>', ""]
            out += [entry.meta, ""] if entry.meta else []
            for quote in entry.quotes:
                out += [f"> {quote.text}", ">", f"> — {quote.cite}", ""]
            for part in entry.parts:
                out += _part_markdown(part)
    return "\n".join(out).rstrip() + "\n"


def _code_spans(text: str) -> Markup:
    """Escape the text, then show its `code` spans as <code>: markup in the text stays text."""
    escaped = str(escape(text))
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))


def render_html(project: Project, examples: Sequence[Example], lang: str, generated: date, revision: str) -> str:
    """The rule book as one page: a table of contents, the day and git revision it
    was generated from, and a print stylesheet (legal staff print it)."""
    from .templating import environment

    env = environment()
    env.filters.setdefault("code", _code_spans)
    return env.get_template("rulebook.html").render(
        lang="en" if lang == "en" else "nb",
        book=book(project, examples, lang),
        generated=generated.isoformat(),
        revision=revision,
        t={
            "contents": pick(lang, "Innhold", "Contents"),
            "generated": pick(lang, "Generert", "Generated"),
            "revision": pick(lang, "fra git-revisjon", "from git revision"),
        },
    )
