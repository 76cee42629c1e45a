"""Line-level cues for the parts of a news text that are not body: bylines and credit
lines, footers and prompts, related-link headings, headline-like lines, datelines.

Each test looks at one short line; long lines are rejected before any pattern runs, and
every pattern is anchored and free of nested quantifiers, so the cost is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CUE_LINE = 200

_BY_RE = re.compile(r"^(?:\(?(?:written|reported|posted|compiled|edited|story|text|words)\s+)?by\s+(?P<rest>.+)$", re.I)
_NAME_JOINERS = {
    "and", "&", "van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le",
    "al", "el", "bin", "ibn", "st.", "in", "for", "the", "of", "staff", "with",
}
_CREDIT_LABEL_RE = re.compile(
    r"^(?:editor|editors|edited by|source|sources|reporter|reporters|author|authors|writer|"
    r"correspondent|contributor|reporting|photo|photos|photograph|photographer|image|images|"
    r"credit|credits|contact|责任编辑|编辑|来源|记者|作者|通讯员|摄影)\s*[:：]\s*\S",
    re.I,
)
_CREDIT_PHRASE_RE = re.compile(
    r"^\(?(?:(?:additional\s+)?(?:reporting|writing|editing|research|translation)\s+by\s+[^()]{2,160}"
    r"|[A-Z][\w.&'’ -]{1,60}\s+contributed\s+to\s+this\s+(?:story|report|article)\.?"
    r"|(?:compiled|translated|written|edited)\s+by\s+[^()]{2,120})\)?\.?$",
    re.I,
)

_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)\s|copyright\b)|all rights reserved", re.I)
_PROMPT_RE = re.compile(
    r"^(?:"
    r"share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post))?(?:\s+(?:on|via|with)\s+[\w ,/+&]{2,60})?"
    r"|(?:tweet|pin|like)\s+(?:this|it|on\s+\w+)"
    r"|print(?:\s+(?:this|the))?(?:\s+(?:article|story|page|version))?"
    r"|printer[- ]friendly(?:\s+(?:version|page|format))?"
    r"|e-?mail(?:\s+(?:this|the))?(?:\s+(?:article|story|page))?(?:\s+to\s+a\s+friend)?"
    r"|(?:send|email|e-mail)\s+(?:this\s+)?(?:article\s+|story\s+)?to\s+a\s+friend"
    r"|save\s+(?:this\s+)?(?:article|story)"
    r"|(?:\d+\s+)?comments?(?:\s*\(\d+\))?|(?:post|add|leave|view|read)\s+(?:a\s+|your\s+|all\s+)?comments?"
    r"|follow\s+us\s+on\s+[\w ,&]{2,60}|click\s+here\b.{0,100}"
    r"|(?:subscribe|sign\s+up)\b.{0,100}|newsletter\b.{0,80}"
    r"|back\s+to\s+top|top\s+of\s+page|advertisement|sponsored(?:\s+content)?"
    r"|we\s+use\s+cookies\b.{0,160}|accept\s+(?:all\s+)?cookies"
    r")[\s.!:|»›>]*$",
    re.I,
)
_RELATED_HEADING_RE = re.compile(
    r"^(?:related(?:\s+(?:stories|articles|news|links|coverage|content|reading|posts))?"
    r"|more\s+(?:stories|news|on\s+this\s+story|from\s+[\w .]{2,40})|read\s+more|see\s+also"
    r"|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?"
    r"|also\s+read|further\s+reading|most\s+(?:read|popular|viewed)|top\s+stories|latest\s+news"
    r"|相关新闻|相关阅读|相关报道|延伸阅读)\s*[:：»›>-]*\s*$",
    re.I,
)
_LIST_ITEM_RE = re.compile(r"\s(?:v|vs\.?|-|–|—)\s|\t|\s{3,}")
_BULLET_RE = re.compile(r"^(?:[-*•·▪►»>]|\d{1,2}[.)])\s+")

#: The dateline opening a wire story. Applied to at most ``_DATELINE_WINDOW`` characters.
_DATELINE_WINDOW = 160
_DATELINE_RE = re.compile(
    r"^(?P<location>[A-Z][A-Z.'’-]*(?:[ -][A-Z][A-Z.'’-]*){0,4})"
    r"(?:,\s+(?P<region>[A-Z][a-zA-Z.]+(?:\s[A-Z][a-zA-Z.]+){0,2}))?"
    r"(?:,\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?))?"
    r"(?:\s*\((?P<agency>[A-Za-z][A-Za-z .&/-]{1,30})\))?"
    r"\s*(?P<sep>--|—|–|-|:)\s*"
)


@dataclass(frozen=True)
class DatelineMatch:
    location: str
    date: str | None
    agency: str | None
    end: int  # offset just after the separator and following spaces


def is_bullet(line: str) -> bool:
    return bool(_BULLET_RE.match(line))


def strip_bullet(line: str) -> str:
    return _BULLET_RE.sub("", line, count=1).strip()


def is_byline(line: str) -> bool:
    """``By Jane Doe``, ``Editor: Li Yan``, ``Source: Xinhua``, ``Reporting by ...``."""
    text = line.strip()
    if not text or len(text) > MAX_CUE_LINE:
        return False
    if _CREDIT_LABEL_RE.match(text) and len(text) <= 120:
        return True
    if _CREDIT_PHRASE_RE.match(text):
        return True
    m = _BY_RE.match(text)
    if not m or len(text) > 100:
        return False
    return _looks_like_names(m["rest"])


def _looks_like_names(rest: str) -> bool:
    """A byline's tail: a few capitalised name words, maybe ``, Staff Writer`` or ``| Agency``."""
    words = re.split(r"[\s,|/]+", rest.strip().rstrip("."))
    words = [w for w in words if w]
    if not words or len(words) > 14 or not words[0][:1].isupper():
        return False
    if rest.rstrip().endswith((".", "!", "?")) and not re.search(r"\b[A-Z]\.$", rest.rstrip()):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in _NAME_JOINERS or w[:1] in "(@")
    return capitalised >= max(1, round(0.8 * len(words)))


