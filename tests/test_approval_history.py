"""Approvals keep their history: each `approve` appends a stamp, the newest
decides, and an approval that cannot be right (future, before the last change,
failing examples) is refused with the file untouched."""

from __future__ import annotations

import difflib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hprules import api
from hprules.cli import main
from hprules.domain.diagnostics import InvalidInput
from hprules.domain.rulebook import ReviewState, Rule
from hprules.reading.project import load_project
from hprules.render.failure_text import diagnostic_line

RULE = "main-project-start"
TODAY = date(2026, 11, 24)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--lang", "en"])


def rule_file(root: Path) -> Path:
    return root / "rules" / "innforingslop.yaml"


def the_rule(root: Path) -> Rule:
    rule = load_project(root).rules.rule(RULE)
    assert rule is not None
    return rule


def changed_lines(before: str, after: str) -> list[str]:
    return [ln for ln in difflib.ndiff(before.splitlines(), after.splitlines()) if ln[:1] in "+-"]


def test_each_approval_appends_a_stamp_and_the_newest_decides(project_copy: Path) -> None:
    path = rule_file(project_copy)
    original = path.read_text(encoding="utf-8")
    api.approve(project_copy, RULE, "A", date(2026, 1, 1), TODAY)
    once = path.read_text(encoding="utf-8")
    api.approve(project_copy, RULE, "B", date(2026, 2, 1), TODAY)
    twice = path.read_text(encoding="utf-8")
    # The second approval only adds its three lines; nothing of the first moves.
    # (Counted, not diffed: the two stamps share their fingerprint line, so a diff
    # may align either copy.)
    added = Counter(twice.splitlines()) - Counter(once.splitlines())
    assert added == Counter(
        ['      - by: "B"', "        on: 2026-02-01", f"        fingerprint: {the_rule(project_copy).fingerprint}"]
    )
    assert not Counter(once.splitlines()) - Counter(twice.splitlines())
    assert twice.index('- by: "B"') > twice.index('- by: "A"')
    assert all(ln.startswith("+ ") for ln in changed_lines(original, twice))
    rule = load_project(project_copy).rules.rule(RULE)
    assert rule is not None
    assert [(r.by, r.on) for r in rule.reviews] == [("A", date(2026, 1, 1)), ("B", date(2026, 2, 1))]
    assert rule.review is not None and rule.review.by == "B" and rule.review_state is ReviewState.REVIEWED


