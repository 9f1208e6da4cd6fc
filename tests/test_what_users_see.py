"""What a new user sees on the shipped data (review of 2026-11-24): the rule book agrees
with the tool, dates waiting on a plan say so, facts read as words, parties in Norwegian
order, one phrase for a range, and error pages in the server's language."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from hprules.cli import main

from .conftest import ROOT

AS_OF = "2026-11-24"
# The tool's status labels (hprules/render/texts.py), written out here by hand.
STATUS_LABELS = {
    "nb": {"overdue": "forfalt", "due_soon": "forfaller snart", "met": "oppfylt", "waiting": "venter på fakta"},
    "en": {"overdue": "overdue", "due_soon": "due soon", "met": "met", "waiting": "waiting for facts"},
}


def run(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(ROOT)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def section(rulebook: str, rule_id: str) -> str:
    start = rulebook.index(f'<a id="{rule_id}"></a>')
    end = rulebook.find("\n### ", start)
    return rulebook[start:end]


def test_exit_plan_interpretation_names_the_status_the_tool_shows() -> None:
    found = json.loads(
        run(
            "check",
            "trondheim",
            "--set",
            "termination_notice_given=2024-11-20",
            "--as-of",
            AS_OF,
            "--rule",
            "exit-plan",
            "--format",
            "json",
        )
    )["findings"]
    assert [(f["status"], f["due"]) for f in found] == [("due_soon", None)]
    for lang in ("nb", "en"):
        text = " ".join(section(run("rulebook", "--lang", lang), "exit-plan").split())
        labels = STATUS_LABELS[lang]
        assert labels["due_soon"] in text
        # 'forfalt' / 'overdue' is the label of a late duty: it must not describe this one.
        assert not re.search(rf"\b{labels['overdue']}\b", text), text
