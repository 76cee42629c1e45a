"""Which lines of a plain-text news document are body and which are boilerplate.

The classifier combines what each signal knows, in three steps:

1. **Each line alone** (``features.line_features``): a cue (a timestamp, a byline, a
   footer or prompt, a caption, a related-links heading, a widget label) decides its role
   outright; otherwise its length, terminal punctuation and stop-word density make it
   ``good`` (prose: a long sentence dense in function words), ``near`` (a shorter
   sentence), ``short`` (a sub-heading, a one-line quote, a table row) or ``nav`` (menu
   words, separators, no letters). Date lines that are the items of a schedule (several
   dates in order, each followed by a venue or a time) are short lines, not stamps.
2. **The main text**: good lines are grouped into blocks; two good lines stay in one block
   unless the lines between them hold several navigation or cue lines (the break between
   an article and the page around it). The block with the most prose is the article. It
   grows upwards over sentence-like lines (a short lead paragraph) and a line that opens
   it (a dateline on its own line, a label ending in a colon), and downwards over any
   line that is not a cue or navigation (contact lines, score tables and lists that end
   an article), stopping at the first line that is.
3. **Neighbours decide the rest**: inside the main text a short line between body lines
   is body; only a cue line or a menu line is removed there. Outside it every line is
   boilerplate (navigation, teasers of other stories, widgets, comments).

A document without any good line has no main text: then only cue lines are removed, so a
short article loses nothing but its furniture. Every verdict keeps the signals that
decided it, for the finding's ``values``.
"""

from __future__ import annotations

import re
from typing import Any

from .. import cues
from ..dates import parse_timestamp_line
from .features import _WORD_RE, LineFeatures, line_features
from .lang import WordLists

#: Thresholds of the per-line classes (English values; densities are shares of words).
GOOD_MIN_WORDS = 10
GOOD_MIN_STOP = 0.2
NEAR_MIN_WORDS = 5
NEAR_MIN_STOP = 0.12
#: A gap between two good lines with this many navigation or cue lines splits blocks.
BREAK_BAD_LINES = 3
#: ... and a gap of this many lines of any kind.
BREAK_GAP_LINES = 10
#: Weight of a good line's characters when no prose line stands next to it.
ISOLATED_WEIGHT = 1 / 3
#: Weight of a block that follows a rights notice or a comments prompt.
AFTER_END_WEIGHT = 0.25
#: Lines a headline may stand above the main text.
HEADLINE_REACH = 12
#: Blocks this close (lines between them) to the main block join it.
MERGE_GAP_LINES = 10
#: Lines of the main text a headline candidate is compared with.
LEAD_LINES = 4
#: Lines a headline block may hold besides the headline (kicker, deck, highlights).
MAX_DECK_LINES = 3
_HEAD_CHARS = 2000
_FIELD_RE = re.compile(r"^\s*[^\W\d_]+\s?:\s")
#: Words that make a date line a stamp of a post or a page, never an event's date.
_STAMP_LABEL_RE = re.compile(r"\b(?:posted|published|updated|submitted|filed|written|added|created|modified|by|ago)\b", re.I)
#: A run of date lines interleaved with other short lines holding this many dates is a
#: schedule (a list of events, clinics, fixtures), not a publication stamp.
SCHEDULE_MIN_DATES = 3
#: Words of a label that opens the first paragraph ("After Bhutto:").
LEAD_IN_MAX_WORDS = 4
#: Cues after which the article never continues.
_HARD_STOPS = frozenset({"related_heading"})


class Verdict:
    """The role of one line and why. ``signals`` (the line's measures behind the verdict)
    are put together only when read: the parser reads them for the lines it takes out
    of the body, and most lines are body."""

    __slots__ = ("role", "reason", "_features", "_class", "_zone", "_schedule")

    def __init__(self, role: str, reason: str, features: LineFeatures, cls: str, zone: str, schedule: bool = False) -> None:
        self.role = role  # body, timestamp, byline, footer, caption, related_heading, navigation, boilerplate
        self.reason = reason
        self._features, self._class, self._zone, self._schedule = features, cls, zone, schedule

    @property
    def signals(self) -> dict[str, Any]:
        sig = _signals(self._features, self._class, self._zone)
        if self._schedule:
            sig["schedule"] = True
        return sig

    def __repr__(self) -> str:
        return f"Verdict(role={self.role!r}, reason={self.reason!r}, signals={self.signals!r})"


