"""The measurable signals of one line, computed once and shared by every decision.

Each signal is cheap and linear in the line's length; lines longer than a few hundred
characters are prose whatever their content, so the word-level signals only look at the
first ``_WORD_WINDOW`` words.
"""

from __future__ import annotations

import re
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
    if not lists.segmented:
        words, letters, n_digits, stop, cue_words, capital = _token_counts(head, lists)
        return _features(text, head, words, letters, n_digits, stop, capital, cue_words / max(1, words - stop))
    # Chinese and other unsegmented text: words are pairs of Han characters (plus any
    # Latin words), stop words are matched greedily, cue words by substring; no capitals.
    han = _HAN_RE.findall(head)
    latin = _WORD_RE.findall(head)
    words = (max(1, len(han) // 2) if han else 0) + len(latin)
    stop = _segmented_stop_chars(head, lists) // 2 if han else 0
    cue_words = sum(1 for w in lists.cues if w in head)
    letters = len(han) + sum(map(len, latin))
    return _features(text, head, words, letters, len(_DIGIT_RE.findall(head)), stop, 0, cue_words / words if words else 0.0)


def _features(text: str, head: str, words: int, letters: int, n_digits: int, stop: int, capital: int,
              cue_share: float) -> LineFeatures:
    """The ``LineFeatures`` of a line from its word counts (however its language counts
    words) and the tests on its characters, which are the same for every language."""
    alnum = n_digits + letters
    digits = n_digits / alnum if alnum else 0.0
    if head.isascii():  # the ASCII separators are "|" and ">": two counts, no regex scan
        separators = head.count("|") + head.count(">")
    else:
        separators = len(_SEPARATOR_RE.findall(head))
    return LineFeatures(
        len(text),
        words,
        min(1.0, stop / words) if words else 0.0,
        text.endswith(_SENTENCE_END) or bool(_SIGN_OFF_RE.search(text[-24:])),
        capital / words if words else 0.0,
        min(1.0, cue_share) if words else 0.0,
        separators,
        digits,
        cues.is_bullet(text),
        digits > 0 or _list_marks(head) or text.endswith((":", "：")),
        line_cue(text),
    )


#: Distinct tokens remembered per word list before the memory is emptied (bounded memory).
_TOKEN_MEMORY = 200_000
#: A token's six counts packed into one int, so that a line's counts are one C-level
#: ``sum``. Field widths hold a whole ``_CHAR_WINDOW`` line (at most 1,200 letters or
#: digits, 600 words), so sums never carry into the next field, and the packed sum stays
#: below 2**62 (a machine integer).
_LETTERS, _DIGITS, _STOPS, _CUES, _CAPITALS, _WORDS = 0, 11, 22, 32, 42, 52
_WIDE, _NARROW = (1 << 11) - 1, (1 << 10) - 1


class TokenMemo(dict):
    """Whitespace-separated token -> its packed counts (words, letters, digits, stop
    words, cue words, capitalised words), computed on first sight.

    News vocabulary is small and repetitive, so most lines are counted from memory: one
    ``str.split`` and one dict look-up per token, instead of a regex scan and a look-up
    per word. Splitting on white space first gives the same words as scanning the whole
    line: a word never holds white space, and the word patterns look at nothing before a
    match."""

    def __init__(self, lists: WordLists) -> None:
        super().__init__()
        self.stopwords = lists.stopwords
        self.cues = lists.cues

    def __missing__(self, token: str) -> int:
        if len(self) >= _TOKEN_MEMORY:
            self.clear()
        words = (_ASCII_WORD_RE if token.isascii() else _WORD_RE).findall(token)
        stop, cue, capital = _word_counts(words, self.stopwords, self.cues)
        value = self[token] = (
            sum(map(len, words)) << _LETTERS | len(_DIGIT_RE.findall(token)) << _DIGITS | stop << _STOPS
            | cue << _CUES | capital << _CAPITALS | len(words) << _WORDS
        )
        return value


def _word_counts(words: list[str], stopwords: frozenset[str], cue_words: frozenset[str]) -> tuple[int, int, int]:
    """How many of ``words`` are stop words, cue words (not also stop words) and
    capitalised, compared in lower case."""
    stop = cue = capital = 0
    for word in words:
        low = word.lower()
        if low in stopwords:
            stop += 1
        elif low in cue_words:
            cue += 1
        if word[0].isupper():
            capital += 1
    return stop, cue, capital


def _token_counts(head: str, lists: WordLists) -> tuple[int, int, int, int, int, int]:
    """``(words, letters, digits, stop words, cue words, capitalised words)`` of a
    non-segmented line; stop, cue and capital counts look at the first ``_WORD_WINDOW``
    words. From the token memory, unless the line has more words than the window."""
    memo = lists.token_memo
    if type(memo) is not TokenMemo:  # first use of these lists
        memo = TokenMemo(lists)
        object.__setattr__(lists, "token_memo", memo)
    packed = sum(map(memo.__getitem__, head.split()))
    words = packed >> _WORDS
    if words > _WORD_WINDOW:
        return _regex_counts(head, lists)
    return (
        words, packed >> _LETTERS & _WIDE, packed >> _DIGITS & _WIDE,
        packed >> _STOPS & _NARROW, packed >> _CUES & _NARROW, packed >> _CAPITALS & _NARROW,
    )


def _regex_counts(head: str, lists: WordLists) -> tuple[int, int, int, int, int, int]:
    """``_token_counts`` without the memory: the words of the whole line by one regex
    scan (what the memory must equal; used for lines longer than the word window)."""
    tokens = (_ASCII_WORD_RE if head.isascii() else _WORD_RE).findall(head)
    letters = sum(map(len, tokens))
    tokens = tokens[:_WORD_WINDOW]
    n_digits = sum(map(head.count, "0123456789")) if head.isascii() else len(_DIGIT_RE.findall(head))
    return (len(tokens), letters, n_digits, *_word_counts(tokens, lists.stopwords, lists.cues))


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
