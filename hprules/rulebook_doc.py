"""The rule book as a document for legal staff: Markdown, and HTML made from it. Pure.

Per agreement, each rule with its verbatim quotes and sources, what it does in
plain words, whom it applies to, how its dates are counted, the interpretation,
its worked examples and its review stamp.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .explanation import review_text
from .project import Project
from .rulebook import DEFAULT_MOVE, Condition, Inference, Kind, Rule, Source
from .scenario import Example
from .texts import offset_text, word


def _t(lang: str, nb: str, en: str) -> str:
    return en if lang == "en" else nb


_MOVES = {
    "forward": ("flyttes til neste virkedag", "moves to the next working day"),
    "backward": ("flyttes til forrige virkedag", "moves to the previous working day"),
    "none": ("flyttes ikke", "is not moved"),
}


def _fact(project: Project, name: str, lang: str) -> str:
    spec = project.rules.vocabulary.facts.get(name)
    return f"{spec.description.get(lang)} (`{name}`)" if spec else f"`{name}`"


def plain_words(project: Project, rule: Rule, lang: str) -> str:
    """What the rule does, in a sentence built from its fields."""
    trigger = _fact(project, rule.trigger, lang)
    if rule.offsets is None:
        when = _t(
            lang, f"uten fast dato, så snart {trigger} er registrert", f"with no fixed date, once {trigger} is recorded"
        )
    else:
        parts = []
        for category, offset in rule.offsets.items():
            label = "" if category == "*" else f" ({project.rules.vocabulary.categories[category].get(lang)})"
            parts.append(f"{offset_text(offset, lang)} {trigger}{label}")
        when = "; ".join(parts)
    title = rule.title.get(lang)
    who = rule.who.get(lang) if rule.who else _t(lang, "parten", "the party")
    text = {
        Kind.OBLIGATION: _t(lang, f"Plikt for {who}: {title} — {when}.", f"Obligation of {who}: {title} — {when}."),
        Kind.RIGHT: _t(
            lang, f"Rett for {who}: {title} — til og med {when}.", f"Right of {who}: {title} — until {when}."
        ),
        Kind.EFFECT: _t(lang, f"Virkning: {title} — {when}.", f"Effect: {title} — {when}."),
        Kind.TARGET: _t(
            lang, f"Mål (ikke bindende), {who}: {title} — {when}.", f"Target (not binding), {who}: {title} — {when}."
        ),
        Kind.GUIDANCE: _t(lang, f"Veiledende planlegging: {title} — {when}.", f"Planning guidance: {title} — {when}."),
    }[rule.kind]
    if rule.fulfilled_by:
        done = _fact(project, rule.fulfilled_by, lang)
        text += " " + _t(lang, f"Oppfylt når {done} er registrert.", f"Fulfilled when {done} is recorded.")
    if rule.amount:
        amount = project.rules.vocabulary.amounts[rule.amount].get(lang)
        text += " " + _t(
            lang, f"Viser {amount} der dokumentene gir beløpet.", f"Shows the {amount} where the documents give it."
        )
    if rule.recurrence:
        text += " " + _t(
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
        parts.append(_t(lang, f"i bølge {', '.join(a.waves)}", f"in wave {', '.join(a.waves)}"))
    if a.requires:
        parts.append(
            _t(lang, "når ", "when ")
            + ", ".join(_fact(project, f, lang) for f in a.requires)
            + _t(lang, " er registrert", " is recorded")
        )
    if a.unless:
        parts.append(
            _t(lang, "ikke når dette er registrert: ", "not once this is recorded: ")
            + ", ".join(_fact(project, f, lang) for f in a.unless)
        )
    return "; ".join(parts)


def _counting(rule: Rule, lang: str) -> list[str]:
    lines = []
    if rule.offsets is None:
        lines.append(_t(lang, "Ingen dato regnes ut.", "No date is computed."))
    else:
        lines.append(
            _t(
                lang,
                "Startdagen telles ikke; uker, måneder og år går til samme dato, eller månedens siste dag "
                "(domstolloven §§ 148–149).",
                "The start day is not counted; weeks, months and years land on the same day number, or the "
                "month's last day (domstolloven §§ 148–149).",
            )
        )
    nb, en = _MOVES[rule.move.value]
    default = DEFAULT_MOVE[rule.kind]
    note = (
        _t(lang, " (standard for denne typen)", " (the default for this kind)")
        if rule.move is default
        else _t(lang, f" (avviker fra standarden `{default.value}`)", f" (differs from the default `{default.value}`)")
    )
    why = f": {rule.move_reason}" if rule.move_reason else ""
    lines.append(
        _t(lang, f"Faller datoen på en ikke-virkedag, {nb}", f"A date on a non-working day {en}") + f"{note}{why}."
    )
    lines.append(
        _t(
            lang,
            "En dato kjent bare som måned eller år gir et tidsrom, ikke en dag.",
            "A date known only to the month or year gives a range, not a day.",
        )
    )
    if rule.due_soon:
        lines.append(
            _t(
                lang,
                f"Varsles {offset_text(rule.due_soon, lang)} tidligste mulige dato.",
                f"Warned {rule.due_soon} the earliest possible date.",
            )
        )
    if rule.valid_from or rule.valid_to:
        lines.append(
            _t(
                lang,
                f"Gjelder fra {rule.valid_from or '—'} til {rule.valid_to or '—'}.",
                f"In force from {rule.valid_from or '—'} to {rule.valid_to or '—'}.",
            )
        )
    return lines


def _example_rows(examples: Sequence[Example], lang: str) -> list[str]:
    rows = [
        "| "
        + " | ".join(
            _t(lang, *h)
            for h in (
                ("Eksempel", "Example"),
                ("Per", "As of"),
                ("Part", "Party"),
                ("Fakta", "Facts"),
                ("Forventet", "Expected"),
            )
        )
        + " |",
        "|---|---|---|---|---|",
    ]
    for e in examples:
        party = e.party or (e.category or "") + (f", {e.wave}" if e.wave else "")
        facts = ", ".join(f"`{f}`" for f in e.facts) or "—"
        expected = ", ".join(f"{k}: {_show(v)}" for k, v, _ in e.expect)
        rows.append(f"| {_cell(e.name)} | {e.as_of} | {_cell(party)} | {facts} | {_cell(expected)} |")
    return rows


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return "—" if value is None else str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(project: Project, examples: Sequence[Example], lang: str) -> str:
    out = [
        _t(lang, "# Regelboken for Helseplattformen-avtalene", "# The rule book of the Helseplattformen agreements"),
        "",
        _t(
            lang,
            "Generert av `hprules rulebook` fra `rules/` — ikke rediger for hånd. Hver regel viser teksten den "
            "bygger på ordrett, hva den gjør, hvem den gjelder, hvordan datoene regnes, tolkningen, "
            "eksempler som er regnet for hånd, og hvem som har godkjent den.",
            "Generated by `hprules rulebook` from `rules/` — do not edit by hand. Each rule shows the text it "
            "encodes word for word, what it does, whom it applies to, how its dates are counted, the "
            "interpretation, examples worked by hand, and who approved it.",
        ),
        "",
    ]
    by_agreement: dict[str, list[Rule]] = {}
    for rule in project.rules.rules:
        by_agreement.setdefault(rule.agreement, []).append(rule)
    for agreement, rules in by_agreement.items():
        out += [f"## {agreement}", ""]
        for rule in rules:
            version = f" ({_t(lang, 'fra', 'from')} {rule.valid_from})" if rule.valid_from else ""
            out += [f'### {rule.title.get(lang)} <a id="{rule.id}"></a>', ""]
            out += [f"`{rule.id}`{version} — {word(rule.kind.value, lang)} — `{rule.location}`", ""]
            for source in rule.sources:
                clause = source.clause or _t(lang, "uten punktnummer", "no clause number")
                out += [
                    f"> {' '.join(source.quote.split())}",
                    ">",
                    f"> — {source.document}, {source.agreement}, {clause}",
                    "",
                ]
            out += [f"**{_t(lang, 'Hva regelen gjør', 'What it does')}:** {plain_words(project, rule, lang)}", ""]
            out += [f"**{_t(lang, 'Gjelder', 'Applies to')}:** {_applies(project, rule, lang)}", ""]
            out += [f"**{_t(lang, 'Slik regnes datoen', 'How the date is counted')}:**", ""]
            out += [f"- {line}" for line in _counting(rule, lang)] + [""]
            out += _closing(rule, examples, lang)
    out += _inference_section(project, examples, lang)
    out += _unencoded_section(project, lang)
    return "\n".join(out).rstrip() + "\n"


def _closing(item: Rule | Inference, examples: Sequence[Example], lang: str) -> list[str]:
    """Interpretation, worked examples and review stamp: how every rule and inference ends."""
    out = []
    if item.interpretation:
        out += [f"**{_t(lang, 'Tolkning', 'Interpretation')}:** {' '.join(item.interpretation.split())}", ""]
    mine = [e for e in examples if e.rule == item.id]
    if mine:
        out += [f"**{_t(lang, 'Eksempler', 'Worked examples')}** (`hprules test`):", ""]
        out += [*_example_rows(mine, lang), ""]
    out += [f"**{_t(lang, 'Gjennomgang', 'Review')}:** {review_text(item, lang)}", ""]
    return out


def _quotes(sources: Sequence[Source], lang: str) -> list[str]:
    out = []
    for source in sources:
        clause = source.clause or _t(lang, "uten punktnummer", "no clause number")
        cited = ", ".join(x for x in (source.document, source.agreement, clause) if x)
        out += [f"> {' '.join(source.quote.split())}", ">", f"> — {cited}", ""]
    return out


def _inference_section(project: Project, examples: Sequence[Example], lang: str) -> list[str]:
    inferences = project.rules.inferences
    if not inferences:
        return []
    out = [
        f"## {_t(lang, 'Slutninger fra kjente fakta', 'Inferences from known facts')}",
        "",
        _t(
            lang,
            "Regelmotoren kjører slutningene som fremoverkjeding: et utledet faktum kan starte en ny slutning og "
            "gjøre regler gjeldende. Et utledet faktum er «på eller før» dagen til faktumet det kommer fra; et "
            "registrert faktum går alltid foran et utledet. `hprules explain` viser kjeden.",
            "The rules engine runs the inferences as forward chaining: a derived fact can start another inference "
            "and make rules apply. A derived fact is 'on or before' the day of the fact it comes from; a recorded "
            "fact always wins over a derived one. `hprules explain` shows the chain.",
        ),
        "",
    ]
    for inference in inferences:
        out += [f'### {inference.title.get(lang)} <a id="{inference.id}"></a>', ""]
        out += [f"`{inference.id}` — {_t(lang, 'slutning', 'inference')} — `{inference.location}`", ""]
        out += _quotes(inference.sources, lang)
        start = _fact(project, inference.start, lang)
        when = (
            _t(
                lang,
                f"{start} har skjedd (registrert som faktisk, ikke bare planlagt)",
                f"{start} has happened (recorded as actual, not only planned)",
            )
            if inference.condition is Condition.HAPPENED
            else _t(lang, f"{start} er kjent", f"{start} is known")
        )
        if inference.excludes:
            then = _t(
                lang, "gjelder ingen regel i regelboken for parten", "no rule of the rule book applies to the party"
            )
        else:
            facts = ", ".join(_fact(project, name, lang) for name in inference.concludes)
            then = _t(
                lang, f"følger {facts}, hver på eller før samme dag", f"{facts} follow, each on or before that day"
            )
        cats = ", ".join(project.rules.vocabulary.categories[c].get(lang) for c in inference.categories)
        out += [
            f"**{_t(lang, 'Hva slutningen gjør', 'What it does')}:** "
            + _t(lang, f"Når {when}, {then}.", f"When {when}, {then}."),
            "",
        ]
        out += [f"**{_t(lang, 'Gjelder', 'Applies to')}:** {cats}", ""]
        out += _closing(inference, examples, lang)
    return out


def _unencoded_section(project: Project, lang: str) -> list[str]:
    items = project.rules.unencoded
    if not items:
        return []
    out = [
        f"## {_t(lang, 'Ikke kodet, og hvorfor', 'Not encoded, and why')}",
        "",
        _t(
            lang,
            "Daterte bestemmelser i dokumentene som med vilje ikke er regler, med teksten ordrett og begrunnelsen.",
            "Dated provisions of the documents that are deliberately not rules, with the text word for word and "
            "the reason.",
        ),
        "",
    ]
    for item in items:
        out += [f'### {item.title.get(lang)} <a id="{item.id}"></a>', ""]
        out += _quotes(item.sources, lang)
        out += [
            f"**{_t(lang, 'Hvorfor ikke kodet', 'Why not encoded')}:** {' '.join(item.reason.get(lang).split())}",
            "",
        ]
    return out


_CSS = """
body{font-family:Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d;line-height:1.5}
h1,h2,h3{font-family:system-ui,sans-serif}h2{border-bottom:2px solid #333;margin-top:2.5rem}
h3{margin-top:2rem}blockquote{border-left:4px solid #6a8;margin:1rem 0;padding:.2rem 1rem;background:#f4f8f5}
table{border-collapse:collapse;font-size:.9rem;font-family:system-ui,sans-serif}
td,th{border:1px solid #ccc;padding:.25rem .45rem;vertical-align:top}code{font-size:.85em}
"""


def render_html(markdown_text: str, lang: str) -> str:
    import markdown  # only for the HTML rule book

    body = markdown.markdown(markdown_text, extensions=["tables"], output_format="html")
    title = escape(markdown_text.splitlines()[0].lstrip("# "))
    return (
        f'<!doctype html>\n<html lang="{"en" if lang == "en" else "nb"}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n"
    )
