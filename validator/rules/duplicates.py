"""DU rules: documents that repeat other documents of the corpus.

Every DU rule is a corpus rule: ``observe`` records a few fixed-size numbers per document
(numpy columns; shingle sets go to a temporary file) and returns nothing; ``finish``
decides, once every document is seen, which documents are duplicates and which copy of
each group is kept. Deciding at the end is what makes the kept document independent of
the order the files are read in (the default keep rule never looks at input order) and
lets shards observed by different workers be merged (``merge``) before ``finish``.

The machinery (shingles, MinHash, LSH, union-find, the store) lives in
``validator/dedup/``; this module only decides what to report.
"""

from __future__ import annotations

import hashlib
from collections import Counter
import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..dedup.lsh import band_keys, candidate_pairs, shared_key_counts
from ..dedup.minhash import MinHasher
from ..dedup.shingles import (
    fold_spaces, mapped_data, newlines_to_spaces, normalised_bytes, paragraph_forms, shingles_of_many,
    shingles_of_normalised,
)
from ..dedup.table import Column, DocTable, KeepRule, Rows
from ..dedup.unionfind import components
from ..rule import CorpusView, Hit

KEEP_WHY = {
    "longest": "longest",
    "metadata": "most complete metadata",
    "first": "first seen",
}


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)


def exact_key(title: str, text: str, normalised_text: np.ndarray | None = None) -> int:
    """The identity of a document for exact duplicates: title and body lower-cased, with
    every run of non-word characters folded to one space, hashed to 64 bits."""
    body = normalised_bytes(text) if normalised_text is None else normalised_text
    folded = normalised_bytes(title).tobytes() + b"\n" + body.tobytes()
    return int.from_bytes(hashlib.blake2b(folded, digest_size=8).digest(), "little")


def _digest(doc: CorpusView) -> int:
    """A digest of the exact title and body, the content tie-break of the keep rule."""
    data = f"{doc.title}\n{doc.text}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def _memo(doc: CorpusView, key, make):
    value = doc.memo.get(key)
    if value is None:
        value = doc.memo[key] = make()
    return value


def _mapped(doc: CorpusView) -> np.ndarray:
    return _memo(doc, "mapped", lambda: newlines_to_spaces(_mapped_lines(doc)))


def _mapped_lines(doc: CorpusView) -> bytes:
    """The mapped text with its line feeds kept: ``_mapped`` and DU104's paragraph breaks
    both come from it (a non-ASCII text is lower-cased once)."""
    return _memo(doc, "mapped_lines", lambda: mapped_data(doc.text, keep_newlines=True))


def _norm(doc: CorpusView) -> np.ndarray:
    return _memo(doc, "norm", lambda: fold_spaces(_mapped(doc)))


def _shingles(doc: CorpusView, k: int) -> np.ndarray:
    return _memo(doc, ("shingles", k), lambda: shingles_of_normalised(_norm(doc), k))


#: Documents whose shingles ``prepare`` computes together: enough to share numpy's cost
#: per call, few enough that the batch's arrays stay in the processor's cache.
PREPARE_BATCH = 32


def prepare(states: list, docs: list[CorpusView]) -> None:
    """Compute the shingle sets that ``states`` will read from ``docs`` for all of them at
    once (``shingles_of_many``) and leave them in each view's memo, before the states
    observe the documents one by one. Why: one document at a time, the fixed cost of
    about 25 numpy calls was most of a shingle set's cost. The values are the ones
    ``observe`` would compute for itself; a view whose memo already has them keeps its
    own."""
    sizes = sorted({state.options.shingle_size for state in states if isinstance(state, _SHINGLED)})
    for start in range(0, len(docs) if sizes else 0, PREPARE_BATCH):
        batch = docs[start : start + PREPARE_BATCH]
        norms = [_norm(doc) for doc in batch]
        for k in sizes:
            for doc, shingles in zip(batch, shingles_of_many(norms, k)):
                doc.memo.setdefault(("shingles", k), shingles)


