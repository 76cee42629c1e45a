"""The measurable signals of one line, computed once and shared by every decision.

Each signal is cheap and linear in the line's length; lines longer than a few hundred
characters are prose whatever their content, so the word-level signals only look at the
first ``_WORD_WINDOW`` words.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from .. import cues
from ..dates import parse_timestamp_line
from .lang import _HAN_RE, WordLists

_WORD_WINDOW = 200
#: Characters the word and character counts look at: a line longer than this is prose.
_CHAR_WINDOW = 1200
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", ":", "。", "！", "？", "…", "」", "』", "：")
#: A sentence signed off by an agency: "... to deport him. - PTI", "... he said. (AFP)".
#: (``?`` stands for a dash lost in a wrong decoding.)
_SIGN_OFF_RE = re.compile(r"[.!?\"”’]\s{0,3}(?:[-–—?]{1,2}\s{0,3}[A-Z]{2,8}|\([A-Z]{2,8}\))$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*", re.UNICODE)
#: ``_WORD_RE`` for ASCII text (the same words; a third faster than the Unicode classes).
_ASCII_WORD_RE = re.compile(r"[A-Za-z]+(?:['.-][A-Za-z]+)*")
#: Characters that separate the items of a menu or a breadcrumb trail.
_SEPARATORS = frozenset("|»›>•·◊▪►◄«‹")
_DIGIT_RE = re.compile(r"\d")
_SEPARATOR_RE = re.compile("[" + re.escape("".join(sorted(_SEPARATORS))) + "]")
#: The marks of a list item: one character class (a fast scan, which finds most of them),
#: then the shapes needing a look around, searched only when it fails.
_LIST_CHARS_RE = re.compile(r"[,;()\[\]、，；（）：]")
#: (Three patterns, not one alternation: each alone lets the regex engine skip ahead.)
_COLON_RE = re.compile(r":\s")
_VERSUS_RE = re.compile(r"\s(?:v|vs\.?|-|–|—)\s")
_ITEM_START_RE = re.compile(r"\s*(?:[-*•·▪►]|\d{1,2}[.)])\s")


class LineFeatures(NamedTuple):
    """Signals of one line (a block the parser treats as one unit). A named tuple: one is
    built per line of every document, and a tuple is built several times faster than a
    frozen dataclass."""

    chars: int
    words: int
    stop_density: float
    ends_sentence: bool
    capitalised: float  # share of words starting with a capital letter
    cue_share: float  # share of the non-stop words that are page-furniture words (``home``, ``print``)
    separators: int  # menu separators (``|``, ``»``, ``/`` ...)
    digits: float  # share of alphanumeric characters that are digits
    bullet: bool
    listy: bool  # an item of a list or a row of a table: digits, commas, brackets, " v "
    cue: str | None  # the cue pattern the line matches as a whole, if any

    @property
    def sentence_like(self) -> bool:
        """Prose: ends like a sentence and carries function words."""
        return self.ends_sentence and self.words >= 5 and self.stop_density >= 0.15


def line_features(text: str, lists: WordLists) -> LineFeatures:
    text = text.strip()
    head = text[:_CHAR_WINDOW]
    stop = cue_words = capital = content_words = 0
    if lists.segmented:
        han = _HAN_RE.findall(head)
        words = max(1, len(han) // 2) if han else 0
        letters = len(han)
        stop = _segmented_stop_chars(head, lists) // 2 if han else 0
        cue_words = sum(1 for w in lists.cues if w in head)
        latin = _WORD_RE.findall(head)
        words += len(latin)
        letters += sum(map(len, latin))
    else:
        tokens = (_ASCII_WORD_RE if head.isascii() else _WORD_RE).findall(head)
        letters = sum(map(len, tokens))
        tokens = tokens[:_WORD_WINDOW]
        words = len(tokens)
        stop, cue_words, capital = token_counts(tokens, lists)
        content_words = words - stop
    # ASCII: ten counts are cheaper than a list of every digit (the same number).
    n_digits = sum(map(head.count, "0123456789")) if head.isascii() else len(_DIGIT_RE.findall(head))
    alnum = n_digits + letters
    digits = n_digits / alnum if alnum else 0.0
    return LineFeatures(
        chars=len(text),
        words=words,
        stop_density=min(1.0, stop / words) if words else 0.0,
        ends_sentence=text.endswith(_SENTENCE_END) or bool(_SIGN_OFF_RE.search(text[-24:])),
        capitalised=capital / words if words and not lists.segmented else 0.0,
        cue_share=min(1.0, cue_words / (words if lists.segmented else max(1, content_words))) if words else 0.0,
        separators=len(_SEPARATOR_RE.findall(head)),
        digits=digits,
        bullet=cues.is_bullet(text),
        listy=digits > 0 or _list_marks(head) or text.endswith((":", "：")),
        cue=line_cue(text),
    )


_STOP, _CUE, _CAPITAL = 1, 2, 4
#: Distinct words remembered per word list before the memory is emptied (bounded memory).
_TOKEN_MEMORY = 200_000


def token_counts(tokens: list[str], lists: WordLists) -> tuple[int, int, int]:
    """How many of ``tokens`` are stop words, cue words (not also stop words) and
    capitalised, compared in lower case.

    News vocabulary is small and repetitive, so each distinct word's three answers are
    remembered (``lists.token_flags``) and most lines are counted from memory, without a
    ``lower()`` or set look-up per word."""
    memory = lists.token_flags
    flags = list(map(memory.get, tokens))
    if None in flags:
        if len(memory) > _TOKEN_MEMORY:
            memory.clear()
        for i, (token, flag) in enumerate(zip(tokens, flags)):
            if flag is None:
                low = token.lower()
                flag = memory[token] = (
                    (_STOP if low in lists.stopwords else 0)
                    | (_CUE if low in lists.cues and low not in lists.stopwords else 0)
                    | (_CAPITAL if token[0].isupper() else 0)
                )
                flags[i] = flag
    stop = cue = capital = 0
    for flag, n in Counter(flags).items():
        if flag & _STOP:
            stop += n
        if flag & _CUE:
            cue += n
        if flag & _CAPITAL:
            capital += n
    return stop, cue, capital


def _list_marks(head: str) -> bool:
    return bool(
        _LIST_CHARS_RE.search(head) or _COLON_RE.search(head) or _VERSUS_RE.search(head) or _ITEM_START_RE.match(head)
    )


def _segmented_stop_chars(text: str, lists: WordLists) -> int:
    """How many characters of ``text`` belong to stop words (greedy longest match)."""
    n = len(text)
    i = covered = 0
    longest = lists.longest
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            if text[i : i + size] in lists.stopwords:
                covered += size
                i += size
                break
        else:
            i += 1
    return covered


def line_cue(text: str) -> str | None:
    """The role a line's own wording gives it, before any look at its neighbours."""
    if len(text) > cues.MAX_CUE_LINE:
        return "footer" if cues.is_footer(text) else None  # a long rights notice
    if text[:3].lower() == "by " and cues.is_byline(text):
        return "byline"  # "By Jane Doe, 30 December 2007": a byline with its date
    if parse_timestamp_line(text) is not None or cues.is_date_line(text):
        return "timestamp"
    if cues.is_footer(text):
        return "footer"
    if cues.is_caption(text):
        return "caption"
    if cues.is_byline(text):
        return "byline"
    if cues.is_related_heading(text):
        return "related_heading"
    if cues.is_widget(text):
        return "footer"
    return None
