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
    r"credit|credits|contact|contributed by|written by|posted by|filed by|article from|story from|location|"
    r"责任编辑|编辑|来源|记者|作者|通讯员|摄影)\s*[:：]\s*\S",
    re.I,
)
#: A contributor note at the end of a wire story: "(Reporting by Jane Doe; Editing by John
#: Roe)", "Xinhua contributed to this story". Credit, not story; but many annotated corpora
#: (L3S-GN1 among them) count it as part of the article text, hence BP104's option.
_CREDIT_NOTE_RE = re.compile(
    r"^\(?(?:(?:additional\s+)?(?:reporting|writing|editing|research|translation)\s+by\s+[^()]{2,160}"
    r"|[A-Z][\w.&'’, -]{1,120}\s+contributed(?:\s+reporting|\s+to\s+this\s+(?:story|report|article))(?:\s+from\s+[\w ,.]{2,60})?\.?)\)?\.?$",
    re.I,
)
_CREDIT_PHRASE_RE = re.compile(
    r"^\(?(?:(?:additional\s+)?(?:reporting|writing|editing|research|translation)\s+by\s+[^()]{2,160}"
    r"|[A-Z][\w.&'’, -]{1,120}\s+contributed(?:\s+reporting|\s+to\s+this\s+(?:story|report|article))(?:\s+from\s+[\w ,.]{2,60})?\.?"
    r"|(?:brought\s+to\s+you|hosted|powered|provided)\s+by\b.{0,60}"
    r"|(?:compiled|translated|written|edited|contributed)\s+by\s+[^()]{2,120})\)?\.?$",
    re.I,
)

_MONTH_NAMES = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_DATE_TAIL_RE = re.compile(
    r"\s*[,;|?–—-]?\s*(?:\d|" + _MONTH_NAMES + r"\s+\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|(?:on|at|updated|posted|published)\b)",
    re.I,
)
#: A date or time that makes a short line a date line: a year, a clock time or "ago".
_DATE_SIGNAL_RE = re.compile(
    _MONTH_NAMES + r"[\s,]{1,3}(?:\d{1,2}(?:st|nd|rd|th)?[\s,]{1,3})?(?:19|20)\d{2}\b"
    r"|(?<![\d.-])\d{1,4}([/.-])\d{1,2}\1\d{2,4}(?![\d/.-])|\b(?:19|20)\d{6}\b|\b\d{1,2}:\d{2}\b"
    r"|\b\d+\s+(?:hours?|minutes?|mins?|days?|weeks?)\s+ago\b", re.I
)
_DATE_TOKEN_RE = re.compile(
    r"\d+(?:st|nd|rd|th)?|" + _MONTH_NAMES + r"|(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?"
    r"|updated?|last|published|posted|launched|released?|date|time|created|modified|filed|first|on|at|ago|hours?"
    r"|minutes?|mins?|days?|weeks?|[ap]\.?m\.?|hrs?|[a-z]{2,4}t|utc|gmt|ist|et|ct|pt|local|article|story|of|the|by",
    re.I,
)
_TOKEN_RE = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?", re.UNICODE)

