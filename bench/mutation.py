"""Mutation testing of the core modules with mutmut: `python bench/mutation.py [module ...]`.

For each module (default: all in SELECTIONS) it copies the repository (git's
tracked and new files) to a temporary directory, points `[tool.mutmut]` at that
one module and at the test files that exercise it, runs `mutmut run` there, and
prints killed / survived / not covered per module, the score (killed over all
mutants: a mutant no selected test reaches counts against the score), and with
`--show` the diff of every mutant that was not killed. The working tree is never
mutated. The durable-rules and CLI tests are slow, so each module runs only its
own selection, below, plus `tests/test_mutants_<module>.py` (an empty stand-in
in the copy when the repository has none, so that adding it later does not
change the selection and throw away mutmut's results).

Modules run one after another. The engine and feed take hours on a busy
machine: `--workdir DIR` keeps each module's copy there, so an interrupted run
resumes where it stopped (the sources and tests are refreshed, mutmut keeps
its results); `--rerun [GLOB]` runs again, with the current tests, the
mutants that were not killed (those whose names match GLOB); `--max-children N` caps mutmut's parallel workers.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module -> the test files that exercise it (fast enough to run per mutant)
# (modules are named by their path under hprules/, e.g. "render/feed"; a bare name is looked up)
SELECTIONS: dict[str, list[str]] = {
    "domain/dates": ["test_dates.py", "test_examples.py"],
    "evaluation/status": ["test_status.py", "test_waiting.py", "test_examples.py"],
    "evaluation/evaluator": ["test_engine.py", "test_status.py", "test_examples.py"],
    "evaluation/inference": ["test_engine.py", "test_status.py", "test_examples.py"],
    "evaluation/engine": ["test_engine.py"],
    # (not test_subscription.py: 21 s per mutant for a round trip test_feed.py also checks)
    "render/feed": ["test_feed.py", "test_feed_pipeline.py"],
    "store/publication": ["test_feed_pipeline.py", "test_output_errors.py", "test_feed.py"],
    "server": ["test_server.py", "test_server_hostile.py"],
    "store/approval": ["test_approval_history.py", "test_review.py"],
}

RESULT_LINE = re.compile(r"^\s*(\S+__mutmut_\d+): (.+)$")


@dataclass(frozen=True)
class Score:
    module: str
    statuses: dict[str, str]  # mutant name -> mutmut status

    @property
    def killed(self) -> int:
        return sum(1 for status in self.statuses.values() if status == "killed")

    @property
    def total(self) -> int:
        return len(self.statuses)

    def line(self) -> str:
        counts = Counter(self.statuses.values())
        percent = 100 * self.killed / self.total if self.total else 100.0
        others = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()) if status != "killed")
        return f"{self.module:<22} {self.killed:>4}/{self.total:<4} killed  {percent:5.1f} %   {others}"


def tracked_files() -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listing.stdout.splitlines() if (ROOT / name).is_file()]


def own_tests(module: str) -> str:
    return f"tests/test_mutants_{Path(module).name}.py"


def mutmut_section(module: str) -> str:
    tests = [f"tests/{name}" for name in SELECTIONS[module]] + [own_tests(module)]
    quoted = ", ".join(f'"{test}"' for test in tests)
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["hprules"]\n'
        f'only_mutate = ["hprules/{module}.py"]\n'
        'also_copy = ["rules", "facts", "schema", "docs", "bench", "calendars"]\n'
        f"pytest_add_cli_args_test_selection = [{quoted}]\n"
        'pytest_add_cli_args = ["-q", "-x", "-p", "no:cacheprovider"]\n'
    )


def run_module(
    module: str, workdir: Path, mutmut: Path, show: bool, rerun: list[str], max_children: int | None
) -> tuple[Score, str]:
    copy = workdir / module.replace("/", "-")
    for name in tracked_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    stand_in = copy / own_tests(module)
    if not stand_in.exists():
        stand_in.write_text('"""No tests of its own yet."""\n', encoding="utf-8")
    pyproject = copy / "pyproject.toml"
    # the repository's own [tool.mutmut] is replaced by this module's
    text = pyproject.read_text(encoding="utf-8").split("\n[tool.mutmut]\n")[0]
    pyproject.write_text(text + mutmut_section(module), encoding="utf-8")
    env_seeds = ROOT.parent / "shared" / "seeds"
    env = {**os.environ, "HPRULES_SOURCES": str(env_seeds)}
    children = [] if max_children is None else ["--max-children", str(max_children)]
    # mutmut's run, with a function linked to all the tests of each file that reaches it (bench/mutmut_by_file.py)
    run = [sys.executable, str(ROOT / "bench" / "mutmut_by_file.py"), "run", *children]
    subprocess.run(run, cwd=copy, env=env, capture_output=True, check=False)
    statuses = results(copy, mutmut, env)
    survivors = [name for name, status in statuses.items() if status != "killed" and fnmatch_any(name, rerun)]
    if rerun and survivors:  # named mutants are run again even though they have a result
        # Which tests reach which function is collected afresh, from the current tests.
        (copy / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
        subprocess.run([*run, *survivors], cwd=copy, env=env, capture_output=True, check=False)
        statuses = results(copy, mutmut, env)
    shown = ""
    if show:
        for name, status in sorted(statuses.items()):
            if status != "killed":
                diff = subprocess.run(
                    [str(mutmut), "show", name], cwd=copy, env=env, capture_output=True, text=True, check=False
                )
                shown += diff.stdout + "\n"
    return Score(module, statuses), shown


def fnmatch_any(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def results(copy: Path, mutmut: Path, env: dict[str, str]) -> dict[str, str]:
    listing = subprocess.run(
        [str(mutmut), "results", "--all", "true"], cwd=copy, env=env, capture_output=True, text=True, check=True
    )
    return {
        match.group(1): match.group(2)
        for match in map(RESULT_LINE.match, listing.stdout.splitlines())
        if match is not None
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", default=list(SELECTIONS), help="modules of hprules (default: all)")
    parser.add_argument("--show", action="store_true", help="print the diff of every mutant not killed")
    parser.add_argument(
        "--workdir", type=Path, help="keep the copies here and resume from them (default: a temporary folder)"
    )
    parser.add_argument(
        "--rerun",
        nargs="?",
        const="*",
        action="append",
        default=[],
        metavar="GLOB",
        help="run the mutants not killed again (or those whose names match GLOB), with the current tests",
    )
    parser.add_argument("--max-children", type=int, help="mutmut's parallel workers (default: one per CPU)")
    args = parser.parse_args()
    by_name = {Path(module).name: module for module in SELECTIONS}
    args.modules = [by_name.get(module, module) for module in args.modules]
    unknown = [module for module in args.modules if module not in SELECTIONS]
    if unknown:
        parser.error(f"no test selection for {', '.join(unknown)}; known: {', '.join(SELECTIONS)}")
    mutmut = Path(sys.executable).parent / "mutmut"
    with tempfile.TemporaryDirectory(prefix="hprules-mutation-") as tmp:
        workdir = args.workdir.resolve() if args.workdir else Path(tmp)
        scores = []
        for module in args.modules:
            score, shown = run_module(module, workdir, mutmut, args.show, args.rerun, args.max_children)
            if shown:
                print(shown, flush=True)
            scores.append(score)
    for score in scores:
        print(score.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