def is_footer(line: str) -> bool:
    """Copyright and rights lines, and share / print / e-mail / follow / cookie prompts."""
    text = line.strip()
    if not text or len(text) > MAX_CUE_LINE:
        return False
    if _COPYRIGHT_RE.search(text):
        return True
    return bool(_PROMPT_RE.match(text))


def is_related_heading(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= 60 and bool(_RELATED_HEADING_RE.match(text))


def is_headline_like(line: str) -> bool:
    """A line shaped like a linked headline: short, a few words, capitalised, no sentence end."""
    text = strip_bullet(line.strip())
    if not text or len(text) > 160:
        return False
    words = text.split()
    if len(words) < 4 or len(words) > 25:
        return False
    if text[-1] in ".,;:)" and not text.endswith("..."):
        return False
    # Items of content lists (results, fixtures, award winners) rather than headlines:
    # "Chelsea v Birmingham", "Animation - Brush Head", "Jane Doe (Show, BBC One)".
    if _LIST_ITEM_RE.search(text):
        return False
    first = text[0]
    return first.isupper() or first.isdigit() or first in "\"'‘“" or not first.isascii()


def match_dateline(paragraph: str) -> DatelineMatch | None:
    """The dateline at the start of ``paragraph``, if any.

    Accepted when the all-caps location is followed by a date, an agency in parentheses
    or a long dash; a bare ``WORD -`` is too often an acronym to count.
    """
    window = paragraph[:_DATELINE_WINDOW]
    m = _DATELINE_RE.match(window)
    if not m:
        return None
    location = m["location"].strip()
    letters = [c for c in location if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    date, agency, sep = m["date"], m["agency"], m["sep"]
    if not (date or agency or sep in ("--", "—", "–")):
        return None
    if sep == ":" and not (date and agency):
        return None
    rest = paragraph[m.end():]
    if not rest or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'‘“"):
        return None
    if m["region"]:
        location = f"{location}, {m['region']}"
    return DatelineMatch(location=location, date=date, agency=agency.strip() if agency else None, end=m.end())


# --- captions and page widgets (used by the boilerplate classifier) -------------------

_CAPTION_RE = re.compile(
    r"(?:^(?:photo|photos|picture|image|images|caption|file\s+photo|(?:photo|image)\s+(?:credit|courtesy))\s*[:：|]"
    r"|^(?:enlarge(?:\s+this\s+(?:image|photo))?|click\s+(?:on\s+)?(?:the\s+)?(?:photo|image|picture)s?\s+to\s+enlarge"
    r"|view\s+(?:larger|full[- ]size)\s+(?:image|photo|picture)|(?:photo|picture|image)\s+gallery"
    r"|(?:more|view|see)\s+(?:photos|pictures|images))[\s.!:|»›>]*$"
    r"|\((?:[A-Z][\w.&-]{0,20}\s?){0,3}(?:photo|photograph|picture|image)s?\s{0,3}(?:by|/|:)[^()]{0,80}\)$"
    r"|\b(?:AP|AFP|Reuters|Getty\s+Images|EPA|Xinhua|Bloomberg|PA)\s?(?:Photo|Images)?\s?/\s?[A-Z][^/]{1,60}$)",
    re.I,
)
_WIDGET_RE = re.compile(
    r"^(?:"
    r"rate\s+(?:this|the)\s+(?:article|story|post)|story\s+highlights|filed\s+under\b.{0,80}"
    r"|tags?\s*:.{0,120}|(?:text|font)(?:\s+size)?\s*:?(?:\s*[-+a-z\[\]]{1,12}){0,6}"
    r"|(?:bookmark|save|share)(?:\s+(?:it|this|with|at))?\s*:?(?:\s+[\w.]{1,20}){0,8}"
    r"|(?:digg|reddit|newsvine|stumbleupon|technorati|del\.icio\.us|delicious|facebook|furl)\b.{0,30}"
    r"|(?:post|add)\s+to\s+[\w.]{2,20}|ads\s+by\s+google|sponsored\s+links?|have\s+your\s+say\b.{0,40}"
    r"|(?:reprints?|permalink|disclaimer|what\s+(?:are|is)\s+(?:these|this)\??)"
    r"|(?:story\s+)?continues?\s+(?:below|on\s+next\s+page)|continued\s+on\b.{0,40}"
    r"|(?:watch|listen|play)\s+(?:the\s+)?(?:video|audio|podcast)\b.{0,60}"
    r"|(?:\d+\s+)?(?:reader\s+)?comments?\s*(?:\(\d+\)|:\s*\d+)?(?:\s*[|»]\s*.{0,40})?"
    r"|(?:log\s*in|sign\s+in|register)(?:\s*[|/]\s*\w+){0,4}|write\s+to\s+(?:the\s+)?editor"
    r"|(?:view|read)\s+(?:the\s+)?(?:full\s+)?(?:article|story)\s+on\s+(?:a\s+)?single\s+page|single\s+page"
    r"|(?:send|e-?mail)\s+(?:to\s+)?a\s+friend|e-?mail(?:ed)?\s+(?:this|article|story)\b.{0,30}"
    r"|(?:«|‹)?\s*(?:previous|prev|next)(?:\s+(?:page|article|story))?\s*(?:»|›)?"
    r"|return\s+to\s+(?:top|the\s+top)|(?:message|comment|name|e-?mail)\s*\((?:optional|required)\)"
    r"|\d+\s+of\s+\d+|page\s+\d+\s+of\s+\d+"
    r"|本文来源.{0,40}|点击.{0,20}|分享到.{0,40}|打印本页|关闭窗口|发表评论|网友评论.{0,20}|【[^】]{0,20}】"
    r")[\s.!:|»›>]*$",
    re.I,
)


def is_caption(line: str) -> bool:
    """A photo caption or credit: ``Photo: AFP``, ``... (AP Photo/Jane Doe)``,
    ``Click photo to enlarge``, ``View larger image``."""
    text = line.strip()
    return bool(text) and len(text) <= 300 and bool(_CAPTION_RE.search(text))


def is_widget(line: str) -> bool:
    """A page widget's label: ``Rate this article``, ``Tags: ...``, ``Digg this``,
    ``Comments (3)``, ``Next »``, ``Text size``, ``Story continues below``."""
    text = line.strip()
    return bool(text) and len(text) <= 140 and bool(_WIDGET_RE.match(text))
