"""Garbage-collector settings for the document passes.

Why: a pass creates and drops a few hundred container objects per document (findings,
parts, lists, dicts), so CPython's cyclic collector runs every 700 allocations and, every
hundred runs, walks every object the process holds: the rules' compiled patterns, word
lists, pydantic schemas and the language model, about 50,000 objects that live for the
whole run and are never garbage. With the settings below, one worker's shard pass over
2,000 generated articles took 4 to 11% less CPU (in one process, alternated, smallest of
4 to 7 runs), and a 30,000-article ``--jobs 2`` run about 7% less worker CPU.

Within a shard the collector does not run at all (``paused``): a shard's documents make
no reference cycles (a young-generation collection after each of 4 shards of generated
articles found no unreachable object), so every automatic collection during the shard
only walked the shard's live results, about 2% of a worker's time (timed with
``gc.callbacks``). One young-generation collection after the shard still frees any cycle
a document might make.

So during a pass the objects that exist before it are frozen (``gc.freeze``: moved out
of the collector's sight; they stay alive exactly as before) and the first generation is
collected every ``GEN0_THRESHOLD`` allocations instead of 700. Cycles made during the pass
are still collected, a little later. Freezing before the workers fork also keeps the
collector from writing to the pages the workers share with the main process (the
``gc.freeze`` advice in the Python documentation).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between collections of the youngest generation during a pass (CPython's
#: default is 700). About 10,000 container objects, a few MB at most, wait for collection.
GEN0_THRESHOLD = 10_000


def tune() -> None:
    """Freeze what exists and collect less often, for the rest of this process (a
    worker process of a pass)."""
    gc.freeze()
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(GEN0_THRESHOLD, gen0), gen1, gen2)


@contextmanager
def tuned() -> Iterator[None]:
    """``tune`` for the length of a pass in this process, then the settings it found.
    Objects frozen before (by the program using the library) stay frozen."""
    threshold = gc.get_threshold()
    was_frozen = gc.get_freeze_count() > 0
    tune()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not was_frozen:
            gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection for the length of a shard's work, then one collection of
    the young generations (when the collector was enabled: a program that disabled it
    keeps it so)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(1)
