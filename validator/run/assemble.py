"""The main process's half of a sharded run: merge what the workers sent, decide the
corpus rules once, write the outputs.

Every runner (local processes, Ray) cuts the input into shards in input order and
gets back, per shard, a ``ShardSummary`` (shard report and corpus-rule states, see
``validator.run.batch``) and the shard's encoded entries (a file in the work folder, or
bytes in a spill file). ``Assembler.add`` takes them in input order: it moves the
shard's states to the shard's place in the run (``shift``), merges them into the run's
states and adds the shard report into the run report. ``Assembler.write`` then runs
each corpus rule's ``finish`` (duplicate clusters and the kept copy, decided once
every document is seen, so the result does not depend on how the input was cut) and
copies every entry's pre-rendered record line to the cleaned or rejected output in
input order. Only the documents that the corpus rules changed are parsed again: their
late findings are attached, the status settled, the report amended and the record
rendered anew.

The outputs therefore depend only on the input and the settings, never on the number
of workers or the shard size.
"""

from __future__ import annotations

import os
import sys
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..engine import Settings, settle
from ..io.writers import record_writer
from ..models import Finding
from ..report import DocResult, Report
from .batch import ShardSummary
from .shardfile import ShardFile


@dataclass
class FileShard:
    """Entries kept in a shard file of the work folder."""

    path: Path

    def load(self) -> ShardFile:
        return ShardFile(self.path.read_bytes())


@dataclass
class SpilledShard:
    """Entries kept as a block of a spill file (runners whose workers cannot write
    to this machine's disk)."""

    fd: int
    offset: int
    length: int

    def load(self) -> ShardFile:
        return ShardFile(os.pread(self.fd, self.length, self.offset))


@dataclass
class MemoryShard:
    """Entries held in memory (a handful of documents through the library API)."""

    data: bytes

    def load(self) -> ShardFile:
        return ShardFile(self.data)


#: Shards read and decompressed ahead of the one being written, in a thread (zstd
#: decompresses outside the GIL), when the run has more than one core.
READ_AHEAD = 2


#: From this many documents on, the corpus rules decide one after another whatever the
#: number of threads: at 1,000,000 generated articles, deciding in two threads raised the
#: run's peak memory from about 1,720 MB to 1,810 to 1,880 MB, close to the 2 GB a run of
#: that size must stay under, for 0.5 to 0.9 s saved per 100,000 documents.
THREADED_DECISIONS_BELOW = 500_000


