"""Word shingles of a normalised text, hashed to 32-bit integers with numpy.

Normalisation: lower-case, then every run of non-word bytes becomes one space. Word
characters are ASCII letters and digits and every non-ASCII character except the Latin-1
symbols (U+0080 to U+00BF: no-break space, guillemets, pound sign, ...) and the general
punctuation block and the superscripts after it (U+2000 to U+207F, the characters whose
UTF-8 starts E2 80 or E2 81: curly quotes, dashes, ellipsis, thin spaces), so
``"Hello" - he said`` and ``“Hello” — he said`` give the same words. It works on the
UTF-8 bytes (one ``bytes.translate``, then numpy; a regular expression over the text
cost ten times more). A shingle is ``k`` consecutive words.

Hashing is vectorised over the UTF-8 bytes of the normalised text: with prefix sums of
``byte[i] * P**i`` (mod 2**64), the polynomial hash of any substring ``[s, e)`` is
``(S[e] - S[s]) * P**-s`` (``P`` odd, so it has an inverse mod 2**64). A shingle is the
substring from its first word's start to its last word's end, so every shingle of a
document costs a handful of numpy operations in all, whatever ``k`` is. The value is
then mixed (murmur3's 64-bit finaliser) and its top 32 bits kept. Deterministic across
runs and processes (no ``hash()`` seed), so shards computed by different workers agree.
"""

from __future__ import annotations

import re

import numpy as np

from ..parse import fold

_P = np.uint64(0x100000001B3)  # FNV prime: odd, so invertible mod 2**64
_P_INV = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_S32 = np.uint64(32)

_powers = np.ones(1, dtype=np.uint64)
_inv_powers = np.ones(1, dtype=np.uint64)


# Byte -> lower-cased byte, or a space for a non-word ASCII byte; bytes >= 0x80 kept.
_MAP = np.full(256, 32, dtype=np.uint8)
for _c in "abcdefghijklmnopqrstuvwxyz0123456789":
    _MAP[ord(_c)] = _MAP[ord(_c.upper())] = ord(_c)
_MAP[0x80:] = np.arange(0x80, 0x100, dtype=np.uint8)
_SPACE = np.uint8(32)


_MAP_TABLE = _MAP.tobytes()  # the same map for ``bytes.translate``
# U+0080..U+00BF are C2 xx; U+2000..U+207F are E2 80 xx and E2 81 xx (the text is valid
# UTF-8, so a C2 or E2 byte always leads its character).
_LATIN1_SYMBOL_RE = re.compile(b"\xc2[\x80-\xbf]")
_GENERAL_PUNCTUATION_RE = re.compile(b"\xe2[\x80\x81][\x80-\xbf]")


def mapped_data(text: str, keep_newlines: bool = False) -> bytes:
    """``mapped_bytes`` as ``bytes``: one ``bytes.translate`` (and, for non-ASCII text, a
    substitution per punctuation range), several times cheaper than numpy on an
    article-sized text. With ``keep_newlines``, ``"\\n"`` stays ``"\\n"`` (every other
    byte as without it): the paragraph breaks stay visible (``paragraph_forms``), and
    ``newlines_to_spaces`` turns the result into the plain mapping."""
    table = _MAP_KEEP_NEWLINE if keep_newlines else _MAP_TABLE
    if text.isascii():
        return text.encode("ascii").translate(table)
    data = text.lower().encode("utf-8")
    if b"\xc2" in data:
        data = _LATIN1_SYMBOL_RE.sub(b"  ", data)
    if b"\xe2" in data:
        data = _GENERAL_PUNCTUATION_RE.sub(b"   ", data)
    return data.translate(table)


#: ``_MAP_TABLE`` that keeps ``"\\n"``, and the table that then maps ``"\\n"`` to a space.
_MAP_KEEP_NEWLINE = _MAP_TABLE[:10] + b"\n" + _MAP_TABLE[11:]
_NEWLINE_TO_SPACE = bytes(range(10)) + b" " + bytes(range(11, 256))


