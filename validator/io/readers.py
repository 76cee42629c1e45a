"""Inputs to ``RawDocument``s: text files, folders of them, JSONL (plain, gzip or
zstandard) and Parquet files with a text column (with the ``parquet`` extra).

Readers never raise on bad input. A file that cannot be read becomes a ``RawDocument``
carrying an IO problem, so every input is accounted for downstream. Reads are bounded:
files above ``max_file_bytes`` are refused and JSONL lines above ``max_line_bytes`` are
skipped, so a hostile input cannot exhaust memory. Order is deterministic: inputs in the
order given, files inside a folder sorted by relative path.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst")
PARQUET_SUFFIXES = (".parquet",)
PARQUET_BATCH_ROWS = 1024  # rows decoded at a time: bounds memory on large files


@dataclass
class InputProblem:
    code: str
    message: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawDocument:
    """One input document before decoding and parsing."""

    doc_id: str
    source: str
    record: int | None = None
    data: bytes | None = None
    text: str | None = None
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    problem: InputProblem | None = None
    line_issues: list[InputProblem] = field(default_factory=list)


    @property
    def size(self) -> int:
        """Input bytes (for progress and throughput)."""
        if self.data is not None:
            return len(self.data)
        return len(self.text.encode("utf-8", "surrogatepass")) if self.text else 0


@dataclass(frozen=True)
class PendingRecord:
    """A JSONL line not parsed yet: the runners read lines in the main process and let
    the workers parse them (``materialise``), so JSON decoding runs on every core."""

    line: bytes
    lineno: int
    rel: str
    source: str


def materialise(item: "RawDocument | PendingRecord", options: "ReadOptions") -> RawDocument:
    """The ``RawDocument`` of an item that ``iter_documents(..., defer=True)`` gave."""
    if isinstance(item, PendingRecord):
        return _record(item.line, item.lineno, item.rel, item.source, options)
    return item


@dataclass(frozen=True)
class ReadOptions:
    glob: str = "*.txt"
    text_field: str = "text"
    id_field: str = "id"
    title_field: str = "title"
    max_file_bytes: int = 256 * 1024 * 1024
    max_line_bytes: int = 64 * 1024 * 1024


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(PARQUET_SUFFIXES)


@dataclass(frozen=True)
class InputFile:
    """One file to read: its path, its id inside its input root, and its source name."""

    path: Path
    rel: str
    source: str


def iter_documents(inputs: list[str], options: ReadOptions, *, defer: bool = False,
                   spans: bool = False) -> Iterator[RawDocument]:
    """Every document of every input, in a deterministic order. With ``defer``, JSONL
    records come as ``PendingRecord`` lines for ``materialise`` to parse later; with
    ``spans`` too, the records of plain JSONL files come as ``spans.PendingSpan``s (where
    the line lies: ``spans.materialise_all`` reads it)."""
    for item in iter_input_files(inputs, options):
        if isinstance(item, RawDocument):
            yield item
        else:
            yield from read_file(item, options, defer=defer, spans=spans)


def iter_input_files(inputs: list[str], options: ReadOptions) -> Iterator[InputFile | RawDocument]:
    """The files the inputs name, in reading order (folders sorted by relative path), or
    an unreadable ``RawDocument`` for an input that cannot be listed. Runners that read
    files in parallel (Ray) split the work here; ``read_file`` reads one."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            try:
                files = sorted(
                    (p for p in path.rglob(options.glob) if p.is_file()),
                    key=lambda p: p.relative_to(path).as_posix(),
                )
            except OSError as exc:
                yield _unreadable(given, given, f"cannot list folder: {exc.strerror or exc}")
                continue
            for file in files:
                rel = file.relative_to(path).as_posix()
                yield InputFile(file, rel, _source(given, rel))
        elif path.exists():
            yield InputFile(path, path.name, Path(given).as_posix())
        else:
            yield _unreadable(given, Path(given).as_posix(), "no such file or folder")


def _source(root: str, rel: str) -> str:
    return (Path(root) / rel).as_posix()


def _unreadable(doc_id: str, source: str, reason: str, code: str = "IO101", **values) -> RawDocument:
    return RawDocument(doc_id=doc_id, source=source, problem=InputProblem(code, reason, values))


