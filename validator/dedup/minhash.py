"""MinHash signatures of shingle sets, vectorised with numpy.

Each of the ``num_perm`` hash functions is multiply-shift hashing of the 32-bit shingle
value, ``(a * x + b) mod 2**64`` with random odd ``a`` (a 2-universal family whose high
bits are the good ones); the signature keeps the top 32 bits of the minimum per function.
One document costs one ``(shingles x num_perm)`` multiply-add and a column minimum: no
Python loop per shingle. The coefficients come from a fixed seed, so signatures are the
same in every process and run (shards can be merged).
"""

from __future__ import annotations

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)


class MinHasher:
    """Computes ``num_perm``-value signatures (``uint32``)."""

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.a = rng.integers(0, 2**63, num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, num_perm, dtype=np.uint64)

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        """The signature of a set of 32-bit shingle hashes; all ``EMPTY`` for no shingles."""
        if not len(shingles):
            return np.full(self.num_perm, EMPTY, dtype=np.uint32)
        with np.errstate(over="ignore"):
            m = np.multiply.outer(shingles.astype(np.uint64), self.a)
            m += self.b
        return (m.min(axis=0) >> np.uint64(32)).astype(np.uint32)


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The share of equal signature values: an unbiased estimate of the Jaccard similarity."""
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)
