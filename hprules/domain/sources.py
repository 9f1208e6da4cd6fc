"""The register of source documents: what a reader sees instead of a file name.

Rule and fact files cite a seed document by its file name (hashed, so that quotes
can be checked against the exact text) or a public site by its host name. People
who read a calendar or a page see the document's title and date instead. The
titles and dates were read from the documents themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rulebook import Text


@dataclass(frozen=True)
class SourceDocument:
    file: str  # what rule and fact files write in `document:` / `source:`
    title: Text
    date: Text  # as precisely as the document itself says


def _doc(file: str, title: tuple[str, str], when: tuple[str, str]) -> SourceDocument:
    return SourceDocument(file, Text(*title), Text(*when))


REGISTER: dict[str, SourceDocument] = {
    d.file: d
    for d in (
        _doc(
            "000_0b218e7c9cc10c40.txt",
            (
                "Presentasjon av tjenesteavtalen, Helseplattformen AS",
                "Presentation of the service agreement, Helseplattformen AS",
            ),
            ("tidlig i 2022", "early 2022"),
        ),
        _doc(
            "001_aab914723e4f0aa0.txt",
            ("Saksframlegg om Helseplattformen, Malvik kommune", "Case paper on Helseplattformen, Malvik municipality"),
            ("mars 2022", "March 2022"),
        ),
        _doc(
            "002_c8c65a8758ae36dd.txt",
            ("Informasjonsmøte om Helseplattformen", "Information meeting on Helseplattformen"),
            ("20. november 2023", "20 November 2023"),
        ),
        _doc(
            "003_f12c122d637ac6da.txt",
            ("Helseplattformen i Midtre Gauldal, lysark", "Helseplattformen in Midtre Gauldal, slides"),
            ("våren 2022", "spring 2022"),
        ),
        _doc(
            "004_a00fe38f0b173a6c.txt",
            (
                "«Helseplattformen og kommunene: Enighet om avtaleutkast», helseplattformen.no",
                "'Helseplattformen og kommunene: Enighet om avtaleutkast', helseplattformen.no",
            ),
            ("23. februar 2022", "23 February 2022"),
        ),
        _doc("helseplattformen.no", ("Nettsidene til Helseplattformen AS", "Helseplattformen AS's website"), ("", "")),
        _doc("helse-midt.no", ("Nettsidene til Helse Midt-Norge RHF", "Central Norway RHA's website"), ("", "")),
        _doc("nrk.no", ("NRK", "NRK (Norwegian Broadcasting)"), ("", "")),
    )
}


def source_name(document: str, lang: str) -> str:
    """'Informasjonsmøte om Helseplattformen (20. november 2023)'; an unknown name as it is."""
    found = REGISTER.get(document)
    if found is None:
        return document
    when = found.date.get(lang)
    return f"{found.title.get(lang)} ({when})" if when else found.title.get(lang)