def line_class(f: LineFeatures, lists: WordLists) -> str:
    """``cue``, ``nav``, ``good``, ``near`` or ``short`` for one line on its own."""
    if f.cue is not None:
        return "cue"
    if f.words == 0:
        return "short"  # digits or punctuation only: a table cell or a rule, no evidence
    if not f.ends_sentence and f.words <= 12 and (f.cue_share >= 0.6 or (f.separators >= 2 and f.stop_density < 0.2)):
        return "nav"
    if f.separators >= 3 and f.separators * 4 >= f.words:
        return "nav"  # a menu of any length: "Home | News | Sport | ..."
    min_good = GOOD_MIN_WORDS // 3 if lists.segmented else GOOD_MIN_WORDS
    if f.ends_sentence and f.words >= min_good and f.stop_density >= GOOD_MIN_STOP:
        return "good"
    if f.words >= 2 * min_good and f.stop_density >= 0.3:
        return "good"
    if f.ends_sentence and f.words >= NEAR_MIN_WORDS and f.stop_density >= NEAR_MIN_STOP:
        return "near"
    if f.ends_sentence and f.words >= min_good + 2:
        return "near"  # a long sentence dense in names and numbers: a wire story's lead
    return "short"


def _signals(f: LineFeatures, cls: str, zone: str) -> dict[str, Any]:
    return {
        "zone": zone,
        "class": cls,
        "cue": f.cue,
        "words": f.words,
        "stop_density": round(f.stop_density, 3),
        "ends_sentence": f.ends_sentence,
        "cue_share": round(f.cue_share, 3),
        "separators": f.separators,
    }


def _blocks(
    classes: list[str], feats: list[LineFeatures], start: int, ends: list[str | None]
) -> list[tuple[int, int, float, float]]:
    """Blocks of good lines as (first, last, weight of their prose, interleave).

    A good line counts its characters when it stands next to another prose line, and a
    third of them when it stands alone between short lines: an article's paragraphs
    follow one another, while a list of teasers alternates headline and one-line summary
    (and would otherwise outweigh a short article on a busy page)."""
    n = len(classes)
    prose = [c in ("good", "near") for c in classes]

    def weight(i: int) -> float:
        paired = (i > start and prose[i - 1]) or (i + 1 < n and prose[i + 1])
        return feats[i].chars * (1.0 if paired else ISOLATED_WEIGHT)

    goods = [i for i in range(start, n) if classes[i] == "good"]
    blocks: list[list] = []
    for i in goods:
        if blocks:
            prev = blocks[-1][1]
            gap = range(prev + 1, i)
            bad = sum(1 for k in gap if classes[k] in ("nav", "cue"))
            hard = any(feats[k].cue in _HARD_STOPS or ends[k] for k in gap)
            if bad < BREAK_BAD_LINES and len(gap) < BREAK_GAP_LINES and not hard:
                blocks[-1][1] = i
                blocks[-1][2] += weight(i)
                continue
        blocks.append([i, i, weight(i)])
    # A block whose prose lines are interleaved with other lines (a poster line per
    # comment, a headline per teaser) is a list of items, not an article.
    # Text after a rights notice or a comments prompt is rarely the article.
    # A mark above all prose ("Have your say | Read comments" under a headline) links to
    # the comments; it does not start them.
    first_end = next((k for k in range(goods[0] if goods else n, n) if ends[k]), n)
    out = []
    for first, last, w in blocks:
        span = range(first, last + 1)
        items = sum(1 for k in span if classes[k] == "good")
        other = sum(1 for k in span if not prose[k])
        after_end = first_end < first
        interleave = other / items
        out.append((first, last, w / (1 + interleave) * (AFTER_END_WEIGHT if after_end else 1.0), interleave))
    return out


def _region(blocks: list[tuple[int, int, float, float]], ends: list[str | None]) -> tuple[int, int]:
    """The main text: the block with the most prose, joined with the blocks near it (an
    article interrupted by a related-links box or a caption stays one text), but never
    across a rights notice or a comments prompt to a block after it."""
    best = max(range(len(blocks)), key=lambda k: blocks[k][2])  # noqa: SIM
    lo = hi = best
    while True:
        grew = False
        if lo > 0 and blocks[lo][0] - blocks[lo - 1][1] - 1 <= MERGE_GAP_LINES:
            lo -= 1
            grew = True
        if (
            hi + 1 < len(blocks)
            and blocks[hi + 1][0] - blocks[hi][1] - 1 <= MERGE_GAP_LINES
            and _may_follow(ends[blocks[hi][1] + 1 : blocks[hi + 1][0]], blocks[hi + 1][3])
        ):
            hi += 1
            grew = True
        if not grew:
            return blocks[lo][0], blocks[hi][1]


