"""Atomic output files: written to a temporary file in the same folder, then renamed,
so a crash never leaves a half-written output that looks complete.

Record outputs (cleaned and rejected) are JSONL, optionally compressed by name
(``.jsonl.gz``, ``.jsonl.zst``), or Parquet (``.parquet``, with the ``parquet`` extra).
Compression is deterministic (no timestamps, fixed levels), so the same records give
byte-identical files.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

ZSTD_LEVEL = 3
PARQUET_ROW_GROUP = 10_000


def _current_umask() -> int:
    """The process's umask (read by setting it and putting it back, once, at import)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Open ``path`` for writing; the file appears only when the block succeeds.
    A ``.gz`` name is written gzip-compressed (with a fixed mtime, for byte-identical
    runs), a ``.zst`` name zstandard-compressed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); an output gets the permissions any new
        # file would (0644 under the usual umask), so others can read the corpus.
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb", buffering=1 << 20) as raw:  # one write call per MB, not per 8 KB
            if target.name.endswith(".gz"):
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                    yield gz if binary else _TextOver(gz)
            elif target.name.endswith(".zst"):
                import zstandard

                cctx = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True)
                with cctx.stream_writer(raw, closefd=False) as zst:
                    yield zst if binary else _TextOver(zst)
            elif binary:
                yield raw
            else:
                yield _TextOver(raw)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class _TextOver:
    """A minimal UTF-8 text facade over a binary stream (newlines written as-is)."""

    def __init__(self, raw) -> None:
        self._raw = raw

    def write(self, s: str) -> int:
        self._raw.write(s.encode("utf-8"))
        return len(s)

    def write_bytes(self, data: bytes) -> int:
        return self._raw.write(data)


def is_parquet_path(path: str | Path) -> bool:
    return str(path).lower().endswith(".parquet")


# Parquet columns: scalars and lists of strings as such; nested objects (dateline,
# encoding, metadata, removed spans, reasons) as JSON text, so the schema never depends
# on what the input's metadata happens to hold.
_CLEANED_COLUMNS = (
    ("id", "str"), ("source", "str"), ("title", "str"), ("published_at", "str"), ("timestamp", "str"),
    ("dateline", "json"), ("byline", "list"), ("paragraphs", "list"), ("related_links", "list"),
    ("footer", "list"), ("language", "str"), ("encoding", "json"), ("metadata", "json"), ("text", "str"),
    ("removed", "json"), ("findings", "list"),
)
_REJECTED_COLUMNS = (
    ("id", "str"), ("source", "str"), ("record", "int"), ("status", "str"), ("reasons", "json"),
    ("title", "str"), ("text", "str"),
)


class _Background:
    """Writes chunks to a file object in a thread of its own, so that the bytes are
    copied to the file (and compressed, for ``.gz`` and ``.zst``: zlib and zstd run
    outside the GIL) while the caller prepares the next chunk. A few chunks are queued
    at most (bounded memory); an error in the thread (a full disk) is raised in the
    caller at its next ``put`` or at ``close``."""

    QUEUED = 4  # chunks waiting at most

    def __init__(self, write) -> None:
        import queue
        import threading

        self._write = write
        self._queue: queue.Queue = queue.Queue(self.QUEUED)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="validator-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None:  # after an error, only drain (the caller raises it)
                try:
                    self._write(chunk)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    self._error = exc

    def put(self, chunk: bytes) -> None:
        self._raise()
        self._queue.put(chunk)

    def close(self) -> None:
        """Wait for every queued chunk to be written; raise the thread's error, if any."""
        self._queue.put(None)
        self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error


