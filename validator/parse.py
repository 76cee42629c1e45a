"""Plain text to a structured ``Article``, keeping the character span of every part.

The parser classifies; it does not delete. Each line or paragraph becomes a ``Part``
with a role (title, timestamp, byline, body, related_heading, related_link, footer) and
its offsets in the text, and the dateline becomes a ``Part`` inside the first body
paragraph. The boilerplate rules turn those parts into findings with fixes, and the
engine decides which fixes apply, so turning a rule off keeps its lines in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import cues
from .boilerplate import classify, detect_script_language, word_lists
from .dates import parse_timestamp_line, resolve_short_date
from .models import NO_SIGNALS, Article, Dateline, Part

LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_NON_WORD_RE = re.compile(r"[\W_]+")


# Bytes that are ASCII non-word characters for ``[\W_]`` (everything but letters and
# digits) become spaces in one ``bytes.translate``; bytes of non-ASCII characters stay.
_BYTE_NON_WORD = bytes(b if (b >= 128 or chr(b).isalnum()) else 32 for b in range(256))
_NON_ASCII_NON_WORD_RE = re.compile(r"[^\w\x00-\x7f]+")


def fold(text: str) -> str:
    """Lower case with every run of non-word characters folded to one space: how titles
    and paragraphs are compared.

    Same result as ``_NON_WORD_RE.sub(" ", text.lower()).strip()``, two to three times
    faster: the regex would stop at every space; here ASCII separators go in one byte
    translation and the regex only has the rare non-ASCII separators to replace."""
    low = text.lower()
    if low.isascii():
        return b" ".join(low.encode("ascii").translate(_BYTE_NON_WORD).split()).decode("ascii")
    mixed = low.encode("utf-8", "surrogatepass").translate(_BYTE_NON_WORD).decode("utf-8", "surrogatepass")
    return " ".join(_NON_ASCII_NON_WORD_RE.sub(" ", mixed).split())


_ASCII_ALNUM_RE = re.compile(r"[A-Za-z0-9]+")


def first_folded_word(text: str) -> str | None:
    """The first word of ``fold(text)`` without folding the whole text, for ASCII text:
    its first run of letters and digits, lower-cased ("" when it has none); None for other
    text. Comparisons with folded strings use it to rule most texts out cheaply."""
    if not text.isascii():
        return None
    first = _ASCII_ALNUM_RE.search(text)
    return first.group().lower() if first is not None else ""


def folds_to(text: str, folded: str) -> bool:
    """``fold(text) == folded``, without folding an ASCII ``text`` whose first word does
    not start ``folded`` (most paragraphs compared with a title)."""
    first = first_folded_word(text)
    if first is not None and not folded.startswith(first):
        return False
    return fold(text) == folded


_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", "。", "！", "？", "…", ":")


@dataclass
class _Unit:
    """A paragraph candidate: one line, or several wrapped lines joined."""

    start: int
    end: int
    text: str
    lines: int = 1
    role: str = "body"


def split_lines(text: str) -> list[tuple[int, int]]:
    """Content ranges of the lines of ``text`` (line breaks excluded, outer spaces trimmed)."""
    if "\r" not in text:
        return _split_newlines(text)
    out = []
    pos = 0
    for m in LINE_BREAK_RE.finditer(text):
        out.append(_trim(text, pos, m.start()))
        pos = m.end()
    out.append(_trim(text, pos, len(text)))
    return out


def _split_newlines(text: str) -> list[tuple[int, int]]:
    """``split_lines`` of a text whose only line break is ``\n``: ``str.split`` and
    ``str.strip`` (the same white space as ``str.isspace``) instead of a regex and a
    character loop per line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if n and (line[0].isspace() or line[-1].isspace()):
            inner = line.lstrip()
            start = pos + n - len(inner)
            out.append((start, start + len(inner.rstrip())))
        else:
            out.append((pos, pos + n))
        pos += n + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_wrapped_block(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether consecutive lines are one hard-wrapped paragraph rather than one paragraph
    each: every line but the last is long, of similar width and mostly ends mid-sentence."""
    if len(lines) < 2:
        return False
    body = lines[:-1]
    lengths = [e - s for s, e in body]
    if min(lengths) < 40 or max(lengths) > 120:
        return False
    if max(lengths) - min(lengths) > 0.3 * max(lengths):
        return False
    if any(cues.is_bullet(text[s:e]) for s, e in lines):
        return False
    # Three or more lines that all start with a capital are a list (of headlines, of
    # names), not one paragraph: a wrapped paragraph's lines mostly start mid-sentence.
    if len(lines) >= 3 and all(text[s : s + 1].isupper() or text[s : s + 1].isdigit() for s, _ in lines):
        return False
    open_ends = sum(1 for s, e in body if not text[s:e].endswith(_SENTENCE_END))
    if open_ends * 2 < len(body):
        return False
    # Wrapped prose continues mid-sentence (a following line starts in lower case) or fills
    # lines to an even width; a stack of capitalised headlines does neither.
    continues = any(text[s:e][:1].islower() for s, e in lines[1:])
    even = min(lengths) >= 60 and max(lengths) - min(lengths) <= 0.15 * max(lengths)
    return continues or even


def _units(text: str) -> list[_Unit]:
    """Group lines into units: blank-line separated blocks are split into one unit per
    line, unless the block is a hard-wrapped paragraph."""
    units: list[_Unit] = []
    block: list[tuple[int, int]] = []

    def flush() -> None:
        if not block:
            return
        if len(block) == 1:  # most blocks: one line (never a wrapped block), no further checks
            start, end = block.pop()
            units.append(_Unit(start, end, text[start:end]))
            return
        if _is_wrapped_block(text, block):
            joined = " ".join(text[s:e] for s, e in block)
            units.append(_Unit(block[0][0], block[-1][1], joined, lines=len(block)))
        else:
            units.extend(_Unit(s, e, text[s:e]) for s, e in block)
        block.clear()

    for start, end in split_lines(text):
        if start == end:
            flush()
        else:
            block.append((start, end))
    flush()
    return units


_TRANSPARENT = ("footer", "timestamp", "byline", "caption", "navigation", "boilerplate")


def _is_list_heading(text: str) -> bool:
    """A short label such as ``Recent Stories`` or ``Latest in Business:``: at most five
    words, no sentence end, capitalised."""
    words = text.split()
    return (
        0 < len(words) <= 5
        and text[:1].isupper()
        and not text.endswith((".", "!", "?", '"', "”", "’", "'", ")"))
        and not cues.is_bullet(text)
    )


def split_units(text: str) -> list[str]:
    """The texts of the units the parser classifies: one per line, or one per
    hard-wrapped paragraph (its lines joined by single spaces). The template pre-pass
    needs only these texts, for every document: the lines of ``split_lines`` are grouped
    into blocks as ``_units`` groups them, without the unit objects it builds."""
    out: list[str] = []
    block: list[tuple[int, int]] = []
    for start, end in split_lines(text):
        if start != end:
            block.append((start, end))
        elif block:
            _flush_texts(text, block, out)
    if block:
        _flush_texts(text, block, out)
    return out


def _flush_texts(text: str, block: list[tuple[int, int]], out: list[str]) -> None:
    """``_units``'s ``flush`` for ``split_units``: the texts of one block's units."""
    if len(block) == 1:
        start, end = block[0]
        out.append(text[start:end])
    elif _is_wrapped_block(text, block):
        out.append(" ".join(text[s:e] for s, e in block))
    else:
        out.extend(text[s:e] for s, e in block)
    block.clear()


def _mark_tail(units: list[_Unit], first_body: int) -> None:
    """Mark the related-link lists at the end of the article.

    Footer, timestamp and credit lines (already classified) may sit before, inside or
    after a list; they are looked through, so the result does not depend on whether
    their own rules removed them first (which keeps cleaning idempotent). Once a list is
    marked, what stands above it is looked at again as the new end of the text, as a
    second ``clean`` of the output would.
    """
    while _mark_last_list(units, first_body):
        pass


def _mark_last_list(units: list[_Unit], first_body: int) -> bool:
    """Mark the last related-link list not marked yet; False when there is none."""
    i = len(units) - 1
    run: list[_Unit] = []
    while i > first_body:
        u = units[i]
        if u.role in _TRANSPARENT or u.role == "related_link" or (u.role == "related_heading" and not run):
            # (a "Related" heading with nothing below it is looked through too: once it
            # is removed, what stood above it ends the text)
            i -= 1
        elif u.role == "body" and u.lines == 1 and cues.is_headline_like(u.text) and not cues.is_related_heading(u.text):
            # A "Related" heading ends the run (the classifier may have marked it
            # already): the list starts below it.
            run.append(u)
            i -= 1
        else:
            break
    run.reverse()
    # A bulleted list ends the text: the unbulleted lines before it are not part of it.
    while len(run) > 2 and not cues.is_bullet(run[0].text) and all(cues.is_bullet(u.text) for u in run[1:]):
        run = run[1:]
        i = next(k for k, u in enumerate(units) if u is run[0]) - 1
    heading = (i > first_body and units[i].role in ("body", "related_heading")
               and cues.is_related_heading(units[i].text))
    bullets = sum(1 for u in run if cues.is_bullet(u.text))
    accepted = False
    if run and heading:
        accepted = True
    elif len(run) >= 2 and i > first_body and units[i].role == "body" and _is_list_heading(units[i].text):
        # "Recent Stories", "Latest in Business:": a short label over headlines at the end.
        accepted = heading = True
    elif len(run) >= 2 and bullets == len(run):
        accepted = True
    elif len(run) >= 3 and bullets == 0:
        # Without bullets or a heading only a run of long headline lines after a finished
        # paragraph counts: short unbulleted items at the end are usually content lists.
        before = next((units[k] for k in range(i, first_body - 1, -1) if units[k].role == "body"), None)
        lengths = sorted(len(u.text) for u in run)
        accepted = (
            before is not None
            and before.text.endswith(_SENTENCE_END)
            and lengths[len(lengths) // 2] >= 30
        )
    if not accepted:
        return False
    if heading:
        units[i].role = "related_heading"
    for u in run:
        u.role = "related_link"
    return True


def parse_article(
    text: str,
    *,
    doc_id: str = "<text>",
    source: str = "<text>",
    title: str | None = None,
    language: str | None = None,
) -> Article:
    """Parse plain news text into an ``Article``.

    Lines are classified by ``validator.boilerplate`` with the word lists of ``language``
    (detected from the script when None). When ``title`` is given (a JSONL record's title field) the first line is not taken as
    the title; otherwise the first non-empty line is. ``paragraphs`` holds the body as if
    every boilerplate part were removed; ``parts`` says where each part is in ``text``.
    """
    units = _units(text)
    parts: list[Part] = []
    index = 0
    if title is None and units:
        title = units[0].text
        units[0].role = "title"
        index = 1

    lists = word_lists(language or detect_script_language(text))
    signals: dict[int, dict] = {}
    for k, verdict in enumerate(classify([u.text for u in units], lists, start=index, title=title)):
        u = units[k]
        if verdict is None or verdict.role == "body" or u.lines > 1:
            continue
        u.role = verdict.role
        signals[k] = {"reason": verdict.reason, **verdict.signals}

    body_idx = [k for k in range(index, len(units)) if units[k].role == "body"]
    if body_idx:
        _mark_tail(units, body_idx[0])

    timestamp = None
    published_at = None
    year = None
    byline: list[str] = []
    related: list[str] = []
    footer: list[str] = []
    paragraphs: list[str] = []
    dateline: Dateline | None = None
    dateline_part: Part | None = None
    folded_title = fold(title or "")
    only_title_copies = True  # every body paragraph so far folds to the title
    for k, u in enumerate(units):
        parts.append(Part(u.role, u.start, u.end, u.text, signals.get(k, NO_SIGNALS)))
        if u.role == "timestamp" and timestamp is None:
            parsed = parse_timestamp_line(u.text)
            timestamp = u.text
            if parsed is not None:
                published_at, year = parsed.iso, parsed.year
        elif u.role == "byline":
            byline.append(u.text)
        elif u.role == "related_link":
            related.append(cues.strip_bullet(u.text))
        elif u.role == "footer":
            footer.append(u.text)
        elif u.role == "body":
            body_text = u.text
            # The dateline opens the first paragraph that is not a copy of the title.
            if dateline is None and only_title_copies and not folds_to(u.text, folded_title):
                m = cues.match_dateline(u.text)
                if m is not None:
                    m = cues.extend_dateline(u.text, m)
                    dateline_text = u.text[: m.end].rstrip()
                    dateline = Dateline(
                        location=m.location,
                        date=m.date,
                        agency=m.agency,
                        text=dateline_text,
                    )
                    dl_end = _raw_offset(text, u.start, m.end) if u.lines > 1 else u.start + m.end
                    dateline_part = Part("dateline", u.start, dl_end, dateline_text)
                    body_text = u.text[m.end :]
            if body_text.strip():
                paragraphs.append(body_text.strip())
                # Kept up to date here rather than re-folding every paragraph per unit.
                only_title_copies = only_title_copies and folds_to(paragraphs[-1], folded_title)
    if dateline is not None and dateline.date:
        dateline = dateline.model_copy(update={"resolved_date": resolve_short_date(dateline.date, year)})
    if dateline_part is not None:
        parts.append(dateline_part)
    return Article(
        id=doc_id,
        source=source,
        title=title,
        published_at=published_at,
        timestamp=timestamp,
        dateline=dateline,
        byline=byline,
        paragraphs=paragraphs,
        related_links=related,
        footer=footer,
        parts=parts,
    )


def _raw_offset(text: str, start: int, joined_offset: int) -> int:
    """Map an offset in a wrapped unit's joined text (lines joined by one space) back to
    the raw text, walking the raw characters and folding each line break to one space."""
    pos = start
    seen = 0
    n = len(text)
    while pos < n and seen < joined_offset:
        if text[pos].isspace():
            run_end = pos
            while run_end < n and text[run_end].isspace():
                run_end += 1
            if any(c in "\r\n" for c in text[pos:run_end]):
                pos = run_end  # a line break and the spaces around it were joined to one space
                seen += 1
                continue
        pos += 1
        seen += 1
    return pos