def _may_follow(gap_marks: list[str | None], interleave: float) -> bool:
    """Whether a block may join the main text across the lines ``gap_marks`` stand for:
    never past a rights notice or a comments prompt. (Joining past a comments prompt
    when the block after it reads like an article was tried: on the development pages
    it joined readers' comments more often than it rescued an article's end.)
    A box framed by two comment prompts ("Have your say" ... "Send us your comments")
    inside an article is not the start of the comments: the text after its closing
    prompt, when it is running prose and not a list of posts, goes on with the article."""
    if not any(gap_marks):
        return True
    boxed = len(gap_marks) >= 3 and gap_marks[0] == gap_marks[-1] == "comments" and "rights" not in gap_marks
    return boxed and interleave == 0


def _boxed_links(
    lines: list[str], feats: list[LineFeatures], classes: list[str], start: int, headline: int | None
) -> set[int]:
    """The headlines under a related-links heading (``Related stories``, ``See also``)
    anywhere in the text: a box of links may stand between two paragraphs."""
    out: set[int] = set()
    for i in range(start, len(lines)):
        if feats[i].cue != "related_heading":
            continue
        k = i + 1
        while k < len(lines) and k != headline and classes[k] in ("short", "near") and (
            feats[k].bullet or cues.is_headline_like(lines[k], min_words=3)
        ):
            out.add(k)
            k += 1
    return out


def _headline(
    lines: list[str], feats: list[LineFeatures], classes: list[str], start: int, first: int, lists: WordLists
) -> int | None:
    """The page's headline: a headline-like line above the main text, past cue and menu
    lines (bylines, stamps, share widgets) and at most two plain one- or two-word lines
    (an author's name). Of several candidates (a section label, a kicker, a "Keywords:"
    line, the headline) the one sharing the most words with the lead paragraphs wins (a
    headline names what the lead tells); with no shared word, the nearest."""
    k, plain = first - 1, 0
    found: list[int] = []
    nearest: int | None = None  # the first candidate, when no other line of 3+ words is nearer
    blocked = False
    while k >= start and k >= first - HEADLINE_REACH and plain <= 3:
        if classes[k] in ("short", "near") and feats[k].words >= 3:
            if cues.is_headline_like(lines[k], min_words=3) and not cues.is_bullet(lines[k]):
                found.append(k)
                if not blocked and nearest is None:
                    nearest = k
            else:
                blocked = True  # "01/13/08 - Ontario Hockey League": look past it, but it is no headline
                plain += 1
        elif classes[k] not in ("cue", "nav", "short"):
            break
        else:
            plain += classes[k] == "short" and feats[k].words > 0
        k -= 1
    if not found or lists.segmented:
        return nearest
    lead = _content_words(" ".join(lines[first : first + LEAD_LINES]), lists)
    best = max(found, key=lambda c: (len(_content_words(lines[c], lists) & lead), -(first - c)))
    return best if _content_words(lines[best], lists) & lead else nearest


def _decks(
    lines: list[str], feats: list[LineFeatures], classes: list[str], headline: int, first: int, lists: WordLists
) -> set[int]:
    """Headline-like lines right next to the headline (a kicker above it, a deck or story
    highlights below it) that share a word with the lead: they belong to the headline
    block, not to the page around it. A line about another story shares none."""
    if lists.segmented:
        return set()
    lead = _content_words(" ".join(lines[first : first + LEAD_LINES]), lists)
    out: set[int] = set()

    def headline_like(k: int) -> bool:
        return (
            classes[k] in ("short", "near") and feats[k].cue is None and feats[k].words >= 3
            and cues.is_headline_like(lines[k], min_words=3) and not cues.is_bullet(lines[k])
        )

    # The block runs over headline-like lines and the stamps and bylines between them
    # ("Headline / Friday 28th December 2007 / Deck"). A longer run of headline-like
    # lines is a list of links that the headline ends.
    block: list[int] = []
    for step in (-1, 1):
        k = headline + step
        while 0 <= k < first and (headline_like(k) or feats[k].cue in ("timestamp", "byline")):
            if headline_like(k):
                block.append(k)
            k += step
    if len(block) > MAX_DECK_LINES:
        return out
    # A one-word label and a colon ("Keywords: ...", "Courtesy: ...") is a field, not a deck.
    return {k for k in block if _content_words(lines[k], lists) & lead and not _FIELD_RE.match(lines[k])}


