"""All cores of one machine: the per-document work in worker processes, everything
else in this process.

Workers receive the run's ``Settings`` once (rules, options and compiled patterns are
set up once per process, not per document) and then batches of raw documents, so the
cost of passing work between processes is paid per batch. At most a few batches per
worker are in flight, so memory stays bounded whatever the corpus size. Results come
back in input order and go through the corpus stage (``api.corpus_stage``) here, in
order, so the output is the same for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from ..engine import Settings, process_document
from ..io.readers import RawDocument, ReadOptions, iter_documents
from ..io.writers import record_writer
from ..report import DocResult, Report
from . import shards
from .progress import Progress

BATCH_SIZE = 64  # documents per task for `check`
SHARD_SIZE = 1_000  # documents per shard (task and resume unit) for `clean`
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: keeps workers busy, bounds memory

_settings: Settings | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def raw_size(raw: RawDocument) -> int:
    """Input bytes of a document (for progress and throughput)."""
    if raw.data is not None:
        return len(raw.data)
    return len(raw.text.encode("utf-8", "surrogatepass")) if raw.text else 0


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _init_worker(settings: Settings) -> None:
    global _settings
    _settings = settings


def _process_batch(batch: list[tuple[int, RawDocument]]) -> list[tuple[DocResult, str | None]]:
    return [process_document(raw, index, _settings) for index, raw in batch]


def _process_shard(path: str, batch: list[tuple[int, RawDocument]]) -> None:
    """Write the shard file; the main process reads it back (parsing the JSON there
    costs less than pickling the results here and unpickling them there)."""
    shards.write_shard(Path(path), _process_batch(batch))


def _context():
    # fork starts workers in milliseconds with the modules already imported; elsewhere
    # the platform default (spawn) imports them once per worker.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class Pool:
    """A process pool that keeps results in submission order and bounds what is in
    flight; ``jobs`` <= 1 runs everything inline."""

    def __init__(self, jobs: int, settings: Settings) -> None:
        self.jobs = jobs
        self.settings = settings
        self._pool = None

    def __enter__(self) -> "Pool":
        if self.jobs > 1:
            self._pool = _context().Pool(self.jobs, initializer=_init_worker, initargs=(self.settings,))
        else:
            _init_worker(self.settings)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()

    def ordered(self, tasks: Iterable[tuple[Callable | None, tuple, object]]) -> Iterator[tuple[object, object]]:
        """Run ``fn(*args)`` for each ``(fn, args, tag)``; yield ``(tag, result)`` in task
        order. A task whose ``fn`` is None passes its tag through (already done)."""
        window = max(1, self.jobs * IN_FLIGHT_PER_WORKER)
        pending: deque = deque()
        for fn, args, tag in tasks:
            if fn is None:
                pending.append((tag, None))
            elif self._pool is None:
                pending.append((tag, _Done(fn(*args))))
            else:
                pending.append((tag, self._pool.apply_async(fn, args)))
            while len(pending) >= window or (pending and self._pool is None):
                tag, handle = pending.popleft()
                yield tag, handle.get() if handle is not None else None
        while pending:
            tag, handle = pending.popleft()
            yield tag, handle.get() if handle is not None else None


class _Done:
    def __init__(self, value) -> None:
        self.value = value

    def get(self):
        return self.value


def document_pairs(raw_docs: Iterable[RawDocument], settings: Settings, *, jobs: int = 1,
                   progress: Progress | None = None) -> Iterator[tuple[DocResult, str | None]]:
    """``process_document`` over every document, in input order, on ``jobs`` processes."""
    progress = progress or Progress()
    if jobs <= 1:
        for index, raw in enumerate(raw_docs):
            pair = process_document(raw, index, settings)
            progress.advance(1, raw_size(raw))
            yield pair
        return
    with Pool(jobs, settings) as pool:
        tasks = ((_process_batch, (batch,), sum(raw_size(r) for _, r in batch))
                 for batch in batched(enumerate(raw_docs), BATCH_SIZE))
        for nbytes, pairs in pool.ordered(tasks):
            progress.advance(len(pairs), nbytes)
            yield from pairs


def settings_payload(settings: Settings, shard_size: int) -> dict:
    """Everything besides the input documents that shapes a shard's results."""
    from .. import __version__

    return {
        "version": __version__,
        "shard_size": shard_size,
        "rules": [[a.rule.code, a.severity.value, a.options.model_dump(mode="json")] for a in settings.active],
        "apply_fixes": settings.apply_fixes, "unsafe_fixes": settings.unsafe_fixes,
        "reject_on": settings.reject_on.value, "encoding": settings.encoding, "today": settings.today.isoformat(),
    }