def _words(doc: CorpusView) -> int:
    return _memo(doc, "words", lambda: int(np.count_nonzero(_norm(doc) == 32)) + 1 if len(_norm(doc)) else 0)


def _exact(doc: CorpusView) -> int:
    return _memo(doc, "exact", lambda: exact_key(doc.title, doc.text, _norm(doc)))


def _add(table: DocTable, index: int, doc: CorpusView, shingle_size: int | None = None) -> int:
    """A row for ``doc``; with ``shingle_size``, its shingle set goes into the table's
    store, once per store however many of the tables sharing it add the document."""
    location = None
    if shingle_size is not None:
        store = table.store
        # Keyed by the store itself, not its id(): a view observed again by fresh states
        # after an earlier store is gone could meet a new store at the same address.
        location = _memo(doc, ("stored", shingle_size, store), lambda: store.append(_shingles(doc, shingle_size)))
    return table.add(index, doc.doc_id, _words(doc), doc.fields, _memo(doc, "digest", lambda: _digest(doc)), location=location)


def _kept(table: DocTable, rank: np.ndarray, rows: list[int]) -> int:
    return min(rows, key=lambda r: rank[r])


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end positions of the runs of two or more equal values in a sorted array
    (runs of one are dropped in numpy: most documents have no duplicate)."""
    n = len(sorted_keys)
    starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    ends = np.concatenate((starts[1:], [n]))
    long_enough = ends - starts >= 2
    return starts[long_enough], ends[long_enough]


def _across_groups(starts: np.ndarray, ends: np.ndarray, rows: np.ndarray, same_doc: dict[int, int],
                   n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The runs ``[start, end)`` of ``rows`` (rows of the sorted entries) that hold rows of
    at least two groups, where a group is a set of whole-document copies (``same_doc``:
    row -> its group's root) or a row of its own. Most runs of repeated paragraphs are the
    paragraphs of a copied document, within one group: they are ruled out here in numpy
    instead of one Python step each."""
    if not len(starts):
        return starts, ends
    group = -1 - np.arange(n_rows, dtype=np.int64)  # a row of its own: a group of its own
    if same_doc:
        group[np.fromiter(same_doc.keys(), dtype=np.int64)] = np.fromiter(same_doc.values(), dtype=np.int64)
    lengths = ends - starts
    first = np.zeros(len(starts), dtype=np.int64)  # each run's first entry among the runs' entries
    np.cumsum(lengths[:-1], out=first[1:])
    entries = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - first, lengths)
    groups = group[rows[entries]]
    mixed = np.minimum.reduceat(groups, first) != np.maximum.reduceat(groups, first)
    return starts[mixed], ends[mixed]


def _cluster_id(code: str, kept_id: str) -> str:
    return f"{code}:{kept_id}"


class _OnTable:
    """A DU rule state whose documents are rows of ``self.table`` (a ``DocTable``)."""

    table: DocTable

    def shift(self, base: int) -> None:
        self.table.shift(base)


# --- DU101 -------------------------------------------------------------------------------


class ExactOptions(_Options):
    keep: KeepRule = Field("longest", description="Which copy is kept: longest, metadata or first")


class ExactDuplicates(_OnTable):
    """One 64-bit key per document; groups of equal keys are found at ``finish``."""

    def __init__(self, options: ExactOptions) -> None:
        self.options = options
        self.table = DocTable()
        self.keys = Column(np.uint64)

    def observe(self, index: int, doc: CorpusView) -> list[Hit]:
        _add(self.table, index, doc)
        self.keys.append(_exact(doc))
        return []

    def merge(self, other: "ExactDuplicates") -> None:
        self.table.merge(other.table)
        self.keys.extend(other.keys.values)

    def finish(self) -> dict[int, list[Hit]]:
        out: dict[int, list[Hit]] = {}
        keys = self.keys.values
        if len(keys) < 2:
            return out
        rank = self.table.rank(self.options.keep)
        order = np.lexsort((rank, keys))
        k = keys[order]
        starts, ends = _runs(k)
        why = KEEP_WHY[self.options.keep]
        for s, e in zip(starts.tolist(), ends.tolist()):
            kept = int(order[s])
            kept_id = self.table.ids[kept]
            for row in order[s + 1 : e].tolist():
                out.setdefault(int(self.table.index.values[row]), []).append(
                    Hit(
                        f"exact duplicate of {kept_id} (kept: {why})",
                        values={"kept": kept_id, "similarity": 1.0, "cluster": _cluster_id("DU101", kept_id),
                                "key": f"{int(k[s]):016x}", "keep_rule": self.options.keep},
                    )
                )
        return out


