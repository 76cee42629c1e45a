"""The worker's half of a sharded run: everything about a shard of documents that does
not need the other shards.

A worker processes its shard's documents (``engine.process_documents``), lets fresh
corpus-rule states observe them (shingles, MinHash signatures, paragraph hashes: the
per-document part of duplicate detection), counts them into a shard report, and renders
every output line. The main process then only merges the compact states and reports
(``validator.run.assemble``) and copies lines: its work per document is a few bytes of
bookkeeping, so it does not hold back the workers (issue: ``--jobs 2`` must be nearly
twice as fast as ``--jobs 1``).

The shard encoding is ``validator.run.shardfile``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..api import corpus_text, metadata_fields
from ..dedup.table import DocTable, share_store
from ..engine import Settings, process_documents
from ..io.readers import RawDocument
from ..report import DocResult, Report
from ..rule import CorpusView
from ..rules.duplicates import PREPARE_BATCH, prepare
from .shardfile import decode, encode


@dataclass
class ShardSummary:
    """What a worker sends back for a shard: small, whatever the shard's size."""

    count: int
    nbytes: int
    report: Report
    states: list = field(default_factory=list)  # one per corpus rule, in settings order
    path: str | None = None  # the shard file it was written to or read from
    reused: bool = False  # read back from a finished shard file (a resumed run)


def fresh_states(settings: Settings) -> list:
    """A new state for every selected corpus rule, in settings order. The duplicate rules
    that keep shingle sets share one store (each document's set is stored once)."""
    states = [a.rule.check(a.options) for a in settings.by_scope("corpus")]
    share_store(table for table in (getattr(state, "table", None) for state in states) if isinstance(table, DocTable))
    return states


def corpus_view(result: DocResult) -> CorpusView | None:
    """What the corpus rules see of a document; None when it has no cleaned record."""
    cleaned = result.cleaned
    if cleaned is None:
        return None
    return CorpusView(result.doc_id, cleaned.title or "", corpus_text(cleaned), fields=metadata_fields(cleaned))


def observe_view(states: list, position: int, view: CorpusView) -> None:
    """Let every corpus state observe one document (its view) at ``position`` within the shard."""
    for state in states:
        if state.observe(position, view):
            raise RuntimeError(f"{type(state).__name__}.observe returned hits: corpus rules decide in finish()")


def summarise(results: list[tuple[DocResult, str | None]], settings: Settings, nbytes: int) -> ShardSummary:
    """Count and observe a shard's results (positions count from 0). The corpus rules'
    shingle sets are computed for ``PREPARE_BATCH`` documents at a time (``prepare``)."""
    report = Report()
    states = fresh_states(settings)
    for first in range(0, len(results), PREPARE_BATCH):
        chunk = results[first : first + PREPARE_BATCH]
        views = [corpus_view(result) for result, _ in chunk] if states else [None] * len(chunk)
        prepare(states, [view for view in views if view is not None])
        for position, (result, _text), view in zip(range(first, first + len(chunk)), chunk, views):
            report.add(result)
            if view is not None:
                observe_view(states, position, view)
    return ShardSummary(count=len(results), nbytes=nbytes, report=report, states=states)


def run_batch(batch: list[tuple[int, RawDocument]], settings: Settings, nbytes: int | None = None) -> tuple[ShardSummary, bytes]:
    """Process a shard of raw documents: its summary and its encoded entries."""
    if nbytes is None:
        nbytes = sum(raw.size for _, raw in batch)
    results = process_documents(batch, settings)
    return summarise(results, settings, nbytes), encode(results)


def resummarise(data: bytes, settings: Settings, nbytes: int = 0) -> ShardSummary:
    """The summary of an already encoded shard (a shard reused by a resumed run)."""
    results = [(entry.result(), None) for entry in decode(data)]
    return summarise(results, settings, nbytes)
