"""Core data types shared by every step: articles, spans, findings and fixes.

Everything here is plain pydantic data with no behaviour beyond small helpers, so the
same objects travel unchanged through the CLI, the library API, worker processes and
the JSON outputs (whose JSON Schemas in ``schemas/`` are generated from these models).
The one exception is ``Part``, the parser's internal record of a line, which is never
written out: a named tuple (see its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, SkipValidation


class Severity(str, Enum):
    """How serious a finding is. Ordered: info < warning < error."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2}


class Span(BaseModel):
    """A half-open character range ``[start, end)``.

    ``field`` names what the offsets index: ``text`` is the decoded input text of the
    document (before any fix), ``bytes`` the raw input bytes; other names are fields of
    the record (``title``). Lines and columns are derived only when printing.
    """

    model_config = ConfigDict(frozen=True)

    field: str = "text"
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Edit(BaseModel):
    """Replace ``text[start:end]`` (decoded input text offsets) by ``replacement``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replacement: str = ""


class Fix(BaseModel):
    """The change that resolves a finding. Safe fixes are applied by ``clean`` by default;
    unsafe ones only with ``--unsafe-fixes``."""

    model_config = ConfigDict(frozen=True)

    description: str
    edits: list[Edit] = Field(default_factory=list)
    safe: bool = True


class Finding(BaseModel):
    """One problem found in one document (or one input that could not be read)."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable rule code, e.g. BP101")
    rule: str = Field(description="Kebab-case rule name, e.g. trailing-link-list")
    severity: Severity
    message: str
    doc_id: str = Field(description="Document id (path relative to the input root, or record id)")
    source: str = Field(description="File the document came from, as given on the command line")
    record: int | None = Field(default=None, description="1-based line of the record in a JSONL file")
    line: int | None = Field(default=None, description="1-based line of the span start in the document text")
    column: int | None = Field(default=None, description="1-based column of the span start")
    span: Span | None = None
    fix: Fix | None = None
    applied: bool = Field(default=False, description="Whether clean applied the fix")
    values: dict[str, Any] = Field(default_factory=dict, description="Measured values behind the message")


class Dateline(BaseModel):
    """The dateline opening a wire story: ``BEIJING, Jan. 8 (Xinhua) --``."""

    location: str
    date: str | None = Field(default=None, description="The date as written, e.g. 'Jan. 8'")
    resolved_date: str | None = Field(
        default=None, description="ISO date when the year could be taken from the timestamp"
    )
    agency: str | None = None
    text: str = Field(description="The whole dateline as written, separator included")


class EncodingInfo(BaseModel):
    """How the bytes were decoded."""

    name: str
    confidence: float = Field(ge=0.0, le=1.0)
    method: Literal["bom", "utf-8", "utf-8-repaired", "detected", "declared", "forced", "unicode"] = "utf-8"


#: The roles a ``Part`` can have.
PartRole = Literal[
    "title", "timestamp", "byline", "dateline", "body", "related_heading", "related_link", "footer",
    "caption", "navigation", "boilerplate", "headline",
]

#: The signals of a part the classifier said nothing about (read-only: shared by all).
NO_SIGNALS: Mapping[str, Any] = MappingProxyType({})


class Part(NamedTuple):
    """One classified piece of the document text (a line or paragraph), used by rules
    and for spans; not written to the cleaned output.

    A named tuple, not a pydantic model: the parser builds one per line of every
    document (about a dozen per article) from values it has just computed itself, and
    validating them cost about 1.3 us each (a named tuple is built in a fifth of that).
    Read-only, like the models here."""

    role: PartRole
    start: int
    end: int
    text: str
    signals: Mapping[str, Any] = NO_SIGNALS  # why the classifier gave this role


class Article(BaseModel):
    """A structured news article."""

    id: str
    source: str
    title: str | None = None
    published_at: str | None = Field(default=None, description="ISO 8601 when the timestamp parsed")
    timestamp: str | None = Field(default=None, description="The timestamp as written")
    dateline: Dateline | None = None
    byline: list[str] = Field(default_factory=list, description="Byline and credit lines")
    paragraphs: list[str] = Field(default_factory=list)
    related_links: list[str] = Field(default_factory=list)
    footer: list[str] = Field(default_factory=list)
    language: str | None = None
    encoding: EncodingInfo | None = None
    metadata: dict[str, Any] = Field(default_factory=dict, description="Other input fields, kept as given")
    # Built by the parser, which alone makes parts: not validated again (see ``Part``).
    parts: SkipValidation[list[Part]] = Field(default_factory=list, exclude=True)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


class Removal(BaseModel):
    """A span of the input text that cleaning removed or replaced, and the rule that did it."""

    rule: str
    start: int
    end: int
    text: str
    replacement: str = ""


class CleanedRecord(BaseModel):
    """One line of the cleaned JSONL output."""

    id: str
    source: str
    title: str | None = None
    published_at: str | None = None
    timestamp: str | None = None
    dateline: Dateline | None = None
    byline: list[str] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)
    related_links: list[str] = Field(default_factory=list)
    footer: list[str] = Field(default_factory=list)
    language: str | None = None
    encoding: EncodingInfo | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    text: str = Field(description="The cleaned body: paragraphs joined by blank lines")
    removed: list[Removal] = Field(default_factory=list)
    findings: list[str] = Field(default_factory=list, description="Codes of all findings on this document")


class RejectedRecord(BaseModel):
    """One line of the rejected JSONL output: a document that was dropped or could not be read."""

    id: str
    source: str
    record: int | None = None
    status: Literal["rejected", "unreadable"]
    reasons: list[Finding]
    title: str | None = None
    text: str | None = Field(default=None, description="The decoded input text, so nothing is lost")
