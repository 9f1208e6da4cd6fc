"""The register of source documents: every source a rule or fact file cites has
a title and date, taken from the document itself."""

from __future__ import annotations

from pathlib import Path

from hprules.domain.sources import REGISTER, source_name
from hprules.reading.project import load_project

from .conftest import ROOT


def test_every_cited_source_is_in_the_register() -> None:
    project = load_project(ROOT)
    cited = {s.document for r in project.rules.rules for s in r.sources}
    cited |= {s.document for i in project.rules.inferences for s in i.sources}
    groups = [p.facts for p in project.facts.parties.values()] + [w.facts for w in project.facts.waves.values()]
    for facts in [*groups, project.facts.region]:
        cited |= {v.source for fact in facts.values() for v in (fact, *fact.earlier)}
    for party in project.facts.parties.values():
        cited |= {a.provenance.source for a in party.amounts.values()}
        cited |= {party.membership.source} if party.membership else set()
    missing = sorted(c for c in cited if c not in REGISTER)
    assert missing == []


def test_titles_come_from_the_documents(seeds: Path) -> None:
    assert "Velkommen til informasjonsmøte 20.11.2023" in (seeds / "002_c8c65a8758ae36dd.txt").read_text()
    assert source_name("002_c8c65a8758ae36dd.txt", "nb") == "Informasjonsmøte om Helseplattformen (20. november 2023)"
    news = (seeds / "004_a00fe38f0b173a6c.txt").read_text()
    assert news.startswith("Helseplattformen og kommunene: Enighet om avtaleutkast") and "Publisert 23.02.2022" in news
    assert "Malvik" in (seeds / "001_aab914723e4f0aa0.txt").read_text()
    assert "Midtre Gauldal" in (seeds / "003_f12c122d637ac6da.txt").read_text()[:200]
    assert source_name("somewhere.example", "en") == "somewhere.example"