def _content_words(text: str, lists: WordLists) -> set[str]:
    """Lower-cased words that are not stop words, cut to five letters (``cleared`` and
    ``clear``, ``scores`` and ``scored`` match)."""
    return {w[:5] for w in (t.lower() for t in _WORD_RE.findall(text[:_HEAD_CHARS])) if len(w) >= 3 and w not in lists.stopwords}


def _schedule(lines: list[str], feats: list[LineFeatures], classes: list[str], start: int,
              title: str | None = None) -> set[int]:
    """Date lines that are items of a schedule, not stamps: a run of date lines and
    short lines (venues, addresses, times) with at least ``SCHEDULE_MIN_DATES`` dates,
    at least two of them apart, whose dates never go back in time (events are listed
    in the order they come; a list of dated teasers runs newest first) and none of
    which says what it stamps ("Posted: 16:50 8th January 2008" under each comment).
    A page has one or two publication stamps; a schedule has a date per item.

    Lines that repeat the ``title`` are left out, as if they were not there: the copy
    at the top of the body is removed (ST103), and the verdict on the lines around it
    must be the one a second ``clean``, without the copy, gives."""
    out: set[int] = set()
    if sum(1 for j in range(start, len(lines)) if feats[j].cue == "timestamp") < SCHEDULE_MIN_DATES:
        return out  # too few dates for any schedule (leaving lines out only removes dates)
    at = list(range(start, len(lines)))
    if title:
        from ..parse import fold  # (the parser imports this module)

        folded = fold(title)
        at = [j for j in at if fold(lines[j]) != folded]
    n = len(at)
    i = 0
    while i < n:
        if feats[at[i]].cue != "timestamp":
            i += 1
            continue
        k = i
        while k + 1 < n and (feats[at[k + 1]].cue == "timestamp" or (feats[at[k + 1]].cue is None and classes[at[k + 1]] in ("short", "near"))):
            k += 1
        stamps = [p for p in range(i, k + 1) if feats[at[p]].cue == "timestamp"]
        apart = sum(1 for a, b in zip(stamps, stamps[1:]) if b - a > 1)
        dates = [d.iso[:10] for d in (parse_timestamp_line(lines[at[p]]) for p in stamps) if d is not None and d.iso]
        if (
            len(stamps) >= SCHEDULE_MIN_DATES
            and apart >= 2
            and all(a <= b for a, b in zip(dates, dates[1:]))
            and not any(_STAMP_LABEL_RE.search(lines[at[p]]) for p in stamps)
        ):
            out.update(at[p] for p in stamps)
        i = k + 1
    return out


def _lead_in(line: str, nxt: str, f: LineFeatures) -> bool:
    """A short line that opens the paragraph below it: a dateline on a line of its own
    (``RENO, Nev. --``) or a label of a few words ending in a colon or a question mark
    (``After Bhutto:``, ``Starters?``)."""
    text = line.strip()
    m = cues.match_dateline(text + " " + nxt.strip())
    if m is not None and m.end >= len(text):
        return True
    return 0 < f.words <= LEAD_IN_MAX_WORDS and text.endswith((":", "?")) and text[:1].isupper()


def _grow_tail(last: int, classes: list[str], feats: list[LineFeatures], lines: list[str]) -> int:
    """Extend the main text over the lines after its last prose line, up to the first
    cue or menu line. A run of which a third or more are list items or table rows (line-ups, results,
    award winners) belongs to the article whole; otherwise only its leading sentences (short ones too)
    and list items do, and the first plain short line ("Anonymous", "Tips", a teaser
    headline) starts what follows the article."""
    end = last
    while end + 1 < len(classes) and classes[end + 1] not in ("nav", "cue"):
        end += 1
    run = range(last + 1, end + 1)
    if not run:
        return last

    def fits(k: int) -> bool:
        f = feats[k]
        # A short sentence ("The show premiered Sunday.") ends a story as well as a long one.
        sentence = f.words >= 3 and lines[k].rstrip().endswith((".", "!", "?")) and lines[k].lstrip()[:1].isupper()
        return classes[k] in ("good", "near") or f.listy or f.words == 0 or sentence

    if sum(1 for k in run if feats[k].listy or feats[k].words == 0) * 3 >= len(run):
        return end
    # A plain line directly followed by a list item is the list's heading ("Line-ups:").
    while last + 1 <= end and (fits(last + 1) or (last + 2 <= end and feats[last + 2].listy)):
        last += 1
    return last


