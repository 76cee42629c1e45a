"""Template lines per source: lines that repeat, after masking digits and dates, in many
documents of one source (a site's "Come see us again.", "Copyright 2008 Example News",
"Posted in Sport on 12 May").

This needs the whole corpus before any document can be judged, so it is a pre-pass:
every document is read once (decoding only, no rules) and the keys of its masked lines
are collected (``TemplateCounts``, numpy columns; workers count their own shards and the
counts merge); then, per source, the lines found in enough of its documents become the
``TemplateIndex`` that the article rule ``BP109`` looks each line up in.

A document's source is the host of its ``url`` metadata field (``www.`` dropped), else its
``source`` / ``site`` / ``domain`` field, else the folder it was read from (the JSONL file
for records).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import numpy as np

#: Lines longer than this are prose, never counted (and memory stays bounded).
MAX_TEMPLATE_LINE = 300
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?"
    r"|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)
#: The look-ahead on the first letters (a superset: every alternative's first letter) lets
#: most word starts fail at once instead of trying every name: the same matches, faster.
_DATE_FIRST_LETTERS = "".join(sorted({alt[0] for alt in _MONTHS.split("|")}))
_DATE_WORD_RE = re.compile(r"\b(?=[" + _DATE_FIRST_LETTERS + r"])(?:" + _MONTHS + r")\b\.?")
_DIGITS_RE = re.compile(r"\d+")


def mask(line: str) -> str:
    """The line with case, digits, month and weekday names and spacing folded, so that
    ``Posted 12 May 2008 | 10:31`` and ``Posted 3 June 2009 | 09:02`` are one template."""
    text = unicodedata.normalize("NFKC", line).lower().strip()
    if text.isascii():
        # Most lines hold neither a date word nor a digit: find that from their words (a
        # set intersection with the date words) and skip the two substitutions, which
        # scan the whole line.
        if not _DATE_WORDS.isdisjoint(text.encode("ascii").translate(_ASCII_WORD_BYTES).split()):
            text = _DATE_WORD_RE.sub("<d>", text)
        if any(map(text.__contains__, "0123456789")):  # ten memchr scans beat one \d search
            text = _DIGITS_RE.sub("0", text)
    else:
        text = _DATE_WORD_RE.sub("<d>", text)
        text = _DIGITS_RE.sub("0", text)
    # Runs of white space to one space, as a ``\s+`` substitution would on a stripped text
    # (str.split and ``\s`` take the same characters for white space), but without one
    # substitution per space.
    return " ".join(text.split())


#: ASCII bytes of a word (``\w``: letters, digits, ``_``; the text is lower-cased) kept,
#: every other byte a space: the words of an ASCII line are then ``split()``'s pieces,
#: which are exactly the runs ``\b`` delimits.
_ASCII_WORD_BYTES = bytes(b if (48 <= b <= 57 or 97 <= b <= 122 or b == 95) else 32 for b in range(256))

def _expand(pattern: str) -> set[str]:
    """Every string a pattern of literals, alternations and optional groups matches in
    full (``_MONTHS``: a finite set), read with Python's own regex parser."""
    try:
        from re import _constants as c, _parser  # type: ignore[attr-defined]  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c
        import sre_parse as _parser

    def strings(items) -> set[str]:
        out = {""}
        for op, av in items:
            if op is c.LITERAL:
                options = {chr(av)}
            elif op is c.SUBPATTERN:
                options = strings(av[-1])
            elif op is c.BRANCH:
                options = set().union(*(strings(branch) for branch in av[1]))
            elif op is c.MAX_REPEAT and av[0] == 0 and av[1] == 1:
                options = {""} | strings(av[2])
            else:
                raise ValueError(f"unexpected {op} in a date-word pattern")
            out = {a + b for a in out for b in options}
        return out

    return strings(_parser.parse(pattern))


#: The words ``_DATE_WORD_RE`` can match (it matches whole words only), as ASCII bytes.
_DATE_WORDS = frozenset(w.encode("ascii") for w in _expand(_MONTHS))


def _key(masked: str) -> int:
    return int.from_bytes(hashlib.blake2b(masked.encode("utf-8"), digest_size=8).digest(), "little")


#: ASCII bytes lower-cased, every digit a ``0`` and all white space (``\t`` to ``\r`` and
#: the separators ``\x1c`` to ``\x1f``, which ``str.split`` takes for white space) a space.
_ASCII_FOLD = bytes(
    b + 32 if 65 <= b <= 90 else 48 if 48 <= b <= 57 else 32 if 9 <= b <= 13 or 0x1C <= b <= 0x1F else b
    for b in range(256)
)
_ZERO_RUN_RE = re.compile(b"00+")


def template_key(line: str) -> int | None:
    """``_key(mask(line))``, the key a line is counted and looked up by (None when its
    masked text is empty: such a line is never a template), without building
    the masked text for an ASCII line without date words (most lines): one
    ``bytes.translate`` lower-cases it and turns every digit into ``0`` and all white
    space into spaces, a ``split`` and a ``join`` fold runs of spaces (when it has any),
    and runs of ``0`` (one per run of digits) become one. The pre-pass keys every short
    line of every document."""
    if line.isascii():
        data = line.encode("ascii").translate(_ASCII_FOLD)
        if _DATE_WORDS.isdisjoint(data.translate(_ASCII_WORD_BYTES).split()):
            if b"  " in data or data[:1] == b" " or data[-1:] == b" ":  # (a unit is stripped: rare)
                data = b" ".join(data.split())
            if b"00" in data:
                data = _ZERO_RUN_RE.sub(b"0", data)
            return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little") if data else None
    masked = mask(line)
    return _key(masked) if masked else None


