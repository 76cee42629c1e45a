"""Template lines per source: lines that repeat, after masking digits and dates, in many
documents of one source (a site's "Come see us again.", "Copyright 2008 Example News",
"Posted in Sport on 12 May").

This needs the whole corpus before any document can be judged, so it is a pre-pass:
``build_index`` reads every document once (decoding only, no rules) and counts, per
source, in how many documents each masked line occurs; the article rule ``BP109`` then
looks each line up in the index. The index is plain data (dicts of counts), so indexes
of shards merge by adding counts (``TemplateIndex.merge``).

A document's source is the host of its ``url`` metadata field (``www.`` dropped), else its
``source`` / ``site`` / ``domain`` field, else the folder it was read from (the JSONL file
for records).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

#: Lines longer than this are prose, never counted (and memory stays bounded).
MAX_TEMPLATE_LINE = 300
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?"
    r"|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)
_DATE_WORD_RE = re.compile(r"\b(?:" + _MONTHS + r")\b\.?")
_DIGITS_RE = re.compile(r"\d+")
_SPACE_RE = re.compile(r"\s+")


def mask(line: str) -> str:
    """The line with case, digits, month and weekday names and spacing folded, so that
    ``Posted 12 May 2008 | 10:31`` and ``Posted 3 June 2009 | 09:02`` are one template."""
    text = unicodedata.normalize("NFKC", line).lower().strip()
    text = _DATE_WORD_RE.sub("<d>", text)
    text = _DIGITS_RE.sub("0", text)
    return _SPACE_RE.sub(" ", text)


def _key(masked: str) -> bytes:
    return hashlib.blake2b(masked.encode("utf-8"), digest_size=8).digest()


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
    parent = PurePosixPath(source).parent.as_posix()
    return parent if parent not in ("", ".") else "."


@dataclass
class TemplateIndex:
    """Per source: the number of documents, and for each masked line the number of
    documents holding it (keys are 8-byte digests; ``examples`` keeps one text of each
    line that became a template, for the report)."""

    min_documents: int = 3
    min_share: float = 0.3
    documents: Counter = field(default_factory=Counter)
    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, source: str, lines: Iterable[str]) -> None:
        seen = {_key(m) for m in (mask(line) for line in lines if line.strip() and len(line) <= MAX_TEMPLATE_LINE) if m}
        self.documents[source] += 1
        self.counts.setdefault(source, Counter()).update(seen)

    def merge(self, other: "TemplateIndex") -> "TemplateIndex":
        out = TemplateIndex(self.min_documents, self.min_share, self.documents + other.documents, {})
        for src in set(self.counts) | set(other.counts):
            out.counts[src] = self.counts.get(src, Counter()) + other.counts.get(src, Counter())
        return out

    def lookup(self, source: str, line: str) -> tuple[int, int] | None:
        """``(documents with the line, documents of the source)`` when ``line`` is a
        template of ``source``, else None."""
        if len(line) > MAX_TEMPLATE_LINE:
            return None
        total = self.documents.get(source, 0)
        counts = self.counts.get(source)
        if not counts or total < self.min_documents:
            return None
        n = counts.get(_key(mask(line)), 0)
        if n >= self.min_documents and n >= self.min_share * total:
            return n, total
        return None


def build_index(docs: Iterable[tuple[str, Iterable[str]]], *, min_documents: int = 3, min_share: float = 0.3) -> TemplateIndex:
    """An index over ``(source, lines)`` pairs, one per document."""
    index = TemplateIndex(min_documents=min_documents, min_share=min_share)
    for source, lines in docs:
        index.add(source, lines)
    return index


def scan(raw_docs: Iterable[Any], *, encoding: str | None = None, min_documents: int = 3,
         min_share: float = 0.3) -> TemplateIndex:
    """The pre-pass: decode each ``RawDocument`` (no rules run) and count its lines the
    way the parser splits them (the title line excluded). Unreadable inputs are skipped;
    the main pass reports them."""
    from ..decode import decode_bytes
    from ..parse import split_units

    def docs():
        for raw in raw_docs:
            if raw.problem is not None:
                continue
            if raw.data is not None:
                try:
                    decoded = decode_bytes(raw.data, forced=encoding)
                except ValueError:
                    continue
                if decoded.binary_type is not None:
                    continue
                text = decoded.text or ""
            else:
                text = raw.text or ""
            units = split_units(text)
            yield source_key(raw.metadata, raw.source, raw.doc_id), units[1 if raw.title is None else 0 :]

    return build_index(docs(), min_documents=min_documents, min_share=min_share)