def read_file(item: InputFile, options: ReadOptions, *, defer: bool = False,
              spans: bool = False) -> Iterator[RawDocument]:
    """The documents of one file (one for a text file, one per record otherwise)."""
    path, rel, source = item.path, item.rel, item.source
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield _unreadable(rel, source, f"cannot read: {exc.strerror or exc}")
        return
    if size > options.max_file_bytes:
        yield _unreadable(
            rel, source, f"file is {size} bytes, over the limit of {options.max_file_bytes} (max-file-bytes)",
            size=size,
        )
        return
    if is_jsonl(path):
        from .spans import is_plain, scan_jsonl

        if defer and spans and is_plain(path):
            yield from scan_jsonl(path, rel, source, options)
        else:
            yield from _read_jsonl(path, rel, source, options, defer)
        return
    if is_parquet(path):
        yield from _read_parquet(path, rel, source, options)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(rel, source, f"cannot read: {exc.strerror or exc}")
        return
    yield RawDocument(doc_id=rel, source=source, data=data)


def _open_binary(path: Path):
    """A buffered binary reader over a plain, gzip or zstandard file (streaming: the
    decompressor holds a window, never the whole file)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".zst"):
        return io.BufferedReader(_ZstdReader(path.open("rb")), buffer_size=1 << 20)
    return path.open("rb")


class _ZstdReader(io.RawIOBase):
    """Zstandard frames, one after another, decompressed as read. Compressed input is
    fed in small pieces, so one read can never expand into more than a few tens of MB
    (a zstd block can grow 128 KB from a handful of bytes), and a stream that ends
    inside a frame raises ``OSError`` (a truncated download is reported, not taken for
    a short file)."""

    FEED = 2048

    def __init__(self, fh) -> None:
        import zstandard

        self._fh = fh
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._in_frame = False
        self._pending = b""
        self._out = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._out:
            chunk = self._pending or self._fh.read(self.FEED)
            self._pending = b""
            if not chunk:
                if self._in_frame:
                    raise OSError("zstandard stream ends inside a frame (truncated file)")
                return 0
            self._in_frame = True
            self._out = self._obj.decompress(chunk)
            if self._obj.eof:  # frame done; what follows starts the next frame
                self._pending = self._obj.unused_data
                self._obj = self._dctx.decompressobj()
                self._in_frame = False
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def close(self) -> None:
        self._fh.close()
        super().close()


def _read_jsonl(path: Path, rel: str, source: str, options: ReadOptions, defer: bool = False) -> Iterator[RawDocument]:
    records = 0
    lineno = 0
    try:
        import zstandard

        zstd_error: tuple[type[BaseException], ...] = (zstandard.ZstdError,)
    except ImportError:  # pragma: no cover - zstandard is a dependency
        zstd_error = ()
    try:
        with _open_binary(path) as fh:
            while True:
                line = fh.readline(options.max_line_bytes + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > options.max_line_bytes and not line.endswith(b"\n"):
                    while True:  # skip the rest of the oversized line, boundedly
                        chunk = fh.readline(1024 * 1024)
                        if not chunk or chunk.endswith(b"\n"):
                            break
                    records += 1
                    yield oversized_line(rel, source, lineno, options.max_line_bytes)
                    continue
                if not line.strip():
                    continue
                records += 1
                yield PendingRecord(line, lineno, rel, source) if defer else _record(line, lineno, rel, source, options)
    except (OSError, EOFError, zlib.error, *zstd_error) as exc:
        records += 1
        yield read_error(rel, source, lineno, exc)
    if records == 0:
        yield no_records(rel, source)


# The problems of a JSONL file, shared with the span reader (``spans.scan_jsonl``), which
# must report them exactly as the line reader does.

def line_problem(rel: str, source: str, lineno: int, code: str, message: str) -> RawDocument:
    """A JSONL line that gives no document: it stands in the outputs as ``rel:lineno``."""
    return RawDocument(doc_id=f"{rel}:{lineno}", source=source, record=lineno, problem=InputProblem(code, message))


def oversized_line(rel: str, source: str, lineno: int, limit: int) -> RawDocument:
    return line_problem(rel, source, lineno, "IO104", f"line {lineno} is longer than {limit} bytes (max-line-bytes); skipped")


def read_error(rel: str, source: str, lineno: int, exc: BaseException) -> RawDocument:
    """The file cannot be read past line ``lineno``."""
    return line_problem(rel, source, lineno + 1, "IO101", f"cannot read past line {lineno}: {getattr(exc, 'strerror', None) or exc}")


def no_records(rel: str, source: str) -> RawDocument:
    return RawDocument(doc_id=rel, source=source, problem=InputProblem("IO102", "file holds no JSON records"))


def _record(line: bytes, lineno: int, rel: str, source: str, options: ReadOptions) -> RawDocument:
    issues = []
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        decoded = line.decode("utf-8", errors="replace")
        issues.append(InputProblem("EN101", f"line {lineno} is not valid UTF-8 at byte {exc.start}; bytes replaced by U+FFFD"))
    try:
        obj = json.loads(decoded)
        if "\\ud" in decoded or "\\uD" in decoded:  # may escape a lone surrogate
            obj, replaced = _replace_surrogates(obj)
            if replaced:
                issues.append(InputProblem(
                    "EN101", f"line {lineno} escapes {replaced} lone surrogate(s) (\\ud800 to \\udfff without a pair), "
                    "which no UTF-8 text can hold; replaced by U+FFFD",
                    {"surrogates": replaced},
                ))
    except json.JSONDecodeError as exc:
        return line_problem(rel, source, lineno, "IO104", f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return line_problem(rel, source, lineno, "IO104", "invalid JSON: nested too deeply")
    if not isinstance(obj, dict):
        return line_problem(rel, source, lineno, "IO104", f"expected a JSON object, got {type(obj).__name__}")
    return _from_object(obj, lineno, rel, source, options, issues)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` (parsed JSON) with every lone surrogate in its strings (keys included)
    replaced by U+FFFD, and how many there were. ``json.loads`` accepts ``"\\ud800"``
    and joins escaped pairs into one character, so a surrogate left in a string has no
    pair: no UTF-8 encoder (hashing, writing the outputs) takes it."""
    if isinstance(value, str):
        return _SURROGATE_RE.subn("\ufffd", value)
    if isinstance(value, list):
        fixed = [_replace_surrogates(item) for item in value]
        return [item for item, _ in fixed], sum(n for _, n in fixed)
    if isinstance(value, dict):
        fixed = [(_replace_surrogates(key), _replace_surrogates(item)) for key, item in value.items()]
        return {key: item for (key, _), (item, _) in fixed}, sum(n + m for (_, n), (_, m) in fixed)
    return value, 0


