"""Locality-sensitive hashing by banding, and candidate pairs from shared keys.

Banding: a ``bands * rows`` signature is cut into ``bands`` bands; each band is hashed
to one 64-bit key. Two documents whose Jaccard similarity is ``s`` share at least one
band key with probability ``1 - (1 - s**rows)**bands``, a steep S-curve around
``(1 / bands) ** (1 / rows)``. Keys are kept as a ``(documents x bands)`` ``uint32``
array (4 bytes per band per document), never as Python dicts of buckets.

Candidates are found by sorting each band column: documents with equal keys are next to
each other. Each document is paired with the first document of its run and with its
neighbour in the run, so a run of ``m`` equal keys yields under ``2m`` pairs (not
``m**2``) and the union-find still joins the whole run once the pairs are verified.
"""

from __future__ import annotations

import sys

import numpy as np

from .shingles import fmix64


_MULT = np.random.default_rng(20240101).integers(0, 2**63, 1024, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One ``uint32`` key per band of each row of a ``(documents x num_perm)`` signature
    array, ``(documents x bands)``: the band's values times fixed random odd 64-bit
    multipliers (different for every position of the signature), summed, mixed, top 32
    bits. Two different bands get the same key with probability 2**-32: among a million
    documents about 120 chance candidate pairs per band, each rejected by the true
    Jaccard check, for half the memory of 64-bit keys (64 bytes per document)."""
    sig = signatures[:, : bands * rows].astype(np.uint64)
    with np.errstate(over="ignore"):
        acc = (sig * _MULT[: bands * rows]).reshape(len(sig), bands, rows).sum(axis=2, dtype=np.uint64)
        return (fmix64(acc) >> np.uint64(32)).astype(np.uint32)


def run_pairs(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Pairs ``(i, j)`` (``int64``, ``i < j``) of ``ids`` whose ``keys`` are equal: each
    member of a run of equal keys with the run's first member and with its predecessor."""
    if len(keys) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    # The stable order of the keys from one sort of ``key << 32 | position`` (distinct
    # values: a plain sort is stable), three times cheaper than a stable argsort.
    packed = keys.astype(np.uint64) << np.uint64(32)
    packed |= np.arange(len(keys), dtype=np.uint64)
    packed.sort()
    k = packed >> np.uint64(32)
    same = k[1:] == k[:-1]
    if not same.any():
        return np.zeros((0, 2), dtype=np.int64)
    order = (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)
    del packed
    pos = np.arange(1, len(k))
    run_start = np.maximum.accumulate(np.where(np.concatenate(([False], same)), 0, np.arange(len(k))))
    later = pos[same]
    first = run_start[later]
    prev = later - 1
    a = np.concatenate((ids[order[first]], ids[order[prev]]))
    b = np.concatenate((ids[order[later]], ids[order[later]]))
    return normalise_pairs(a, b)


def normalise_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distinct ``(min, max)`` pairs without self-pairs, sorted."""
    lo = np.minimum(a, b).astype(np.int64)
    hi = np.maximum(a, b).astype(np.int64)
    keep = lo != hi
    return unique_pairs(np.stack((lo[keep], hi[keep]), axis=1))


def unique_pairs(pairs: np.ndarray) -> np.ndarray:
    """``np.unique(pairs, axis=0)`` for an ``(n x 2)`` array of non-negative ids below
    2**31: each pair packed into one ``int64`` (``a << 32 | b`` sorts as the pair does),
    one 1-d ``np.unique``, unpacked; several times faster than the row-wise unique."""
    if not len(pairs):
        return pairs.reshape(0, 2).astype(np.int64)
    code = np.unique((pairs[:, 0].astype(np.int64) << 32) | pairs[:, 1].astype(np.int64))
    return np.stack((code >> 32, code & 0xFFFFFFFF), axis=1)


def candidate_pairs(keys: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Candidate pairs from a ``(documents x bands)`` key array: documents sharing a key in
    any band."""
    parts = [run_pairs(keys[:, band], ids) for band in range(keys.shape[1])]
    if not parts:
        return np.zeros((0, 2), dtype=np.int64)
    return unique_pairs(np.concatenate(parts))


def _repeated(sorted_keys: np.ndarray) -> np.ndarray:
    """A mask of the entries of a sorted array whose value occurs more than once."""
    same = sorted_keys[1:] == sorted_keys[:-1]
    out = np.zeros(len(sorted_keys), dtype=bool)
    out[1:] |= same
    out[:-1] |= same
    return out


def _shared_packed(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries whose 32-bit key occurs more than once, sorted by key then document:
    each (key, document) is packed into one 64-bit word and sorted in place, so no
    index array is needed (the sampled shingles of a million documents are tens of
    millions of entries: this is where the memory would go)."""
    packed = keys.astype(np.uint64)  # the one large array: every step below is in place or a view
    packed <<= np.uint64(32)
    low = docs.view(np.uint32) if docs.dtype == np.int32 else docs.astype(np.uint32)  # checked >= 0
    np.bitwise_or(packed, low, out=packed)
    del low
    packed.sort()
    if sys.byteorder == "little":
        k = packed.view(np.uint32)[1::2]  # the high halves, without a copy
    else:  # pragma: no cover - big-endian machines
        k = (packed >> np.uint64(32)).astype(np.uint32)
    shared = _repeated(k)
    sub = packed[shared]
    del packed
    d = (sub & np.uint64(0xFFFFFFFF)).astype(np.int64)
    return (sub >> np.uint64(32)).astype(np.uint32), d


def _shared_sorted(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``_shared_packed`` for keys of any width (an index sort)."""
    # Most keys occur once: find the shared ones on the sorted keys alone, and build the
    # larger index arrays only for them.
    # (Not a stable sort: the entries are put in (key, document) order below, and entries
    # equal in both are equal, so their order cannot show.)
    order = np.argsort(keys)
    sorted_keys = keys[order]
    shared = _repeated(sorted_keys)
    order = order[shared]
    k = sorted_keys[shared]
    del sorted_keys, shared
    d = docs[order].astype(np.int64)
    sub = np.lexsort((d, k))  # docs ascending inside each key
    return k[sub], d[sub]


def shared_key_counts(keys: np.ndarray, docs: np.ndarray, max_df: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of documents sharing keys, with how many keys they share.

    ``keys[i]`` occurs in document ``docs[i]`` (one entry per distinct key and document).
    Keys held by more than ``max_df`` documents are ignored (boilerplate shingles would
    pair everything with everything). Returns ``(pairs (n x 2), counts)``.
    """
    empty = np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64)
    if len(keys) < 2:
        return empty
    if keys.dtype == np.uint32 and int(docs.min()) >= 0 and int(docs.max()) < (1 << 32):
        k, d = _shared_packed(keys, docs)
    else:
        k, d = _shared_sorted(keys, docs)
    if len(k) < 2:
        return empty
    n = len(k)
    starts = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1])))
    lengths = np.diff(np.concatenate((starts, [n])))
    ok = (lengths >= 2) & (lengths <= max_df)
    if not ok.any():
        return empty
    run_of = np.repeat(np.arange(len(starts)), lengths)
    k_pos = np.flatnonzero(ok[run_of])
    run_end = (starts + lengths)[run_of[k_pos]]
    a_parts, b_parts = [], []
    for step in range(1, int(lengths[ok].max())):
        pos = k_pos[k_pos + step < run_end]
        if not len(pos):
            break
        a_parts.append(d[pos])
        b_parts.append(d[pos + step])
    a = np.concatenate(a_parts)
    b = np.concatenate(b_parts)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    code = lo[keep] * np.int64(1 << 31) + hi[keep]
    uniq, counts = np.unique(code, return_counts=True)
    pairs = np.stack((uniq // np.int64(1 << 31), uniq % np.int64(1 << 31)), axis=1)
    return pairs, counts
