"""EN116: the article's language is not one of the corpus languages."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..language import detect_language
from ..models import Article
from ..rule import Hit
from .context import ArticleContext


class LanguageOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    languages: list[str] = Field(
        default=[],
        description="ISO 639-1 codes of the corpus languages, e.g. ['en']; empty accepts any language",
    )

    @field_validator("languages")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [v.strip().lower() for v in value]


def unexpected_language(article: Article, ctx: ArticleContext, options: LanguageOptions) -> Iterator[Hit]:
    """The article is written in a language that is not one of the corpus languages.

    Why: a news corpus is built for given languages; an article in another language is
    usually a crawl accident (a foreign edition, an error page) and skews anything
    trained or counted on the corpus.

    How: every article's language is identified offline with py3langid (langid.py's
    model, shipped inside the package) from its first 3,000 characters and written to the
    cleaned record's ``language``; it stays empty for texts shorter than 20 letters or
    with a probability under 0.5, and such articles are not flagged.

    Options: ``languages`` (ISO 639-1 codes, e.g. ``["en", "fr"]``); empty (the default)
    accepts every language, so the rule only reports once corpus languages are set::

        [rules.EN116]
        languages = ["en"]

    Example: a German article in a corpus configured with ``languages = ["en"]``.
    Fix: none; raise the severity to ``error`` to reject such articles.
    """
    if not options.languages or not article.language:
        return
    if article.language in options.languages:
        return
    _, prob = detect_language(article.body or ctx.text)
    yield Hit(
        f"language is {article.language!r} (p={prob:.2f}), not one of the corpus languages ({', '.join(options.languages)})",
        values={"language": article.language, "probability": prob, "languages": options.languages},
    )
