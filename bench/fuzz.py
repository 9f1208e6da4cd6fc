"""Long fuzz run: `python bench/fuzz.py --runs 20000` (from the repository root).

Each run mutates one shipped file once (tests/fuzzing.py: deleted lines, swapped
types, odd dates, huge or Unicode numbers, aliases, deep nesting, control
characters, truncation, ...) and runs `validate`, `check` and `calendar --out`
in-process. Prints the counts of tracebacks (exit 70 or an escaped exception),
hangs (a command over the time limit), unlocated messages, engine failures, and
the first cases of each with their seeds (rerun one with --start SEED --runs 1).
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzzing import TIME_LIMIT, Outcome, prepare, run_case


def _worker(seeds: list[int], time_limit: float, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory(prefix="hprules-fuzz-") as folder:
        work = Path(folder)
        files = prepare(work)
        for seed in seeds:
            queue.put(run_case(work, files, seed, time_limit))
    queue.put(None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("--workers", type=int, default=max(1, multiprocessing.cpu_count()))
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT, help="seconds of CPU per command")
    args = parser.parse_args()
    seeds = list(range(args.start, args.start + args.runs))
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    workers = [
        multiprocessing.Process(target=_worker, args=(seeds[i :: args.workers], args.time_limit, queue), daemon=True)
        for i in range(args.workers)
    ]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    kinds: collections.Counter[str] = collections.Counter()
    by_mutation: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[Outcome]] = collections.defaultdict(list)
    runs, finished = 0, 0
    while finished < len(workers):
        outcomes = queue.get()
        if outcomes is None:
            finished += 1
            continue
        runs += 1
        for outcome in outcomes:
            kinds[outcome.kind] += 1
            if outcome.kind != "ok":
                by_mutation[outcome.mutation] += 1
                if len(examples[outcome.kind]) < 10:
                    examples[outcome.kind].append(outcome)
                    print(f"{outcome.kind}: seed {outcome.seed}, {outcome.command}: {outcome.detail}", flush=True)
        if runs % 1000 == 0:
            print(f"{runs} runs, {time.monotonic() - started:.0f} s: {dict(kinds)}", flush=True)
    for worker in workers:
        worker.join()
    crashed = sum(1 for w in workers if w.exitcode != 0)
    elapsed = time.monotonic() - started
    print(f"\n{runs} runs ({sum(kinds.values())} commands) in {elapsed:.0f} s, {args.workers} workers")
    for kind in ("traceback", "hang", "unlocated", "engine", "ok"):
        print(f"  {kind:10} {kinds[kind]}")
    print(f"  worker processes that died: {crashed}")
    for kind, found in examples.items():
        print(f"\nfirst {kind}s:")
        for outcome in found:
            print(f"  seed {outcome.seed}: {outcome.mutation} of {outcome.file}, {outcome.command}: {outcome.detail}")
    if by_mutation:
        print("\nfailures by mutation:", dict(by_mutation))
    bad = kinds["traceback"] + kinds["hang"] + kinds["unlocated"] + crashed
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