_COPYRIGHT_RE = re.compile(
    r"^\(?(?:©|\(c\)\s|copyright\b|disclaimer\s*:)|all rights reserved|may not be (?:re)?(?:published|reproduced|broadcast)|版权所有|版權所有|未经授权", re.I
)
#: A credit that names a role, not a person: "Special Correspondent", "Staff and agencies".
_ROLE_CREDIT_RE = re.compile(
    r"^(?:by\s+)?(?:our\s+|the\s+)?(?:(?-i:[A-Z])[\w.&'’-]*\s){0,3}(?:special\s+|staff\s+|chief\s+|senior\s+|political\s+|foreign\s+|sports?\s+)?"
    r"(?:correspondents?|staff(?:\s+(?:writers?|reporters?))?|writers?|reporters?|agencies|wire\s+services?|news\s+services?|news\s+desk|"
    r"staff\s+and\s+agencies|wire\s+reports?)\.?$",
    re.I,
)
_COPYRIGHT_START_RE = re.compile(r"^\(?(?:©|\(c\)\s|copyright\b|disclaimer\s*:)", re.I)
_RIGHTS_MARK_RE = re.compile(r"copyright|©|all\s+rights|版权", re.I)
_COMMENTS_MARK_RE = re.compile(r"comment|discuss|your\s+say|feedback|评论", re.I)
#: A line that is only a news agency, maybe after a dash or a location: ``- AFP``.
_AGENCY_LINE_RE = re.compile(
    r"^(?:[-–—]\s*)?(?:[A-Z][A-Z. ]{1,30}\s)?\(?(?:AP|AFP|Reuters|Xinhua|PA|AAP|NZPA|UPI|Bloomberg|DPA|IANS|PTI|ANI|"
    r"Associated Press|Agence France[- ]Presse|Press Association|Canadian Press|The Associated Press|"
    r"Press Trust of India|United News of India|Asian News International|Kyodo(?: News)?|Yonhap|ANSA|EFE|Interfax|"
    r"Itar-Tass|Bernama|Canwest News Service|McClatchy(?:-Tribune)?(?: News Service)?|新华社|中新社)\)?\.?$",
    re.I,
)
#: A name and a role or an outlet: "MARK SMITH, Deputy Business Editor", "Jane Doe, The
#: Associated Press", "Murray McCormick, Canwest News Service".
_NAME_ROLE_RE = re.compile(
    r"^(?-i:[A-Z][\w.'’-]+)(?:\s(?-i:[A-Z])[\w.'’-]+){1,3},\s+(?:[\w.&'’-]+\s){0,5}"
    r"(?:editor|publisher|writer|correspondent|reporter|columnist|press|news(?:\s+service)?|staff|agency|"
    r"bureau|service|times|post|herald|journal|telegraph|guardian|australia|online)\b[\w.&'’;, -]{0,60}$",
    re.I,
)
#: An author's bio or contact line: ``Jane Doe is a writer based in Paris.``
_BIO_RE = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s){1,3}(?:is|was)\s+an?\s+(?:[\w-]+\s){0,5}"
    r"(?:writer|reporter|correspondent|columnist|journalist|contributor|blogger|freelancer)\b"
)
_CONTACT_RE = re.compile(
    r"\b(?:can|may)\s+be\s+(?:reached|contacted|e-?mailed)\s+at\b|\be-?mail\s+(?:him|her|the\s+(?:author|writer|reporter))\s+at\b"
    r"|^to\s+contact\s+the\s+(?:reporter|writer|editor|author)s?\b",
    re.I,
)
_EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}")
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
#: ``?`` is a bullet that lost its character in a wrong decoding (``• `` read as Latin-1).
_BULLET_RE = re.compile(r"^(?:[-*•·▪►»>?]|\d{1,2}[.)])\s+")

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


_DIGIT_RE = re.compile(r"\d")
#: What ``_CONTACT_RE`` and ``_COPYRIGHT_RE`` cannot match without (lower-case ASCII).
_CONTACT_WORDS = ("reach", "contact", "mail")
_COPYRIGHT_WORDS = ("(c)", "copyright", "disclaimer", "all rights reserved", "may not be")


#: What ``_CREDIT_PHRASE_RE`` cannot match without (every branch has one).
_CREDIT_PHRASE_WORDS = ("by", "contributed")
#: The last word of each agency ``_AGENCY_LINE_RE`` ends with (lower-case).
_AGENCY_LAST_WORDS = tuple(sorted({
    "ap", "afp", "reuters", "xinhua", "pa", "aap", "nzpa", "upi", "bloomberg", "dpa", "ians", "pti", "ani",
    "press", "presse", "association", "india", "international", "kyodo", "news", "yonhap", "ansa", "efe",
    "interfax", "itar-tass", "bernama", "service", "mcclatchy", "mcclatchy-tribune",
}))


