"""A finding carries the version of its rule that gave it: what every renderer shows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hprules import api
from hprules.reading.project import Project, load_project
from hprules.render.report import json_chunks, render_table


def test_every_finding_carries_the_rule_version_in_force(shipped: Project) -> None:
    as_of = date(2026, 11, 24)
    evaluation = api.check(shipped, as_of)
    assert evaluation.findings
    for finding in evaluation.findings:
        assert finding.definition is shipped.rules.rule(finding.rule, as_of)
        assert finding.definition.kind is finding.kind


def test_a_revised_rule_shows_the_title_of_the_version_in_force(project_copy: Path) -> None:
    path = project_copy / "rules" / "tjenesteavtale.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: agreement-revision"), text.index("  - id: establishment-payment")
    old = text[start:end]
    first = old.replace("    kind: target\n", "    kind: target\n    valid_to: 2024-12-31\n", 1)
    second = old.replace("    kind: target\n", "    kind: target\n    valid_from: 2025-01-01\n", 1)
    second = second.replace("nb: Revidert tjenesteavtale i kraft", "nb: Andre revisjon av tjenesteavtalen i kraft")
    path.write_text(text[:start] + first + second + text[end:], encoding="utf-8")
    project = load_project(project_copy)
    for as_of, title in ((date(2024, 6, 1), "Revidert tjenesteavtale i kraft"), (date(2025, 6, 1), "Andre revisjon")):
        evaluation = api.check(project, as_of, ["roros"])
        [finding] = [f for f in evaluation.findings if f.rule == "agreement-revision"]
        assert finding.definition.title.get("nb").startswith(title)
        document = json.loads("".join(json_chunks(project, evaluation, "nb")))
        [entry] = [e for e in document["findings"] if e["rule"] == "agreement-revision"]
        assert entry["title"].startswith(title)
        assert title in render_table(project, evaluation, "nb")
