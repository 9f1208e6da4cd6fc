"""The short version of bench/record_faults.py: `record` runs killed with SIGKILL
at random (seeded) moments never leave a torn file or lose a finished recording,
and two processes recording at once lose nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from .conftest import ROOT


def faults() -> Any:
    spec = importlib.util.spec_from_file_location("record_faults", ROOT / "bench" / "record_faults.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["record_faults"] = module
    spec.loader.exec_module(module)
    return module


def test_killed_runs_leave_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    bench = faults()
    figures = bench.kill_test(bench.make_project(tmp_path), kills=30, seed=7)
    assert figures["torn_files"] == 0 and figures["leftover_temp_files"] == 0
    # The first (calibration) run, every completed one and every one killed after its write.
    assert figures["entries_in_history"] == 1 + figures["completed"] + figures["killed_after_write"]
    assert figures["completed"] + figures["killed_before_write"] + figures["killed_after_write"] == 30
    assert figures["killed_before_write"] > 0  # the kills did land


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    bench = faults()
    figures = bench.concurrency_test(bench.make_project(tmp_path), records=20)
    assert figures["recorded"] == 40 and figures["lost"] == 0 and figures["in_order"] is True


def test_a_replacement_killed_mid_write_leaves_one_whole_text(tmp_path: Path) -> None:
    figures = faults().atomic_kill_test(tmp_path, kills=20, seed=3)
    assert figures["torn_files"] == 0
    assert figures["temp_files_left_by_kills"] > 0  # some kills did land inside the write
