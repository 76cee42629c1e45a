"""Recognising and parsing the dates and times news text is stamped with.

A *timestamp line* is a line that holds a date (and maybe a time, a time zone, a weekday
and a word such as "Updated:") and nothing else. Detection removes each recognised piece
and checks that nothing is left, instead of one big pattern: every expression here is
linear, and lines longer than ``MAX_TIMESTAMP_LINE`` are never examined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

MAX_TIMESTAMP_LINE = 90
_DIGIT_RE = re.compile(r"\d")

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH_RE = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.I
)
_PREFIX_RE = re.compile(
    r"^(?:last\s+)?(?:updated|update|published|posted|created|modified|date|time|released|"
    r"first published|last modified)(?:\s+(?:on|at))?\s*[:：-]?\s*",
    re.I,
)
_TIME_RE = re.compile(
    r"(?<![+\-\d])\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?", re.I
)
_TZ_RE = re.compile(
    r"(?:\b(?P<name>GMT|UTC|BST|EST|EDT|PST|PDT|CET|CEST|JST|HKT|SGT|AEST|CST|IST|ET|PT|UK)\b"
    r"(?:\s*(?P<off1>[+-]\d{1,2}(?::?\d{2})?))?)|(?P<off2>\bZ\b|[+-]\d{2}:?\d{2}\b)"
)
_TZ_OFFSETS = {
    "GMT": 0, "UTC": 0, "BST": 60, "EST": -300, "EDT": -240, "PST": -480, "PDT": -420,
    "CET": 60, "CEST": 120, "JST": 540, "HKT": 480, "SGT": 480, "AEST": 600,
}
_ISO_DATE_RE = re.compile(r"\b(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})(?:T(?=\d))?")
_MDY_RE = re.compile(_MONTH_RE + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(?P<y>\d{4})\b", re.I)
_DMY_RE = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?" + _MONTH_RE + r"\s*,?\s*(?P<y>\d{4})\b", re.I)
_NUMERIC_RE = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b")
_CJK_RE = re.compile(r"(?P<y>\d{4})年(?P<mo>\d{1,2})月(?P<d>\d{1,2})日")
#: What may be left over around the date pieces of a timestamp line.
_LEFTOVER_RE = re.compile(r"[\s,|/()\[\]–—\-:·•]+|\b(?:at|on|the|of|hrs?|h)\b", re.I)
#: A date without a year as used in datelines: "Jan. 8", "March 3", "Feb 26", "8 Jan".
SHORT_DATE_RE = re.compile(
    r"^(?:" + _MONTH_RE + r"\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})\s+"
    + _MONTH_RE.replace("month", "month2") + r")$",
    re.I,
)


@dataclass(frozen=True)
class ParsedTimestamp:
    """The result of reading a timestamp line."""

    text: str
    iso: str | None
    year: int | None
    problem: str | None = None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def parse_timestamp_line(line: str) -> ParsedTimestamp | None:
    """Return the parsed timestamp when ``line`` is a timestamp line, else None.

    A recognised line whose date is invalid (``February 30, 2012``) or ambiguous
    (``03/04/2012``) is returned with ``iso=None`` and the ``problem``; the caller keeps
    the text as written and reports it, never guesses.
    """
    text = line.strip()
    if not text or len(text) > MAX_TIMESTAMP_LINE or not _DIGIT_RE.search(text):
        return None
    rest = _PREFIX_RE.sub("", text, count=1)
    year = month = day = None
    problem = None
    removed_any_date = False
    for regex in (_ISO_DATE_RE, _CJK_RE, _MDY_RE, _DMY_RE, _NUMERIC_RE):
        m = regex.search(rest)
        if not m:
            continue
        removed_any_date = True
        g = m.groupdict()
        year = int(g["y"])
        if regex is _NUMERIC_RE:
            a, b = int(g["a"]), int(g["b"])
            if a > 12 and b <= 12:
                day, month = a, b
            elif b > 12 and a <= 12:
                month, day = a, b
            else:
                problem = "ambiguous day/month order"
        elif regex in (_ISO_DATE_RE, _CJK_RE):
            month, day = int(g["mo"]), int(g["d"])
        else:
            month, day = _month(g["month"]), int(g["d"])
        rest = rest[: m.start()] + " " + rest[m.end() :]
        break
    if not removed_any_date:
        return None
    hour = minute = second = 0
    has_time = False
    tm = _TIME_RE.search(rest)
    if tm:
        has_time = True
        hour, minute = int(tm["h"]), int(tm["m"])
        second = int(tm["s"] or 0)
        ampm = (tm["ampm"] or "").lower()
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        rest = rest[: tm.start()] + " " + rest[tm.end() :]
        again = _TIME_RE.search(rest)  # "11:21 GMT 11:21 UK": the same time in two zones
        if again:
            rest = rest[: again.start()] + " " + rest[again.end() :]
    tz = None
    tzm = _TZ_RE.search(rest)
    if tzm:
        name = tzm["name"]
        offset = tzm["off1"] or tzm["off2"]
        if offset:
            tz = _offset(offset)
        elif name and name.upper() in _TZ_OFFSETS:
            tz = timezone(timedelta(minutes=_TZ_OFFSETS[name.upper()]))
        rest = rest[: tzm.start()] + " " + rest[tzm.end() :]
        rest = _TZ_RE.sub(" ", rest)
    rest = _WEEKDAY_RE.sub(" ", rest)
    if _LEFTOVER_RE.sub("", rest):
        return None
    if problem is None:
        try:
            if has_time:
                iso = datetime(year, month, day, hour, minute, second, tzinfo=tz).isoformat()
            else:
                iso = date(year, month, day).isoformat()
            return ParsedTimestamp(text=text, iso=iso, year=year)
        except (ValueError, TypeError) as exc:
            problem = f"invalid date ({exc})"
    return ParsedTimestamp(text=text, iso=None, year=year, problem=problem)


def _offset(text: str) -> timezone | None:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:2]) if len(digits) >= 2 else int(digits)
    minutes = int(digits[2:4]) if len(digits) >= 4 else 0
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def resolve_short_date(text: str, year: int | None) -> str | None:
    """ISO date for a dateline date such as ``Jan. 8`` given the year, or None."""
    if year is None:
        return None
    m = SHORT_DATE_RE.match(text.strip())
    if not m:
        return None
    g = m.groupdict()
    month_name = g.get("month") or g.get("month2")
    day = int(g.get("d") or g.get("d2"))
    try:
        return date(year, _month(month_name), day).isoformat()
    except ValueError:
        return None
