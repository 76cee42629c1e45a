"""EN text-hygiene rules on decoded text: characters that are there but should not be, or
that display differently from what they are (invisible, bidi controls, odd spaces, line
endings). Each rule is one function over the text; offsets index that text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..rule import Hit, NoOptions, edits_hit
from .chars import may_hold

#: Always invisible, never needed in news prose.
_INVISIBLE = {
    "\u00ad": "SOFT HYPHEN",
    "\u034f": "COMBINING GRAPHEME JOINER",
    "\u115f": "HANGUL CHOSEONG FILLER",
    "\u1160": "HANGUL JUNGSEONG FILLER",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\u2061": "FUNCTION APPLICATION",
    "\u2062": "INVISIBLE TIMES",
    "\u2063": "INVISIBLE SEPARATOR",
    "\u2064": "INVISIBLE PLUS",
    "\u3164": "HANGUL FILLER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (BOM)",
    "\uffa0": "HALFWIDTH HANGUL FILLER",
    "\ufff9": "INTERLINEAR ANNOTATION ANCHOR",
    "\ufffa": "INTERLINEAR ANNOTATION SEPARATOR",
    "\ufffb": "INTERLINEAR ANNOTATION TERMINATOR",
}
#: Joiners are needed between letters of scripts that shape (Arabic, Indic) and inside
#: emoji sequences; between ASCII characters they are only noise.
_JOINERS = {"\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER"}
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + "".join(_JOINERS) + "]")
_INVISIBLE_CHARS = frozenset(_INVISIBLE) | frozenset(_JOINERS)

_BIDI = {
    "\u061c": "ARABIC LETTER MARK",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
_BIDI_RE = re.compile("[" + "".join(_BIDI) + "]")
_BIDI_CHARS = frozenset(_BIDI)
#: Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, presentation forms).
_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

_SPACES = {
    "\u00a0": "NO-BREAK SPACE",
    "\u1680": "OGHAM SPACE MARK",
    "\u2000": "EN QUAD",
    "\u2001": "EM QUAD",
    "\u2002": "EN SPACE",
    "\u2003": "EM SPACE",
    "\u2004": "THREE-PER-EM SPACE",
    "\u2005": "FOUR-PER-EM SPACE",
    "\u2006": "SIX-PER-EM SPACE",
    "\u2007": "FIGURE SPACE",
    "\u2008": "PUNCTUATION SPACE",
    "\u2009": "THIN SPACE",
    "\u200a": "HAIR SPACE",
    "\u202f": "NARROW NO-BREAK SPACE",
    "\u205f": "MEDIUM MATHEMATICAL SPACE",
    "\u3000": "IDEOGRAPHIC SPACE",
}
_SPACES_RE = re.compile("[" + "".join(_SPACES) + "]")
_SPACE_CHARS = frozenset(_SPACES)
#: CJK text (ideographs, kana, hangul, CJK punctuation, full-width forms) uses U+3000 as
#: its own space.
_CJK_RE = re.compile("[\u2e80-\u2fff\u3001-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _summary(chars: list[str], names: dict[str, str]) -> list[str]:
    return sorted({f"U+{ord(c):04X} {names.get(c, '')}".strip() for c in chars})


def _script_sides(text: str, joiners: list[int], step: int) -> dict[int, bool]:
    """For each joiner position, whether the nearest character on one side (``step``
    -1: before it, 1: after it) is a non-ASCII letter or symbol, the context a joiner is
    needed in. Other format and control characters are looked through (their own rules
    remove them, and the verdict must not change once they are gone); white space and
    the text's edge end the look. A look that reaches the previous joiner takes that
    joiner's answer, so a run of joiners costs linear time, not quadratic."""
    out: dict[int, bool] = {}
    last, last_answer = -1, False
    for p in joiners if step < 0 else reversed(joiners):
        i = p + step
        answer = False
        while 0 <= i < len(text):
            if i == last:
                answer = last_answer
                break
            ch = text[i]
            if ch.isspace():
                break
            if unicodedata.category(ch) not in ("Cf", "Cc"):
                answer = not ch.isascii()
                break
            i += step
        out[p] = answer
        last, last_answer = p, answer
    return out


def invisible_characters(text: str, options: NoOptions) -> Iterator[Hit]:
    """Zero-width and other invisible characters (U+200B ZERO WIDTH SPACE, U+2060 WORD
    JOINER, U+FEFF inside text, U+00AD SOFT HYPHEN, Hangul fillers, ...).

    Why: they are invisible on screen but split or glue words for every program:
    ``"co\\u200bvid"`` does not match ``"covid"`` in search or deduplication, and they
    are a common way to smuggle hidden text. ZERO WIDTH (NON-)JOINER is flagged only
    when neither neighbour is a non-ASCII letter or symbol (white space, the text's edge
    and ASCII are not; other invisible and control characters are looked through): in
    Arabic, Indic scripts and emoji sequences it is needed.

    Example: ``"Prime\\u200b Minister"``. Fix (safe): remove them.
    """
    if not may_hold(text, _INVISIBLE_CHARS):
        return  # (all its characters are outside ASCII: an ASCII text is skipped at once)
    matches = list(_INVISIBLE_RE.finditer(text))
    joiners = [m.start() for m in matches if m.group() in _JOINERS]
    before = _script_sides(text, joiners, -1) if joiners else {}
    after = _script_sides(text, joiners, 1) if joiners else {}
    found = [m for m in matches if not (m.group() in _JOINERS and (before[m.start()] or after[m.start()]))]
    if found:
        chars = _summary([m.group() for m in found], {**_INVISIBLE, **_JOINERS})
        yield edits_hit(
            f"{len(found)} invisible character(s) ({', '.join(chars[:3])})",
            [(m.start(), m.end(), "") for m in found],
            "remove the invisible characters",
            {"count": len(found), "characters": chars},
        )