def exact_duplicate(options: ExactOptions) -> ExactDuplicates:
    """The document equals another one after normalising case, whitespace and punctuation.

    Why: exact copies (the same file saved twice, a story re-crawled) over-weight one
    text in any use of the corpus.

    How: the title and cleaned body are lower-cased, every run of non-word characters
    becomes one space, and the result is hashed (64 bits). Documents with equal keys form
    a group; one copy is kept by the keep rule and every other copy gets this finding,
    naming the kept document. Example: ``a.txt`` and ``b.txt`` both hold "Storm hits
    coast / The storm hit the coast." with different spacing: the one that is kept is
    the longer as written, then the one with more metadata fields, then the smaller
    content digest, so the same copy is kept whatever order the files are read in.

    Fix: none; severity error, so ``clean`` rejects the copies.

    Options: ``keep`` = ``longest`` (default; order-independent), ``metadata`` (most
    complete metadata first; order-independent) or ``first`` (first in input order).
    """
    return ExactDuplicates(options)


# --- DU102 -------------------------------------------------------------------------------


class NearOptions(_Options):
    shingle_size: int = Field(5, ge=1, le=32, description="Words per shingle")
    num_perm: int = Field(128, ge=8, le=1024, description="MinHash functions")
    bands: int = Field(16, ge=1, description="LSH bands (rows per band = num-perm / bands)")
    threshold: float = Field(0.8, gt=0.0, le=1.0, description="Minimum true Jaccard similarity")
    keep: KeepRule = "longest"
    min_words: int = Field(10, ge=1, description="Bodies with fewer words are not compared")

    @model_validator(mode="after")
    def _bands_divide(self) -> "NearOptions":
        if self.num_perm % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide num-perm ({self.num_perm})")
        return self


