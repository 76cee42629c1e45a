"""Plain JSONL files read in two halves: the main process finds where each record's line
lies (``scan_jsonl``: block reads and ``bytes.find``), the workers read and parse the
lines (``materialise_all``).

Why: the local runner used to read every line in the main process and send its bytes to
a worker, so the main process handled every byte of the corpus twice (the ``BP109``
pre-pass and the main pass) while the workers kept both cores busy. A span is a few
integers. The documents, their line numbers, the skipped blank lines, the oversized lines
(``IO104``) and the problems of an unreadable or empty file are those of the line reader
(``readers._read_jsonl``): the tests compare the two on awkward files. Compressed JSONL
keeps the line reader (a compressed stream cannot be read from an offset). If a file
changes between the scan and the read, the documents of the changed part are reported
unreadable (``IO101``), never read from the wrong place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from .readers import (
    RawDocument, ReadOptions, _record, line_problem, materialise, no_records, oversized_line, read_error,
)

#: Bytes read at a time while scanning (memory is bounded by it, whatever the line length).
BLOCK = 1 << 22
#: What ``bytes.strip()`` removes: a line of only these is blank and skipped.
_WHITE = frozenset(b" \t\n\r\x0b\x0c")


class PendingSpan(NamedTuple):
    """A JSONL record not read yet: where its line lies in a plain file (a named tuple:
    one is made per record in the main process, several times faster than a dataclass)."""

    path: str
    offset: int
    length: int  # the line's bytes, its "\n" included
    lineno: int
    rel: str
    source: str


def is_plain(path: Path) -> bool:
    """A JSONL file that can be read from an offset (not compressed)."""
    return not path.name.lower().endswith((".gz", ".zst"))


def scan_jsonl(path: Path, rel: str, source: str, options: ReadOptions) -> Iterator[PendingSpan | RawDocument]:
    """The records of a plain JSONL file as spans, in order; the problems the line reader
    reports (an oversized line, a read error, no record at all) as ``RawDocument``s."""
    limit = options.max_line_bytes
    records = lineno = 0
    start = 0  # file offset where the current line starts
    seen = 0  # bytes of the current line found so far
    blank = True  # and they are all white space
    try:
        with path.open("rb") as fh:
            base = 0  # file offset of the block's first byte
            while block := fh.read(BLOCK):
                at = 0
                while at < len(block):
                    nl = block.find(b"\n", at)
                    end = len(block) if nl < 0 else nl + 1
                    if blank and (block[at] not in _WHITE or block[at:end].strip()):
                        blank = False
                    seen += end - at
                    at = end
                    if nl < 0:
                        break
                    lineno += 1
                    item = _line(path, start, seen, seen - 1, lineno, blank, rel, source, limit)
                    if item is not None:
                        records += 1
                        yield item
                    start, seen, blank = base + end, 0, True
                base += len(block)
            if seen:  # a last line without "\n"
                lineno += 1
                item = _line(path, start, seen, seen, lineno, blank, rel, source, limit)
                if item is not None:
                    records += 1
                    yield item
    except OSError as exc:
        records += 1
        yield read_error(rel, source, lineno, exc)
    if records == 0:
        yield no_records(rel, source)


def _line(path: Path, start: int, length: int, content: int, lineno: int, blank: bool, rel: str, source: str,
          limit: int) -> PendingSpan | RawDocument | None:
    if content > limit:
        return oversized_line(rel, source, lineno, limit)
    if blank:
        return None
    return PendingSpan(str(path), start, length, lineno, rel, source)


def materialise_all(items: Iterable[object], options: ReadOptions) -> list[RawDocument]:
    """``readers.materialise`` of each item, spans included: each file a batch's spans
    point into is opened once, and each line is one seek and one read."""
    handles: dict[str, object] = {}
    try:
        return [_read(item, options, handles) if isinstance(item, PendingSpan) else materialise(item, options)
                for item in items]
    finally:
        for fh in handles.values():
            fh.close()


def _read(span: PendingSpan, options: ReadOptions, handles: dict) -> RawDocument:
    try:
        fh = handles.get(span.path)
        if fh is None:
            fh = handles[span.path] = open(span.path, "rb", buffering=0)  # noqa: SIM115 - closed by the caller
        fh.seek(span.offset)
        data = fh.read(span.length)
    except OSError as exc:
        return _unreadable_line(span, f"cannot read line {span.lineno}: {exc.strerror or exc}")
    if len(data) != span.length or (span.length and data[-1:] != b"\n" and not _ends_file(fh, span)):
        return _unreadable_line(span, f"cannot read line {span.lineno}: the file changed while it was read")
    return _record(data, span.lineno, span.rel, span.source, options)


def _ends_file(fh, span: PendingSpan) -> bool:
    """The span is the file's last line (the only one that may lack a "\n")."""
    return os.fstat(fh.fileno()).st_size == span.offset + span.length


def _unreadable_line(span: PendingSpan, reason: str) -> RawDocument:
    return line_problem(span.rel, span.source, span.lineno, "IO101", reason)