class RecordWriter:
    """Writes pydantic records (cleaned or rejected) to JSONL or Parquet, atomically.

    JSONL lines are gathered into chunks of about ``CHUNK`` bytes, and with
    ``background`` a thread writes each chunk while the next one is gathered."""

    CHUNK = 1 << 20

    def __init__(self, fh, parquet_columns=None, *, background: bool = False) -> None:
        self._fh = fh
        self._columns = parquet_columns
        self._rows: list[dict[str, Any]] = []
        self._pq = None
        self._parts: list[bytes] = []  # lines, each followed by its line feed
        self._size = 0
        self._sink = _Background(fh.write_bytes) if background and parquet_columns is None else None

    def write(self, record, line: str | None = None) -> None:
        """Write one record; ``line`` is its JSON when already rendered."""
        if self._columns is None:
            self._line((line if line is not None else record.model_dump_json()).encode("utf-8"))
            return
        self._rows.append(record.model_dump(mode="json"))
        if len(self._rows) >= PARQUET_ROW_GROUP:
            self._flush()

    def write_json(self, line: bytes) -> None:
        """Write one record already rendered as JSON (UTF-8 bytes, no newline)."""
        if self._columns is None:
            self._line(line)
            return
        import json

        self._rows.append(json.loads(line))
        if len(self._rows) >= PARQUET_ROW_GROUP:
            self._flush()

    def write_lines(self, block: bytes | memoryview) -> None:
        """Write records already rendered as JSON lines (UTF-8, each line ending in a
        line feed): a run of a shard's record frame, written as it is."""
        if self._columns is not None:
            for line in bytes(block).split(b"\n")[:-1]:  # (every line ends in a line feed)
                self.write_json(line)
            return
        if len(block) < self.CHUNK:
            self._parts.append(block)
            self._size += len(block)
            if self._size >= self.CHUNK:
                self._hand_off()
            return
        self._hand_off()
        self._put(block)

    def _line(self, line: bytes) -> None:
        self._parts += (line, b"\n")
        self._size += len(line) + 1
        if self._size >= self.CHUNK:
            self._hand_off()

    def _hand_off(self) -> None:
        if not self._parts:
            return
        chunk = b"".join(self._parts)
        self._parts, self._size = [], 0
        self._put(chunk)

    def _put(self, chunk: bytes | memoryview) -> None:
        if self._sink is not None:
            self._sink.put(chunk)
        else:
            self._fh.write_bytes(chunk)

    def _flush(self) -> None:
        import json

        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "json": pa.string(), "list": pa.list_(pa.string()), "int": pa.int64()}
        schema = pa.schema([(name, types[kind]) for name, kind in self._columns])
        if self._pq is None:
            self._pq = pq.ParquetWriter(self._fh, schema, compression="zstd")
        data = {}
        for name, kind in self._columns:
            values = [row.get(name) for row in self._rows]
            if kind == "json":
                values = [None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True) for v in values]
            data[name] = values
        self._pq.write_table(pa.table(data, schema=schema))
        self._rows = []

    def close(self) -> None:
        """Write what is left (and wait for the writing thread)."""
        if self._columns is None:
            self._hand_off()
            self._stop_sink()
            return
        if self._rows or self._pq is None:
            self._flush()
        self._pq.close()

    def abort(self) -> None:
        """Stop the writing thread without writing the rest (the output is dropped)."""
        try:
            self._stop_sink()
        except BaseException:  # noqa: BLE001 - the error that aborted the output wins
            pass

    def _stop_sink(self) -> None:
        """Wait for the writing thread, once (raising its error, if any)."""
        if self._sink is not None:
            sink, self._sink = self._sink, None
            sink.close()


@contextmanager
def record_writer(path: str | Path, kind: str = "cleaned", *, background: bool = False) -> Iterator[RecordWriter]:
    """A ``RecordWriter`` for ``path``: Parquet for ``.parquet`` (``kind`` picks the
    cleaned or rejected columns), JSONL (optionally ``.gz`` / ``.zst``) otherwise; with
    ``background``, a JSONL file is written (and compressed) in a thread of its own."""
    if is_parquet_path(path):
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise OSError("writing Parquet needs pyarrow: pip install 'validator[parquet]'") from None
        columns = _CLEANED_COLUMNS if kind == "cleaned" else _REJECTED_COLUMNS
        with atomic_writer(path, binary=True) as fh:
            writer = RecordWriter(fh, columns)
            yield writer
            writer.close()
    else:
        with atomic_writer(path) as fh:
            writer = RecordWriter(fh, background=background)
            try:
                yield writer
            except BaseException:
                writer.abort()
                raise
            writer.close()