def sharded_pairs(raw_docs: Iterable[RawDocument], settings: Settings, work: shards.WorkDir, *, jobs: int,
                  shard_size: int, progress: Progress) -> Iterator[tuple[DocResult, str | None]]:
    """The per-document results of every document, in input order, shard by shard:
    finished shards are read back from ``work``; the others are computed (by workers,
    which write the shard file) and then read."""
    reused = 0

    def tasks():
        nonlocal reused
        for number, batch in enumerate(batched(enumerate(raw_docs), shard_size)):
            path = work.shard_path(number, shards.shard_digest(batch))
            nbytes = sum(raw_size(r) for _, r in batch)
            if path.is_file():
                reused += 1
                yield None, (), (path, len(batch), nbytes, None)
            elif jobs <= 1:
                # Inline: keep the results in memory rather than reading the file back.
                pairs = [process_document(raw, index, settings) for index, raw in batch]
                shards.write_shard(path, pairs)
                yield None, (), (path, len(batch), nbytes, pairs)
            else:
                yield _process_shard, (str(path), batch), (path, len(batch), nbytes, None)

    with Pool(jobs, settings) as pool:
        for (path, count, nbytes, pairs), _ in pool.ordered(tasks()):
            yield from pairs if pairs is not None else shards.read_shard(path)
            progress.advance(count, nbytes)
    if reused:
        progress.note(f"resumed: reused {reused} finished shard(s) from {work.path}")


def clean_corpus(inputs: list[str], out: Path, rejected: Path, *, report: Report, settings: Settings,
                 options: ReadOptions, report_dir: Path | None = None, on_result=None, jobs: int = 1,
                 resume: bool = False, shard_size: int | None = None, progress: Progress | None = None) -> Report:
    """The ``clean`` job: per-document work on ``jobs`` processes, the corpus stage in
    input order here, the outputs and reports written atomically. With ``resume``,
    finished shards are kept in a work folder beside ``out`` and reused by a later run
    with the same arguments; the folder is removed once the outputs are complete."""
    from ..api import corpus_stage

    progress = progress or Progress()
    raw_docs = iter_documents(list(inputs), options)
    work = None
    if resume:
        shard_size = shard_size or SHARD_SIZE
        work = shards.WorkDir.open(out, settings_payload(settings, shard_size), resume=True)
        for target in (out, rejected):  # temporary files a killed run left behind
            shards.remove_stale_temporaries(target)
        pairs = sharded_pairs(raw_docs, settings, work, jobs=jobs, shard_size=shard_size, progress=progress)
    else:
        pairs = document_pairs(raw_docs, settings, jobs=jobs, progress=progress)
    write_outputs(corpus_stage(pairs, settings), out, rejected, report=report, report_dir=report_dir,
                  on_result=on_result)
    if work is not None:
        work.remove()
    return report


def write_outputs(results: Iterable[DocResult], out: Path, rejected: Path, *, report: Report,
                  report_dir: Path | None = None, on_result=None) -> Report:
    """Count every result in ``report`` and write it to the cleaned or the rejected file,
    then the reports: the one output step every runner (local, Ray) shares."""
    from ..emit.reports import write_reports

    with record_writer(out, "cleaned") as kept, record_writer(rejected, "rejected") as dropped:
        for result in results:
            report.add(result)
            if on_result is not None:
                on_result(result)
            if result.cleaned is not None:
                kept.write(result.cleaned)
            else:
                dropped.write(result.rejected)
    if report_dir is not None:
        write_reports(report, Path(report_dir))
    return report
