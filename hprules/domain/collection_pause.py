"""Pausing Python's cyclic garbage collector while many acyclic values are built.

Reading 20,000 party files or evaluating them makes millions of small values that
all live on, and none refers back to another: the collector's passes find nothing,
yet each one walks the growing heap (measured: a third of reading 20,000 files, 40 %
of the engine's time at 10,000 parties; bench/run.py). Reference counting still
frees everything as usual; a cycle made meanwhile waits for the next pass."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Nothing collected cyclically inside; as it was again after (a pause within a pause is one)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
