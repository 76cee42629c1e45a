"""EN rules for HTML left in plain text: character entities (whole or damaged) and tags.

Patterns are bounded (fixed-length names, ``{0,n}`` repeats of single character classes),
so a long line cannot make them backtrack catastrophically.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.entities import html5

from ..rule import Hit, NoOptions, edits_hit

_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

#: Entities that lost their ``&`` (``Tom#39;s``, ``quot;Yes quot;``). Only the numbers
#: of the punctuation that HTML escapes, so ``issue #45;`` is not read as an entity.
_DAMAGED_NUMBERS = {34, 38, 39, 60, 62, 160, 8211, 8212, 8216, 8217, 8220, 8221, 8230}
_DAMAGED_RE = re.compile(
    r"(?<![&#0-9A-Za-z])#(?:(?P<dec>[0-9]{2,4})|[xX](?P<hex>[0-9a-fA-F]{2,4}));"
    r"|(?<![&A-Za-z])(?P<name>quot|apos|nbsp|[lr]squo|[lr]dquo|[mn]dash|hellip);"
)
_DAMAGED_NUMBER_RE = re.compile(r"(?<!&)#(?:(?P<dec>[0-9]{2,4})|[xX](?P<hex>[0-9a-fA-F]{2,4}));")

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_INLINE_TAGS = frozenset(
    "a abbr b big cite code del em font i iframe img ins kbd link mark meta noscript q s script "
    "small span strike strong style sub sup time tt u".split()
)
_TAG_RE = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9]{0,9})"
    r"(?P<attrs>(?:\s{1,20}[A-Za-z_:][A-Za-z0-9_:.\-]{0,30}"
    r"(?:\s{0,5}=\s{0,5}(?:\"[^\"<>]{0,500}\"|'[^'<>]{0,500}'|[^\s\"'<>=`]{1,500}))?){0,30})"
    r"\s{0,20}/?>"
)


def _entity_value(entity: str) -> str | None:
    if entity.startswith("&#"):
        decoded = html.unescape(entity)
        return decoded if decoded != entity else None
    name = entity[1:]
    return html5.get(name)


def html_entities(text: str, options: NoOptions) -> Iterator[Hit]:
    """HTML character entities left in text (``&amp;``, ``&#39;``, ``&quot;``, ``&nbsp;``)
    and damaged entities that lost their ``&`` (``Tom#39;s``, ``quot;Yes``).

    Why: they show up as literal codes to readers and break matching (``Q&amp;A`` is not
    ``Q&A``); they come from HTML that was converted to text without unescaping, or
    unescaped twice badly.

    Example: ``"Tom&#39;s &quot;plan&quot;"`` -> ``"Tom's "plan""``.
    Fix: whole entities are replaced by their character (safe; ``&amp;quot;`` takes two
    passes). Damaged entities are replaced too, but as an unsafe fix: ``#39;`` could in
    principle be meant (only the numbers of escaped punctuation are considered).
    """
    if ";" not in text:  # every entity, whole or damaged, ends with ";": most texts stop here
        return
    whole = []
    for m in _ENTITY_RE.finditer(text) if "&" in text else ():
        value = _entity_value(m.group())
        if value is not None:
            whole.append((m.start(), m.end(), value))
    if whole:
        shown = sorted({text[s:e] for s, e, _ in whole})
        yield edits_hit(
            f"{len(whole)} HTML entit{'y' if len(whole) == 1 else 'ies'} left in text ({', '.join(shown[:4])})",
            whole,
            "replace each entity by its character",
            {"count": len(whole), "entities": shown[:20]},
        )
    damaged = []
    for m in _DAMAGED_RE.finditer(text):
        value = _damaged_value(m)
        if value is not None:
            damaged.append((m.start(), m.end(), value))
    # ``Tom#39;s``: the number glued to a word.
    for m in _DAMAGED_NUMBER_RE.finditer(text) if "#" in text else ():
        if m.start() > 0 and text[m.start() - 1].isalpha():
            value = _damaged_value(m)
            if value is not None and not any(s == m.start() for s, _, _ in damaged):
                damaged.append((m.start(), m.end(), value))
    if damaged:
        damaged.sort()
        shown = sorted({text[s:e] for s, e, _ in damaged})
        yield edits_hit(
            f"{len(damaged)} damaged HTML entit{'y' if len(damaged) == 1 else 'ies'} (missing '&': {', '.join(shown[:4])})",
            damaged,
            "replace each damaged entity by its character",
            {"count": len(damaged), "entities": shown[:20], "damaged": True},
            safe=False,
        )


def _damaged_value(m: re.Match) -> str | None:
    groups = m.groupdict()
    if groups.get("name"):
        return html5.get(groups["name"] + ";")
    number = int(groups["dec"]) if groups.get("dec") else int(groups["hex"], 16)
    return chr(number) if number in _DAMAGED_NUMBERS else None


def html_tags(text: str, options: NoOptions) -> Iterator[Hit]:
    """HTML tags left in text (``<br>``, ``<p>``, ``</b>``, ``<a href="...">``, ``<img ...>``).

    Why: markup is not prose; it ends up in tokens, counts and search results. Only
    known HTML tag names with well-formed attributes are matched, so ``a <b`` comparisons
    and ``<<quotes>>`` are left alone.

    Example: ``"First line<br>Second line"`` -> ``"First line\\nSecond line"``.
    Fix (safe): block tags (``br``, ``p``, ``div``, ``li``, headings, ...) become a line
    break, inline tags (``b``, ``a``, ``span``, ``img``, ...) are removed; the text
    between tags is kept.
    """
    if "<" not in text:
        return
    found = []
    for m in _TAG_RE.finditer(text):
        name = m.group("name").lower()
        if name in _BLOCK_TAGS:
            found.append((m.start(), m.end(), "\n", m.group()))
        elif name in _INLINE_TAGS:
            found.append((m.start(), m.end(), "", m.group()))
    if found:
        shown = sorted({t[:40] for _, _, _, t in found})
        yield edits_hit(
            f"{len(found)} HTML tag(s) left in text ({', '.join(shown[:4])})",
            [(s, e, r) for s, e, r, _ in found],
            "replace block tags by a line break and remove inline tags",
            {"count": len(found), "tags": shown[:20]},
        )