def newlines_to_spaces(data: bytes) -> np.ndarray:
    """``mapped_bytes`` from ``mapped_data(text, keep_newlines=True)`` (a writable array)."""
    return np.frombuffer(bytearray(data.translate(_NEWLINE_TO_SPACE)), dtype=np.uint8)


def mapped_bytes(text: str) -> np.ndarray:
    """The UTF-8 bytes of ``text`` lower-cased, with every non-word byte a space (bytes
    >= 0x80 kept, except the punctuation ranges above): ``normalised_bytes`` before its
    runs of spaces are folded."""
    return np.frombuffer(bytearray(mapped_data(text)), dtype=np.uint8)


def fold_spaces(mapped: np.ndarray) -> np.ndarray:
    """``mapped_bytes`` with its words joined by single spaces (no space at either end)."""
    if not len(mapped):
        return mapped
    word = mapped != _SPACE
    keep = word.copy()
    keep[1:] |= word[:-1]  # word bytes, and the first non-word byte after a word
    out = mapped[keep]
    if len(out) and out[-1] == _SPACE:
        out = out[:-1]
    return out


def normalised_bytes(text: str) -> np.ndarray:
    """The UTF-8 bytes of the lower-cased words of ``text`` joined by single spaces."""
    return fold_spaces(np.frombuffer(mapped_data(text), dtype=np.uint8))


_BREAK_RE = re.compile(b"\n\n")
_MARK = np.uint8(10)  # "\n": no mapped byte is 10 (``_MAP`` turns it into a space)


def paragraph_forms(data: bytes, mapped: np.ndarray) -> list[bytes]:
    """``normalised_bytes`` of each ``"\\n\\n"``-separated paragraph of a text (as
    ``bytes``), from ``data = mapped_data(text, keep_newlines=True)`` and ``mapped =
    newlines_to_spaces(data)``: the breaks are found in ``data`` (the mapping keeps every
    byte's place, so they are where the lower-cased text's are), marked in a copy of
    ``mapped`` with a byte folding keeps, the whole text is folded once and cut at the
    marks. Words never cross a break, so each piece is the paragraph's own normalised
    form (less an edge space). One pass over the document instead of one normalisation
    per paragraph, and no second lower-casing of the text."""
    breaks = np.fromiter((m.start() for m in _BREAK_RE.finditer(data)), dtype=np.int64)
    if not len(breaks):
        return [fold_spaces(mapped).tobytes()]
    marked = mapped.copy()
    marked[breaks] = marked[breaks + 1] = _MARK
    return [piece.strip(b" ") for piece in fold_spaces(marked).tobytes().split(b"\n\n")]


def normalise(text: str) -> str:
    """Lower-cased words separated by single spaces (``normalised_bytes`` as text). For
    ASCII text that is ``parse.fold``, which needs no numpy: several times cheaper on the
    short strings (bylines, paragraphs) this is mostly called with."""
    if text.isascii():
        return fold(text)
    return normalised_bytes(text).tobytes().decode("utf-8")


def _ensure_powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    global _powers, _inv_powers
    if len(_powers) < n:
        size = max(n, 2 * len(_powers), 4096)
        with np.errstate(over="ignore"):
            p = np.full(size, _P, dtype=np.uint64)
            p[0] = 1
            q = np.full(size, _P_INV, dtype=np.uint64)
            q[0] = 1
            _powers = np.multiply.accumulate(p)
            _inv_powers = np.multiply.accumulate(q)
    return _powers, _inv_powers


def fmix64(h: np.ndarray) -> np.ndarray:
    """murmur3's 64-bit finaliser: spreads every input bit over the output."""
    h = h ^ (h >> _S33)
    h *= _M1
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33
    return h


def shingle_hashes(text: str, k: int = 5) -> np.ndarray:
    """The sorted, distinct 32-bit hashes of the ``k``-word shingles of ``text``
    (normalised first). A text of fewer than ``k`` words is one shingle; an empty text
    has none."""
    return shingles_of_normalised(normalised_bytes(text), k)


