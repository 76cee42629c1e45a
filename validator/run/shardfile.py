"""The shard encoding: one shard's per-document results as a worker writes them and the
main process reads them back.

Why this layout: at the end of a run the main process writes every output record
while the cores the workers used are idle, so that step is serial and sets how far
``--jobs N`` can speed a run up. The output record lines are therefore kept together,
already rendered, in one zstandard frame, with an index of their kinds and lengths:
the main process decompresses the frame (outside the GIL, in a thread, while it writes
the previous shard) and copies runs of unchanged lines to the outputs as slices,
without looking at each document. The rest of a document's result (its ``DocResult``
without the record, and its decoded text) sits in a second frame that is decompressed
only when some document of the shard needs it: one that a corpus rule changed (a
duplicate becomes rejected), an unreadable one the caller wants named, or every one
when the caller wants every result (``check``).

Layout (little-endian)::

    MAGIC                   8 bytes
    n, index_size, records_size, rest_size     u32, u64, u64, u64
    index frame             kinds (n bytes: c cleaned, r rejected, u unreadable),
                            then record, meta and text lengths (3 x n u32; a text
                            length of 0xFFFFFFFF: no text)
    records frame           each record's JSON and a line feed
    rest frame              each document's meta JSON and its text (UTF-8, lone
                            surrogates kept as ``surrogatepass`` writes them)

Every frame carries zstandard's checksum, and the sizes are checked against each
other, so a damaged or truncated file is an error (``ValueError`` or
``zstandard.ZstdError``), never wrong output.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..models import CleanedRecord, RejectedRecord
from ..report import DocResult

MAGIC = b"VSHARD4\n"
_HEAD = struct.Struct("<IQQQ")
NO_TEXT = 0xFFFFFFFF
#: Shards are scratch files: the fastest level (about 13% of the text's size).
ZSTD_LEVEL = 1
KINDS = {"kept": "c", "fixed": "c", "rejected": "r", "unreadable": "u"}
_NOT_IN_META = {"cleaned", "rejected"}  # the meta JSON is the DocResult without its record


@dataclass
class Entry:
    """One document of an encoded shard, as the main process reads it back."""

    kind: str  # "c", "r" or "u"
    record: bytes  # the output record's JSON
    meta: bytes  # the DocResult without record, JSON
    text: bytes | None  # the decoded text, UTF-8 (surrogatepass); None when unreadable

    def result(self) -> DocResult:
        """The full ``DocResult`` (parsed only when needed)."""
        result = DocResult.model_validate_json(self.meta)
        if self.kind == "c":
            result.cleaned = CleanedRecord.model_validate_json(self.record)
        else:
            result.rejected = RejectedRecord.model_validate_json(self.record)
        return result

    def decoded_text(self) -> str | None:
        return None if self.text is None else self.text.decode("utf-8", "surrogatepass")


def encode(results: list[tuple[DocResult, str | None]]) -> bytes:
    """A shard's ``(result, decoded text)`` pairs in the shard encoding."""
    import zstandard

    n = len(results)
    kinds = bytearray(n)
    lengths = np.empty((3, n), dtype=np.uint32)
    records: list[bytes] = []
    rest: list[bytes] = []
    for i, (result, text) in enumerate(results):
        record = result.cleaned if result.cleaned is not None else result.rejected
        # ``to_json`` gives ``model_dump_json``'s bytes without the str in between.
        line = record.__pydantic_serializer__.to_json(record)
        meta = result.__pydantic_serializer__.to_json(result, exclude=_NOT_IN_META)
        records += (line, b"\n")
        rest.append(meta)
        kinds[i] = ord(KINDS[result.status])
        lengths[0, i] = len(line) + 1
        lengths[1, i] = len(meta)
        if text is None:
            lengths[2, i] = NO_TEXT
        else:
            data = text.encode("utf-8", "surrogatepass")
            rest.append(data)
            lengths[2, i] = len(data)
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_checksum=True)
    frames = [compressor.compress(bytes(kinds) + lengths.tobytes()),
              compressor.compress(b"".join(records)),
              compressor.compress(b"".join(rest))]
    return b"".join([MAGIC, _HEAD.pack(n, *map(len, frames)), *frames])


class ShardFile:
    """An encoded shard, read back: the index at once, each frame when first needed."""

    def __init__(self, data: bytes) -> None:
        if data[: len(MAGIC)] != MAGIC:
            raise ValueError("not a shard file of this format")
        start = len(MAGIC) + _HEAD.size
        if len(data) < start:
            raise ValueError("truncated shard")
        n, *sizes = _HEAD.unpack_from(data, len(MAGIC))
        if start + sum(sizes) != len(data):
            raise ValueError("truncated shard")
        self.n = n
        self._frames = []
        for size in sizes:
            self._frames.append(memoryview(data)[start : start + size])
            start += size
        index = _decompress(self._frames[0], 13 * n)
        self.kinds = bytes(index[:n])
        lengths = np.frombuffer(index, dtype=np.uint32, offset=n).reshape(3, n).astype(np.int64)
        self.record_ends = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths[0], out=self.record_ends[1:])
        has_text = lengths[2] != NO_TEXT
        rest = lengths[1] + np.where(has_text, lengths[2], 0)
        self._rest_ends = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(rest, out=self._rest_ends[1:])
        self._meta_lengths = lengths[1]
        self._has_text = has_text
        self._records: bytes | None = None
        self._rest: bytes | None = None

    def records(self) -> bytes:
        """Every record line (JSON and a line feed), in order; ``record_ends`` cuts it."""
        if self._records is None:
            self._records = _decompress(self._frames[1], int(self.record_ends[-1]))
        return self._records

    def rest(self) -> bytes:
        """Every document's meta JSON and text, in order (read by ``entry``)."""
        if self._rest is None:
            self._rest = _decompress(self._frames[2], int(self._rest_ends[-1]))
        return self._rest

    def entry(self, i: int) -> Entry:
        rest = self.rest()
        records = self.records()
        record = records[self.record_ends[i] : self.record_ends[i + 1] - 1]
        start, meta_end = int(self._rest_ends[i]), int(self._rest_ends[i] + self._meta_lengths[i])
        text = rest[meta_end : self._rest_ends[i + 1]] if self._has_text[i] else None
        return Entry(chr(self.kinds[i]), record, rest[start:meta_end], text)

    def entries(self) -> Iterator[Entry]:
        for i in range(self.n):
            yield self.entry(i)


def _decompress(frame: memoryview, size: int) -> bytes:
    import zstandard

    data = zstandard.ZstdDecompressor().decompress(frame, max_output_size=size)
    if len(data) != size:
        raise ValueError("shard frame of the wrong size")
    return data


def decode(data: bytes) -> Iterator[Entry]:
    """The entries of an encoded shard, in order."""
    yield from ShardFile(data).entries()
