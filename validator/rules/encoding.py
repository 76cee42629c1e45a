"""EN rules on decoded text: characters that should not be in clean news text.

Decode-time facts (undecodable bytes, a file that is not UTF-8) are raised by
``validator.decode`` and documented here as ``input`` rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pydantic import Field

from ..rule import Hit, NoOptions, edits_hit
from .chars import text_chars

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
_C1_CONTROLS = frozenset(map(chr, range(0x80, 0xA0)))


def undecodable_bytes(*_args) -> Iterator[Hit]:
    """Bytes that could not be decoded in the file's encoding were replaced by U+FFFD.

    Why: the replaced bytes are lost text; usually the encoding was guessed wrong or
    the file is damaged. The finding gives the byte offsets (in ``values``) so the
    bytes can be inspected with a hex viewer.

    Fix: none (the original bytes cannot be recovered from the text); try ``--encoding``.
    """
    return iter(())


def not_utf8(*_args) -> Iterator[Hit]:
    """The file is not valid UTF-8; it was decoded as the encoding named in the message.

    Why: corpora should be UTF-8; a file in another charset was decoded by detection
    (chardet, with its confidence) and a low confidence means the text may be wrong.
    A file that is UTF-8 but for a few stray bytes (a lone latin-1 ``0xA3`` pound sign)
    is decoded as UTF-8 with each stray byte read as cp1252, at the byte offsets given.

    Fix: the cleaned output is always UTF-8; the record's ``encoding`` says how it was read.
    """
    return iter(())


def replacement_character(text: str, options: NoOptions) -> Iterator[Hit]:
    """The text contains U+FFFD REPLACEMENT CHARACTER (``\ufffd``).

    Why: a U+FFFD marks text already lost by an earlier decoding step; the original
    characters cannot be recovered, so the record is damaged.

    Fix: none; the finding points at the first occurrence and counts all.
    """
    first = text.find("\ufffd")
    if first >= 0:
        count = text.count("\ufffd")
        yield Hit(
            f"{count} U+FFFD replacement character(s): text was lost in an earlier decoding",
            start=first,
            end=first + 1,
            values={"count": count},
        )


def control_characters(text: str, options: NoOptions) -> Iterator[Hit]:
    """C0 control characters other than tab, line feed and carriage return, DEL, and C1
    control characters.

    Why: they are invisible, break tokenisers and terminals, and are never part of news
    prose (a NUL or ``\\x1b`` in text is a conversion error).

    Example: ``"Hello\\x07 world"``. Fix (safe): remove them.
    """
    found = text_chars(text)
    if not found.ascii_controls and found.non_ascii.isdisjoint(_C1_CONTROLS):
        return  # nothing the scan could find
    matches = list(_CONTROL_RE.finditer(text))
    if matches:
        codes = sorted({f"U+{ord(m.group()):04X}" for m in matches})
        yield edits_hit(
            f"{len(matches)} control character(s) ({', '.join(codes[:5])})",
            [(m.start(), m.end(), "") for m in matches],
            "remove the control characters",
            {"count": len(matches), "characters": codes},
        )


def not_nfc(text: str, options: NoOptions) -> Iterator[Hit]:
    """The text is not in Unicode Normalization Form C.

    Why: the same word in composed (``é``) and decomposed (``e`` + U+0301) form compares
    unequal, which defeats search, deduplication and tokenisation.

    Fix (safe): normalise each non-NFC run to NFC.
    """
    if unicodedata.is_normalized("NFC", text):
        return
    edits = []
    # Normalise line by line so each edit stays small and local.
    pos = 0
    for line in text.splitlines(keepends=True):
        if not unicodedata.is_normalized("NFC", line):
            edits.append((pos, pos + len(line), unicodedata.normalize("NFC", line)))
        pos += len(line)
    if edits:
        yield edits_hit(
            f"text is not NFC-normalised ({len(edits)} line(s))", edits, "normalise to NFC", {"lines": len(edits)}
        )


class LowConfidenceOptions(NoOptions):
    """Options of EN106."""

    min_confidence: float = Field(default=0.2, ge=0.0, le=1.0, description="report chardet guesses below this confidence")


def low_confidence_encoding(*_args) -> Iterator[Hit]:
    """The file's encoding was guessed by chardet with a low confidence.

    Why: on short or unusual text chardet's statistics say little, and a wrong guess turns
    the whole document into wrong characters (cp1251 read as MacCyrillic reads as Cyrillic
    but every word is wrong). The finding names the guess, its confidence and chardet's
    next candidates, so a user can check and force one with ``--encoding``.

    Example: a 40-byte cp1251 line, guessed as windows-1251 at 0.12 (next: MacCyrillic 0.11).

    Options: ``min-confidence`` (default 0.2): guesses below it are reported.
    Fix: none; pass ``--encoding`` when the guess is wrong.
    """
    return iter(())


def declared_encoding_mismatch(*_args) -> Iterator[Hit]:
    """An encoding declared for the document disagrees with its bytes.

    Why: a declaration is a claim, the bytes are the evidence. Three declarations are
    checked: an HTML/XML ``charset=`` / ``encoding=`` near the start of a text file, a
    JSONL record's ``encoding`` (or ``charset``) field, and ``--encoding``. When the bytes
    are valid UTF-8, or chardet reads them as something whose text differs from the
    declared encoding's, the declaration is wrong (or the file was re-encoded later) and
    the document was decoded by the bytes instead; a forced ``--encoding`` is still used
    but reported. A declaration that names a variant of the detected encoding (gb2312 for
    gb18030 text, shift_jis for cp932) is used when it decodes the bytes cleanly.

    Example: ``<meta charset="iso-8859-1">`` on a page whose bytes are valid UTF-8 with
    accented letters; a JSONL record with ``"encoding": "cp1252"`` whose text holds ``中``.

    Fix: none; correct the declaration, or drop ``--encoding``.
    """
    return iter(())
