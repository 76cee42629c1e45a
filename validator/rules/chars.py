"""Which characters outside ordinary ASCII a text holds: found once per text and shared
by the text rules that look for particular characters.

Five text rules look for characters outside ASCII (invisible characters, bidirectional
controls, unusual spaces, confusable letters, C1 controls) and one for ASCII control
characters. Each scanned the whole text with its own character-class pattern: 8 to 11 us
for a 2.5 KB article, five times over, although most texts hold none of those characters.
A text's distinct non-ASCII characters (usually a handful: accented letters, curly
quotes, dashes) tell each rule at once whether its scan can find anything, and they cost
one UTF-8 encoding and two byte translations, about 6 us. The rules still find, report
and fix their characters with their own patterns: the answer only lets them skip a
scan that would find nothing.
"""

from __future__ import annotations

from typing import NamedTuple

#: C0 control characters other than tab, line feed and carriage return, and DEL.
ASCII_CONTROLS = bytes(c for c in range(128) if (c < 32 and c not in (9, 10, 13)) or c == 127)
_ORDINARY = bytes(c for c in range(128) if c not in ASCII_CONTROLS)
_HIGH = bytes(range(128, 256))


class TextChars(NamedTuple):
    non_ascii: frozenset[str]  # the distinct characters above U+007F
    ascii_controls: bool  # whether the text holds any of ``ASCII_CONTROLS``


_last: tuple[str, TextChars] | None = None


def text_chars(text: str) -> TextChars:
    """The ``TextChars`` of ``text``. The text rules of one pass see the same text object
    one after the other, so the last answer is kept (it holds its text, so the identity
    test cannot meet a new string at a freed one's address)."""
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    if text.isascii():
        found = TextChars(frozenset(), bool(text.encode("ascii").translate(None, _ORDINARY)))
    else:
        # Deleting the ordinary ASCII bytes of the UTF-8 form leaves the control bytes and
        # whole multi-byte sequences (their bytes are all >= 0x80): one per other character.
        rest = text.encode("utf-8", "surrogatepass").translate(None, _ORDINARY)
        found = TextChars(
            frozenset(rest.translate(None, ASCII_CONTROLS).decode("utf-8", "surrogatepass")),
            bool(rest.translate(None, _HIGH)),
        )
    _last = (text, found)
    return found


def may_hold(text: str, chars: frozenset[str]) -> bool:
    """False when ``text`` holds none of ``chars`` (characters above U+007F)."""
    return not text.isascii() and not text_chars(text).non_ascii.isdisjoint(chars)
