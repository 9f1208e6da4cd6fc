"""`hprules explain` fits the terminal: 100 columns when piped, in both languages."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from hprules import api
from hprules.cli import main
from hprules.reading.project import Project

from .conftest import ROOT, assert_handled

AS_OF = date(2026, 11, 24)


def test_no_explain_line_is_longer_than_100_columns(shipped: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "load_project", lambda root: shipped)  # read the files once, not 2,000 times
    runner = CliRunner()
    longest = 0
    for lang in ("nb", "en"):
        for party in sorted(shipped.facts.parties):
            for rule in shipped.rules.ids:
                args = ["explain", party, rule, "--root", str(ROOT), "--as-of", AS_OF.isoformat(), "--lang", lang]
                result = runner.invoke(main, args)
                assert_handled(result)
                assert result.exit_code == 0, (party, rule, result.output)
                widest = max(result.output.splitlines(), key=len)
                assert len(widest) <= 100, (lang, party, rule, widest)
                longest = max(longest, len(widest))
    assert longest > 88  # the lines do use the room: it is the limit that holds them, not short texts


def test_wrapping_keeps_every_word_in_order(shipped: Project) -> None:
    for lang in ("nb", "en"):
        whole = api.explain(shipped, "heim", "shares-purchase", AS_OF, lang=lang).text
        assert max(len(line) for line in whole.splitlines()) > 100  # without a width, the long lines stay
        for width in (100, 60):
            fitted = api.explain(shipped, "heim", "shares-purchase", AS_OF, lang=lang, width=width).text
            assert fitted.split() == whole.split()
            assert max(len(line) for line in fitted.splitlines()) <= width