def _may_end_with_agency(text: str) -> bool:
    """False when an ASCII ``text`` cannot be an agency line: ``_AGENCY_LINE_RE`` ends
    with an agency's name, then at most ``)`` and ``.``. Anchored matches that fail
    late are dear (the optional prefix is tried at every length); most lines end with
    no agency name at all. Non-ASCII text always goes to the regex."""
    if not text.isascii():
        return True
    low = text.lower()
    if low.endswith("."):
        low = low[:-1]
    if low.endswith(")"):
        low = low[:-1]
    return low.endswith(_AGENCY_LAST_WORDS)


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False when an ASCII ``text`` holds none of ``words`` in any case, so a
    case-insensitive pattern that needs one of them cannot match and is not run: most
    lines are prose, and a failed search over the whole line is the dearest test here.
    Non-ASCII text is always searched (Unicode case folding is left to the regex)."""
    if not text.isascii():
        return True
    low = text.lower()
    for word in words:  # (a loop, not any() over a generator: this runs for most lines)
        if word in low:
            return True
    return False


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
    if (
        (_may_hold(text, _CREDIT_PHRASE_WORDS) and _CREDIT_PHRASE_RE.match(text))
        or (_may_end_with_agency(text) and _AGENCY_LINE_RE.match(text))
        or (len(text) <= 60 and _ROLE_CREDIT_RE.match(text))
    ):
        return True
    if len(text) <= 100 and _NAME_ROLE_RE.match(text):
        return True
    if len(text) <= 250 and (_BIO_RE.match(text) or (_may_hold(text, _CONTACT_WORDS) and _CONTACT_RE.search(text))):
        return True
    if len(text) <= 80 and "@" in text and _EMAIL_RE.search(text) and len(text.split()) <= 6:
        return True
    m = _BY_RE.match(text)
    if not m or len(text) > 120:
        return False
    rest = m["rest"]
    # "By Jane Doe, 30 December 2007 | 12:11 PM": judge the names before the date.
    cut = _DATE_TAIL_RE.search(rest)
    if cut is not None and cut.start() > 0:
        rest = rest[: cut.start()]
    return _looks_like_names(rest)


def is_credit_note(line: str) -> bool:
    """A contributor note: ``(Reporting by Jane Doe; Editing by John Roe)``,
    ``Xinhua contributed to this story.`` (a kind of byline, see ``is_byline``)."""
    text = line.strip()
    return bool(text) and len(text) <= MAX_CUE_LINE and bool(_CREDIT_NOTE_RE.match(text))


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
    if not text:
        return False
    if len(text) > MAX_CUE_LINE:
        # A long rights notice still starts like one: "Copyright © 2008 AFP. All rights ..."
        return len(text) <= 2 * MAX_CUE_LINE and bool(_COPYRIGHT_START_RE.match(text))
    if _may_hold(text, _COPYRIGHT_WORDS) and _COPYRIGHT_RE.search(text):
        return True
    return bool(_PROMPT_RE.match(text))


def end_mark(line: str) -> str | None:
    """``rights`` for a rights notice (the article never goes on after one), ``comments``
    for a comments or feedback prompt (readers' comments follow; but a "send us your
    comments" box may also stand inside an article), else None. Call it on cue lines."""
    text = line.strip()[:120]
    if not text:
        return None
    if _RIGHTS_MARK_RE.search(text):
        return "rights"
    if _COMMENTS_MARK_RE.search(text):
        return "comments"
    return None


def is_related_heading(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= 60 and bool(_RELATED_HEADING_RE.match(text))


def is_headline_like(line: str, min_words: int = 4) -> bool:
    """A line shaped like a linked headline: short, a few words, capitalised, no sentence end."""
    text = strip_bullet(line.strip())
    if not text or len(text) > 160:
        return False
    words = text.split()
    if len(words) < min_words or len(words) > 25:
        return False
    if text[-1] in ".,;:)" and not text.endswith("..."):
        return False
    if len(text) >= 2 and text[-1] in "\"”’'" and text[-2] in ".,!?":
        return False  # a quoted sentence: 'he said: "We will."'
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


def extend_dateline(paragraph: str, m: DatelineMatch, limit: int = 3) -> DatelineMatch:
    """Swallow datelines repeated right after the first (``LONDON -- PARIS -- ...``), so
    that removing the dateline never uncovers another one."""
    for _ in range(limit):
        nxt = match_dateline(paragraph[m.end :])
        if nxt is None:
            break
        m = DatelineMatch(location=m.location, date=m.date, agency=m.agency, end=m.end + nxt.end)
    return m


# --- captions and page widgets (used by the boilerplate classifier) -------------------

#: Captions recognised by how they start (matched at the start of the line).
_CAPTION_START_RE = re.compile(
    r"(?:photo|photos|picture|image|images|caption|file\s+photo|(?:photo|image)\s+(?:credit|courtesy))\s*[:：|]"
    r"|(?:enlarge(?:\s+this\s+(?:image|photo))?|click\s+(?:on\s+)?(?:the\s+)?(?:photo|image|picture)s?\s+to\s+enlarge"
    r"|view\s+(?:larger|full[- ]size)\s+(?:image|photo|picture)|(?:photo|picture|image)\s+gallery"
    r"|(?:more|view|see)\s+(?:photos|pictures|images))[\s.!:|»›>]*$",
    re.I,
)
#: Captions recognised by a credit anywhere in the line; each form holds "(", "/" or "©"
#: (``_CAPTION_MARKS``), so a line without them is not searched.
_CAPTION_CREDIT_RE = re.compile(
    r"\((?:[A-Z][\w.&-]{0,20}\s?){0,3}(?:photo|photograph|picture|image)s?\s{0,3}(?:by|/|:)[^()]{0,80}\)$"
    r"|\b(?:AP|AFP|Reuters|Getty\s+Images|EPA|Xinhua|Bloomberg|PA)\s?(?:Photo|Images)?\s?/\s?[A-Z][^/]{1,60}$"
    r"|\b(?:photo|picture|image)\s?/\s?(?:[A-Z][\w.&'’-]*\s?){1,4}$"
    r"|\((?:center|centre|left|right|l|r|front|second\s+(?:from\s+)?(?:left|right)|third\s+from\s+(?:left|right))\)"
    r"|\((?:[\w.-]{1,20}\s)?(?:photo|file\s+photo|photograph|picture)\)|©\s?(?:Reuters|AFP|AP|Getty|EPA|PA|Xinhua)\b",
    re.I,
)
_CAPTION_MARKS = ("(", "/", "©")
_WIDGET_RE = re.compile(
    r"^(?:"
    r"rate\s+(?:this|the)\s+(?:article|story|post)|how\s+(?:would|do)\s+you\s+rate\b.{0,80}"
    r"|story\s+highlights|filed\s+under\b.{0,80}"
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
    r"|\d+\s+of\s+\d+|page\s+\d+\s+of\s+\d+|comments\s+(?:are\s+)?(?:now\s+)?closed\b.{0,40}"
    r"|commenting\s+(?:is\s+)?(?:now\s+)?(?:turned\s+off|closed|disabled)\b.{0,60}|discuss\s+this\s+(?:article|story)\b.{0,80}"
    r"|(?:post|add|leave|read)\s+(?:a\s+|your\s+|all\s+)?comments?\b.{0,40}|listed\s+under\s*:.{0,100}|posted\s+by\s*:.{0,100}"
    r"|you\s+are\s+here\s*:.{0,100}|\d+\s+characters?\s+(?:remaining|left)|sign\s+in\s+to\s+.{0,40}"
    r"|refer\s+(?:this\s+)?to\s+a\s+friend|add\s+your\s+(?:view|comment)s?|readers?\s+(?:views|comments)\b.{0,20}"
    r"|have\s+(?:a|your)\s+(?:view|say)\b.{0,80}|send\s+us\s+your\s+(?:feedback|views|comments|photos|stories)\b.{0,60}"
    r"|(?:log\s*in|register)\b.{0,80}|article\s+continues(?:\s+below)?|continued\s+\d.{0,30}|more\s+pics|more\s+photos"
    r"|本文来源.{0,40}|点击.{0,20}|分享到.{0,40}|打印本页|关闭窗口|发表评论|网友评论.{0,20}|【[^】]{0,20}】"
    r")[\s.!:|»›>]*$",
    re.I,
)


_PHOTO_CREDIT_RE = re.compile(
    r"^(?-i:[A-Z])[\w.'’-]+(?:[ -](?-i:[A-Z])[\w.'’-]+){0,3}\s?/\s?(?-i:[A-Z])[\w.'’-]+(?:\s(?-i:[A-Z])[\w.'’-]+){0,3}$"
)


def is_caption(line: str) -> bool:
    """A photo caption or credit: ``Photo: AFP``, ``... (AP Photo/Jane Doe)``,
    ``Click photo to enlarge``, ``View larger image``, ``Jane Doe (left) with ...``,
    ``Leader-Post/Bryan Schlosser``."""
    text = line.strip()
    if not text or len(text) > 300:
        return False
    if _CAPTION_START_RE.match(text):
        return True
    if any(mark in text for mark in _CAPTION_MARKS) and _CAPTION_CREDIT_RE.search(text):
        return True
    return len(text) <= 60 and bool(_PHOTO_CREDIT_RE.match(text))


def is_widget(line: str) -> bool:
    """A page widget's label: ``Rate this article``, ``Tags: ...``, ``Digg this``,
    ``Comments (3)``, ``Next »``, ``Text size``, ``Story continues below``."""
    text = line.strip()
    return bool(text) and len(text) <= 140 and bool(_WIDGET_RE.match(text))


def is_date_line(line: str) -> bool:
    """A short line that is a publication stamp even when it does not parse as one:
    ``Last Updated: Thursday, December 27, 2007 | 10:56 AM CT``, ``5 days ago``,
    ``Associated Press - January 2, 2008 7:33 AM ET``. It must hold a year, a clock time
    or "N hours ago", and at most three words besides date words and stamp labels."""
    text = line.strip()
    # Every form of the signal holds a digit; the digit scan is far cheaper than the signal's.
    if not text or len(text) > 100 or not _DIGIT_RE.search(text) or not _DATE_SIGNAL_RE.search(text):
        return False
    left = [t for t in _TOKEN_RE.findall(text) if not _DATE_TOKEN_RE.fullmatch(t)]
    # What is left may be a source ("Associated Press", "PTI"), not a clause.
    return len(left) <= 3 and all(t[0].isupper() or not t[0].isalpha() or "." in t for t in left)
