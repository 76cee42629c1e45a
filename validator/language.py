"""Offline language identification with py3langid (langid.py's model, shipped inside the
package: nothing is downloaded at run time). The model loads once per process, lazily.

py3langid walks its byte automaton in a Python loop, one step per byte, and scores with a
float16 matrix product numpy cannot hand to BLAS; together they were a quarter of a
clean run's time. ``VectorisedIdentifier`` computes the same feature counts with numpy,
for a whole batch of texts at once (``raw_scores``), and the same product in float32
through BLAS: its answers and probabilities are bit-for-bit those of py3langid (a test
compares them on real text). ``detect_languages`` classifies a worker's shard in one go.
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
                try:
                    identifier.prepare()
                except (AttributeError, TypeError, ValueError):
                    # A py3langid whose model is laid out otherwise: its own (slower) code.
                    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                _identifier = identifier
    return _identifier


def release() -> None:
    """Drop the loaded model (about 130 MB): the main process of a run loads it only so
    that forked workers share it, and has no use for it once they are done."""
    global _identifier
    with _lock:
        _identifier = None


class VectorisedIdentifier(LanguageIdentifier):
    """py3langid's identifier with its per-byte loop replaced by numpy.

    The automaton is an Aho-Corasick machine over byte n-grams: the state after byte ``i``
    is the longest n-gram prefix ending at ``i``, so it depends only on the last ``span``
    bytes (``span`` = the longest n-gram, the automaton's depth). Every position's state
    is therefore found by ``span`` vectorised steps, each feeding all positions their
    byte ``k`` places back, instead of one Python step per byte.
    """

    __slots__ = ("_next", "_row", "_out", "_span", "_table", "_given", "_batch_lock")

    def prepare(self) -> None:
        """numpy views of the automaton, and its depth (a breadth-first walk from the
        start state: the length of the longest n-gram)."""
        self._next = np.asarray(self.tk_nextmove)  # shares the array.array's memory
        self._row = np.asarray(self._rowbase, dtype=np.int64)
        self._out = np.asarray(self.tk_output, dtype=np.int64)
        # float32 (57 MB, exact): numpy multiplies float16 without BLAS, 10x slower.
        self._table = np.asarray(self.nb_ptc, dtype=np.float32)
        self._given = None
        self._batch_lock = threading.Lock()
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

    def _raw_score(self, text):
        """py3langid's ``_raw_score``: log1p of each feature's count (features in order of
        first occurrence, as its Counter has them) times the class table, plus priors.
        Inside ``classify_many`` the score was already computed for the whole batch."""
        if self._given is not None:
            # Taken out, not read: py3langid normalises the array in place, so a repeated
            # text must not get it a second time.
            given = self._given.pop(text, None)
            if given is not None:
                return given
        return self.raw_scores([text])[0]

    def raw_scores(self, encoded: list[bytes]) -> list[np.ndarray]:
        """``_raw_score`` of many encoded texts in one pass: the automaton is walked over
        all of them at once (no text's walk reaches into the one before it), their
        features counted together, and each text's product taken on its own (so every
        score is the same array a single call gives)."""
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        text = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        ids, counts, bounds = _count_in_first_order(self._out[self._states(text, lengths)], lengths)
        weights = np.log1p(counts.astype(np.float32))
        fill = np.full(len(self.nb_classes), 0.0 if self._norm_probs else RAW_FLOOR, dtype=np.float32)
        out = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            out.append(weights[a:b] @ np.take(self._table, ids[a:b], axis=0) + self.nb_pc if b > a else fill.copy())
        return out

    def _states(self, text: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The automaton's state after each byte of the concatenated texts, each text
        walked from the start state. Every position is first fed its last ``span`` bytes
        as if all came from its own text (whole-array steps, no masks); then the first
        ``span - 1`` positions of each text, which were fed bytes of the text before it,
        are walked again from their text's start (a few positions per text)."""
        span = self._span
        n = len(text)
        state = np.zeros(n, dtype=np.int64)
        shifted = np.zeros(n, dtype=np.uint8)
        for back in range(span - 1, -1, -1):
            if back:
                shifted[:back] = 0
                shifted[back:] = text[: max(n - back, 0)]
                state = self._next[self._row[state] + shifted]
            else:
                state = self._next[self._row[state] + text]
        if span > 1 and n:
            starts = np.cumsum(lengths) - lengths
            head = np.arange(span - 1)
            keep = head[None, :] < lengths[:, None]
            at = (starts[:, None] + head[None, :])[keep]
            offset = np.broadcast_to(head, keep.shape)[keep]
            walked = np.zeros(len(at), dtype=np.int64)
            for back in range(span - 1, -1, -1):
                step = np.flatnonzero(offset >= back)
                walked[step] = self._next[self._row[walked[step]] + text[at[step] - back]]
            state[at] = walked
        return state

    def classify_many(self, texts: list[str]) -> list[tuple[str, float]]:
        """``classify`` of each of ``texts``, with the scores computed in one batch; the
        rest (normalisation, aliases, the choice) is py3langid's own ``classify``."""
        encoded = [self._encode(t) for t in texts]
        with self._batch_lock:
            self._given = dict(zip(encoded, self.raw_scores(encoded)))
            try:
                return [self.classify(t) for t in texts]
            finally:
                self._given = None


_NONE = np.iinfo(np.int64).max


def _count_in_first_order(features: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Each text's distinct features (ids >= 0; -1 is none) in order of first occurrence,
    with their counts, as py3langid's ``Counter`` has them (the order of the terms of
    the product, hence its exact float result): ``(ids, counts, bounds)``, text ``i``'s
    being ``ids[bounds[i]:bounds[i + 1]]``.

    Every text gets a row of its own in a grid (``len(lengths)`` rows, as wide as the
    longest text), holding ``feature * width + position`` (distinct within a row) and
    padding above every value. Sorting each short row on its own is several times
    cheaper than sorting the whole batch at once, and it puts each feature's
    occurrences together, its first occurrence first; the run starts then go back to
    their first positions in a second grid, read in row order."""
    m = len(lengths)
    width = int(lengths.max()) if m else 0
    if not width:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [0] * (m + 1)
    columns = np.arange(width, dtype=np.int64)
    inside = columns[None, :] < lengths[:, None]
    values = features * width + np.broadcast_to(columns, (m, width))[inside]
    values[features < 0] = _NONE
    grid = np.full((m, width), _NONE, dtype=np.int64)
    grid[inside] = values
    grid.sort(axis=1)
    valid = grid != _NONE
    feature = grid // width
    start = valid.copy()  # the first cell of each run of one feature within a row
    start[:, 1:] &= feature[:, 1:] != feature[:, :-1]
    flat, feature = grid.ravel(), feature.ravel()
    starts = np.flatnonzero(start)
    rows = starts // width
    row_ends = rows * width + valid.sum(axis=1)[rows]
    following = np.empty_like(starts)
    following[:-1] = starts[1:]
    following[-1:] = m * width
    counts = np.minimum(following, row_ends) - starts
    slot = np.full(m * width, -1, dtype=np.int64)
    slot[rows * width + flat[starts] % width] = np.arange(len(starts))
    order = slot[slot >= 0]
    bounds = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=m)))).tolist()
    return feature[starts][order], counts[order], bounds


def _has_letters(sample: str) -> bool:
    letters = 0
    for ch in sample:
        if ch.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                return True
    return False


#: Texts classified in one batch (bounds the batch's arrays: about 40 bytes per character).
BATCH = 512


def _classify(texts: list[str]) -> list[tuple[str, float] | None]:
    """Each text's (language, probability), None where py3langid cannot take it."""
    if len(texts) > BATCH:
        return [r for i in range(0, len(texts), BATCH) for r in _classify(texts[i : i + BATCH])]
    if not texts:
        return []
    identifier = _get()
    try:
        if isinstance(identifier, VectorisedIdentifier):
            return identifier.classify_many(texts)
        return [identifier.classify(t) for t in texts]
    except (ValueError, UnicodeError):
        out: list[tuple[str, float] | None] = []
        for t in texts:
            try:
                out.append(_get().classify(t))
            except (ValueError, UnicodeError):
                out.append(None)
        return out


def detect_languages(texts: list[str]) -> list[tuple[str | None, float]]:
    """``detect_language`` of each of ``texts``, classified in batches (a worker's shard at
    once): the same answers, at less cost per text."""
    samples = [t[:MAX_CHARS] for t in texts]
    out: list[tuple[str | None, float]] = [(None, 0.0)] * len(texts)
    todo = [i for i, s in enumerate(samples) if _has_letters(s)]
    first = _classify([samples[i][:FIRST_CHARS] for i in todo])
    again = [i for i, r in zip(todo, first) if r is not None and r[1] < CONFIDENT and len(samples[i]) > FIRST_CHARS]
    answers = dict(zip(todo, first))
    answers.update(zip(again, _classify([samples[i] for i in again])))
    for i in todo:
        found = answers[i]
        if found is None:
            continue
        lang, prob = found
        prob = round(float(prob), 4)
        out[i] = ((str(lang) if prob >= MIN_PROBABILITY else None), prob)
    return out


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of ``text``; (None, p) when too short or unsure."""
    return detect_languages([text])[0]
