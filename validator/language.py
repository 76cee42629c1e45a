"""Offline language identification with py3langid (langid.py's model, shipped inside the
package: nothing is downloaded at run time). The model loads once per process, lazily.

py3langid walks its byte automaton in a Python loop, one step per byte, and scores with a
float16 matrix product numpy cannot hand to BLAS; together they were a quarter of a
clean run's time. ``VectorisedIdentifier`` computes the same feature counts with numpy
(``_walk``) and the same product in float32 through BLAS: its answers and probabilities are
bit-for-bit those of py3langid (a test compares them on real text).
"""

from __future__ import annotations

import threading

import numpy as np
from py3langid.langid import RAW_FLOOR, LanguageIdentifier

#: Only this many characters are looked at: enough for a confident answer (language
#: identification needs a few sentences), and it keeps the cost per article small and
#: bounded: the classifier's cost grows with the sample and was the largest single cost
#: of a run at 3,000 characters.
MAX_CHARS = 1000
#: The first look takes this many characters; only when it is not sure
#: (``CONFIDENT``) is the whole ``MAX_CHARS`` sample classified. Most news prose is
#: settled by the first look, at a third of the cost; ``python bench/language.py``
#: measures the sizes on real data.
FIRST_CHARS = 300
CONFIDENT = 0.99
#: Below this normalised probability the language is left unknown (None).
MIN_PROBABILITY = 0.5
#: Texts with fewer letters than this are too short to tell.
MIN_LETTERS = 20

_lock = threading.Lock()
_identifier = None


def _get():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE

                identifier = VectorisedIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.prepare()
                _identifier = identifier
    return _identifier


class VectorisedIdentifier(LanguageIdentifier):
    """py3langid's identifier with its per-byte loop replaced by numpy.

    The automaton is an Aho-Corasick machine over byte n-grams: the state after byte ``i``
    is the longest n-gram prefix ending at ``i``, so it depends only on the last ``span``
    bytes (``span`` = the longest n-gram, the automaton's depth). Every position's state
    is therefore found by ``span`` vectorised steps, each feeding all positions their
    byte ``k`` places back, instead of one Python step per byte.
    """

    __slots__ = ("_next", "_row", "_out", "_span", "_table")

    def prepare(self) -> None:
        """numpy views of the automaton, and its depth (a breadth-first walk from the
        start state: the length of the longest n-gram)."""
        self._next = np.asarray(self.tk_nextmove)  # shares the array.array's memory
        self._row = np.asarray(self._rowbase, dtype=np.int64)
        self._out = np.asarray(self.tk_output, dtype=np.int64)
        # float32 (57 MB, exact): numpy multiplies float16 without BLAS, 10x slower.
        self._table = np.asarray(self.nb_ptc, dtype=np.float32)
        # States share rows of the transition table, so the walk goes row by row.
        rows = np.asarray(self.tk_row, dtype=np.int64)
        next_rows = self._next.reshape(-1, 256)
        seen = np.zeros(len(rows), dtype=bool)
        seen[0] = True
        frontier = np.zeros(1, dtype=np.int64)
        depth = 0
        while True:
            row_used = np.zeros(len(next_rows), dtype=bool)
            row_used[rows[frontier]] = True
            reached = np.zeros(len(rows), dtype=bool)
            reached[next_rows[row_used].ravel()] = True
            reached &= ~seen
            if not reached.any():
                break
            seen |= reached
            frontier = np.flatnonzero(reached)
            depth += 1
        self._span = depth

    def set_languages(self, langs=None):
        super().set_languages(langs)
        self._table = np.asarray(self.nb_ptc, dtype=np.float32)

    def _walk(self, data: bytes) -> np.ndarray:
        """The automaton's state after each byte of ``data``."""
        text = np.frombuffer(data, dtype=np.uint8)
        n = len(text)
        state = np.zeros(n, dtype=np.int64)
        for back in range(min(self._span, n) - 1, -1, -1):
            state[back:] = self._next[self._row[state[back:]] + text[: n - back]]
        return state

    def _raw_score(self, text):
        """py3langid's ``_raw_score``: log1p of each feature's count (features in order of
        first occurrence, as its Counter has them) times the class table, plus priors."""
        features = self._out[self._walk(text)]
        features = features[features >= 0]
        if not features.size:
            fill = 0.0 if self._norm_probs else RAW_FLOOR
            return np.full(len(self.nb_classes), fill, dtype=np.float32)
        ids, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        weights = np.log1p(counts[order].astype(np.float32))
        return weights @ self._table[ids[order]] + self.nb_pc


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of ``text``; (None, p) when too short or unsure."""
    sample = text[:MAX_CHARS]
    letters = 0
    for ch in sample:
        if ch.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                break
    else:
        return None, 0.0
    try:
        lang, prob = _get().classify(sample[:FIRST_CHARS])
        if prob < CONFIDENT and len(sample) > FIRST_CHARS:
            lang, prob = _get().classify(sample)
    except (ValueError, UnicodeError):
        return None, 0.0
    prob = round(float(prob), 4)
    return (str(lang) if prob >= MIN_PROBABILITY else None), prob
