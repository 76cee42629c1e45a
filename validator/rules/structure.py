"""ST rules: the article has the structure of a news article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from ..dates import parse_timestamp_line
from ..models import Article
from ..parse import fold, folds_to
from ..rule import Hit, NoOptions
from .context import ArticleContext

_WORD_RE = re.compile(r"\w+")


def missing_title(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """The article has no title, or an empty one.

    Why: a record without a title cannot be shown, deduplicated by title or checked
    against its body; it is usually an extraction failure.

    Flags: a text whose first non-empty line is missing (an empty or whitespace-only
    body), or a JSONL record whose title field is empty.

    Fix: none; severity error, so ``clean`` rejects the record.
    """
    if not (article.title or "").strip():
        yield Hit("the article has no title")


class BodyTooShortOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_words: int = Field(default=20, ge=0, description="Fewest words a body may have")


#: Heads of a paragraph whose words are counted first (``body_too_short``): 20 words
#: usually fit in the first, and each head is cheaper to scan than the whole paragraph.
_HEADS = (160, 400)


def body_too_short(article: Article, ctx: ArticleContext, options: BodyTooShortOptions) -> Iterator[Hit]:
    """The body has fewer words than ``min_words`` (default 20).

    Why: a stub (a headline with a sentence, a "page not found") is not an article and
    skews any statistic or model trained on the corpus.

    Example: a title line followed by "Click here to read more."

    Options: ``min_words`` (int, default 20). Fix: none.
    """
    words = 0
    for p in article.paragraphs:
        # Enough words in the paragraph's head settle it: a match cut short by ``endpos``
        # is still one word of the whole paragraph, so the head never counts more.
        if any(len(p) > head and words + len(_WORD_RE.findall(p, 0, head)) >= options.min_words for head in _HEADS):
            return
        words += len(_WORD_RE.findall(p))
        if words >= options.min_words:
            return  # long enough; counting on (or the CJK count below) cannot lower it
    # Scripts without spaces (Chinese, Japanese) count characters / 2 as words.
    cjk = sum(1 for p in article.paragraphs for ch in p if "\u3040" <= ch <= "\u9fff")
    words = max(words, cjk // 2)
    if words < options.min_words:
        yield Hit(
            f"body has {words} word(s), fewer than {options.min_words}",
            values={"words": words, "min_words": options.min_words},
        )


def title_repeated(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """The first body paragraph repeats the title.

    Why: extractors often emit the headline twice (once as title, once as the first
    line of the body); the copy inflates the body and breaks duplicate detection.

    Example: title "Storm hits coast" and the body's first paragraph "Storm hits coast".

    Fix (safe): remove the repeated paragraph from the body.
    """
    title = fold(article.title or "")
    if not title:
        return
    datelines = {p.start: p.text for p in article.parts if p.role == "dateline"}
    repeats = []
    for part in article.parts:
        if part.role != "body":  # parts removed by their own rules do not separate copies
            continue
        text = part.text
        if part.start in datelines:  # compare what is left once the dateline is out
            text = text[len(datelines[part.start]) :]
        if not folds_to(text, title):
            break
        repeats.append(part)
    if repeats:
        yield Hit(
            "the first paragraph repeats the title"
            + (f" ({len(repeats)} times)" if len(repeats) > 1 else ""),
            start=repeats[0].start,
            end=repeats[-1].end,
            fix_description="remove the repeated title from the body",
            edits=tuple((p.start, p.end, "") for p in repeats),
        )


def timestamp_unparsed(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """A timestamp line was recognised but its date could not be read unambiguously.

    Why: a date that cannot be parsed (``February 30, 2012``) or whose day/month order is
    ambiguous (``03/04/2012``) is kept as written in ``timestamp``; ``published_at`` stays
    empty rather than holding a guess.

    Fix: none.
    """
    for part in article.parts:
        if part.role != "timestamp":
            continue
        parsed = parse_timestamp_line(part.text)
        if parsed is not None and parsed.iso is None:
            yield Hit(
                f"timestamp {part.text!r} kept as written: {parsed.problem}",
                start=part.start,
                end=part.end,
                values={"timestamp": part.text, "problem": parsed.problem},
            )


def dateline_date_unresolved(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """The dateline's date (``Jan. 8``) could not be turned into a full date.

    Why: a dateline date has no year; it takes the year of the article's timestamp when
    there is one. Without a timestamp (or when the day does not exist in that year) the
    date is kept as written in ``dateline.date`` and ``dateline.resolved_date`` stays
    empty, never guessed.

    Fix: none.
    """
    d = article.dateline
    if d is None or not d.date or d.resolved_date:
        return
    reason = "no timestamp gives the year" if article.published_at is None else "no such day in the timestamp's year"
    part = next((p for p in article.parts if p.role == "dateline"), None)
    yield Hit(
        f"dateline date {d.date!r} kept as written: {reason}",
        start=part.start if part else None,
        end=part.end if part else None,
        values={"date": d.date, "reason": reason},
    )


class DateRangeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    earliest_year: int = Field(default=1900, description="Dates before this year are flagged")
    reference_date: date | None = Field(
        default=None, description="'Today' for the future check (default: the current date)"
    )


def date_out_of_range(article: Article, ctx: ArticleContext, options: DateRangeOptions) -> Iterator[Hit]:
    """The published date is in the future or before ``earliest_year`` (default 1900).

    Why: such a date is a parsing or data-entry error (a swapped day and year, a
    placeholder such as 1/1/1970 shifted by a time zone), and it misplaces the article
    in any time-based split of the corpus.

    Options: ``earliest_year`` (default 1900); ``reference_date`` (ISO date used as
    today; set it to make runs reproducible across days). Fix: none.
    """
    if not article.published_at:
        return
    try:
        published = datetime.fromisoformat(article.published_at).date()
    except ValueError:
        return
    today = options.reference_date or ctx.today
    if published > today:
        yield Hit(
            f"published date {published.isoformat()} is in the future (today is {today.isoformat()})",
            values={"published_at": article.published_at, "today": today.isoformat()},
        )
    elif published.year < options.earliest_year:
        yield Hit(
            f"published date {published.isoformat()} is before {options.earliest_year}",
            values={"published_at": article.published_at, "earliest_year": options.earliest_year},
        )
