"""mutmut's command line, with each function linked to every test of the files that reach it.

mutmut runs a mutant only against the tests during which the mutated function
ran. A module-scoped fixture (one `calendar` run, one FeedStore, shared by the
tests of a file) runs during the file's first test only, so the other tests,
which assert on what that fixture built, were never run against its mutants:
those mutants "survived" unexamined. Linking a function to all the tests of each
file that reaches it runs them all. Used by bench/mutation.py (mutmut 3.8.1, as
pinned in the dev extra: this relies on its `save_stats` and `state`).
"""

from __future__ import annotations

import sys

import mutmut.__main__ as mutmut_main
from mutmut.state import state
from mutmut.stats import save_stats


def _file(test: str) -> str:
    return test.removeprefix("mutants/").split("::")[0]


def widened_save_stats() -> None:
    tests_by_file: dict[str, set[str]] = {}
    for test in state().duration_by_test:
        name = test.removeprefix("mutants/")
        tests_by_file.setdefault(_file(name), set()).add(name)
    for tests in state().tests_by_mangled_function_name.values():
        for file in {_file(test) for test in tests}:
            tests |= tests_by_file.get(file, set())
    save_stats()


if __name__ == "__main__":
    mutmut_main.save_stats = widened_save_stats  # type: ignore[attr-defined]  # the name __main__ calls
    sys.argv[0] = "mutmut"
    sys.exit(mutmut_main.cli())
