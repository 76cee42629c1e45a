"""The worker's half of a sharded run: everything about a shard of documents that does
not need the other shards.

A worker processes its shard's documents (``engine.process_documents``), lets fresh
corpus-rule states observe them (shingles, MinHash signatures, paragraph hashes: the
per-document part of duplicate detection), counts them into a shard report, and renders
every output line. The main process then only merges the compact states and reports
(``validator.run.assemble``) and copies lines: its work per document is a few bytes of
bookkeeping, so it does not hold back the workers (issue: ``--jobs 2`` must be nearly
twice as fast as ``--jobs 1``).

Shard encoding: zstandard-compressed UTF-8, three lines per document:

1. a kind letter and the output record as JSON: ``c`` cleaned record, ``r`` rejected
   record, ``u`` unreadable record;
2. the document's ``DocResult`` without its record (index, ids, status, findings);
3. the decoded text: ``=`` and its UTF-8 bytes (lone surrogates kept, as
   ``surrogatepass`` writes them) with ``\\`` and line feeds escaped as ``\\\\``
   and ``\\n``; ``-`` when unreadable. (A JSON string cost three times as much to
   write: every non-ASCII character became a ``\\u`` escape.)

Lines 2 and 3 are read only for the few documents the corpus rules change (a duplicate
becomes rejected) and for unreadable ones (the CLI names them).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..api import corpus_text, metadata_fields
from ..dedup.table import DocTable, share_store
from ..engine import Settings, process_documents
from ..io.readers import RawDocument
from ..models import CleanedRecord, RejectedRecord
from ..report import DocResult, Report
from ..rule import CorpusView
from ..rules.duplicates import PREPARE_BATCH, prepare

#: Shards are scratch files: the fastest level (about 13% of the text's size).
ZSTD_LEVEL = 1
KINDS = {"kept": "c", "fixed": "c", "rejected": "r", "unreadable": "u"}
_NOT_IN_META = {"cleaned", "rejected"}  # line 2 holds the DocResult without its record


@dataclass
class ShardSummary:
    """What a worker sends back for a shard: small, whatever the shard's size."""

    count: int
    nbytes: int
    report: Report
    states: list = field(default_factory=list)  # one per corpus rule, in settings order
    path: str | None = None  # the shard file it was written to or read from
    reused: bool = False  # read back from a finished shard file (a resumed run)


@dataclass
class Entry:
    """One document of an encoded shard, as the main process reads it back."""

    kind: str  # "c", "r" or "u"
    record: bytes  # the output record's JSON
    meta: bytes  # the DocResult without record, JSON
    text: bytes  # the decoded text, JSON

    def result(self) -> DocResult:
        """The full ``DocResult`` (parsed only when needed)."""
        result = DocResult.model_validate_json(self.meta)
        if self.kind == "c":
            result.cleaned = CleanedRecord.model_validate_json(self.record)
        else:
            result.rejected = RejectedRecord.model_validate_json(self.record)
        return result

    def decoded_text(self) -> str | None:
        return unescape_text(self.text)


def escape_text(text: str | None) -> bytes:
    """Line 3 of an entry (see the module docstring): the text on one line."""
    if text is None:
        return b"-"
    return b"=" + text.encode("utf-8", "surrogatepass").replace(b"\\", b"\\\\").replace(b"\n", b"\\n")


_ESCAPE_RE = re.compile(rb"\\([\\n])")
_UNESCAPED = {b"\\": b"\\", b"n": b"\n"}


def unescape_text(line: bytes) -> str | None:
    """The text ``escape_text`` wrote on ``line``."""
    if line == b"-":
        return None
    if line[:1] != b"=":
        raise ValueError("not a text line of a shard")
    return _ESCAPE_RE.sub(lambda m: _UNESCAPED[m.group(1)], line[1:]).decode("utf-8", "surrogatepass")


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


def encode(results: list[tuple[DocResult, str | None]]) -> bytes:
    """The shard's documents in the shard encoding (see the module docstring)."""
    import zstandard

    # One frame, fed a few hundred documents at a time: one call into zstd per chunk
    # instead of seven small writes per document, and memory bounded by the chunk.
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True).compressobj()
    out = []
    parts: list[bytes] = []
    for k, (result, text) in enumerate(results, start=1):
        record = result.cleaned if result.cleaned is not None else result.rejected
        # ``to_json`` gives ``model_dump_json``'s bytes without the str in between.
        parts += (
            KINDS[result.status].encode("ascii"),
            record.__pydantic_serializer__.to_json(record),
            b"\n",
            result.__pydantic_serializer__.to_json(result, exclude=_NOT_IN_META),
            b"\n",
            escape_text(text),
            b"\n",
        )
        if k % 256 == 0:
            out.append(compressor.compress(b"".join(parts)))
            parts.clear()
    out.append(compressor.compress(b"".join(parts)))
    out.append(compressor.flush())
    return b"".join(out)


def decode(data: bytes | io.BufferedIOBase) -> Iterator[Entry]:
    """The entries of an encoded shard (bytes or a binary file), in order."""
    import zstandard

    raw = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    reader = io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw), buffer_size=1 << 20)
    while True:
        first = reader.readline()
        if not first:
            return
        meta = reader.readline()
        text = reader.readline()
        if not text.endswith(b"\n"):
            raise ValueError("truncated shard")
        yield Entry(chr(first[0]), first[1:-1], meta[:-1], text[:-1])


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


def resummarise(data: bytes | io.BufferedIOBase, settings: Settings, nbytes: int = 0) -> ShardSummary:
    """The summary of an already encoded shard (a shard reused by a resumed run)."""
    results = [(entry.result(), None) for entry in decode(data)]
    return summarise(results, settings, nbytes)