def test_an_old_single_stamp_becomes_the_first_of_the_list_keeping_comments(project_copy: Path) -> None:
    path = rule_file(project_copy)
    fingerprint = the_rule(project_copy).fingerprint
    text = path.read_text(encoding="utf-8")
    anchor = "      so this is guidance, not a rule.\n"
    assert text.count(anchor) == 1
    old_form = (
        "    # Approved at the March meeting.\n"
        "    review:\n"
        '      by: "Old Reviewer"  # the lawyer on duty\n'
        "      on: 2025-03-01\n"
        f"      fingerprint: {fingerprint}\n"
    )
    path.write_text(text.replace(anchor, anchor + old_form), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert the_rule(project_copy).review_state is ReviewState.REVIEWED

    result = run("approve", RULE, "--by", "New", "--as-of", "2026-11-20", "--root", str(project_copy))
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    expected_block = (
        "    # Approved at the March meeting.\n"
        "    review:\n"
        '      - by: "Old Reviewer"  # the lawyer on duty\n'
        "        on: 2025-03-01\n"
        f"        fingerprint: {fingerprint}\n"
        '      - by: "New"\n'
        "        on: 2026-11-20\n"
        f"        fingerprint: {fingerprint}\n"
    )
    assert after == before.replace(old_form, expected_block)
    rule = load_project(project_copy).rules.rule(RULE)
    assert rule is not None and [r.by for r in rule.reviews] == ["Old Reviewer", "New"]


def test_the_newest_stamp_decides_whichever_fingerprint_the_older_ones_have(project_copy: Path) -> None:
    path = rule_file(project_copy)
    fingerprint = the_rule(project_copy).fingerprint
    text = path.read_text(encoding="utf-8")
    anchor = "      so this is guidance, not a rule.\n"

    def with_stamps(*stamps: tuple[str, str]) -> None:
        block = "    review:\n" + "".join(
            f"      - by: X\n        on: {on}\n        fingerprint: {fp}\n" for on, fp in stamps
        )
        path.write_text(text.replace(anchor, anchor + block), encoding="utf-8")

    with_stamps(("2025-01-01", "stale"), ("2025-02-01", fingerprint))
    assert the_rule(project_copy).review_state is ReviewState.REVIEWED
    with_stamps(("2025-01-01", fingerprint), ("2025-02-01", "stale"))
    assert the_rule(project_copy).review_state is ReviewState.CHANGED
    with_stamps(("2025-02-01", fingerprint), ("2025-01-01", fingerprint))
    result = run("validate", "--root", str(project_copy))
    assert (
        result.exit_code == 2 and "the review stamps of rule 'main-project-start' must be oldest first" in result.output
    )


def refused(root: Path, on: date, today: date = TODAY, rule: str = RULE) -> str:
    path = rule_file(root)
    before = path.read_bytes()
    with pytest.raises(InvalidInput) as caught:
        api.approve(root, rule, "Z", on, today)
    assert path.read_bytes() == before
    return "\n".join(diagnostic_line(d, "en") for d in caught.value.diagnostics)


def test_an_approval_in_the_future_is_refused(project_copy: Path) -> None:
    message = refused(project_copy, date(2026, 11, 25))
    assert "the approval date 2026-11-25 is in the future (today is 2026-11-24)" in message
    api.approve(project_copy, RULE, "Z", TODAY, TODAY)  # today itself is fine


def test_an_approval_dated_before_the_last_change_is_refused(project_copy: Path) -> None:
    api.approve(project_copy, RULE, "A", date(2026, 3, 1), TODAY)
    assert "was last approved on 2026-03-01; a new approval cannot be dated earlier" in refused(
        project_copy, date(2026, 2, 1)
    )
    path = rule_file(project_copy)
    # A changed interpretation changes the fingerprint, not the dates (the examples still pass).
    path.write_text(path.read_text().replace("so this is guidance, not a rule.", "so this is guidance only.", 1))
    message = refused(project_copy, date(2026, 2, 28))
    review_line = next(n for n, ln in enumerate(path.read_text().splitlines(), 1) if '- by: "A"' in ln)
    assert f"rules/innforingslop.yaml:{review_line}:" in message
    assert "changed after A approved it on 2026-03-01; its approval cannot be dated before that change" in message
    api.approve(project_copy, RULE, "B", date(2026, 3, 1), TODAY)  # the same day is possible
    rule = load_project(project_copy).rules.rule(RULE)
    assert rule is not None and rule.review_state is ReviewState.REVIEWED and len(rule.reviews) == 2


def test_a_rule_whose_examples_fail_is_not_approved(project_copy: Path) -> None:
    examples = project_copy / "rules" / "examples" / "shares-purchase.yaml"
    text = examples.read_text(encoding="utf-8")
    broken = text.replace("expect: {due: 2023-04-11, status: upcoming}", "expect: {due: 2023-04-10, status: upcoming}")
    assert broken != text
    examples.write_text(broken, encoding="utf-8")
    line = next(n for n, ln in enumerate(broken.splitlines(), 1) if "2023-04-10" in ln)
    result = run("approve", "shares-purchase", "--by", "Z", "--as-of", "2026-11-20", "--root", str(project_copy))
    assert result.exit_code == 2
    assert f"rules/examples/shares-purchase.yaml:{line}:" in result.stderr
    assert (
        "example '30 days land on Easter Sunday, then Easter Monday' of rule 'shares-purchase' fails" in result.stderr
    )
    assert "expected 2023-04-10, got 2023-04-11" in result.stderr
    assert "review:" not in (project_copy / "rules" / "tjenesteavtale.yaml").read_text()
    # Another rule, whose examples pass, can still be approved.
    assert run("approve", "exit-plan", "--by", "Z", "--as-of", "2026-11-20", "--root", str(project_copy)).exit_code == 0


def test_an_inference_is_approved_like_a_rule(project_copy: Path) -> None:
    result = run(
        "approve", "go-live-implies-joined", "--by", "Kari", "--as-of", "2026-11-20", "--root", str(project_copy)
    )
    assert result.exit_code == 0, result.output
    inference = load_project(project_copy).rules.inference("go-live-implies-joined")
    assert inference is not None and inference.review_state is ReviewState.REVIEWED
    assert [(r.by, r.on) for r in inference.reviews] == [("Kari", date(2026, 11, 20))]
    validated = run("validate", "--root", str(project_copy))
    assert "inference 'go-live-implies-joined' has not been reviewed" not in validated.stderr
    assert "inference 'owner-implies-option' has not been reviewed" in validated.stderr
