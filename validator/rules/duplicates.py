"""DU rules: documents that repeat other documents of the corpus."""

from __future__ import annotations

import hashlib

from ..parse import fold
from ..rule import CorpusView, Hit, NoOptions


def exact_key(title: str, text: str) -> str:
    """The identity of a document for exact duplicates: title and body lower-cased, with
    punctuation and whitespace runs folded to one space."""
    folded = fold(f"{title}\n{text}")  # the same folding, done faster (see parse.fold)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


class ExactDuplicates:
    """Remembers the first document seen for each normalised key."""

    def __init__(self, options: NoOptions) -> None:
        self.first: dict[str, str] = {}

    def observe(self, index: int, doc: CorpusView) -> list[Hit]:
        key = exact_key(doc.title, doc.text)
        kept = self.first.setdefault(key, doc.doc_id)
        if kept == doc.doc_id:
            return []
        return [Hit(f"exact duplicate of {kept} (kept: first seen)", values={"kept": kept, "key": key})]

    def finish(self) -> dict[int, list[Hit]]:
        return {}


def exact_duplicate(options: NoOptions) -> ExactDuplicates:
    """The document equals an earlier one after normalising case, whitespace and punctuation.

    Why: exact copies (the same file saved twice, a story re-crawled) over-weight one
    text in any use of the corpus.

    How: the title and cleaned body are lower-cased, every run of non-word characters
    becomes one space, and the result is hashed. Documents are seen in input order (files
    sorted by path); the first one seen is kept and every later copy gets this finding,
    naming the kept document.

    Fix: none; severity error, so ``clean`` rejects the copies.
    """
    return ExactDuplicates(options)
