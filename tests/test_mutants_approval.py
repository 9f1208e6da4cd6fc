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
from hprules.domain.diagnostics import InvalidInput
from hprules.domain.rulebook import Inference, ReviewState, Rule
from hprules.reading.project import load_project
from hprules.store import approval

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


def test_a_comment_and_blank_line_above_an_old_single_stamp_stay_above_it(project_copy: Path) -> None:
    path = rule_file(project_copy)
    rule = load_project(project_copy).rules.rule(RULE)
    assert rule is not None
    text = path.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    old = (
        "    review:\n"
        "      # checked against the signed copy\n"
        "\n"
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
        "\n"  # a blank line stays blank
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


def fingerprint(root: Path, rule_id: str = RULE) -> str:
    rule = load_project(root).rules.rule(rule_id)
    assert rule is not None
    return rule.fingerprint


def test_a_history_in_the_middle_of_a_rule_at_its_keys_indentation_grows_in_place(project_copy: Path) -> None:
    # YAML allows a list at its key's own indentation; the fields after it stay after it.
    path = rule_file(project_copy)
    fp = fingerprint(project_copy)
    text = path.read_text(encoding="utf-8")
    anchor = "    offset: 12 months before\n"
    assert text.count(anchor) == 1
    history = f"    review:\n    - by: Old\n      on: 2025-03-01\n      fingerprint: {fp}\n"
    path.write_text(text.replace(anchor, history + anchor), encoding="utf-8")
    api.approve(project_copy, RULE, "New", date(2026, 11, 20), TODAY)
    grown = history + f'    - by: "New"\n      on: 2026-11-20\n      fingerprint: {fp}\n'
    assert path.read_text(encoding="utf-8") == text.replace(anchor, grown + anchor)


def test_a_history_that_opens_with_a_comment_gets_one_more_item(project_copy: Path) -> None:
    path = rule_file(project_copy)
    fp = fingerprint(project_copy)
    text = path.read_text(encoding="utf-8")
    history = (
        "    review:\n"
        "      # the signed copy is in the archive\n"
        "      - by: Old\n"
        "        on: 2025-03-01\n"
        f"        fingerprint: {fp}\n"
    )
    path.write_text(text.replace(ANCHOR, ANCHOR + history), encoding="utf-8")
    api.approve(project_copy, RULE, "New", date(2026, 11, 20), TODAY)
    grown = history + f'      - by: "New"\n        on: 2026-11-20\n        fingerprint: {fp}\n'
    assert path.read_text(encoding="utf-8") == text.replace(ANCHOR, ANCHOR + grown)


def test_each_rule_of_a_file_keeps_its_own_history(project_copy: Path) -> None:
    first, second = "pre-project-start", RULE  # both in rules/innforingslop.yaml, in that order
    api.approve(project_copy, first, "A", date(2026, 11, 1), TODAY)
    api.approve(project_copy, second, "B", date(2026, 11, 2), TODAY)
    api.approve(project_copy, first, "C", date(2026, 11, 3), TODAY)
    rules = load_project(project_copy).rules
    histories = {}
    for rule_id in (first, second):
        rule = rules.rule(rule_id)
        assert rule is not None and rule.review_state is ReviewState.REVIEWED
        histories[rule_id] = [r.by for r in rule.reviews]
    assert histories == {first: ["A", "C"], second: ["B"]}


def test_a_file_with_unix_line_ends_keeps_them(project_copy: Path) -> None:
    api.approve(project_copy, RULE, "A", date(2026, 11, 1), TODAY)
    assert b"\r" not in rule_file(project_copy).read_bytes()


@pytest.mark.parametrize("history", ["none", "single stamp"])
def test_a_crlf_file_stays_crlf_through_every_approval(project_copy: Path, history: str) -> None:
    path = rule_file(project_copy)
    text = path.read_text(encoding="utf-8")
    if history == "single stamp":
        old = f"    review:\n      by: Old\n      on: 2025-03-01\n      fingerprint: {fingerprint(project_copy)}\n"
        text = text.replace(ANCHOR, ANCHOR + old)
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    for n, by in enumerate(("A", "B"), 1):
        api.approve(project_copy, RULE, by, date(2026, 11, n), TODAY)
        data = path.read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n") and data.count(b"\r") == data.count(b"\r\n")
    rule = load_project(project_copy).rules.rule(RULE)
    assert rule is not None
    assert [r.by for r in rule.reviews] == (["Old", "A", "B"] if history == "single stamp" else ["A", "B"])


def test_an_earlier_approval_is_refused_at_the_newest_stamp(project_copy: Path) -> None:
    api.approve(project_copy, RULE, "A", date(2026, 3, 1), TODAY)
    api.approve(project_copy, RULE, "B", date(2026, 4, 1), TODAY)
    path = rule_file(project_copy)
    before = path.read_bytes()
    with pytest.raises(InvalidInput) as caught:
        api.approve(project_copy, RULE, "C", date(2026, 3, 15), TODAY)
    assert path.read_bytes() == before
    line = next(n for n, text in enumerate(before.decode("utf-8").splitlines(), 1) if '- by: "B"' in text)
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.location.path, diagnostic.location.line) == ("rules/innforingslop.yaml", line)


def refusal(root: Path, by: str = "Z") -> tuple[str, int]:
    """Where approving RULE was refused; the rule file must be as it was."""
    path = rule_file(root)
    before = path.read_bytes()
    with pytest.raises(InvalidInput) as caught:
        api.approve(root, RULE, by, date(2026, 11, 20), TODAY)
    assert path.read_bytes() == before
    [diagnostic] = caught.value.diagnostics
    return diagnostic.location.path, diagnostic.location.line


def test_a_read_only_rule_file_is_refused_and_named(project_copy: Path) -> None:
    rule_file(project_copy).chmod(0o444)
    assert refusal(project_copy)[0] == "rules/innforingslop.yaml"


def rule_line(root: Path) -> int:
    rule = load_project(root).rules.rule(RULE)
    assert rule is not None
    return rule.location.line


@pytest.mark.parametrize("fault", ["no stamp", "a stamp of another version"])
def test_a_stamp_that_does_not_land_as_a_valid_approval_is_refused(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    # The last guard: whatever the text surgery did, the file is only replaced when the
    # project, read back, has one more stamp and the rule is reviewed.
    api.approve(project_copy, RULE, "A", date(2026, 11, 1), TODAY)
    surgery = approval.stamped_text

    def faulty(text: str, rule: Rule | Inference, by: str, on: date) -> str:
        if fault == "no stamp":
            return text
        stamped = surgery(text, rule, by, on)
        head, tail = stamped.rsplit(f"fingerprint: {rule.fingerprint}", 1)
        return head + "fingerprint: 0123456789abcdef" + tail

    monkeypatch.setattr(approval, "stamped_text", faulty)
    assert refusal(project_copy, "B") == ("rules/innforingslop.yaml", rule_line(project_copy))
