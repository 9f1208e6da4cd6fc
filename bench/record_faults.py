"""Fault test of `hprules record`: kill -9 at random moments, and writers at once.

    python bench/record_faults.py [--kills 500] [--records 200] [--seed 1]

1. Kills: `--kills` runs of `hprules record` (each a subprocess appending one
   more value to malvik's go_live history) are each sent SIGKILL after a random
   delay (seeded) spread over the length of a whole run. After every run the
   fact file must be exactly the old text or exactly the old text plus that one
   entry (never torn), the project must load, and a run that exited 0 must have
   its entry in the file.
2. Atomic replacement alone: a process replacing a 2 MB file over and over,
   alternately with two texts, is killed at random (seeded) moments; the file
   must always be exactly one of the two texts. Its write takes long enough
   that most kills land inside it, where an in-place write would tear the file.
3. Concurrency: two processes each record `--records` values at the same time
   into the same fact file (go_live and service_agreement_signed of malvik);
   afterwards every one of them must be there, each history in its own order.

Runs on a copy of the shipped rules and facts, outside git. Prints the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hprules import api  # noqa: E402
from hprules.domain.dates import DateValue  # noqa: E402
from hprules.reading.project import load_project  # noqa: E402
from hprules.store.fact_writer import Entry, with_entry  # noqa: E402

PARTY = "malvik"
START = date(2027, 1, 1)  # later than anything recorded in the shipped facts


def make_project(folder: Path) -> Path:
    for part in ("rules", "facts"):
        shutil.copytree(ROOT / part, folder / part)
    return folder


def fact_path(root: Path) -> Path:
    return root / "facts" / "parties" / f"{PARTY}.yaml"


def _kill_entry(i: int) -> Entry:
    day = START + timedelta(days=i)
    return Entry("go_live", DateValue.exact(day), f"kill-{i}", day, by="bench")


def _record_command(root: Path, i: int) -> list[str]:
    day = (START + timedelta(days=i)).isoformat()
    return [
        sys.executable,
        "-m",
        "hprules",
        "record",
        PARTY,
        "go_live",
        day,
        "--source",
        f"kill-{i}",
        "--recorded",
        day,
        "--as-of",
        START.isoformat(),
        "--by",
        "bench",
        "--root",
        str(root),
    ]


def kill_test(root: Path, kills: int, seed: int) -> dict[str, object]:
    """Kill `kills` record runs at random moments; check the file after each."""
    rng = random.Random(seed)
    path = fact_path(root)
    started = time.perf_counter()
    calibration = subprocess.run(_record_command(root, 0), capture_output=True, check=False)
    whole = time.perf_counter() - started
    if calibration.returncode != 0:
        raise SystemExit(f"a plain record run failed: {calibration.stderr.decode()}")
    completed = killed_before = killed_after = 0
    torn = []
    for i in range(1, kills + 1):
        before = path.read_text(encoding="utf-8")
        expected = with_entry(before, _kill_entry(i))
        process = subprocess.Popen(_record_command(root, i), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            process.wait(timeout=rng.uniform(0.0, whole * 1.1))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
        stderr = process.stderr.read().decode() if process.stderr else ""
        if process.stderr:
            process.stderr.close()
        after = path.read_text(encoding="utf-8")
        if after not in (before, expected):
            torn.append(i)
        load_project(root)  # raises if any file no longer parses or validates
        if process.returncode == 0:
            completed += 1
            if after != expected:
                raise SystemExit(f"run {i} exited 0 but its entry is not in the file")
        elif process.returncode == -signal.SIGKILL:
            killed_after += after == expected
            killed_before += after == before
        else:
            raise SystemExit(f"run {i} failed by itself ({process.returncode}): {stderr}")
    go_live = load_project(root).facts.parties[PARTY].facts["go_live"]
    present = {f.source for f in (*go_live.earlier, go_live)}
    return {
        "kills": kills,
        "seed": seed,
        "whole_run_s": round(whole, 3),
        "completed": completed,
        "killed_before_write": killed_before,
        "killed_after_write": killed_after,
        "torn_files": len(torn),
        "entries_in_history": len([s for s in present if s.startswith("kill-")]),
        "leftover_temp_files": len(list(path.parent.glob(".*.hprules-tmp"))),
    }


def _texts() -> tuple[str, str]:
    line = "  # " + "x" * 60 + "\n"
    return "a: 1\n" + line * 32_000, "b: 2\n" + line * 33_000


def replace_forever(path: Path) -> None:
    """The victim: announce itself, then replace `path` with each text in turn."""
    from hprules.store.atomic_file import replace_text

    texts = _texts()
    print("ready", flush=True)
    n = 0
    while True:
        replace_text(path, texts[n % 2])
        n += 1


def atomic_kill_test(folder: Path, kills: int, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    path = folder / "big.yaml"
    texts = _texts()
    path.write_text(texts[0], encoding="utf-8")
    torn = 0
    for _ in range(kills):
        victim = subprocess.Popen(
            [sys.executable, __file__, "--replace-forever", str(path)], stdout=subprocess.PIPE, text=True
        )
        assert victim.stdout is not None
        victim.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.05))
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        victim.stdout.close()
        torn += path.read_text(encoding="utf-8") not in texts
    leftovers = list(folder.glob(".*.hprules-tmp"))
    return {"kills": kills, "seed": seed, "torn_files": torn, "temp_files_left_by_kills": len(leftovers)}


def worker(root: Path, fact: str, records: int, tag: str) -> None:
    """Record `records` values of `fact`, one after another, each recorded a day later."""
    for i in range(records):
        day = START + timedelta(days=i)
        api.record(root, PARTY, fact, day.isoformat(), source=f"{tag}-{i}", as_of=day, by=tag)


def concurrency_test(root: Path, records: int) -> dict[str, object]:
    """Two processes record `records` values each into the same file at once."""
    plan = {"A": "go_live", "B": "service_agreement_signed"}
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", tag, "--fact", fact, "--records", str(records), "--root", str(root)],
            stderr=subprocess.PIPE,
        )
        for tag, fact in plan.items()
    ]
    failures = [p.communicate()[1].decode() for p in processes if p.wait() != 0]
    seconds = time.perf_counter() - started
    if failures:
        raise SystemExit("a writer failed:\n" + "\n".join(failures))
    facts = load_project(root).facts.parties[PARTY].facts
    found = {}
    for tag, fact in plan.items():
        history = [*facts[fact].earlier, facts[fact]] if fact in facts else []
        found[tag] = [v.source for v in history if v.source.startswith(f"{tag}-")]
    expected = {tag: [f"{tag}-{i}" for i in range(records)] for tag in plan}
    return {
        "writers": len(plan),
        "records_each": records,
        "seconds": round(seconds, 1),
        "recorded": sum(len(v) for v in found.values()),
        "lost": sum(len(set(expected[t]) - set(found[t])) for t in plan),
        "in_order": all(found[t] == expected[t] for t in plan),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--replace-forever", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fact", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replace_forever:
        replace_forever(args.replace_forever)
        return
    if args.worker:
        worker(args.root, args.fact, args.records, args.worker)
        return
    with tempfile.TemporaryDirectory(prefix="hprules-faults-") as temp:
        kills = kill_test(make_project(Path(temp) / "kills"), args.kills, args.seed)
        (Path(temp) / "atomic").mkdir()
        atomic = atomic_kill_test(Path(temp) / "atomic", args.kills, args.seed)
        both = concurrency_test(make_project(Path(temp) / "writers"), args.records)
    print(json.dumps({"kill_test": kills, "atomic_kill_test": atomic, "concurrency_test": both}, indent=2))


if __name__ == "__main__":
    main()
