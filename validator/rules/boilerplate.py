"""BP rules: text that is not part of the article body.

The parser has already classified each line (``Article.parts``); these rules turn the
non-body parts into findings whose safe fix removes them from the body. The structured
field (``related_links``, ``timestamp``, ``dateline``, ``byline``, ``footer``) keeps them,
so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from .. import cues
from ..models import Article, Part
from ..rule import Hit, NoOptions
from .context import ArticleContext


def _removal(part: Part, message: str, what: str, **values) -> Hit:
    return Hit(
        message,
        start=part.start,
        end=part.end,
        fix_description=f"move the {what} out of the body",
        edits=((part.start, part.end, ""),),
        values={"text": part.text, **values, **({"signals": part.signals} if part.signals else {})},
    )


def trailing_link_list(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """A list of related-article headlines at the end of the article.

    Why: extractors keep the "related stories" block under an article; its headlines
    belong to other articles and pollute the body (and make unrelated articles look alike).

    Flags: a run of headline-like lines at the end: two or more bulleted lines
    (``- ``, ``* ``, ``•``), any run after a heading such as ``Related:`` or
    ``More stories``, or three or more long unbulleted headline lines after a finished
    paragraph. Lines of content lists (``Chelsea v Arsenal``, ``Best actor - Jamie Foxx``,
    ``Name (Show, Channel)``) do not count as headlines.

    Example::

        ... a steady improvement in the relationship, Song added.
        - Data shows China's water governance achievements
        - Notable progress in China's water management

    Fix (safe): remove the lines from the body; the headlines go to ``related_links``.
    """
    run = [p for p in article.parts if p.role in ("related_heading", "related_link")]
    if not run:
        return
    links = [p for p in run if p.role == "related_link"]
    if not links:
        for p in run:
            yield _removal(p, f"related-links heading {p.text!r}", "related-links heading", links=0)
        return
    first = links[0]
    yield Hit(
        f"{len(links)} related-link line{'s' if len(links) != 1 else ''} at the end of the article",
        start=first.start,
        end=run[-1].end,
        fix_description="move the related links out of the body",
        edits=tuple((p.start, p.end, "") for p in run),
        values={"links": len(links), "heading": next((p.text for p in run if p.role == "related_heading"), None)},
    )


def timestamp_line(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """A line that holds only a date and time, such as ``09:02, January 09, 2012``.

    Why: publication stamps are metadata, not prose; left in the body they end up in
    training text and in duplicate signatures.

    Flags: a line whose whole content is a date (ISO, ``Month D, YYYY``, ``D Month YYYY``,
    numeric, CJK), optionally with a time, a time zone, a weekday and a word such as
    ``Updated:`` or ``Published``; also a short stamp that does not parse but holds a
    year, a clock time or "N hours ago" and at most three other capitalised words
    (``Last Updated: Thursday, December 27, 2007 | 10:56 AM CT``, ``5 days ago``,
    ``Associated Press - January 2, 2008 7:33 AM ET``). A sentence that mentions a date
    is never flagged, nor are the dates of a schedule: three or more date lines
    interleaved with short lines (venues, addresses, times), dates in order and none
    labelled as a stamp (``Posted``, ``Updated``), as in a list of events or clinics.

    Fix (safe): remove the line; its text goes to ``timestamp`` and, when it parses,
    ``published_at``.
    """
    for part in article.parts:
        if part.role == "timestamp":
            yield _removal(part, f"timestamp line {part.text!r}", "timestamp")


def dateline(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """The dateline opening a wire story: ``BEIJING, Jan. 8 (Xinhua) --``.

    Why: the dateline is metadata (where, when, which agency); in the body it differs
    between syndicated copies and hides that they are the same story.

    Flags: an all-caps location at the start of the first body paragraph followed by a
    date (``Jan. 8``), an agency in parentheses (``(Reuters)``) or a long dash, then a
    separator (``--``, ``—``, ``-``).

    Fix (safe): remove it from the paragraph; it goes to ``dateline`` (location, date
    as written, agency, and the date with the year of the timestamp when there is one).
    """
    for part in article.parts:
        if part.role == "dateline":
            d = article.dateline
            yield _removal(
                part,
                f"dateline {part.text!r}",
                "dateline",
                location=d.location if d else None,
                agency=d.agency if d else None,
                date=d.date if d else None,
            )


class BylineOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    credit_notes: bool = Field(
        default=True,
        description="Also flag contributor notes ('(Reporting by ...; Editing by ...)', "
        "'Xinhua contributed to this story'); false keeps them in the body, as corpora that "
        "count them as article text (L3S-GN1) do",
    )


def byline(article: Article, ctx: ArticleContext, options: BylineOptions) -> Iterator[Hit]:
    """A byline or credit line: ``By Jane Doe``, ``Editor: Li Yan``, ``Source: Xinhua``.

    Why: author and credit lines are metadata; in the body they repeat across a
    source's articles and carry names that are not part of the story.

    Flags: a short line that is ``By`` followed by capitalised names, maybe with a date
    (not ``By contrast, ...``), a labelled credit (``Editor:``, ``Source:``,
    ``Contributed by:``, ``责任编辑：``), ``Reporting by ...; Editing by ...``,
    ``X contributed to this story``, ``Hosted by ...``, an agency alone (``- REUTERS``,
    ``WASHINGTON (AFP)``), a role (``Staff and agencies``, ``Special Correspondent``), a
    name and a role or outlet (``MARK SMITH, Deputy Business Editor``), an author's bio
    (``Jane Doe is a writer based in Paris.``) or contact line (``... can be reached at
    ...``, an e-mail address alone).

    Options: ``credit-notes`` (default true): with false, contributor notes
    (``(Reporting by ...; Editing by ...)``, ``X contributed to this report.``) stay in
    the body. The issue counts them as credit; the L3S-GN1 annotators (and so the gold
    bodies ``bench/boilerplate.py`` scores against) count them as article text.

    Fix (safe): remove the line; it goes to ``byline``.
    """
    for part in article.parts:
        if part.role == "byline":
            if not options.credit_notes and cues.is_credit_note(part.text):
                continue
            yield _removal(part, f"byline or credit line {part.text!r}", "byline")


def footer(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """Copyright, rights and share / print / e-mail / follow / cookie prompt lines.

    Why: page furniture repeated on every article of a site; it is never article text.

    Flags: a line starting with ``©`` or ``Copyright``, a short line holding ``All rights
    reserved`` or ``may not be published``, or one consisting only of a prompt or a
    widget label such as ``Share this article``, ``Print``, ``E-mail this article``,
    ``Follow us on Twitter``, ``Advertisement``, ``Comments (3)``, ``Tags: ...``,
    ``Next »``, ``Text size``, ``Story continues below``, ``How would you rate this
    article?``.

    Fix (safe): remove the line; it goes to ``footer``.
    """
    for part in article.parts:
        if part.role == "footer":
            yield _removal(part, f"footer line {part.text!r}", "footer line")


def caption(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """A photo caption or picture credit line (``... (AP Photo/Jane Doe)``, ``Photo: AFP``).

    Also: ``Click photo to enlarge``, ``View larger image``, ``Jane Doe (left) with ...``,
    ``Leader-Post/Bryan Schlosser``, ``Kenneth Perez © Reuters``.

    Why: captions describe a picture the text no longer shows; they interrupt the
    story and credit photographers, not authors.

    Flags: a line labelled as a picture (``Photo:``, ``Image:``, ``Caption:``), ending in a
    picture credit in parentheses (``(Photo by ...)``, ``(AP Photo/...)``) or an agency
    credit (``Reuters/Jane Doe``), or an image widget label (``Click to enlarge``).

    Example::

        Rescue workers search the rubble on Monday. (AP Photo/Jane Doe)

    Fix (safe): remove the line; its text stays in ``removed``.
    """
    for part in article.parts:
        if part.role == "caption":
            yield _removal(part, f"photo caption or credit {part.text!r}", "caption")


def navigation(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """A navigation, menu or widget line (``Home | News | Sport``, ``Digg``, ``»``).

    Why: menus and sharing widgets are page furniture that article extractors leave in
    the text; they repeat on every page of a site and carry no story.

    Flags: a short line without a sentence end made mostly (60%+) of page-furniture words
    (the language's ``cues_xx.txt`` list: home, print, e-mail, share, digg, login, ...),
    a short line with two or more menu separators (``|``, ``»``, ``/``) and few stop
    words, or a line with no letters at all (``|``, ``1``, ``»``). Inside the article's
    main text only such lines are removed; a short line made of ordinary words is kept.
    ``values`` holds the signals (zone, stop-word density, furniture-word share, ...).

    Example::

        Home | News | Sport | Business

    Fix (safe): remove the line; its text stays in ``removed``.
    """
    for part in article.parts:
        if part.role == "navigation":
            yield _removal(part, f"navigation or widget line {part.text!r}", "navigation line")


def outside_main_text(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """A line outside the article's main text (teasers, comments, blurbs, widget text).

    Why: a crawler's text often holds the whole page; whatever stands apart from the
    block of running prose (the article) is page furniture even when no single cue gives
    it away.

    Flags: the classifier (``validator.boilerplate.classifier``) finds the main text, the
    block with the most prose (long lines ending like sentences and dense in stop words,
    interrupted by few menu or cue lines); lines before it that are not sentences (but
    not a line that opens it: a dateline on its own line, ``After the storm:``) and
    lines after it past the first menu or cue line are flagged. A document with no such
    block has no flagged line. ``values`` holds the signals (zone, class, words,
    stop-word density, sentence end).

    Example: the comment and the teaser after the footer line::

        ... the minister said on Monday.
        © 2008 Example News. All rights reserved.
        Great article, thanks for posting this
        Storm closes schools across the region

    Fix (safe): remove the line; its text stays in ``removed``.
    """
    for part in article.parts:
        if part.role == "boilerplate":
            yield _removal(part, f"line outside the main text {part.text!r}", "line")


def headline_line(article: Article, ctx: ArticleContext, options: NoOptions) -> Iterator[Hit]:
    """A headline line between page furniture and the article text.

    The page's headline in a whole-page text, or a second headline (a kicker, a
    rewritten title) under the title.

    Why: a headline is not body text; left in the body it is read as the first
    paragraph and makes the body differ from other copies of the story.

    Flags: the nearest headline-like line (a few capitalised words, no sentence end, not
    a list item) above the main text, when the lines before the main text hold furniture
    (a byline, a stamp, a menu) and only cue lines stand between it and the text. Of
    several such lines (a section label, ``Keywords: ...``, the headline) the one sharing
    the most words with the lead paragraphs; headline-like lines right next to it that
    share a word with the lead (a kicker, a deck, story highlights) are flagged with it.
    A text whose head holds no furniture (a standfirst, a match card) has none.

    Example::

        Home | News | Sport
        Militants open fire on tourists in Yemen
        By Jane Doe
        Militants opened fire on a convoy of tourists on Friday, killing two, police said.

    Fix (safe): remove the line from the body; the record's ``title`` is unchanged.
    """
    for part in article.parts:
        if part.role == "headline":
            yield _removal(part, f"headline line {part.text!r}", "headline")


class TemplateLineOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_documents: int = Field(default=3, ge=2, description="A template occurs in at least this many documents of its source")
    min_share: float = Field(default=0.3, gt=0.0, le=1.0, description="... and in at least this share of them")


def template_line(article: Article, ctx: ArticleContext, options: TemplateLineOptions) -> Iterator[Hit]:
    """A line repeated in many documents of one source, digits and dates masked.

    The site's own furniture: "Come see us again.", "Posted in Sport on 12 May",
    "© 2008 Example News".

    Why: every site adds its own fixed lines, worded in ways no list of cue words
    foresees; repeated in every article, they make unrelated articles look alike and
    teach a model the site's furniture.

    Flags: a body line that is not prose (not a long sentence dense in stop words:
    repeated paragraphs are a matter for the duplicate rules) whose masked form (lower case, digits to ``0``, month and weekday
    names folded) occurs in at least ``min-documents`` documents and ``min-share`` of
    the documents of its source. The source is the ``url`` host, else the ``source`` /
    ``site`` / ``domain`` field, else the folder. Needs the corpus: ``check`` and
    ``clean`` run a pre-pass over the inputs when this rule is selected; a single text
    (``check_text``) has none. The report lists the top templates per source.

    Example: in a folder of one site's articles, each ending with::

        Come see us again.

    Options: ``min-documents`` (default 3), ``min-share`` (default 0.3).

    Fix (safe): remove the line; its text stays in ``removed``.
    """
    index = ctx.templates
    if index is None or not index.templates:
        return  # no source has a template line (a small or a varied corpus)
    from ..boilerplate.templates import mask, source_key

    from ..boilerplate import word_lists
    from ..boilerplate.classifier import line_class
    from ..boilerplate.features import line_features
    from ..boilerplate.lang import detect_script_language

    source = source_key(article.metadata, article.source, article.id)
    if not index.templates.get(source):
        return  # (``lookup`` would find nothing)
    lists = None
    for part in article.parts:
        if part.role != "body":
            continue
        found = index.lookup(source, part.text)
        if found is None:
            continue
        if lists is None:
            lists = word_lists(article.language or detect_script_language(ctx.text))
        if line_class(line_features(part.text, lists), lists) == "good":
            continue  # repeated prose is duplicated content (DU rules), not furniture
        n, total = found
        yield _removal(
            part, f"template line of {source} (in {n} of {total} documents) {part.text!r}", "template line",
            source=source, documents=n, source_documents=total, template=mask(part.text),
        )
