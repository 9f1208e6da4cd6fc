"""Interpretations, non-working-day reasons and notes come in nb and en; one text is refused, located."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from hprules.cli import main

from .test_validate import edit, line_of


def validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", "--root", str(root), "--lang", "en"])
    return result.exit_code, result.output


def test_one_text_for_an_interpretation_or_a_reason_is_refused_at_its_place(project_copy: Path) -> None:
    rules = project_copy / "rules" / "opsjon.yaml"
    text = rules.read_text(encoding="utf-8")
    # Both blocks become one English text, as rule files were written before.
    start = text.index("    interpretation:\n")
    end = text.index("latest day. Act before the earliest.\n") + len("latest day. Act before the earliest.\n")
    text = text[:start] + "    interpretation: Counted back 13 months.\n" + text[end:]
    start = text.index("      why:\n")
    end = text.index("    fulfilled_by: option_withdrawn")
    rules.write_text(text[:start] + "      why: a right closes before\n" + text[end:], encoding="utf-8")
    code, output = validate(project_copy)
    assert code == 2, output
    interpretation = line_of(rules, "interpretation: Counted")
    why = line_of(rules, "why: a right closes")
    assert (
        f"rules/opsjon.yaml:{interpretation}:21: the interpretation of rule 'option-withdrawal' is one text; "
        "give it in Norwegian and English: 'nb: ...' and 'en: ...'"
    ) in output
    assert f"rules/opsjon.yaml:{why}:12: 'why' of non_working_day of rule 'option-withdrawal' is one text" in output


def test_one_text_for_a_party_note_or_a_fact_note_is_refused_at_its_place(project_copy: Path) -> None:
    party = project_copy / "facts" / "parties" / "roros.yaml"
    edit(party, "facts:\n", "notes:\n  - Only in English.\nfacts:\n")
    edit(party, "    note:\n      nb: >-\n", "    note: Only in English.\n    xnote:\n      nb: >-\n")
    text = party.read_text(encoding="utf-8")
    start = text.index("    xnote:\n")
    party.write_text(text[:start], encoding="utf-8")
    code, output = validate(project_copy)
    assert code == 2, output
    note_line = line_of(party, "note: Only")
    notes_line = line_of(party, "  - Only in English.")
    assert f"facts/parties/roros.yaml:{notes_line}:5: a note of party 'roros' is one text" in output
    assert f"facts/parties/roros.yaml:{note_line}:11: the note of fact 'shares_purchased' is one text" in output


def test_the_reader_gets_the_notes_in_their_language() -> None:
    for lang, expected, other in (
        ("nb", "Kommunestyret skulle behandle saken 2022-03-31", "The council was to handle"),
        ("en", "The council was to handle the case on 2022-03-31", "Kommunestyret skulle"),
    ):
        result = CliRunner().invoke(main, ["explain", "os", "shares-purchase", "--as-of", "2026-11-24", "--lang", lang])
        assert result.exit_code == 0, result.output
        assert expected in result.output and other not in result.output


def test_record_writes_a_note_in_both_languages_that_reads_back(project_copy: Path) -> None:
    args = ["record", "orkland", "go_live", "2026-04", "--source", "x", "--as-of", "2026-11-24"]
    result = CliRunner().invoke(
        main, [*args, "--note", "Planlagt måned.", "Planned month.", "--root", str(project_copy), "--no-commit"]
    )
    assert result.exit_code == 0, result.output
    text = (project_copy / "facts" / "parties" / "orkland.yaml").read_text(encoding="utf-8")
    assert "    note:\n      nb: Planlagt måned.\n      en: Planned month.\n" in text
    assert validate(project_copy)[0] == 0
    empty = CliRunner().invoke(main, [*args, "--note", "Planlagt.", " ", "--root", str(project_copy)])
    assert empty.exit_code == 2 and "kommandolinjen: --note er tom; utelat den eller skriv noe" in empty.output


def test_approve_says_what_it_stamped_in_the_readers_language(project_copy: Path) -> None:
    args = ["approve", "exit-plan", "--by", "Kari", "--as-of", "2026-11-20", "--root", str(project_copy)]
    nb = CliRunner().invoke(main, args)
    assert nb.exit_code == 0, nb.output
    assert nb.stdout.startswith("rules/tjenesteavtale.yaml: exit-plan godkjent av Kari 2026-11-20 (fingeravtrykk ")
    en_args = ["approve", "shares-purchase", "--by", "Kari", "--as-of", "2026-11-20", "--lang", "en"]
    en = CliRunner().invoke(main, [*en_args, "--root", str(project_copy)])
    assert en.exit_code == 0, en.output
    assert "shares-purchase approved by Kari on 2026-11-20 (fingerprint " in en.stdout
