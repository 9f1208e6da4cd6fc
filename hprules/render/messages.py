"""The words of every problem message, in Norwegian bokmål and English.

A reader records a `Message` (a key and its arguments); this catalogue words it.
Field names, ids, fact names, file names and values stay as they are written in
the files: they are what the user searches for. An argument that is itself a
message (a phrase like "rule 'x'") is worded in the same language.
"""

from __future__ import annotations

from ..domain.diagnostics import Arg, Message

# The place of a problem given on the command line (--set, a party, a rule).
COMMAND_LINE_WORDS = ("kommandolinjen", "command line")

# key: (nb, en); {name} is an argument, {{ and }} are braces.
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- what went wrong, and what happened because of it
    "summary.problem": ("{n} feil", "{n} problem"),
    "summary.problems": ("{n} feil", "{n} problems"),
    "outcome.nothing_evaluated": ("ingenting ble vurdert", "nothing was evaluated"),
    "outcome.nothing_written": ("ingenting er skrevet", "nothing was written"),  # record, approve
    "outcome.written_not_committed": ("filen er skrevet, men ikke committet", "the file was written, not committed"),
    "outcome.no_feeds_written": (
        "ingenting ble vurdert, og ingen kalenderfeed er skrevet",
        "nothing was evaluated and no feed was written",
    ),
    "outcome.last_good_served": (
        "de siste gyldige kalenderfeedene vises fortsatt",
        "the last good feeds are still served",
    ),
    "failure.check_dates": ("kontroller datoene og fristene som inngår", "check the dates and offsets involved"),
    "failure.engine": ("regelmotoren feilet: {detail}", "the rules engine failed: {detail}"),
    "failure.cannot_listen": (
        "kan ikke lytte på {host}:{port}: {reason}; velg en annen --host eller --port",
        "cannot listen on {host}:{port}: {reason}; choose another --host or --port",
    ),
    "failure.not_an_address": (
        "ikke en adresse det kan lyttes på ({detail})",
        "not an address to listen on ({detail})",
    ),
    "failure.cannot_write": ("{path}: kan ikke skrive her: {reason}", "{path}: cannot write here: {reason}"),
    "failure.no_parent": (
        "mappen over finnes ikke; opprett den først",
        "its parent folder does not exist; create it first",
    ),
    "failure.bug": (
        "dette er en programfeil i hprules, vennligst meld den: {name}: {detail}",
        "this is a bug in hprules, please report it: {name}: {detail}",
    ),
    "failure.debug_hint": (
        "kjør på nytt med HPRULES_DEBUG=1 for å se hvor det skjedde",
        "run again with HPRULES_DEBUG=1 to see where it happened",
    ),
    # --- dates and offsets (domain.dates)
    "date.not_a_date": (
        "'{text}' er ikke en dato; skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ",
        "'{text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY",
    ),
    "date.outside_years": (
        "'{text}' ligger utenfor årene som støttes, {years}",
        "'{text}' is outside the supported years {years}",
    ),
    "date.not_real": (
        "'{text}' er ikke en dato som finnes",
        "'{text}' is not a real date",
    ),
    "date.out_of_calendar": (
        "{day} ligger utenfor årene med kjente norske helligdager ({first}–{last})",
        "{day} is outside the years with known Norwegian holidays ({first}–{last})",
    ),
    "offset.not_text": (
        "fristen må være tekst som '30 days after'",
        "the offset must be text like '30 days after'",
    ),
    "offset.no_unit": (
        "fristen '{text}' har ingen enhet; skriv for eksempel '{number} days after'",
        "offset '{text}' has no unit; write e.g. '{number} days after'",
    ),
    "offset.form": (
        "fristen '{text}' skal skrives '<tall> <days|weeks|months|years> <after|before>'",
        "offset '{text}' must be '<number> <days|weeks|months|years> <after|before>'",
    ),
    "offset.unknown_unit": (
        "fristen '{text}': enheten '{unit}' finnes ikke; bruk days, weeks, months eller years",
        "offset '{text}': unknown unit '{unit}'; use days, weeks, months or years",
    ),
    "offset.direction": (
        "fristen '{text}': retningen skal være 'after' eller 'before', ikke '{direction}'",
        "offset '{text}': direction must be 'after' or 'before', not '{direction}'",
    ),
    "offset.too_far": (
        "fristen '{text}' rekker for langt: høyst {years} år ({days} dager, {weeks} uker, {months} måneder), "
        "slik at datoer fra årene som støttes, {supported}, holder seg innenfor de kjente helligdagene",
        "offset '{text}' reaches too far: at most {years} years ({days} days, {weeks} weeks, {months} months), "
        "so that dates from the supported years {supported} stay within the known holidays",
    ),
    "message.about": ("{what}: {detail}", "{what}: {detail}"),
    # --- reading a file (reading.regular_file, reading.yamlfile)
    "file.cannot_read": ("filen kan ikke leses: {reason}", "cannot read the file: {reason}"),
    "file.not_regular": (
        "ikke en vanlig fil (en FIFO, en enhet eller en mappe); bare vanlige filer leses",
        "not a regular file (a FIFO, device or folder); only plain files are read",
    ),
    "file.too_large": (
        "filen er større enn {limit} byte; ingenting i hprules trenger en så stor fil",
        "the file is larger than {limit:,} bytes; nothing in hprules needs one that large",
    ),
    "yaml.key_not_text": ("en nøkkel må være ren tekst", "a key must be plain text"),
    "yaml.duplicate_key": (
        "nøkkelen '{key}' står to ganger (først på linje {line}); fjern den ene",
        "duplicate key '{key}' (first at line {line}); remove one",
    ),
    "yaml.control_character": (
        "kontrolltegnet {character} er ikke tillatt; fjern det",
        "control character {character} is not allowed; remove it",
    ),
    "yaml.alias": (
        "YAML-alias ({name}) er ikke tillatt her; skriv verdien ut",
        "YAML aliases ({name}) are not allowed here; write the value out",
    ),
    "yaml.anchor": (
        "YAML-ankere ({name}) er ikke tillatt her; skriv verdien ut",
        "YAML anchors ({name}) are not allowed here; write the value out",
    ),
    "yaml.too_deep": (
        "nøstet i mer enn {depth} nivåer; ingen hprules-fil trenger det",
        "nested more than {depth} levels deep; no hprules file needs that",
    ),
    "yaml.syntax": ("YAML-syntaksfeil: {detail}", "YAML syntax error: {detail}"),
    "yaml.error": ("YAML-feil: {detail}", "YAML error: {detail}"),
    "yaml.empty": ("filen er tom", "the file is empty"),
    "yaml.not_utf8": (
        "ikke UTF-8-tekst (ugyldig byte ved posisjon {byte})",
        "not UTF-8 text (invalid byte at position {byte})",
    ),
    # --- fields of a mapping (reading.fields)
    "field.not_mapping": (
        "{what} skal være en samling linjer på formen 'nøkkel: verdi'",
        "{what} must be a mapping of 'key: value' lines",
    ),
    "field.unknown": ("ukjent felt '{key}' i {what}", "unknown field '{key}' in {what}"),
    "field.missing": ("{what} mangler det påkrevde feltet '{key}'", "{what} is missing required field '{key}'"),
    "field.empty": ("feltet '{key}' i {what} er tomt", "field '{key}' of {what} is empty"),
    "field.not_text": ("feltet '{key}' skal være tekst, ikke tomt", "field '{key}' must be non-empty text"),
    "field.not_an_option": (
        "feltet '{key}' er '{value}'; gyldige verdier: {options}",
        "field '{key}' is '{value}'; expected one of: {options}",
    ),
    "field.item_not_text": ("hvert element i '{key}' skal være tekst", "each item of '{key}' must be text"),
    "date.not_scalar": (
        "{what} skal være en dato (ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ)",
        "{what} must be a date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    "what.field": ("feltet '{key}'", "field '{key}'"),
    "date.needs_day": ("'{key}' må ha en dag (ÅÅÅÅ-MM-DD)", "'{key}' needs a day (YYYY-MM-DD)"),
    # --- what a message is about: phrases inside other messages
    "what.name": ("{name}", "{name}"),
    "what.vocabulary": ("vokabularet", "the vocabulary"),
    "what.category": ("kategorien '{name}'", "category '{name}'"),
    "what.fact": ("faktumet '{name}'", "fact '{name}'"),
    "what.amount": ("beløpet '{name}'", "amount '{name}'"),
    "what.rule_file": ("en regelfil", "a rule file"),
    "what.a_rule": ("en regel", "a rule"),
    "what.rule": ("regelen '{id}'", "rule '{id}'"),
    "what.an_inference": ("en slutning", "an inference"),
    "what.inference": ("slutningen '{id}'", "inference '{id}'"),
    "what.a_provision": ("en bestemmelse som ikke er kodet", "a provision not encoded"),
    "what.provision": ("bestemmelsen '{id}'", "provision '{id}'"),
    "what.title_of": ("tittelen på {of}", "the title of {of}"),
    "what.reason_of": ("begrunnelsen for {of}", "the reason of {of}"),
    "what.interpretation_of": ("tolkningen av {of}", "the interpretation of {of}"),
    "what.note_of": ("merknaden til {of}", "the note of {of}"),
    "what.a_note_of": ("en merknad til {of}", "a note of {of}"),
    "what.field_of": ("{field} i {of}", "{field} of {of}"),
    "what.review_of": ("godkjenningen av regelen '{id}'", "review of rule '{id}'"),
    "what.source_of": ("en kilde til '{id}'", "a source of '{id}'"),
    "what.offset_for": ("fristen for '{name}'", "offset for '{name}'"),
    # --- bilingual texts
    "text.one_language": (
        "{what} er én tekst; gi den på norsk og engelsk: 'nb: ...' og 'en: ...'",
        "{what} is one text; give it in Norwegian and English: 'nb: ...' and 'en: ...'",
    ),
    "text.missing": (
        "{what} mangler; gi den på norsk (nb) og engelsk (en)",
        "{what} is missing; give it in Norwegian (nb) and English (en)",
    ),
    # --- the rule book (reading.rule_reader)
    "vocabulary.no_scope": (
        "faktumet '{name}' trenger et omfang (scope): {scopes}",
        "fact '{name}' needs a scope: {scopes}",
    ),
    "vocabulary.unknown_scope": (
        "omfanget '{scope}' finnes ikke; gyldige verdier: {scopes}",
        "unknown scope '{scope}'; expected one of: {scopes}",
    ),
    "rules.file_empty": (
        "en regelfil trenger 'rules', 'inferences' eller 'not_encoded'",
        "a rule file needs 'rules', 'inferences' or 'not_encoded'",
    ),
    "rules.not_a_list": ("'{key}' skal være en liste ('- id: ...')", "'{key}' must be a list ('- id: ...')"),
    "rules.inference_id_form": (
        "id-en '{id}' til slutningen skal være ord med små bokstaver, bundet sammen med bindestrek",
        "inference id '{id}' must be lowercase words joined by hyphens",
    ),
    "rules.rule_id_form": (
        "id-en '{id}' til regelen skal være ord med små bokstaver, bundet sammen med bindestrek",
        "rule id '{id}' must be lowercase words joined by hyphens",
    ),
    "rules.no_category": ("{what} trenger minst én kategori", "{what} needs at least one category"),
    "rules.concludes_nothing": (
        "slutningen '{id}' slutter ingenting: oppgi 'concludes' eller 'excludes: all'",
        "inference '{id}' concludes nothing: give 'concludes' or 'excludes: all'",
    ),
    "rules.concludes_start": (
        "slutningen '{id}' slutter det faktumet den starter fra",
        "inference '{id}' concludes the fact it starts from",
    ),
    "rules.inference_unsupported": (
        "slutningen '{id}' trenger kilder med sitater, eller en tolkning som begrunner den",
        "inference '{id}' needs sources with quotes, or an interpretation saying why",
    ),
    "rules.unknown_category": (
        "kategorien '{name}' finnes ikke; gyldige verdier: {known}",
        "unknown category '{name}'; expected one of: {known}",
    ),
    "rules.unknown_fact": (
        "{field}: faktumet '{name}' finnes ikke; faktaene som finnes, står i rules/{file}",
        "{field}: unknown fact '{name}'; known facts are listed in rules/{file}",
    ),
    "rules.offset_not_text": (
        "{what} skal være tekst som '30 days after'",
        "{what} must be text like '30 days after'",
    ),
    "rules.offset_uncovered": (
        "regelen '{id}' gjelder {categories}, men gir ingen frist for den; "
        "oppgi én per kategori, eller én felles frist",
        "rule '{id}' applies to {categories} but gives no offset for it; add one per category, or a single offset",
    ),
    "rules.due_soon_after": (
        "due_soon regnes før datoen: skriv for eksempel '30 days'",
        "due_soon counts before the date: write e.g. '30 days'",
    ),
    "rules.recurrence_before": (
        "recurrence regnes fremover: skriv for eksempel '3 months'",
        "recurrence counts forward: write e.g. '3 months'",
    ),
    "rules.recurrence_zero": (
        "recurrence må være minst 1: skriv for eksempel '3 months'",
        "recurrence must be at least 1: write e.g. '3 months'",
    ),
    "rules.recurrence_unit": (
        "recurrence må bruke samme enhet som fristen (offset)",
        "recurrence must use the same unit as the offset",
    ),
    "rules.valid_to_before": ("'valid_to' er før 'valid_from'", "'valid_to' is before 'valid_from'"),
    "rules.unknown_amount": (
        "beløpet '{name}' finnes ikke; beløpene som finnes, står i rules/{file}",
        "unknown amount '{name}'; known amounts are listed in rules/{file}",
    ),
    "rules.reviews_order": (
        "godkjenningene av regelen '{id}' skal stå med den eldste først",
        "the review stamps of rule '{id}' must be oldest first",
    ),
    "rules.offset_unknown_category": (
        "frist for kategorien '{name}', som ikke finnes",
        "offset for unknown category '{name}'",
    ),
    "rules.move_unexplained": (
        "regelen '{id}' flytter '{move}', men standard for typen '{kind}' er '{default}'; begrunn det i 'why'",
        "rule '{id}' moves '{move}' but the default for a {kind} is '{default}'; say why in 'why'",
    ),
    "rules.sources_not_list": (
        "kildene (sources) til '{id}' skal være en liste som ikke er tom",
        "sources of '{id}' must be a non-empty list",
    ),
    "rules.no_vocabulary": (
        "mangler: regelboken trenger vokabularet sitt",
        "missing: the rule book needs its vocabulary",
    ),
    "rules.no_files": ("fant ingen regelfiler (*.yaml)", "no rule files (*.yaml) found"),
    "rules.duplicate_rule": (
        "regel-id-en '{id}' står to ganger (også ved {other}); versjoner av én regel trenger "
        "valid_from/valid_to som ikke overlapper",
        "duplicate rule id '{id}' (also at {other}); versions of one rule need valid_from/valid_to that do not overlap",
    ),
    "rules.duplicate_id": (
        "id-en '{id}' står to ganger (også ved {other}); hver id må være unik",
        "duplicate id '{id}' (also at {other}); ids must be unique",
    ),
    "field.not_a_flag": ("'{key}' skal være true eller false", "'{key}' must be true or false"),
    # --- facts (reading.fact_reader, reading.project)
    "what.party_file": ("en partsfil", "a party file"),
    "what.party": ("parten '{id}'", "party '{id}'"),
    "what.wave_file": ("en bølgefil", "a wave file"),
    "what.wave": ("bølgen '{id}'", "wave '{id}'"),
    "what.wave_of": ("bølgen til {of}", "the wave of {of}"),
    "what.region_file": ("regionfilen", "the region file"),
    "what.region": ("regionen", "the region"),
    "facts.not_mapping": ("'facts' skal være en samling faktanavn", "'facts' must be a mapping of fact names"),
    "facts.unknown_fact": (
        "faktumet '{name}' i {owner} finnes ikke; faktaene som finnes, står i rules/vocabulary.yaml",
        "unknown fact '{name}' in {owner}; known facts are listed in rules/vocabulary.yaml",
    ),
    "facts.wrong_scope": (
        "faktumet '{name}' registreres per {scopes}, ikke per {scope}",
        "fact '{name}' is recorded per {scopes}, not per {scope}",
    ),
    "facts.empty_history": (
        "faktumet '{name}' har en tom liste med verdier",
        "fact '{name}' has an empty list of values",
    ),
    "facts.history_order": (
        "verdiene til faktumet '{name}' skal stå med den eldste først, hver registrert senere enn den før",
        "the values of fact '{name}' must be listed oldest first, each recorded later than the one before",
    ),
    "facts.date_and_bound": (
        "faktumet '{name}' har både 'date' og 'on_or_before'; behold én av dem",
        "fact '{name}' has both 'date' and 'on_or_before'; keep one",
    ),
    "facts.no_date": (
        "faktumet '{name}' trenger 'date' (eller 'on_or_before')",
        "fact '{name}' needs 'date' (or 'on_or_before')",
    ),
    "facts.amounts_not_mapping": (
        "'amounts' skal være en samling beløpsnavn",
        "'amounts' must be a mapping of amount names",
    ),
    "facts.unknown_amount": (
        "beløpet '{name}' i {owner} finnes ikke; beløpene som finnes, står i rules/vocabulary.yaml",
        "unknown amount '{name}' in {owner}; known amounts are listed in rules/vocabulary.yaml",
    ),
    "facts.nok_not_whole": (
        "'nok' for beløpet '{name}' skal være et helt antall kroner",
        "'nok' of amount '{name}' must be a whole number of kroner",
    ),
    "facts.party_id_form": (
        "part-id-en '{id}' skal være ASCII-ord med små bokstaver, bundet sammen med bindestrek (æ→ae, ø→o, å→a)",
        "party id '{id}' must be lowercase ASCII words joined by hyphens (æ→ae, ø→o, å→a)",
    ),
    "facts.party_id_file": (
        "part-id-en '{id}' skal være lik filnavnet '{file}'",
        "party id '{id}' must match the file name '{file}'",
    ),
    "facts.wave_id_file": (
        "bølge-id-en '{id}' skal være lik filnavnet '{file}'",
        "wave id '{id}' must match the file name '{file}'",
    ),
    "facts.no_parties": ("fant ingen partsfiler (*.yaml)", "no party files (*.yaml) found"),
    "facts.unknown_wave": (
        "parten '{id}' viser til bølgen '{wave}', som ikke finnes; opprett facts/waves/{wave}.yaml eller rett navnet",
        "party '{id}' names unknown wave '{wave}'; add facts/waves/{wave}.yaml or fix the name",
    ),
    "project.no_folder": (
        "mappen finnes ikke; kjør i en prosjektmappe (med rules/ og facts/) eller oppgi --root MAPPE",
        "no such directory; run in a project folder (with rules/ and facts/) or pass --root DIR",
    ),
    "project.unknown_wave": (
        "regelen '{id}' viser til bølgen '{wave}', som ikke finnes",
        "rule '{id}' names unknown wave '{wave}'",
    ),
    # --- quotes (reading.quotes)
    "quote.no_document": (
        "dokumentet '{document}' som siteres, finnes ikke i {folder}",
        "cited document '{document}' is not in {folder}",
    ),
    "quote.not_found": (
        "fant ikke sitatet i {document} (mellomrom slått sammen); {closest}; kopier det ord for ord",
        "quote not found in {document} (whitespace collapsed); {closest}; copy it word for word",
    ),
    "quote.no_passage": ("ingen tekstbit har et ord felles med det", "no passage shares a word with it"),
    "quote.closest": (
        "nærmeste tekstbit står i {where} (avviker på linje {line}): {differences}",
        "closest passage at {where} (differs on line {line}): {differences}",
    ),
    "quote.differs": (
        "dokumentet har «{ours}» der sitatet har «{theirs}»",
        "the document has «{ours}» where the quote has «{theirs}»",
    ),
    "quote.leaves_out": ("sitatet utelater «{ours}»", "the quote leaves out «{ours}»"),
    "quote.adds": ("sitatet legger til «{theirs}»", "the quote adds «{theirs}»"),
    "quote.more": ("og {n} til", "and {n} more"),
    # --- facts written as text (reading.overrides): --set, record, worked examples
    "fact_text.unknown": ("{name}: faktumet finnes ikke", "{name}: unknown fact"),
    "set.form": (
        "--set nr. {n} '{pair}': skriv FAKTUM=VERDI, for eksempel go_live=2024-11-09",
        "--set #{n} '{pair}': write FACT=VALUE, e.g. go_live=2024-11-09",
    ),
    "set.fact": ("--set {detail}", "--set {detail}"),
    # --- another revision (reading.revision): diff --base
    "base.no_git": (
        "git er ikke installert; oppgi en mappe som --base",
        "git is not installed; pass a folder as --base",
    ),
    "base.not_a_revision": (
        "'{base}' er verken en mappe med rules/ og facts/ eller en git-revisjon av {root}",
        "'{base}' is neither a folder with rules/ and facts/ nor a git revision of {root}",
    ),
    "base.not_archived": (
        "'{base}' er verken en mappe med rules/ og facts/ eller en git-revisjon ({detail})",
        "'{base}' is neither a folder with rules/ and facts/ nor a git revision ({detail})",
    ),
    # --- worked examples (evaluation.examples)
    "what.scenario_file": ("en eksempelfil", "a scenario file"),
    "what.an_example": ("et eksempel", "an example"),
    "what.example": ("eksemplet '{name}'", "example '{name}'"),
    "what.name_of": ("navnet på {of}", "the name of {of}"),
    "examples.unknown_rule": (
        "regelen eller slutningen '{id}' finnes ikke",
        "unknown rule or inference '{id}'",
    ),
    "examples.not_a_list": (
        "'examples' skal være en liste ('- name: ...')",
        "'examples' must be a list ('- name: ...')",
    ),
    "examples.unknown_party": ("parten '{id}' finnes ikke", "unknown party '{id}'"),
    "examples.no_party": (
        "eksemplet '{name}' trenger en 'party' (en som finnes i facts/) eller en 'category'",
        "example '{name}' needs a 'party' (a shipped one) or a 'category'",
    ),
    "examples.unknown_wave": ("bølgen '{id}' finnes ikke", "unknown wave '{id}'"),
    "examples.fact_no_date": (
        "faktumet '{name}' trenger en dato (ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM, ÅÅÅÅ eller <=ÅÅÅÅ-MM-DD)",
        "fact '{name}' needs a date (YYYY-MM-DD, YYYY-MM, YYYY or <=YYYY-MM-DD)",
    ),
    "examples.fact": ("faktum {detail}", "fact {detail}"),
    "examples.facts_not_mapping": (
        "'facts' skal være en samling på formen faktum: dato",
        "'facts' must be a mapping of fact: date",
    ),
    "examples.derives_not_mapping": (
        "'derives' skal være en samling på formen faktum: verdi (eller null: ikke utledet)",
        "'derives' must be a mapping of fact: value (or null: not derived)",
    ),
    "examples.derives": ("derives {detail}", "derives {detail}"),
    "examples.unknown_status": (
        "statusen '{status}' finnes ikke; gyldige verdier: {known}",
        "unknown status '{status}'; expected one of: {known}",
    ),
    "examples.expects_nothing": (
        "eksemplet '{name}' forventer ingenting; si hva det skal gi",
        "example '{name}' expects nothing; say what it should give",
    ),
    "example.nothing": ("ingenting", "nothing"),
    "example.not_applied": (
        "{key}: ventet {want}, men regelen gjelder ikke",
        "{key}: expected {want}, but the rule does not apply",
    ),
    "example.differs": ("{key}: ventet {want}, fikk {got}", "{key}: expected {want}, got {got}"),
    "example.differs_recorded": (
        "{key}: ventet {want}, fikk {got} (registrert, så ingenting er utledet)",
        "{key}: expected {want}, got {got} (recorded, so nothing is derived)",
    ),
    "example.failed": ("eksempel '{name}' ({rule}): {what}", "example '{name}' ({rule}): {what}"),
    # --- approving a rule (store.approval)
    "approval.future": (
        "godkjenningsdatoen {on} er frem i tid (i dag er {today}); godkjenn på dagen regelen ble gjennomgått",
        "the approval date {on} is in the future (today is {today}); approve on the day it was reviewed",
    ),
    "approval.before_change": (
        "regelen '{id}' ble endret etter at {by} godkjente den {approved}; "
        "godkjenningen kan ikke dateres før endringen ({on})",
        "rule '{id}' changed after {by} approved it on {approved}; "
        "its approval cannot be dated before that change ({on})",
    ),
    "approval.before_last": (
        "regelen '{id}' ble sist godkjent {approved}; en ny godkjenning kan ikke dateres tidligere ({on})",
        "rule '{id}' was last approved on {approved}; a new approval cannot be dated earlier ({on})",
    ),
    "approval.example_fails": (
        "eksemplet '{name}' for regelen '{id}' feiler ({what}); rett regelen eller eksemplet før godkjenning",
        "example '{name}' of rule '{id}' fails ({what}); fix the rule or the example before approving",
    ),
    "approval.no_by": ("--by trenger navnet på den som godkjenner", "--by needs the approver's name"),
    "approval.unknown_rule": (
        "regelen eller slutningen '{id}' finnes ikke; kjente: {known}",
        "unknown rule or inference '{id}'; known: {known}",
    ),
    "approval.not_written": (
        "godkjenningen kunne ikke skrives; filen er uendret",
        "could not write the review stamp; the file is unchanged",
    ),
    # --- recording a fact (store.recording)
    "record.a_wave": ("bølgen", "wave"),
    "record.a_party": ("parten", "party"),
    "record.a_fact": ("faktumet", "fact"),
    "record.unknown": ("{what} '{name}' finnes ikke", "unknown {what} '{name}'"),
    "record.no_region": (
        "regionfilen {file} finnes ikke; opprett den med 'facts: {{}}'",
        "no region file {file}; create it with 'facts: {{}}'",
    ),
    "record.no_source": (
        "--source trenger dokumentet eller nettstedet faktumet kommer fra",
        "--source needs the document or site the fact comes from",
    ),
    "record.after_recorded": (
        "{fact} {value} ligger etter dagen det registreres ({recorded}): en hendelse kan ikke være registrert "
        "før den skjer; registrer en plan med --planned, eller kontroller datoen",
        "{fact} {value} lies after the day it is recorded ({recorded}): an event cannot be on record before it "
        "happens; record a plan with --planned, or check the date",
    ),
    "record.empty_option": (
        "{option} er tom; utelat den eller skriv noe",
        "{option} is empty; leave it out or say something",
    ),
    "record.not_later": (
        "'{name}' ble sist registrert {last} (verdi {value}); en ny verdi må registreres senere enn det, "
        "ikke {on} (se --recorded)",
        "'{name}' was last recorded {last} (value {value}); a new value must be recorded later than that, "
        "not {on} (see --recorded)",
    ),
    "record.no_by": (
        "--by NAVN: si hvem som registrerer dette (det finnes ingen user.name i git å hente det fra)",
        "--by NAME: say who records this (there is no git user.name to take it from)",
    ),
    "record.read_only": (
        "filen er skrivebeskyttet; ingenting er registrert",
        "the file is read-only; nothing was recorded",
    ),
    "record.cannot_add": ("faktumet kan ikke legges til: {detail}", "cannot add the fact: {detail}"),
    "record.not_committed": (
        "registrert i filen, men git kunne ikke committe det ({detail}); commit det for hånd",
        "recorded in the file, but git could not commit it ({detail}); commit it by hand",
    ),
    "record.uncommitted": (
        "filen har endringer som ikke er committet; commit dem først (eller registrer med --no-commit)",
        "the file has changes that are not committed; commit them first (or record with --no-commit)",
    ),
    # --- writing files (store.atomic_file, store.publication)
    "write.cannot_lock": (
        "kan ikke låse prosjektet for skriving ({file}): {reason}; ingenting er skrevet",
        "cannot lock the project for writing ({file}): {reason}; nothing was written",
    ),
    "write.read_only": ("filen er skrivebeskyttet; ingenting er skrevet", "the file is read-only; nothing was written"),
    "write.failed": (
        "filen kan ikke skrives: {reason}; ingenting er skrevet",
        "cannot write the file: {reason}; nothing was written",
    ),
    "feed.unreadable": (
        "denne tidligere kalenderfeeden kan ikke leses ({detail}); flytt den bort, ellers mister hendelsene i den "
        "løpenumrene sine",
        "cannot read this earlier feed ({detail}); move it away, or the events in it would lose their sequence numbers",
    ),
    # --- the commands (api)
    "api.unknown_party": ("parten '{id}' finnes ikke", "unknown party '{id}'"),
    "api.unknown_rule": ("regelen '{id}' finnes ikke", "unknown rule '{id}'"),
    "api.no_sources": (
        "--sources: mappen med kildedokumenter finnes ikke",
        "--sources: no such directory of source documents",
    ),
    "api.what_if_over_published": (
        "en hva-hvis-kjøring (--set eller --known-on) ville skrive over de publiserte kalenderfeedene, som husker hva "
        "abonnentene har; skriv den et annet sted med --out MAPPE",
        "a what-if run (--set or --known-on) would overwrite the published feeds, the memory of what subscribers have; "
        "write it elsewhere with --out DIR",
    ),
    "review.not_reviewed": (
        "{what} er ikke gjennomgått; kjør etter gjennomgangen: hprules approve {id} --by NAVN",
        "{what} has not been reviewed; after review run: hprules approve {id} --by NAME",
    ),
    "review.changed": (
        "{what} er endret etter at {by} godkjente den {on}; den må gjennomgås på nytt",
        "{what} changed after {by} approved it on {on}; it needs review again",
    ),
    # --- choosing findings (render.selection)
    "select.window_reversed": (
        "vinduet slutter ({end}) før det begynner ({start})",
        "the window ends ({end}) before it starts ({start})",
    ),
    "select.unknown": (
        "{option} '{value}': finnes ikke; kjente: {known}",
        "{option} '{value}': unknown; known: {known}",
    ),
    "select.unknown_guess": (
        "{option} '{value}': finnes ikke; mente du '{guess}'? kjente: {known}",
        "{option} '{value}': unknown; did you mean '{guess}'? known: {known}",
    ),
    "select.due_within_and_to": (
        "både --due-within og --to avslutter vinduet; oppgi bare én av dem",
        "--due-within and --to both end the window; give one of them",
    ),
    "select.not_a_span": (
        "--due-within '{text}' er ikke et tidsrom; skriv et tall og d, w, m eller y, for eksempel 30d, 2w, 3m",
        "--due-within '{text}' is not a span; write a number and d, w, m or y, e.g. 30d, 2w, 3m",
    ),
    # --- the server's log (server)
    "serve.serving": (
        "leverer {n} kalenderfeeder og en oversikt på {address}",
        "serving {n} feeds and an index on {address}",
    ),
    "serve.reloaded": (
        "lastet inn på nytt: filene er gyldige igjen; leverer gjeldende versjon",
        "reloaded: the files are valid again; serving the current version",
    ),
    "serve.not_reloaded": (
        "ikke lastet inn på nytt, filene har feil; leverer versjonen som ble lastet {loaded}",
        "not reloaded, the files have problems; serving the version loaded {loaded}",
    ),
    "failure.not_a_folder": ("det er en fil eller en enhet, ikke en mappe", "it is a file or device, not a folder"),
    "yaml.no_value": ("fant ikke verdien som skulle stå her", "did not find expected node content"),
    "yaml.colon_here": (
        "et kolon (nøkkel: verdi) kan ikke stå her; sett verdien i anførselstegn eller rett innrykket",
        "a colon (key: value) cannot stand here; quote the value or fix the indentation",
    ),
    "yaml.no_colon": (
        "fant ikke kolonet (':') etter nøkkelen som begynner her; kontroller innrykket, "
        "eller om et kolon eller et anførselstegn mangler på denne eller en tidligere linje",
        "could not find the ':' after the key that starts here; check the indentation, "
        "or a missing colon or quote on this or an earlier line",
    ),
    "yaml.unclosed_quote": (
        "anførselstegnet som begynner her, lukkes ikke; sett et tilsvarende tegn (' eller \") der teksten slutter",
        "the quote that starts here is not closed; end the text with the same quote (' or \")",
    ),
    "yaml.bad_escape": (
        "ukjent escape-sekvens (\\) i tekst i doble anførselstegn; bruk enkle anførselstegn, eller skriv \\\\",
        "unknown escape (\\) in a double-quoted text; use single quotes, or write \\\\",
    ),
    "yaml.no_key": (
        "fant ikke nøkkelen som skulle stå her; kontroller innrykket",
        "did not find expected key; check the indentation",
    ),
    "yaml.open_list": ("listen lukkes ikke: fant verken ',' eller ']'", "did not find expected ',' or ']'"),
    "yaml.open_mapping": ("samlingen lukkes ikke: fant verken ',' eller '}}'", "did not find expected ',' or '}}'"),
    "yaml.bad_character": ("et tegn som ikke kan innlede en verdi", "found character that cannot start any token"),
    "yaml.tab": (
        "et tabulatortegn i innrykket; YAML krever mellomrom",
        "a tab character in the indentation; YAML needs spaces",
    ),
    "yaml.no_dash": ("fant ikke '-' som skulle innlede et listeelement", "did not find expected '-' indicator"),
    "yaml.unexpected_end": (
        "filen slutter før det som er påbegynt, er avsluttet; mangler et anførselstegn eller en parentes?",
        "the file ends before what was begun is finished; is a quote or bracket missing?",
    ),
    "yaml.dash_here": (
        "et listeelement ('-') kan ikke stå her",
        "block sequence entries are not allowed in this context",
    ),
    # --- "did you mean": the close names (reading.suggestion), and the known ones
    "suggest.guess": ("{detail}; mente du {guesses}?", "{detail}; did you mean {guesses}?"),
    "suggest.guess_known": (
        "{detail}; mente du {guesses}? kjente: {known}",
        "{detail}; did you mean {guesses}? known: {known}",
    ),
    "suggest.known": ("{detail}; kjente: {known}", "{detail}; known: {known}"),
    # --- the command line as click reads it (usage errors)
    "cli.try_help": ("Prøv '{command} --help' for å få hjelp.", "Try '{command} --help' for help."),
    "cli.error": ("Feil: {detail}", "Error: {detail}"),
    "cli.no_such_command": ("kommandoen '{name}' finnes ikke", "No such command '{name}'"),
    "cli.no_such_option": ("valget '{name}' finnes ikke", "No such option '{name}'"),
    "cli.did_you_mean": ("{detail}; mente du {guesses}?", "{detail}. Did you mean {guesses}?"),
    "cli.missing_argument": ("argumentet {name} mangler", "Missing argument {name}"),
    "cli.missing_option": ("valget {name} mangler", "Missing option {name}"),
    "cli.needs_value": ("valget '{name}' trenger en verdi", "Option '{name}' requires a value"),
    "cli.takes_no_value": ("valget '{name}' tar ingen verdi", "Option '{name}' does not take a value"),
    "cli.extra_arguments": ("uventede argumenter: {args}", "Got unexpected extra arguments: {args}"),
    "cli.bad_value": ("ugyldig verdi for {name}: {detail}", "Invalid value for {name}: {detail}"),
    "cli.not_one_of": ("'{value}' er ikke blant {choices}", "'{value}' is not one of {choices}"),
    "cli.not_a_day": (
        "'{value}' er ikke en dato; skriv ÅÅÅÅ-MM-DD",
        "'{value}' is not a date; write YYYY-MM-DD",
    ),
    "cli.a_folder": ("'{value}' er en mappe; oppgi en fil", "'{value}' is a folder; give a file"),
    "cli.not_a_folder": ("'{value}' er ikke en mappe", "'{value}' is not a folder"),
    "cli.not_in_range": ("'{value}' ligger utenfor {low}–{high}", "'{value}' is not in the range {low}–{high}"),
    "cli.not_http": (
        "'{value}' er ikke en http://- eller https://-adresse",
        "'{value}' is not an http:// or https:// address",
    ),
    "text.both": ("{nb}", "{en}"),  # a value the files give in both languages: the reader's
}


def worded(message: Message | str, lang: str, /, **args: Arg) -> str:
    """The message in `lang` ("nb" or "en"); a key may be given with its arguments."""
    if isinstance(message, str):
        message = Message(message, tuple(args.items()))
    nb, en = CATALOGUE[message.key]
    values = {name: _worded_arg(value, lang) for name, value in message.args}
    return (en if lang == "en" else nb).format_map(values)


def _worded_arg(value: Arg, lang: str) -> str | int:
    if isinstance(value, Message):
        return worded(value, lang)
    if isinstance(value, tuple):
        return "; ".join(worded(each, lang) for each in value)
    return value
