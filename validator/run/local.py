"""All cores of one machine: shards of documents in worker processes, the merge and
the output in this process.

Workers receive the run's ``Settings`` once (rules, options and compiled patterns are
set up once per process, not per document) and then shards of raw documents, so the
cost of passing work between processes is paid per shard. A worker does everything a
shard needs on its own (``validator.run.batch``: process, count, observe for the corpus
rules, encode, write the shard file) and sends back a small summary; this process
merges the summaries in input order and writes the outputs (``validator.run.assemble``).
At most a few shards per worker are in flight, so memory stays bounded whatever the
corpus size, and the output is the same for any number of workers.

``check`` (``iter_final_results``) does the same without a work folder and parses every
result back, because it prints every finding.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from itertools import islice
from pathlib import Path

from ..engine import Settings
from ..io.readers import ReadOptions, iter_documents
from ..io.spans import materialise_all
from ..language import release as release_language_model
from ..report import DocResult, Report
from . import collector, shards
from .assemble import Assembler, FileShard, SpilledShard
from .batch import ShardSummary, resummarise, run_batch
from .progress import Progress

SHARD_SIZE = 1_000  # documents per shard (task and resume unit) for `clean`
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: keeps workers busy, bounds memory

_settings: Settings | None = None


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _init_worker(settings: Settings) -> None:
    global _settings
    _settings = settings
    collector.tune()  # (inherited through fork already; a spawned worker needs it)


def _shard_task(work: str, number: int, batch: list[tuple[int, object]], options: ReadOptions) -> ShardSummary:
    """A worker's whole job for one shard: parse its records, name the shard file by a
    digest of its documents, and either read back the finished file a resumed run left
    there or process the documents and write the file. Only the summary travels back to
    the main process."""
    import zstandard

    docs = _materialised(batch, options)
    nbytes = sum(raw.size for _, raw in docs)
    target = shards.shard_path(Path(work), number, shards.shard_digest(docs))
    if target.is_file():
        try:
            summary = resummarise(target.read_bytes(), _settings, nbytes)
            summary.path, summary.reused = str(target), True
            return summary
        except (OSError, ValueError, zstandard.ZstdError):  # a damaged shard: compute it again
            pass
    with collector.paused():
        summary, data = run_batch(docs, _settings, nbytes)
    shards.write_shard(target, data)
    summary.path = str(target)
    return summary


def _template_task(batch: list, encoding: str | None, options: ReadOptions):
    from ..boilerplate.templates import count_documents

    return count_documents(materialise_all(batch, options), encoding)


def scan_templates(inputs: list[str], options: ReadOptions, *, encoding: str | None, jobs: int,
                   min_documents: int, min_share: float):
    """The ``BP109`` pre-pass (``validator.boilerplate.templates``) on ``jobs``
    processes: each worker counts the lines of a batch of documents, the counts merge
    in input order here."""
    from ..boilerplate.templates import TemplateCounts

    counts = TemplateCounts()
    docs = iter_documents(list(inputs), options, defer=True, spans=True)
    tasks = ((_template_task, (batch, encoding, options), None) for batch in batched(docs, SHARD_SIZE))
    with Pool(jobs, None) as pool:
        loading = pool.preload_in_background()
        for _, part in pool.ordered(tasks):
            counts.merge(part)
    if loading is not None:
        loading.join()
    return counts.index(min_documents=min_documents, min_share=min_share)


def _preload() -> None:
    """Load what every worker needs before the workers fork, so they share it instead
    of each loading it again (the language model, which every record's ``language``
    needs, takes about 0.8 s to load)."""
    from ..language import detect_language

    detect_language("preload the language model before the workers start")


#: From this many documents on, the main process drops the language model once the
#: workers are done: the duplicate decisions of a large run need the memory (about
#: 130 MB), and a smaller run (or the next call of a library user) keeps it loaded.
RELEASE_MODEL_AT = 200_000


def _release_model_if_large(assembler: Assembler) -> None:
    if assembler.documents >= RELEASE_MODEL_AT:
        release_language_model()


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
        if self.jobs > 1 and self.settings is not None:  # a pool of the main pass: its workers need the model
            _preload()
        with ExitStack() as stack:  # (the settings come back if the pool cannot start)
            stack.enter_context(collector.tuned())  # before the fork: the workers inherit it
            if self.jobs > 1:
                self._pool = _context().Pool(self.jobs, initializer=_init_worker, initargs=(self.settings,))
            else:
                global _settings
                _settings = self.settings
            self._collector = stack.pop_all()
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._pool is not None:
                self._pool.terminate()
                self._pool.join()
        finally:
            self._collector.close()

    def preload_in_background(self) -> threading.Thread | None:
        """Load the language model in a thread of this process while this pool's workers
        (already forked, so they do not get it) run the template pre-pass, which needs
        no model: the main pass's workers then fork with it loaded, and the load is no
        longer a serial step of about 0.8 s between the passes. The caller joins the
        thread before any further fork (a fork while a thread runs can copy held locks)."""
        if self._pool is None:
            return None
        thread = threading.Thread(target=_preload, name="validator-preload", daemon=True)
        thread.start()
        return thread

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


def _batch_task(batch: list[tuple[int, object]], options: ReadOptions) -> tuple[ShardSummary, bytes]:
    with collector.paused():
        return run_batch(_materialised(batch, options), _settings)


def _materialised(batch: list[tuple[int, object]], options: ReadOptions) -> list[tuple[int, object]]:
    """``(index, item)`` pairs with each item read into its ``RawDocument``."""
    return list(zip([index for index, _ in batch], materialise_all([item for _, item in batch], options)))


def iter_final_results(inputs: list[str], settings: Settings, options: ReadOptions, *, jobs: int = 1,
                       progress: Progress | None = None) -> Iterator[DocResult]:
    """Every document's final ``DocResult`` (corpus rules applied), in input order: the
    shards of ``clean`` without a work folder (their entries go to a temporary spill
    file), for ``check`` and the library's ``iter_results``."""
    progress = progress or Progress()
    assembler = Assembler(settings, Report(), threads=jobs)
    raw_docs = iter_documents(list(inputs), options, defer=True, spans=True)
    with tempfile.TemporaryFile() as spill:
        offset = 0
        tasks = ((_batch_task, (batch, options), None) for batch in batched(enumerate(raw_docs), SHARD_SIZE))
        with Pool(jobs, settings) as pool:
            for _, (summary, data) in pool.ordered(tasks):
                spill.write(data)
                spill.flush()
                assembler.add(summary, SpilledShard(spill.fileno(), offset, len(data)))
                offset += len(data)
                progress.advance(summary.count, summary.nbytes)
        _release_model_if_large(assembler)
        yield from assembler.results()


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


