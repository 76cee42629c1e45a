"""Per-language word lists for the boilerplate classifier, and a script-based fallback
when the article's language is unknown.

Each language ``xx`` ships two files in ``validator/data/``:

- ``stopwords_xx.txt``: function words. Prose is dense in them, navigation, headlines and
  captions are not (the signal jusText uses).
- ``cues_xx.txt``: page-furniture words (``home``, ``print``, ``share``, ``首页``): a short
  line made only of these is navigation or a widget.

To add a language: add both files (one entry per line, ``#`` comments), add its code to
``LANGUAGES`` and, when its script is not Latin, to ``_SCRIPT_LANGUAGE``; set
``SEGMENTED`` when it is written without spaces (density is then counted on characters).
Lists are read once from the package (no download) and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

LANGUAGES = ("en", "zh")
DEFAULT = "en"
#: Languages written without spaces between words: densities are counted on characters.
SEGMENTED = frozenset({"zh"})


@dataclass(frozen=True)
class WordLists:
    language: str
    stopwords: frozenset[str]
    cues: frozenset[str]
    #: Longest stop word, for matching unsegmented text.
    longest: int
    #: The counts of each whitespace-separated token already seen (``features.TokenMemo``,
    #: set up on first use): a cache, not part of the lists' identity.
    token_memo: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def segmented(self) -> bool:
        return self.language in SEGMENTED


def _read(name: str) -> list[str]:
    text = files("validator").joinpath("data", name).read_text(encoding="utf-8")
    return [w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")]


@lru_cache(maxsize=None)
def word_lists(language: str | None) -> WordLists:
    """The lists for ``language`` (a code such as ``en`` or ``zh-Hans``); English when the
    language has no lists."""
    code = (language or DEFAULT).split("-")[0].split("_")[0].lower()
    if code not in LANGUAGES:
        code = DEFAULT
    stop = frozenset(_read(f"stopwords_{code}.txt"))
    cues = frozenset(_read(f"cues_{code}.txt"))
    return WordLists(code, stop, cues, max((len(w) for w in stop), default=1))


_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def detect_script_language(text: str, sample: int = 1000) -> str:
    """``zh`` when most letters of the first ``sample`` characters are Han characters,
    else ``en``: a fallback for when no language detector has set ``article.language``."""
    head = text[:sample]
    if head.isascii():
        return DEFAULT  # no Han characters in ASCII
    han = len(_HAN_RE.findall(head))
    if not han:
        return DEFAULT  # the letter count (the dearer scan) cannot matter
    letters = len(_LETTER_RE.findall(head))
    return "zh" if letters and han * 2 > letters else DEFAULT