def _from_object(obj: dict, lineno: int, rel: str, source: str, options: ReadOptions, issues: list) -> RawDocument:
    fallback_id = f"{rel}:{lineno}"
    raw_id = obj.get(options.id_field)
    doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id) else fallback_id
    text = obj.get(options.text_field)
    title = obj.get(options.title_field)
    metadata = {k: v for k, v in obj.items() if k not in (options.text_field, options.title_field, options.id_field)}
    if not isinstance(text, str):
        what = "has no" if text is None else f"has a non-string ({type(text).__name__})"
        return RawDocument(
            doc_id=doc_id, source=source, record=lineno, metadata=metadata,
            problem=InputProblem("IO105", f"record {what} {options.text_field!r} field"),
        )
    return RawDocument(
        doc_id=doc_id, source=source, record=lineno, text=text,
        title=title if isinstance(title, str) else None,
        metadata=metadata, line_issues=issues,
    )


def _read_parquet(path: Path, rel: str, source: str, options: ReadOptions) -> Iterator[RawDocument]:
    """Rows of a Parquet file, ``PARQUET_BATCH_ROWS`` at a time; ``record`` is the 1-based
    row number. Needs pyarrow (``pip install 'validator[parquet]'``)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield _unreadable(
            rel, source, "reading Parquet needs pyarrow: pip install 'validator[parquet]'", code="IO101"
        )
        return
    row = 0
    try:
        handle = pq.ParquetFile(path)
        if options.text_field not in handle.schema_arrow.names:
            yield _unreadable(rel, source, f"Parquet file has no {options.text_field!r} column", code="IO105")
            return
        for batch in handle.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for obj in batch.to_pylist():
                row += 1
                yield _from_object({k: _jsonable(v) for k, v in obj.items()}, row, rel, source, options, [])
    except Exception as exc:  # pyarrow raises many types for corrupt files
        yield RawDocument(
            doc_id=f"{rel}:{row + 1}", source=source, record=row + 1,
            problem=InputProblem("IO101", f"cannot read Parquet past row {row}: {exc}"),
        )
        return
    if row == 0:
        yield RawDocument(doc_id=rel, source=source, problem=InputProblem("IO102", "file holds no rows"))


def _jsonable(value: Any) -> Any:
    """Parquet values as JSON values (dates, decimals and bytes become strings), so the
    metadata of a record can be written to JSONL unchanged in meaning."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