def clean_corpus(inputs: list[str], out: Path, rejected: Path, *, report: Report, settings: Settings,
                 options: ReadOptions, report_dir: Path | None = None, on_result=None, on_unreadable=None,
                 jobs: int = 1, resume: bool = False, shard_size: int | None = None,
                 progress: Progress | None = None) -> Report:
    """The ``clean`` job. Input documents are cut into shards in input order; each
    shard is one task for a worker (``_shard_task``), which writes the shard's entries
    to a work folder beside ``out`` and sends back its summary; this process merges the
    summaries in order and writes the outputs (``validator.run.assemble``). With
    ``resume``, finished shards found in the work folder (left by an interrupted run
    with the same arguments) are reused; the folder is removed once the outputs are
    complete."""
    progress = progress or Progress()
    raw_docs = iter_documents(list(inputs), options, defer=True, spans=True)
    shard_size = shard_size or SHARD_SIZE
    work = shards.WorkDir.open(out, settings_payload(settings, shard_size), resume=resume)
    if resume:
        for target in (out, rejected):  # temporary files a killed run left behind
            shards.remove_stale_temporaries(target)
    reused = 0
    tasks = ((_shard_task, (str(work.path), number, batch, options), None)
             for number, batch in enumerate(batched(enumerate(raw_docs), shard_size)))
    assembler = Assembler(settings, report, threads=jobs)
    with Pool(jobs, settings) as pool:
        for _, summary in pool.ordered(tasks):
            assembler.add(summary, FileShard(Path(summary.path)))
            reused += summary.reused
            progress.advance(summary.count, summary.nbytes)
    if reused:
        progress.note(f"resumed: reused {reused} finished shard(s) from {work.path}")
    _release_model_if_large(assembler)
    assembler.write(out, rejected, report_dir=report_dir, on_result=on_result, on_unreadable=on_unreadable)
    work.remove()
    return report