def classify(lines: list[str], lists: WordLists, start: int = 0, title: str | None = None) -> list[Verdict | None]:
    """A verdict for each of ``lines`` from ``start`` on (``None`` before ``start``: the
    title, which the caller handles; ``title`` is its text, when known)."""
    feats = [line_features(t, lists) for t in lines]
    classes = [line_class(f, lists) for f in feats]
    # The dates of a schedule are its items' first lines: short lines like the others.
    schedule = _schedule(lines, feats, classes, start, title)
    for k in schedule:
        classes[k] = "short"
    out: list[Verdict | None] = [None] * len(lines)
    ends = [cues.end_mark(t) if f.cue is not None and k not in schedule else None for k, (f, t) in enumerate(zip(feats, lines))]
    blocks = _blocks(classes, feats, start, ends)
    if not blocks:
        for i in range(start, len(lines)):
            f = feats[i]
            if f.cue is not None and i not in schedule:
                out[i] = Verdict(f.cue, f"{f.cue} cue", f, classes[i], "none")
            else:
                out[i] = Verdict("body", "no main text found", f, classes[i], "none")
        return out
    first, last = _region(blocks, ends)
    # Grow upwards over sentence-like lines, downwards over any line that is not furniture.
    while first - 1 >= start:
        if classes[first - 1] in ("good", "near"):
            first -= 1
        elif classes[first - 1] == "short" and first - 2 >= start and classes[first - 2] in ("good", "near"):
            first -= 2  # a sub-heading or a one-line quote between two paragraphs
        else:
            break
    if first - 1 >= start and classes[first - 1] == "short" and _lead_in(lines[first - 1], lines[first], feats[first - 1]):
        first -= 1
    last = _grow_tail(last, classes, feats, lines)
    # A head without any furniture (no cue, no menu line) is the article's own: a
    # standfirst or a match card between title and text.
    if not any(classes[i] in ("nav", "cue") for i in range(start, first)):
        first = start
    # Inside the main text a line that is neither prose nor furniture is body when it
    # follows body (a list, a table, a sign-off) or is a single line just before prose
    # (a sub-heading); otherwise it stands in a box of furniture (related headlines).
    body = [False] * len(lines)
    for i in range(first, last + 1):
        cls = classes[i]
        if cls == "good" or i == first:
            body[i] = cls not in ("nav", "cue")
        elif cls in ("near", "short"):
            body[i] = body[i - 1] or (i + 1 <= last and classes[i + 1] == "good")
    headline = _headline(lines, feats, classes, start, first, lists)
    decks = _decks(lines, feats, classes, headline, first, lists) if headline is not None else set()
    links = _boxed_links(lines, feats, classes, start, headline)
    for i in range(start, len(lines)):
        f, cls = feats[i], classes[i]
        zone = "head" if i < first else "tail" if i > last else "body"
        if i in links:
            out[i] = Verdict("related_link", "headline under a related-links heading", f, cls, zone)
            continue
        if i == headline:
            out[i] = Verdict("headline", "headline-like line just above the main text", f, cls, zone)
            continue
        if i in decks:
            out[i] = Verdict("headline", "headline-like line next to the headline, on the lead's subject", f, cls, zone)
            continue
        sig = (f, cls, zone, i in schedule)
        if f.cue is not None and i not in schedule:
            out[i] = Verdict(f.cue, f"{f.cue} cue", *sig)
        elif cls == "nav" and zone != "body":
            out[i] = Verdict("navigation", f"menu or widget line in the {zone}", *sig)
        elif cls == "nav":
            out[i] = Verdict("navigation", "menu or widget line inside the text", *sig)
        elif zone == "body" and body[i]:
            out[i] = Verdict("body", "inside the main text", *sig)
        elif zone == "body":
            out[i] = Verdict("boilerplate", f"{cls} line between furniture lines inside the text", *sig)
        else:
            out[i] = Verdict("boilerplate", f"{cls} line in the {zone}, outside the main text", *sig)
    return out
