"""Words said in several places are written once, in hprules/render/texts.py."""

from __future__ import annotations

import re
from datetime import date

from hprules import api
from hprules.reading.project import Project
from hprules.render import texts
from hprules.render.rulebook_doc import render_markdown

from .conftest import ROOT

RENDER = ROOT / "hprules" / "render"


def test_no_renderer_defines_its_own_language_choice_or_range_words() -> None:
    for path in sorted(RENDER.glob("*.py")):
        if path.name == "texts.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^def _t\(", source, re.M), path.name
        assert not re.search(r"\bmellom\b", source), path.name  # texts.between says it


def test_explain_and_the_rulebook_count_a_deadline_in_the_same_words(shipped: Project) -> None:
    for lang in ("nb", "en"):
        sentence = texts.counting_words(lang)
        explained = api.explain(shipped, "heim", "shares-purchase", date(2026, 11, 24), lang=lang).text
        assert " ".join(sentence.split()) in " ".join(explained.split())
        assert sentence in render_markdown(shipped, (), lang)


def test_between_names_both_ends() -> None:
    assert texts.between(date(2022, 6, 1), date(2022, 6, 30), "nb") == "mellom 2022-06-01 og 2022-06-30"
    assert texts.between(date(2022, 6, 1), date(2022, 6, 30), "en") == "between 2022-06-01 and 2022-06-30"