class Assembler:
    """Merges shard summaries in input order and writes the run's outputs."""

    def __init__(self, settings: Settings, report: Report, *, threads: int = 1) -> None:
        self.settings = settings
        self.report = report
        self.threads = max(1, threads)  # corpus rules deciding at once (``late_hits``)
        self.active = settings.by_scope("corpus")
        self.states: list | None = None
        self.shards: list[tuple[int, object]] = []  # (index of the first document, shard)
        self.documents = 0

    def add(self, summary: ShardSummary, shard) -> None:
        """Take the next shard in input order."""
        base = self.documents
        for state in summary.states:
            state.shift(base)
        if self.states is None:
            self.states = list(summary.states)
        else:
            for mine, theirs in zip(self.states, summary.states):
                mine.merge(theirs)
        self.report.absorb(summary.report)
        self.shards.append((base, shard))
        self.documents += summary.count

    def late_hits(self) -> dict[int, list]:
        """Each corpus rule's decisions: ``(active rule, hit)`` pairs by document index.

        The rules decide independently of each other, so with ``threads`` > 1 they
        decide at once in that many threads (the cores the workers used are idle by
        now; the decisions' numpy sorts and shingle reads run outside the GIL), unless
        the run has ``THREADED_DECISIONS_BELOW`` documents or more: then one after
        another, so that their memory peaks do not add up. Each state is dropped as soon
        as its rule has decided, and the hits are put together in rule order, so the
        result is the same for any number of threads."""
        states, self.states = list(self.states or []), None
        threads = self.threads if self.documents < THREADED_DECISIONS_BELOW else 1
        slots = [[state] for state in states]  # a state lives only in its slot until it is taken
        del states
        actives = self.active[: len(slots)]
        if threads > 1 and len(slots) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(min(threads, len(slots)), thread_name_prefix="validator-decide") as pool:
                futures = [pool.submit(_decide, slot) for slot in slots]
                del slots
                decided = [future.result() for future in futures]
        else:
            decided = (_decide(slot) for slot in slots)  # one after another: the next rule has the memory
        late: dict[int, list] = {}
        for active, hits_by_index in zip(actives, decided):
            for index, hits in hits_by_index.items():
                late.setdefault(index, []).extend((active, hit) for hit in hits)
        return late

    def results(self) -> Iterator[DocResult]:
        """Every document's final ``DocResult`` in input order (``check`` prints every
        finding, so every entry is parsed here)."""
        late = self.late_hits()
        for base, shard in self.shards:
            for position, entry in enumerate(shard.load().entries()):
                yield self._final(entry, base + position, late.pop(base + position, None))

    def _final(self, entry, index: int, hits: list | None) -> DocResult:
        """An entry's ``DocResult`` with the corpus rules' ``hits`` (if any) applied."""
        result = entry.result()
        result.index = index
        if hits and result.status != "unreadable":
            self._amend(result, hits, entry.decoded_text())
        return result

    def write(self, out: Path, rejected: Path, *, report_dir: Path | None = None,
              on_result: Callable[[DocResult], None] | None = None,
              on_unreadable: Callable[[DocResult], None] | None = None) -> Report:
        """Write the cleaned and rejected records in input order, then the reports.
        ``on_result`` sees every document's final ``DocResult`` (this parses every
        entry: slower); ``on_unreadable`` only the unreadable ones.

        A document no corpus rule changed and no callback wants is not parsed: its
        record line, rendered by the worker, is final, and runs of such lines are
        copied to the outputs as slices of their shard's record frame. With more than
        one thread, the next shards are read and decompressed in a thread, and each
        output is written (and compressed) in a thread of its own."""
        from ..emit.reports import write_reports

        threaded = self.threads > 1
        with _switching_often(threaded):
            late = self.late_hits()
            self._write(late, out, rejected, on_result, on_unreadable, threaded=threaded)
        if report_dir is not None:
            write_reports(self.report, Path(report_dir))
        return self.report

    def _write(self, late: dict[int, list], out: Path, rejected: Path, on_result, on_unreadable, *,
               threaded: bool) -> None:
        changed = sorted(late)
        with record_writer(out, "cleaned", background=threaded) as kept, \
                record_writer(rejected, "rejected", background=threaded) as dropped:
            for base, parsed in self._loaded(changed, every=on_result is not None, ahead=READ_AHEAD if threaded else 0):
                n = parsed.n
                lo, hi = bisect_left(changed, base), bisect_left(changed, base + n)
                special = {index - base for index in changed[lo:hi]}
                if on_result is not None:
                    special = set(range(n))
                elif on_unreadable is not None and b"u" in parsed.kinds:
                    special.update(i for i, kind in enumerate(parsed.kinds) if kind == ord("u"))
                records = memoryview(parsed.records())
                ends = parsed.record_ends
                for start, end in _runs(parsed.kinds, special):
                    if start not in special:
                        (kept if parsed.kinds[start] == ord("c") else dropped).write_lines(records[ends[start] : ends[end]])
                        continue
                    result = self._final(parsed.entry(start), base + start, late.pop(base + start, None))
                    if on_result is not None:
                        on_result(result)
                    if result.status == "unreadable" and on_unreadable is not None:
                        on_unreadable(result)
                    if result.cleaned is not None:
                        kept.write(result.cleaned)
                    else:
                        dropped.write(result.rejected)

    def _loaded(self, changed: list[int], *, every: bool, ahead: int) -> Iterator[tuple[int, ShardFile]]:
        """``(first index, shard read back)`` in input order, each with its record frame
        decompressed, and its other frame too when some entry of it will be parsed; with
        ``ahead``, that many shards are prepared in a thread ahead of the caller."""

        def job(base: int, shard) -> tuple[int, ShardFile]:
            parsed = shard.load()
            parsed.records()
            if every or bisect_left(changed, base) < bisect_left(changed, base + parsed.n):
                parsed.rest()
            return base, parsed

        if not ahead:
            for base, shard in self.shards:
                yield job(base, shard)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1, thread_name_prefix="validator-read") as pool:
            pending: deque = deque()
            for base, shard in self.shards:
                pending.append(pool.submit(job, base, shard))
                if len(pending) > ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def _amend(self, result: DocResult, hits: list, text: str | None) -> None:
        old_status = result.status
        findings = [
            Finding(
                code=active.rule.code, rule=active.rule.name, severity=active.severity,
                message=hit.message, doc_id=result.doc_id, source=result.source,
                record=result.record, values=hit.values,
            )
            for active, hit in hits
        ]
        result.findings.extend(findings)
        settle(result, self.settings, text)
        self.report.amend(old_status, result, findings)


def _decide(slot: list) -> dict[int, list]:
    """Take a corpus rule's state out of its slot and let it decide (``finish`` also
    closes the rule's shingle store); the state is freed when this returns."""
    state = slot.pop()
    return state.finish()


#: The GIL switch interval while the outputs are written with threads (CPython's default
#: is 5 ms).
SWITCH_INTERVAL = 0.0005


@contextmanager
def _switching_often(threaded: bool) -> Iterator[None]:
    """Hand the GIL between threads every ``SWITCH_INTERVAL`` while the outputs are
    written. Why: the thread reading ahead and the output threads need the GIL for a few
    Python steps between their long zstd and file calls, and while this thread runs
    Python they wait up to the 5 ms default switch interval for each step. At 100,000
    generated articles that wait made the read-ahead fall behind: the write loop took
    2.1 s, 1.0 s with 0.5 ms (same machine, same run)."""
    if not threaded:
        yield
        return
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def _runs(kinds: bytes, special: set[int]) -> Iterator[tuple[int, int]]:
    """Cut positions ``0..len(kinds)`` into ``[start, end)`` runs: each special position
    alone, and between them the longest runs going to one output (cleaned ``c``, or
    rejected ``r`` and ``u``)."""
    n = len(kinds)
    if not n:
        return
    cleaned = np.frombuffer(kinds, dtype=np.uint8) == ord("c")
    cuts = set((np.flatnonzero(cleaned[1:] != cleaned[:-1]) + 1).tolist())
    cuts.update(special)
    cuts.update(p + 1 for p in special)
    cuts.update((0, n))
    bounds = sorted(cuts)
    yield from zip(bounds, bounds[1:])
