"""Review stamps written into rule files: what `bench/mutation.py approval` found untested.

The stamp is text a lawyer reads and edits: the approver's name as written
(not \\u escapes), any quotes in it kept, and a comment above an old single
stamp kept above it when the stamp becomes the first item of the history.
Asserted on the file and on what the project loads back, not on messages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hprules import api
from hprules.domain.rulebook import ReviewState
from hprules.reading.project import load_project

RULE = "main-project-start"
TODAY = date(2026, 11, 24)
ANCHOR = "      so this is guidance, not a rule.\n"


def rule_file(root: Path) -> Path:
    return root / "rules" / "innforingslop.yaml"


@pytest.mark.parametrize("name", ["Åse Ødegård", 'Kari "KN" Nordmann', "O'Brien: jurist # vakt"])
def test_the_approvers_name_is_written_as_given_and_read_back_alike(project_copy: Path, name: str) -> None:
    api.approve(project_copy, RULE, name, date(2026, 11, 20), TODAY)
    rule = load_project(project_copy).rules.rule(RULE)
    assert rule is not None and rule.review_state is ReviewState.REVIEWED
    assert [(r.by, r.on) for r in rule.reviews] == [(name, date(2026, 11, 20))]
    text = rule_file(project_copy).read_text(encoding="utf-8")
    assert "\\u" not in text and name.split()[0] in text  # readable letters, not escapes


def test_a_comment_above_an_old_single_stamp_stays_above_it(project_copy: Path) -> None:
    path = rule_file(project_copy)
    rule = load_project(project_copy).rules.rule(RULE)
    assert rule is not None
    text = path.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    old = (
        "    review:\n"
        "      # checked against the signed copy\n"
        "      by: Old\n"
        "      on: 2025-03-01\n"
        f"      fingerprint: {rule.fingerprint}\n"
    )
    path.write_text(text.replace(ANCHOR, ANCHOR + old), encoding="utf-8")
    api.approve(project_copy, RULE, "New", date(2026, 11, 20), TODAY)
    after = path.read_text(encoding="utf-8")
    expected = (
        "    review:\n"
        "        # checked against the signed copy\n"
        "      - by: Old\n"
        "        on: 2025-03-01\n"
        f"        fingerprint: {rule.fingerprint}\n"
        '      - by: "New"\n'
        "        on: 2026-11-20\n"
        f"        fingerprint: {rule.fingerprint}\n"
    )
    assert after == text.replace(ANCHOR, ANCHOR + expected)
    stamped = load_project(project_copy).rules.rule(RULE)
    assert stamped is not None and [r.by for r in stamped.reviews] == ["Old", "New"]
