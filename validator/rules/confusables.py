"""EN115: letters of another script that look like Latin letters, inside Latin words.

A Cyrillic ``а`` (U+0430) in ``Pаris`` looks exactly like a Latin ``a`` but is a different
character: the word no longer matches ``Paris`` in search, deduplication or a spelling
list. It comes from keyboards switched mid-word, OCR, and deliberate spoofing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..rule import Hit, NoOptions
from .chars import may_hold

#: Cyrillic and Greek letters and the Latin letter each is drawn like.
LOOKALIKES = {
    # Cyrillic
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0443": "y",
    "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u0455": "s", "\u0501": "d", "\u051b": "q",
    "\u051d": "w", "\u04bb": "h", "\u04cf": "l",
    "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K", "\u041c": "M", "\u041d": "H",
    "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T", "\u0425": "X", "\u0406": "I",
    "\u0408": "J", "\u0405": "S", "\u04ae": "Y",
    # Greek
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I",
    "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T",
    "\u03a5": "Y", "\u03a7": "X", "\u03bf": "o",
}
_LOOKALIKE_RE = re.compile("[" + "".join(LOOKALIKES) + "]")
_LOOKALIKE_CHARS = frozenset(LOOKALIKES)
#: A run of letters (any script), with apostrophes and hyphens not included.
_WORD_CHARS_MAX = 64


def _is_latin(ch: str) -> bool:
    if ch.isascii():
        return ch.isalpha()
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


def _word_at(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and pos - start < _WORD_CHARS_MAX and text[start - 1].isalpha():
        start -= 1
    end = pos + 1
    while end < len(text) and end - pos < _WORD_CHARS_MAX and text[end].isalpha():
        end += 1
    return start, end


def confusable_letters(text: str, options: NoOptions) -> Iterator[Hit]:
    """Cyrillic or Greek letters that look like Latin letters, inside Latin words.

    Why: ``Pаris`` with a Cyrillic ``а`` reads as Paris but matches nothing that spells
    Paris; such words defeat search, deduplication and spelling lists, and are a known
    spoofing trick. A word is flagged when its other letters are Latin, all its
    non-Latin letters have a Latin double, and Latin letters are the majority; Russian
    or Greek words (``Москва``, ``ΟΗΕ``) are never touched.

    Example: ``"Pаris"`` (U+0430) -> ``"Paris"``.
    Fix (safe): replace each look-alike letter by its Latin double.
    """
    if not may_hold(text, _LOOKALIKE_CHARS):
        return
    seen: set[int] = set()
    words = []
    for m in _LOOKALIKE_RE.finditer(text):
        if m.start() in seen:
            continue
        start, end = _word_at(text, m.start())
        word = text[start:end]
        seen.update(range(start, end))
        latin = sum(1 for ch in word if _is_latin(ch))
        foreign = [i for i, ch in enumerate(word) if not _is_latin(ch)]
        if latin == 0 or latin < len(foreign):
            continue
        if not all(word[i] in LOOKALIKES for i in foreign):
            continue
        words.append((start, end, word, [start + i for i in foreign]))
    if words:
        edits = tuple((p, p + 1, LOOKALIKES[text[p]]) for _, _, _, ps in words for p in ps)
        shown = [w for _, _, w, _ in words[:5]]
        chars = sorted({f"U+{ord(text[p]):04X} {unicodedata.name(text[p], '')}" for _, _, _, ps in words for p in ps})
        yield Hit(
            f"{len(words)} Latin word(s) with look-alike letters from another script ({', '.join(shown)})",
            start=words[0][0],
            end=words[0][1],
            fix_description="replace the look-alike letters by Latin letters",
            edits=edits,
            values={"count": len(words), "words": [w for _, _, w, _ in words[:20]], "characters": chars},
        )