def source_key(metadata: dict[str, Any], source: str, doc_id: str) -> str:
    """Which source a document belongs to (see the module docstring)."""
    url = metadata.get("url")
    if isinstance(url, str) and "//" in url:
        host = urlsplit(url.strip()).hostname or ""
        if host:
            return host[4:] if host.startswith("www.") else host
    for name in ("source", "site", "domain"):
        value = metadata.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return _folder(source)


@lru_cache(maxsize=4096)
def _folder(source: str) -> str:
    """The folder of a document's source path (``PurePosixPath`` costs about 20 us, and
    every record of a JSONL file has the same source)."""
    parent = PurePosixPath(source).parent.as_posix()
    return parent if parent not in ("", ".") else "."


@dataclass
class TemplateIndex:
    """What ``BP109`` looks up: per source, its number of documents and the template
    lines (64-bit keys of masked lines) with the number of documents holding each.
    Only lines that are templates are kept, so the index is small."""

    min_documents: int = 3
    min_share: float = 0.3
    documents: dict[str, int] = field(default_factory=dict)
    templates: dict[str, dict[int, int]] = field(default_factory=dict)

    def lookup(self, source: str, line: str) -> tuple[int, int] | None:
        """``(documents with the line, documents of the source)`` when ``line`` is a
        template of ``source``, else None."""
        if len(line) > MAX_TEMPLATE_LINE:
            return None
        templates = self.templates.get(source)
        if not templates:
            return None
        n = templates.get(template_key(line))
        return (n, self.documents[source]) if n is not None else None


class TemplateCounts:
    """The pre-pass's counts: for every document, the keys of its distinct masked lines
    and its source, as numpy columns (12 bytes per distinct line of a document; a dict of
    counts would take ten times that). Counts of shards merge by appending
    (``merge``), so workers count their own shards; ``index`` counts documents per
    line once at the end and keeps the templates."""

    def __init__(self) -> None:
        from ..dedup.table import Column

        self.sources: dict[str, int] = {}  # source -> id, in order of first appearance
        self.source_documents: list[int] = []
        self.keys = Column(np.uint64)
        self.key_source = Column(np.int32)

    def _source_id(self, source: str) -> int:
        sid = self.sources.get(source)
        if sid is None:
            sid = self.sources[source] = len(self.sources)
            self.source_documents.append(0)
        return sid

    def add(self, source: str, lines: Iterable[str]) -> None:
        seen = {template_key(line) for line in lines if len(line) <= MAX_TEMPLATE_LINE}
        seen.discard(None)
        sid = self._source_id(source)
        self.source_documents[sid] += 1
        if seen:
            self.keys.extend(np.fromiter(seen, dtype=np.uint64, count=len(seen)))
            self.key_source.extend(np.full(len(seen), sid, dtype=np.int32))

    def merge(self, other: "TemplateCounts") -> None:
        remap = np.array([self._source_id(src) for src in other.sources], dtype=np.int32)
        for src, sid in other.sources.items():
            self.source_documents[self.sources[src]] += other.source_documents[sid]
        self.keys.extend(other.keys.values)
        self.key_source.extend(remap[other.key_source.values] if len(remap) else other.key_source.values)

    def index(self, *, min_documents: int = 3, min_share: float = 0.3) -> TemplateIndex:
        out = TemplateIndex(min_documents=min_documents, min_share=min_share)
        out.documents = {src: self.source_documents[sid] for src, sid in self.sources.items()}
        keys, srcs = self.keys.values, self.key_source.values
        if not len(keys):
            return out
        order = np.lexsort((keys, srcs))
        keys, srcs = keys[order], srcs[order]
        starts = np.flatnonzero(np.concatenate(([True], (keys[1:] != keys[:-1]) | (srcs[1:] != srcs[:-1]))))
        counts = np.diff(np.concatenate((starts, [len(keys)])))
        totals = np.asarray(self.source_documents, dtype=np.int64)[srcs[starts]]
        keep = (counts >= min_documents) & (counts >= min_share * totals) & (totals >= min_documents)
        names = list(self.sources)
        for start, n in zip(starts[keep].tolist(), counts[keep].tolist()):
            out.templates.setdefault(names[int(srcs[start])], {})[int(keys[start])] = n
        return out


def document_lines(raw: Any, encoding: str | None = None) -> tuple[str, list[str]] | None:
    """A document's source and the lines the parser would split it into (the title line
    excluded); None for an input the main pass reports as unreadable."""
    from ..decode import decode_bytes
    from ..parse import split_units

    if raw.problem is not None:
        return None
    if raw.data is not None:
        try:
            decoded = decode_bytes(raw.data, forced=encoding)
        except ValueError:
            return None
        if decoded.binary_type is not None:
            return None
        text = decoded.text or ""
    else:
        text = raw.text or ""
    units = split_units(text)
    return source_key(raw.metadata, raw.source, raw.doc_id), units[1 if raw.title is None else 0 :]


def count_documents(raw_docs: Iterable[Any], encoding: str | None = None) -> TemplateCounts:
    """The pre-pass over some documents (a worker's shard): decode each ``RawDocument``
    (no rules run) and count its lines."""
    counts = TemplateCounts()
    for raw in raw_docs:
        found = document_lines(raw, encoding)
        if found is not None:
            counts.add(*found)
    return counts