def bidi_controls(text: str, options: NoOptions) -> Iterator[Hit]:
    """Bidirectional control characters (U+202A-U+202E embeddings and overrides, U+2066-
    U+2069 isolates, U+200E/U+200F/U+061C marks).

    Why: they change the order in which text is displayed without changing what it is, so
    what a reader sees differs from what a program reads (the "Trojan Source" trick); in
    text copied from web pages they are usually leftovers of right-to-left layout.

    Example: ``"price \\u202e001$"`` displays as ``price $100``.
    Fix: remove them; safe when the text has no right-to-left letters (then they cannot be
    needed), unsafe in Hebrew or Arabic text, where marks may be deliberate.
    """
    if not may_hold(text, _BIDI_CHARS):
        return  # (all its characters are outside ASCII: an ASCII text is skipped at once)
    matches = list(_BIDI_RE.finditer(text))
    if not matches:
        return
    rtl = _RTL_RE.search(text) is not None
    chars = _summary([m.group() for m in matches], _BIDI)
    yield edits_hit(
        f"{len(matches)} bidirectional control character(s) ({', '.join(chars[:3])})",
        [(m.start(), m.end(), "") for m in matches],
        "remove the bidirectional control characters",
        {"count": len(matches), "characters": chars, "right_to_left_text": rtl},
        safe=not rtl,
    )


def line_endings(text: str, options: NoOptions) -> Iterator[Hit]:
    """Carriage returns as line ends: bare CR (old Mac) or a mix of CRLF and LF.

    Why: a bare CR is not a line break for most tools (the lines run together or
    overwrite each other in a terminal), and mixed endings mean the text was pasted
    together from different sources; both shift line numbers between tools. A file that
    uses CRLF throughout is a Windows file, not a defect, and is not flagged.

    Example: ``"Title\\r\\nFirst line.\\nSecond line.\\rThird."``.
    Fix (safe): make every line end a single LF.
    """
    if "\r" not in text:
        return
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if cr == 0 and lf == 0:
        return
    edits = []
    i = text.find("\r")
    while i >= 0:
        if i + 1 < len(text) and text[i + 1] == "\n":
            edits.append((i, i + 1, ""))
        else:
            edits.append((i, i + 1, "\n"))
        i = text.find("\r", i + 1)
    kinds = ", ".join(f"{n} {k}" for n, k in ((crlf, "CRLF"), (cr, "bare CR"), (lf, "LF")) if n)
    first = next(i for i, (s, _, r) in enumerate(edits) if r == "\n") if cr else 0
    yield Hit(
        ("bare CR line endings" if cr and not (crlf or lf) else "mixed line endings") + f" ({kinds})",
        start=edits[first][0],
        end=edits[first][0] + 1,
        fix_description="end every line with LF",
        edits=tuple(edits),
        values={"crlf": crlf, "cr": cr, "lf": lf},
    )


def unusual_spaces(text: str, options: NoOptions) -> Iterator[Hit]:
    """Non-breaking and other unusual spaces (U+00A0 NO-BREAK SPACE, U+2000-U+200A, U+202F,
    U+205F, U+1680, and U+3000 outside CJK text).

    Why: they look like spaces but are not to tokenisers, regular expressions and
    search (``"10\\u00a0km"`` does not match ``"10 km"``); in scraped text they are
    leftovers of ``&nbsp;`` layout. U+3000 IDEOGRAPHIC SPACE in a text with CJK characters
    is that script's own space and is left alone.

    Example: ``"Gordon\\u00a0Brown"``. Fix (safe): replace each with a plain space.
    """
    if not may_hold(text, _SPACE_CHARS):
        return  # (all its characters are outside ASCII: an ASCII text is skipped at once)
    cjk = None
    found = []
    for m in _SPACES_RE.finditer(text):
        if m.group() == "\u3000":
            if cjk is None:
                cjk = _CJK_RE.search(text) is not None
            if cjk:
                continue
        found.append(m)
    if found:
        chars = _summary([m.group() for m in found], _SPACES)
        yield edits_hit(
            f"{len(found)} unusual space(s) ({', '.join(chars[:3])})",
            [(m.start(), m.end(), " ") for m in found],
            "replace with a plain space",
            {"count": len(found), "characters": chars},
        )