def shingles_of_normalised(data: np.ndarray, k: int = 5) -> np.ndarray:
    """``shingle_hashes`` of text already passed through ``normalised_bytes``."""
    n = len(data)
    if not n:
        return np.zeros(0, dtype=np.uint32)
    spaces = np.flatnonzero(data == 32)
    starts = np.concatenate(([0], spaces + 1))
    ends = np.concatenate((spaces, [n]))
    words = len(starts)
    if words <= k:
        s, e = starts[:1], ends[-1:]
    else:
        s, e = starts[: words - k + 1], ends[k - 1 :]
    return sorted_unique((_substring_hashes(data, s, e) >> _S32).astype(np.uint32))


def _substring_hashes(data: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """The mixed 64-bit hash of each substring ``data[s:e]`` (see the module docstring):
    prefix sums of ``byte[i] * P**i``, the difference over ``[s, e)`` times ``P**-s``,
    murmur3's finaliser. The value depends on the substring alone, not on where it lies."""
    n = len(data)
    powers, inv_powers = _ensure_powers(n + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(data.astype(np.uint64) * powers[:n], out=prefix[1:])
        return fmix64((prefix[e] - prefix[s]) * inv_powers[s])


def shingles_of_many(datas: list[np.ndarray], k: int = 5) -> list[np.ndarray]:
    """``shingles_of_normalised`` of each of ``datas``, computed for all of them at once.

    Why: on an article-sized text ``shingles_of_normalised`` is about 25 small numpy
    calls, and their fixed cost was most of its 40 us. Here the texts are concatenated
    and every step runs once over the whole batch: the substring hash does not depend on
    where the substring lies (it is divided by ``P**s``), so hashing a document's
    shingles inside the concatenation gives its own values. Each document's words are a
    contiguous range of the batch's word starts and ends; a shingle window never leaves
    its document. The sorted distinct values of each document come from one sort of
    ``document << 32 | hash``. The returned arrays are views of one array (read them,
    do not write them). Equal to one document at a time (property test)."""
    n_docs = len(datas)
    lengths = np.fromiter(map(len, datas), dtype=np.int64, count=n_docs)
    total = int(lengths.sum())
    if not total:
        return [np.zeros(0, dtype=np.uint32) for _ in datas]
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    data = np.concatenate(datas)
    # A normalised text has no space at either end: a word starts at the text's start
    # or after a space, and ends at a space or at the text's end.
    space = data == 32
    nonempty = lengths > 0
    is_start = np.empty(total, dtype=bool)
    is_start[0] = False
    is_start[1:] = space[:-1]
    is_start[offsets[:-1][nonempty]] = True
    starts = np.flatnonzero(is_start)
    is_end = np.zeros(total + 1, dtype=bool)
    is_end[:total] = space
    is_end[offsets[1:][nonempty]] = True
    ends = np.flatnonzero(is_end)
    bounds = np.searchsorted(np.flatnonzero(space), offsets)
    words = np.where(nonempty, np.diff(bounds) + 1, 0)  # words per document
    first_word = np.zeros(n_docs, dtype=np.int64)
    np.cumsum(words[:-1], out=first_word[1:])
    per_doc = np.where(words > k, words - k + 1, np.minimum(words, 1))  # shingles per document
    count = int(per_doc.sum())
    first_shingle = np.zeros(n_docs, dtype=np.int64)
    np.cumsum(per_doc[:-1], out=first_shingle[1:])
    window = np.arange(count, dtype=np.int64) + np.repeat(first_word - first_shingle, per_doc)
    last = np.minimum(window + (k - 1), np.repeat(first_word + words - 1, per_doc))
    h = _substring_hashes(data, starts[window], ends[last])
    keyed = (np.repeat(np.arange(n_docs, dtype=np.uint64), per_doc) << _S32) | (h >> _S32)
    keyed = sorted_unique(keyed)
    sizes = np.bincount((keyed >> _S32).astype(np.int64), minlength=n_docs)
    values = keyed.astype(np.uint32)  # the low 32 bits: the hashes
    return np.split(values, np.cumsum(sizes[:-1]))


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` for a 1-d array, without its overhead (sort in place, drop repeats)."""
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def word_count(text: str) -> int:
    """Words of the normalised text."""
    data = normalised_bytes(text)
    return int(np.count_nonzero(data == 32)) + 1 if len(data) else 0
