"""The shape of a rule: a function plus metadata, and the small ``Hit`` it yields.

Rules never build ``Finding`` objects themselves: they yield ``Hit``s (message, span,
fix, values) and the engine stamps the code, name, severity and location. That keeps a
rule from mislabelling its own findings and keeps severity overrides in one place.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Protocol

from pydantic import BaseModel, ConfigDict

from .models import Severity

Scope = Literal["input", "text", "article", "corpus"]


class NoOptions(BaseModel):
    """A rule without options."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Hit:
    """What a rule reports: offsets index the text the rule was given."""

    message: str
    start: int | None = None
    end: int | None = None
    fix_description: str | None = None
    edits: tuple[tuple[int, int, str], ...] = ()
    fix_safe: bool = True
    values: dict[str, Any] = field(default_factory=dict)


def edits_hit(
    message: str,
    edits: list[tuple[int, int, str]],
    fix_description: str,
    values: dict[str, Any],
    *,
    safe: bool = True,
) -> Hit:
    """A hit for a text rule that found several spots and fixes them all at once: its span
    is the first spot, its fix the edits (``(start, end, replacement)``, in text order)."""
    return Hit(
        message,
        start=edits[0][0],
        end=edits[0][1],
        fix_description=fix_description,
        edits=tuple(edits),
        fix_safe=safe,
        values=values,
    )


class CorpusRule(Protocol):
    """A rule that needs state across documents (duplicates, repeated lines).

    The state is built in shards so that every worker can observe its own documents:
    ``observe`` records one document (indices count from 0 within a shard) and returns
    no hits, since a decision about one document may depend on documents of other
    shards; ``shift(base)`` moves a shard's indices to its place in the run; ``merge``
    appends another shard's state (associative: any grouping of shards, merged in input
    order, equals one state that saw them all); ``finish`` decides once every document
    is seen and returns the hits keyed by document index.
    """

    def observe(self, index: int, doc: "CorpusView") -> list[Hit]: ...

    def shift(self, base: int) -> None: ...

    def merge(self, other) -> None: ...

    def finish(self) -> dict[int, list[Hit]]: ...


@dataclass(frozen=True)
class CorpusView:
    """What a corpus rule sees of one document: its id, title and cleaned body (dateline,
    byline, timestamp, related links and footer already removed), and how many metadata
    fields it has (for the "most complete metadata" keep rule). ``memo`` lets rules share
    work on the same view (the shingles of the body are computed once)."""

    doc_id: str
    title: str
    text: str
    fields: int = 0
    memo: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Rule:
    """A registered rule.

    ``check`` depends on ``scope``: ``text`` rules take ``(text, options)``, ``article``
    rules take ``(article, context, options)``, ``corpus`` rules are factories taking
    ``(options)`` and returning a ``CorpusRule``; ``input`` rules are raised by the
    readers and the decoder and have no check function (``check`` documents them).
    """

    code: str
    name: str
    severity: Severity
    scope: Scope
    check: Callable[..., Any]
    options: type[BaseModel] = NoOptions
    fix: Literal["safe", "unsafe", "none"] = "none"

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        doc = self.doc
        return doc.splitlines()[0] if doc else ""