class LocalOps:
    """Where the near-duplicate step's bulk operations run: here, with numpy. A
    distributed runner swaps in its own (``validator.run.ray_runner.RayOps``: band
    buckets and clusters as Ray tasks); every implementation returns the same values."""

    @staticmethod
    def candidate_pairs(keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return candidate_pairs(keys, rows)

    @staticmethod
    def components(pairs: np.ndarray) -> dict:
        return components(pairs)


class NearDuplicates(_OnTable):
    """Band keys per document (``documents x bands`` uint32); shingle sets in a ``ShingleStore``.

    Signatures are computed ``SIGNATURE_BATCH`` documents at a time
    (``MinHasher.signatures``): documents wait in ``_waiting`` (their shingle sets,
    already stored) until the batch is full or the keys are read (merge, pickling,
    finish); the keys are the same as one document at a time."""

    SIGNATURE_BATCH = 32

    def __init__(self, options: NearOptions) -> None:
        self.options = options
        self.ops = LocalOps()
        self.hasher = MinHasher(options.num_perm)
        self.rows_per_band = options.num_perm // options.bands
        self.table = DocTable(with_store=True)
        self.keys = Rows(options.bands, np.uint32)
        self.exact = Column(np.uint64)
        self._waiting: list[np.ndarray] = []

    def observe(self, index: int, doc: CorpusView) -> list[Hit]:
        shingles = _shingles(doc, self.options.shingle_size)
        if _words(doc) < self.options.min_words or not len(shingles):
            return []
        _add(self.table, index, doc, self.options.shingle_size)
        self._waiting.append(shingles)
        if len(self._waiting) >= self.SIGNATURE_BATCH:
            self._sign_waiting()
        self.exact.append(_exact(doc))
        return []

    def _sign_waiting(self) -> None:
        if self._waiting:
            signatures = self.hasher.signatures(self._waiting)
            self._waiting = []
            self.keys.extend(band_keys(signatures, self.options.bands, self.rows_per_band))

    def __getstate__(self) -> dict:
        self._sign_waiting()  # ship keys, not shingle sets
        return self.__dict__

    def merge(self, other: "NearDuplicates") -> None:
        self._sign_waiting()
        other._sign_waiting()
        self.table.merge(other.table)
        self.keys.extend(other.keys.values)
        self.exact.extend(other.exact.values)

    def verified_pairs(self) -> list[tuple[int, int, float]]:
        """Candidate pairs from the LSH bands whose true Jaccard similarity (over the
        stored shingle sets) reaches the threshold: ``(row, row, similarity)``."""
        self._sign_waiting()
        rows = np.arange(len(self.table), dtype=np.int64)
        out = []
        for a, b in self.ops.candidate_pairs(self.keys.values, rows).tolist():
            sim = self.table.jaccard(a, b)
            if sim >= self.options.threshold:
                out.append((a, b, sim))
        return out

    def finish(self) -> dict[int, list[Hit]]:
        try:
            return self._finish()
        finally:
            self.table.close()

    def _finish(self) -> dict[int, list[Hit]]:
        out: dict[int, list[Hit]] = {}
        if len(self.table) < 2:
            return out
        edges = self.verified_pairs()
        if not edges:
            return out
        rank = self.table.rank(self.options.keep)
        exact = self.exact.values
        best: dict[int, tuple[float, int]] = {}  # row -> (similarity, neighbour) of its best edge
        for a, b, sim in edges:
            for x, y in ((a, b), (b, a)):
                cur = best.get(x)
                if cur is None or (sim, -rank[y]) > (cur[0], -rank[cur[1]]):
                    best[x] = (sim, y)
        why = KEEP_WHY[self.options.keep]
        pairs = np.array([(a, b) for a, b, _ in edges], dtype=np.int64)
        for members in self.ops.components(pairs).values():
            kept = _kept(self.table, rank, members)
            kept_id = self.table.ids[kept]
            best_of_key: dict[int, int] = {}
            for row in sorted(members, key=lambda r: rank[r]):
                best_of_key.setdefault(int(exact[row]), row)
            for row in sorted(members, key=lambda r: rank[r]):
                # An exact copy of a better-ranked member is DU101's finding, not this one.
                if row == kept or best_of_key[int(exact[row])] != row:
                    continue
                sim_kept = round(self.table.jaccard(row, kept), 4)
                match_sim, match = best[row]
                match_id = self.table.ids[match]
                via = "" if match == kept else f"; closest match {match_id} at {match_sim:.2f}"
                out.setdefault(int(self.table.index.values[row]), []).append(
                    Hit(
                        f"near duplicate of {kept_id} (Jaccard {sim_kept:.2f}{via}; kept: {why})",
                        values={
                            "kept": kept_id, "similarity": sim_kept, "cluster": _cluster_id("DU102", kept_id),
                            "matched": match_id, "matched_similarity": round(match_sim, 4),
                            "cluster_size": len(members), "keep_rule": self.options.keep,
                        },
                    )
                )
        return out


def near_duplicate(options: NearOptions) -> NearDuplicates:
    """The body is a near copy of another document's body (MinHash LSH, verified by true
    Jaccard similarity).

    Why: the same wire story republished with another headline, dateline or byline, a
    paragraph added or cut, is one text counted many times.

    How: the cleaned body (dateline, byline, timestamp, related links and footer are
    already removed, and the title is left out, so syndicated copies compare equal) is
    normalised (lower case, punctuation runs folded to a space) and cut into shingles of
    ``shingle-size`` words, hashed with numpy. A MinHash signature of ``num-perm``
    values is cut into ``bands`` bands; documents sharing a band are candidates, and a
    candidate pair is reported only if the true Jaccard similarity of the two shingle
    sets is at least ``threshold``. Verified pairs are joined into clusters by
    union-find; one document per cluster is kept by the keep rule and every other
    member gets this finding, with the kept document, its Jaccard similarity to it and
    its closest verified match (members joined through a chain may be less similar to
    the kept document than the threshold; the closest match never is). Exact copies of
    a better-ranked member are left to DU101. Example: a story and the same story with
    "LONDON (Reuters) -" and one sentence changed: Jaccard 0.9, reported.

    With the defaults (16 bands of 8 rows) a pair at Jaccard 0.85 becomes a candidate
    with probability 0.994, at 0.8 with 0.947, at 0.6 with 0.24 (then rejected by the
    check of the true similarity).

    Fix: none; severity warning (raise it to error to drop the copies in ``clean``).

    Options: ``shingle-size`` (5), ``num-perm`` (128), ``bands`` (16), ``threshold``
    (0.8), ``min-words`` (10), ``keep``: ``longest`` (default: most words, then most
    metadata fields, then the smallest content digest, so the same document is kept
    whatever order the files are read in), ``metadata`` (most complete metadata first)
    or ``first`` (first in input order).
    """
    return NearDuplicates(options)


# --- DU103 -------------------------------------------------------------------------------


class PartialOptions(_Options):
    shingle_size: int = Field(5, ge=1, le=32)
    threshold: float = Field(0.8, gt=0.0, le=1.0, description="Minimum share of the shorter body's shingles found in the longer")
    max_jaccard: float = Field(0.8, gt=0.0, le=1.0, description="Pairs at or above this Jaccard are near duplicates (DU102), not partial")
    sample: int = Field(8, ge=1, description="Keep one shingle in this many (by hash) as candidate keys")
    min_words: int = Field(20, ge=1, description="Shorter bodies are not checked")
    max_df: int = Field(100, ge=2, description="Sampled shingles in more documents than this are ignored (boilerplate)")


class PartialDuplicates(_OnTable):
    """Sampled shingles as a numpy column, with a count per row (rows are rebuilt from the
    counts when needed); shingle sets on disk."""

    def __init__(self, options: PartialOptions) -> None:
        self.options = options
        self.table = DocTable(with_store=True)
        self.sampled = Column(np.uint32)  # the sampled shingles, row after row
        self.sampled_count = Column(np.int32)  # how many each row has (rows are rebuilt from it)

    def observe(self, index: int, doc: CorpusView) -> list[Hit]:
        shingles = _shingles(doc, self.options.shingle_size)
        if _words(doc) < self.options.min_words or not len(shingles):
            return []
        _add(self.table, index, doc, self.options.shingle_size)
        picked = shingles[shingles % np.uint32(self.options.sample) == 0]
        self.sampled.extend(picked)
        self.sampled_count.append(len(picked))
        return []

    def merge(self, other: "PartialDuplicates") -> None:
        self.table.merge(other.table)
        self.sampled.extend(other.sampled.values)
        self.sampled_count.extend(other.sampled_count.values)

    def finish(self) -> dict[int, list[Hit]]:
        try:
            return self._finish()
        finally:
            self.table.close()

    def _finish(self) -> dict[int, list[Hit]]:
        out: dict[int, list[Hit]] = {}
        o = self.options
        sampled = self.sampled_count.values
        rows = np.repeat(np.arange(len(sampled), dtype=np.int32), sampled)  # the row of each sampled shingle
        pairs, counts = shared_key_counts(self.sampled.values, rows, o.max_df)
        del rows
        rank = self.table.rank("longest")
        found: dict[int, tuple[float, int, float]] = {}  # shorter row -> (containment, longer row, jaccard)
        if len(pairs):  # a necessary condition, in numpy, before the exact check per pair
            need = np.maximum(2, np.minimum(sampled[pairs[:, 0]], sampled[pairs[:, 1]]) // 2)
            keep = counts >= need
            pairs, counts = pairs[keep], counts[keep]
        for (a, b), shared in zip(pairs.tolist(), counts.tolist()):
            inter, na, nb = self.table.overlap(a, b)
            short, long_, n_short = (a, b, na) if (na, -rank[a]) < (nb, -rank[b]) else (b, a, nb)
            if shared < max(2, sampled[short] // 2) or not n_short:
                continue
            containment = inter / n_short
            jaccard = inter / (na + nb - inter)
            if containment < o.threshold or jaccard >= o.max_jaccard:
                continue
            cur = found.get(short)
            if cur is None or (containment, -rank[long_]) > (cur[0], -rank[cur[1]]):
                found[short] = (containment, long_, jaccard)
        for short, (containment, long_, jaccard) in sorted(found.items()):
            long_id = self.table.ids[long_]
            out.setdefault(int(self.table.index.values[short]), []).append(
                Hit(
                    f"contained in {long_id}: {containment:.0%} of this body's shingles are in it (Jaccard {jaccard:.2f})",
                    values={"kept": long_id, "similarity": round(containment, 4), "containment": round(containment, 4),
                            "jaccard": round(jaccard, 4), "cluster": _cluster_id("DU103", long_id)},
                )
            )
        return out


def partial_duplicate(options: PartialOptions) -> PartialDuplicates:
    """The body is contained in a longer document (containment, not only Jaccard).

    Why: a short wire story reprinted inside a longer report is a copy that Jaccard
    similarity misses: a 200-word story inside a 1,000-word report has Jaccard 0.2 with
    it, but all of its text is there.

    How: shingles as in DU102. One shingle in ``sample`` (chosen by hash value, so the
    same shingles are chosen in every document) is a candidate key; two documents
    sharing at least half of the shorter one's sampled shingles are compared exactly:
    containment = |shorter & longer| / |shorter|. At ``threshold`` or more, and with a
    Jaccard similarity below ``max-jaccard`` (otherwise DU102 reports the pair), the
    shorter document gets this finding naming the longer one (the kept document) and the
    containment. When several documents contain it, the one containing most of it is
    named.

    Fix: none; severity warning.

    Options: ``shingle-size`` (5), ``threshold`` (0.8), ``max-jaccard`` (0.8),
    ``sample`` (8), ``min-words`` (20), ``max-df`` (100).
    """
    return PartialDuplicates(options)


# --- DU104 -------------------------------------------------------------------------------


class ParagraphOptions(_Options):
    min_words: int = Field(10, ge=1, description="Shorter paragraphs are not counted")
    many: int = Field(5, ge=2, description="A paragraph in at least this many documents is reported with its count")
    max_listed: int = Field(5, ge=1, description="Other locations named in a message")


class RepeatedParagraphs:
    """One 64-bit hash per long paragraph: (hash, row, paragraph number) columns."""

    def __init__(self, options: ParagraphOptions) -> None:
        self.options = options
        self.ids: list[str] = []
        self.index = Column(np.int64)
        self.hashes = Column(np.uint64)
        self.rows = Column(np.int64)
        self.numbers = Column(np.int32)
        self.paragraphs = Column(np.int32)

    def observe(self, index: int, doc: CorpusView) -> list[Hit]:
        row = len(self.ids)
        self.ids.append(doc.doc_id)
        self.index.append(index)
        hashes, numbers = [], []
        for number, form in enumerate(paragraph_forms(_mapped_lines(doc), _mapped(doc)), start=1):
            if form and form.count(b" ") + 1 >= self.options.min_words:
                hashes.append(int.from_bytes(hashlib.blake2b(form, digest_size=8).digest(), "little"))
                numbers.append(number)
        if hashes:
            self.hashes.append_all(hashes)
            self.rows.append_all([row] * len(hashes))
            self.numbers.append_all(numbers)
        self.paragraphs.append(len(hashes))
        return []

    def shift(self, base: int) -> None:
        self.index.values[:] += base

    def merge(self, other: "RepeatedParagraphs") -> None:
        base = len(self.ids)
        self.ids.extend(other.ids)
        self.index.extend(other.index.values)
        self.hashes.extend(other.hashes.values)
        self.rows.extend(other.rows.values + base)
        self.numbers.extend(other.numbers.values)
        self.paragraphs.extend(other.paragraphs.values)

    def finish(self) -> dict[int, list[Hit]]:
        out: dict[int, list[Hit]] = {}
        o = self.options
        h, rows, numbers = self.hashes.values, self.rows.values, self.numbers.values
        if len(h) < 2:
            return out
        # Pairs of documents sharing more than half of their long paragraphs are whole-document
        # copies (DU101-DU103 report them); their shared paragraphs are not counted twice.
        pairs, shared = shared_key_counts(h, rows, max_df=200)
        paras = self.paragraphs.values
        copies = np.array(
            [p for p, s in zip(pairs.tolist(), shared.tolist()) if 2 * s > min(paras[p[0]], paras[p[1]])],
            dtype=np.int64,
        ).reshape(-1, 2)
        same_doc = {m: root for root, ms in components(copies).items() for m in ms}
        rank_ids = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        id_rank = np.empty(len(self.ids), dtype=np.int64)
        id_rank[rank_ids] = np.arange(len(self.ids))
        order = np.lexsort((numbers, id_rank[rows], h))
        hs = h[order]
        starts, ends = _runs(hs)
        starts, ends = _across_groups(starts, ends, rows[order], same_doc, len(self.ids))
        for s, e in zip(starts.tolist(), ends.tolist()):
            members = [(int(rows[i]), int(numbers[i])) for i in order[s:e].tolist()]
            docs = sorted({r for r, _ in members}, key=lambda r: id_rank[r])
            count = len(docs)
            group_of = [same_doc.get(r, -1 - r) for r, _ in members]
            group_size = Counter(group_of)
            for (row, number), group in zip(members, group_of):
                n_others = len(members) - group_size[group]
                if not n_others:
                    continue
                # Only the first few others are named: a sign-off in 10,000 documents must
                # not cost 10,000 x 10,000 steps.
                others = []
                for (r, n), g in zip(members, group_of):
                    if g != group:
                        others.append((r, n))
                        if len(others) == o.max_listed:
                            break
                listed = ", ".join(f"{self.ids[r]} paragraph {n}" for r, n in others)
                more = f" and {n_others - len(others)} more" if n_others > len(others) else ""
                if count >= o.many:
                    message = f"paragraph {number} is repeated in {count} documents (e.g. {listed}{more})"
                else:
                    message = f"paragraph {number} is copied from or to {listed}{more}"
                out.setdefault(int(self.index.values[row]), []).append(
                    Hit(message, values={
                        "paragraph": number, "documents": count,
                        "others": [{"doc_id": self.ids[r], "paragraph": n} for r, n in others],
                    })
                )
        return out


def repeated_paragraph(options: ParagraphOptions) -> RepeatedParagraphs:
    """A paragraph of some length also occurs in other documents.

    Why: agency sign-offs and standard disclaimers repeated across many documents are
    boilerplate the per-document rules cannot see; a paragraph copied between two
    otherwise different articles is a copy the document-level rules miss.

    How: each paragraph of the cleaned body with at least ``min-words`` words is
    normalised (case, punctuation) and hashed. A paragraph found in ``many`` or more
    documents is reported on each of them with the count ("paragraph 7 is repeated in
    312 documents"); one found in fewer is reported on each copy with the other
    locations (document and paragraph number). Documents sharing more than half of their
    long paragraphs are whole copies (DU101 to DU103 report those), so their shared
    paragraphs are not reported here.

    Fix: none; severity info.

    Options: ``min-words`` (10), ``many`` (5), ``max-listed`` (5).
    """
    return RepeatedParagraphs(options)


# --- DU105 -------------------------------------------------------------------------------


class TitleOptions(_Options):
    shingle_size: int = Field(5, ge=1, le=32)
    max_similarity: float = Field(0.8, gt=0.0, le=1.0, description="Bodies at or above this Jaccard are copies, not different bodies")
    min_title_words: int = Field(3, ge=1, description="Shorter titles (Sport, Letters) are not compared")
    max_group: int = Field(50, ge=2, description="Larger groups of one title are only counted")
    max_listed: int = Field(5, ge=1)


class SameTitle(_OnTable):
    """One 64-bit title key per document; shingle sets on disk for the body check."""

    def __init__(self, options: TitleOptions) -> None:
        self.options = options
        self.table = DocTable(with_store=True)
        self.titles = Column(np.uint64)

    def observe(self, index: int, doc: CorpusView) -> list[Hit]:
        norm = normalised_bytes(doc.title)
        if not len(norm) or int(np.count_nonzero(norm == 32)) + 1 < self.options.min_title_words:
            return []
        _add(self.table, index, doc, self.options.shingle_size)
        self.titles.append(int.from_bytes(hashlib.blake2b(norm.tobytes(), digest_size=8).digest(), "little"))
        return []

    def merge(self, other: "SameTitle") -> None:
        self.table.merge(other.table)
        self.titles.extend(other.titles.values)

    def finish(self) -> dict[int, list[Hit]]:
        try:
            return self._finish()
        finally:
            self.table.close()

    def _finish(self) -> dict[int, list[Hit]]:
        out: dict[int, list[Hit]] = {}
        t = self.titles.values
        if len(t) < 2:
            return out
        rank = self.table.rank("longest")
        order = np.lexsort((rank, t))
        ts = t[order]
        starts, ends = _runs(ts)
        o = self.options
        for s, e in zip(starts.tolist(), ends.tolist()):
            if e - s > o.max_group:
                continue
            members = order[s:e].tolist()
            similarity: dict[tuple[int, int], float] = {}  # each pair compared once (Jaccard is symmetric)
            for row in members:
                different = []
                for other in members:
                    if other == row:
                        continue
                    pair = (row, other) if row < other else (other, row)
                    sim = similarity.get(pair)
                    if sim is None:
                        sim = similarity[pair] = self.table.jaccard(row, other)
                    if sim < o.max_similarity:
                        different.append((other, sim))
                if not different:
                    continue
                listed = ", ".join(f"{self.table.ids[r]} (Jaccard {sim:.2f})" for r, sim in different[: o.max_listed])
                more = f" and {len(different) - o.max_listed} more" if len(different) > o.max_listed else ""
                out.setdefault(int(self.table.index.values[row]), []).append(
                    Hit(
                        f"same title as {listed}{more}, with a different body (an update, a correction or another story)",
                        values={"others": [{"doc_id": self.table.ids[r], "similarity": round(sim, 4)} for r, sim in different[: o.max_listed]],
                                "documents": e - s},
                    )
                )
        return out


def same_title_different_body(options: TitleOptions) -> SameTitle:
    """Another document has the same title but a different body.

    Why: one story updated or corrected during the day is often saved once per version;
    a user keeping all versions keeps contradicting facts. (Identical bodies are DU101
    or DU102 findings.)

    How: titles of at least ``min-title-words`` words are normalised (case,
    punctuation) and grouped. Within a group, each pair of bodies is compared by the
    Jaccard similarity of their shingles; a document whose body is below
    ``max-similarity`` to another one of the group gets this finding, naming the others
    and the similarity. Example: "Storm closes schools" at 08:00 and "Storm closes
    schools" at 14:00 with two new paragraphs and a corrected figure.

    Fix: none; severity info.

    Options: ``shingle-size`` (5), ``max-similarity`` (0.8), ``min-title-words`` (3),
    ``max-group`` (50), ``max-listed`` (5).
    """
    return SameTitle(options)


__all__ = [
    "ExactOptions", "NearOptions", "ParagraphOptions", "PartialOptions", "TitleOptions", "exact_duplicate",
    "exact_key", "near_duplicate", "partial_duplicate", "repeated_paragraph", "same_title_different_body",
]


#: The states whose documents' shingle sets ``prepare`` computes (each has ``options.shingle_size``).
_SHINGLED = (NearDuplicates, PartialDuplicates, SameTitle)
