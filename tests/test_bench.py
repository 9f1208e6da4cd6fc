"""The benchmark compares like with like: its baseline gives the engine's findings."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from .conftest import ROOT


def load_bench() -> ModuleType:
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scale_worker_baseline_matches_engine() -> None:
    bench = load_bench()
    row = bench.scale_worker(2_500)
    assert row["identical"] is True
    assert row["engine_digest"] == row["plain_digest"]
    assert row["findings"] > 2_500 * 5
    assert Path(ROOT / "bench" / "baseline.py").is_file()
