"""Fuzzed files through the CLI: no traceback, no hang, every message located.

Each case mutates one shipped file once (seeded, so a failure is reproducible
with its seed) and runs `validate`, `check` and `calendar --out`. A long run is
`python bench/fuzz.py`.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from .fuzzing import MUTATIONS, Hang, Outcome, _classify, _time_limit, mutate, prepare, run_case

CASES = int(os.environ.get("HPRULES_FUZZ_CASES", "200"))
BATCHES = 8


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    work = tmp_path_factory.mktemp("fuzz")
    return work, prepare(work)


@pytest.mark.parametrize("batch", range(BATCHES))
def test_fuzzed_files_give_located_messages_never_a_crash(workspace: tuple[Path, list[Path]], batch: int) -> None:
    work, files = workspace
    failures: list[Outcome] = []
    for seed in range(batch, CASES, BATCHES):
        failures += [o for o in run_case(work, files, seed) if o.kind != "ok"]
    assert not failures, "\n".join(map(str, failures))


def test_every_mutation_changes_some_file() -> None:
    text = (Path(__file__).resolve().parent.parent / "rules" / "tjenesteavtale.yaml").read_text(encoding="utf-8")
    for name, mutation in MUTATIONS.items():
        rng = random.Random(1)
        assert any(mutation(rng, text) != text for _ in range(5)), name
    assert mutate(random.Random(7), text) == mutate(random.Random(7), text)  # seeded: reproducible


@pytest.mark.parametrize(
    ("exit_code", "stderr", "kind"),
    [
        (2, "rules/a.yaml:3:5: bad\nhprules: 1 problem; nothing was evaluated\n", "ok"),
        (2, "rules/a.yaml:3:5: feil\nkommandolinjen: x\nhprules: 2 feil; ingenting ble vurdert\n", "ok"),
        (2, "hprules: 3 problemer; ingenting\n", "unlocated"),
        (2, "facts/parties/x.yaml: not UTF-8 text\n", "ok"),
        (2, "hprules: 2091-01-01 is outside the years; check the dates\n", "unlocated"),
        (2, ": the title of rule '?' is missing\n", "unlocated"),
        (70, "hprules: this is a bug in hprules, please report it: KeyError: 'x'\n", "traceback"),
        (1, "", "ok"),
    ],
)
def test_the_classifier_tells_located_messages_from_the_rest(exit_code: int, stderr: str, kind: str) -> None:
    assert _classify(exit_code, None, stderr)[0] == kind
    assert _classify(0, KeyError("x"), "")[0] == "traceback"


def test_a_command_that_never_ends_counts_as_a_hang() -> None:
    with pytest.raises(Hang), _time_limit(0.2):
        while True:
            pass
