"""Runs the rules over one document: decode, text rules and their fixes to a fixpoint,
parse, article rules, fix selection, rendering of the cleaned body.

Everything is a pure function of the raw document and the settings, so the same
function serves the CLI, the library and worker processes. Offsets reported in findings
always index the decoded input text, even after fixes have changed it: applied text
edits are recorded in an ``OffsetMap`` that maps positions back.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from .config import ActiveRule
from .decode import DEFAULT_MIN_CONFIDENCE, decode_bytes, declared_text_issue
from .io.readers import RawDocument
from .language import detect_languages
from .models import (
    Article,
    CleanedRecord,
    Edit,
    EncodingInfo,
    Finding,
    Fix,
    RejectedRecord,
    Removal,
    Severity,
    Span,
)
from .parse import LINE_BREAK_RE, parse_article
from .report import DocResult
from .rule import Hit
from .rules.context import ArticleContext

MAX_FIX_PASSES = 4


@dataclass(frozen=True)
class Settings:
    """What the engine needs to know about the run."""

    active: tuple[ActiveRule, ...]
    apply_fixes: bool = True
    unsafe_fixes: bool = False
    reject_on: Severity = Severity.error
    encoding: str | None = None
    today: date = date(2000, 1, 1)
    #: Template lines per source from the corpus pre-pass (``validator.boilerplate.templates``).
    templates: object | None = None

    def by_scope(self, scope: str) -> list[ActiveRule]:
        cache = self.__dict__.setdefault("_by_scope", {})  # asked twice per document
        found = cache.get(scope)
        if found is None:
            found = cache[scope] = [a for a in self.active if a.rule.scope == scope]
        return list(found)

    def find(self, code: str) -> ActiveRule | None:
        return next((a for a in self.active if a.rule.code == code), None)


class OffsetMap:
    """Maps offsets in an edited text back to the text before the edits."""

    def __init__(self) -> None:
        # (new_start, new_end, old_start, old_end) per edit, in order; composed maps chain.
        self._layers: list[list[tuple[int, int, int, int]]] = []

    def push(self, edits: list[tuple[int, int, str]]) -> None:
        layer = []
        shift = 0
        for start, end, repl in edits:
            layer.append((start + shift, start + shift + len(repl), start, end))
            shift += len(repl) - (end - start)
        self._layers.append(layer)

    def to_original(self, pos: int) -> int:
        for layer in reversed(self._layers):
            pos = _map_back(layer, pos)
        return pos


def _map_back(layer: list[tuple[int, int, int, int]], pos: int) -> int:
    starts = [e[0] for e in layer]
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return pos
    new_start, new_end, old_start, old_end = layer[i]
    if pos < new_end:
        return old_start if pos == new_start else min(old_end, old_start + (pos - new_start))
    return old_end + (pos - new_end)


class LineIndex:
    """1-based line and column of an offset; ``\\r\\n``, ``\\r`` and ``\\n`` end lines.

    The line starts are found on first use (most documents need no location at all):
    by ``str.find`` from one ``\\n`` to the next when the text has no ``\\r`` (a few
    calls in C per document), else by one regex scan."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def locate(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = _line_starts(self._text)
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


_LINE_END_RE = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> list[int]:
    if "\r" in text:
        return [0] + [m.end() for m in _LINE_END_RE.finditer(text)]
    starts = [0]
    find = text.find
    at = find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def _byte_location(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    last = data.rfind(b"\n", 0, offset)
    return line, offset - last


class Taken:
    """Sorted, disjoint ranges already claimed by applied edits; overlap tests by bisection
    so a document with thousands of edits stays linear-logarithmic."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and (self._ends[i - 1] > start or (self._starts[i - 1] == start)):
            return False
        if i < len(self._starts) and (self._starts[i] < end or self._starts[i] == start):
            return False
        return True

    def claim_all(self, edits) -> bool:
        """Claim every range of ``edits`` if none overlaps a claimed one (or each other)."""
        ranges = sorted((s, e) for s, e, _ in edits)
        for k, (s, e) in enumerate(ranges):
            if not self.free(s, e) or (k and ranges[k - 1][1] > s):
                return False
        for s, e in ranges:
            if not self._starts or s >= self._starts[-1]:  # edits usually arrive in order
                self._starts.append(s)
                self._ends.append(e)
                continue
            i = bisect.bisect_right(self._starts, s)
            self._starts.insert(i, s)
            self._ends.insert(i, e)
        return True

    def ranges(self) -> list[tuple[int, int]]:
        return list(zip(self._starts, self._ends))


def _unreadable(raw: RawDocument, index: int, code: str, message: str, values: dict) -> DocResult:
    from .registry import BY_CODE

    rule = BY_CODE[code]
    finding = Finding(
        code=code, rule=rule.name, severity=rule.severity, message=message,
        doc_id=raw.doc_id, source=raw.source, record=raw.record, values=values,
    )
    return DocResult(
        index=index, doc_id=raw.doc_id, source=raw.source, record=raw.record, status="unreadable",
        findings=[finding],
        rejected=RejectedRecord(id=raw.doc_id, source=raw.source, record=raw.record, status="unreadable", reasons=[finding]),
    )


#: Documents whose languages are identified together (enough to share the cost; few
#: enough that the documents waiting for it hold little memory).
LANGUAGE_BATCH = 128


def process_documents(batch: list[tuple[int, RawDocument]], settings: Settings) -> list[tuple[DocResult, str | None]]:
    """Check (and, with ``apply_fixes``, clean) each ``(index, raw)`` of ``batch``: the
    results in order, each with the decoded input text (for a rejected record written
    after the corpus rules run), or None when the input was unreadable.

    Each document runs up to the point where its language is needed; the languages of the
    whole batch are then identified together (``detect_languages``, far cheaper per
    document than one at a time), and each document runs on to its end."""
    if len(batch) > LANGUAGE_BATCH:  # bounded: each waiting document holds its parse
        return [r for i in range(0, len(batch), LANGUAGE_BATCH) for r in process_documents(batch[i : i + LANGUAGE_BATCH], settings)]
    results: list[tuple[DocResult, str | None] | None] = [None] * len(batch)
    waiting = []
    for k, (index, raw) in enumerate(batch):
        steps = _document_steps(raw, index, settings)
        try:
            waiting.append((k, steps, next(steps)))
        except StopIteration as done:
            results[k] = done.value
    languages = detect_languages([body for _, _, body in waiting])
    for (k, steps, _), language in zip(waiting, languages):
        try:
            steps.send(language)
        except StopIteration as done:
            results[k] = done.value
        else:
            raise RuntimeError("a document asked for its language twice")
    return results  # type: ignore[return-value]


def _document_steps(raw: RawDocument, index: int, settings: Settings):
    """The work on one document, as a generator: it yields the text whose language it
    needs, is sent back ``(language, probability)``, and returns the result."""
    if raw.problem is not None:
        return _unreadable(raw, index, raw.problem.code, raw.problem.message, raw.problem.values), None

    findings: list[Finding] = []

    def stamp(active: ActiveRule, hit: Hit, span: Span | None, line_col, fix: Fix | None, applied: bool) -> Finding:
        return Finding(
            code=active.rule.code, rule=active.rule.name, severity=active.severity,
            message=hit.message, doc_id=raw.doc_id, source=raw.source, record=raw.record,
            line=line_col[0] if line_col else None, column=line_col[1] if line_col else None,
            span=span, fix=fix, applied=applied, values=hit.values,
        )

    if raw.data is not None:
        try:
            low = settings.find("EN106")
            min_conf = getattr(low.options, "min_confidence", DEFAULT_MIN_CONFIDENCE) if low else DEFAULT_MIN_CONFIDENCE
            decoded = decode_bytes(raw.data, forced=settings.encoding, min_confidence=min_conf)
        except ValueError as exc:
            return _unreadable(raw, index, "IO101", str(exc), {}), None
        if decoded.binary_type is not None:
            return _unreadable(raw, index, "IO103", f"binary file ({decoded.binary_type}), not text", {"type": decoded.binary_type}), None
        text = decoded.text or ""
        if not text.strip():
            return _unreadable(raw, index, "IO102", "empty file" if not raw.data else "file holds only whitespace", {"bytes": len(raw.data)}), None
        encoding = decoded.encoding
        for issue in decoded.issues:
            active = settings.find(issue.code)
            if active is None:
                continue
            span = loc = None
            if issue.byte_start is not None:
                span = Span(field="bytes", start=issue.byte_start, end=issue.byte_end or issue.byte_start)
                loc = _byte_location(raw.data, issue.byte_start)
            findings.append(stamp(active, Hit(issue.message, values=issue.values), span, loc, None, False))
    else:
        text = raw.text or ""
        encoding = EncodingInfo(name="utf-8", confidence=1.0, method="utf-8")
        for issue in raw.line_issues:
            active = settings.find(issue.code)
            if active is not None:
                findings.append(stamp(active, Hit(issue.message, values=issue.values), None, None, None, False))
        # A record may declare the encoding its text came from: check the text agrees.
        declared = declared_text_issue(text, raw.metadata.get("encoding") or raw.metadata.get("charset"))
        active = settings.find("EN107") if declared else None
        if active is not None:
            findings.append(stamp(active, Hit(declared.message, values=declared.values), None, None, None, False))

    lines = LineIndex(text)
    offsets = OffsetMap()
    removed: list[Removal] = []

    def raw_span(start: int | None, end: int | None) -> tuple[Span | None, tuple[int, int] | None]:
        if start is None:
            return None, None
        s = offsets.to_original(start)
        e = offsets.to_original(end if end is not None else start)
        return Span(start=s, end=max(s, e)), lines.locate(s)

    # Text rules, with their fixes applied to a fixpoint.
    current = text
    text_rules = settings.by_scope("text")
    for _ in range(MAX_FIX_PASSES):
        pass_edits: list[tuple[int, int, str]] = []
        taken = Taken()
        pass_findings = []
        for active in text_rules:
            for hit in active.rule.check(current, active.options):
                allowed = hit.edits and settings.apply_fixes and (hit.fix_safe or settings.unsafe_fixes)
                applied = bool(allowed) and taken.claim_all(hit.edits)
                if applied:
                    pass_edits.extend(hit.edits)
                pass_findings.append((active, hit, applied))
        for active, hit, applied in pass_findings:
            span, loc = raw_span(hit.start, hit.end)
            fix = _fix(hit, offsets)
            findings.append(stamp(active, hit, span, loc, fix, applied))
            if applied:
                for s, e, repl in hit.edits:
                    rs, re_ = offsets.to_original(s), offsets.to_original(e)
                    removed.append(Removal(rule=active.rule.code, start=rs, end=re_, text=current[s:e], replacement=repl))
        if not pass_edits:
            break
        pass_edits.sort()
        current = _apply(current, pass_edits)
        offsets.push(pass_edits)

    article = parse_article(current, doc_id=raw.doc_id, source=raw.source, title=raw.title)
    article.encoding = encoding
    article.language = (yield article.body or current)[0]
    article.metadata = dict(raw.metadata)
    ctx = ArticleContext(text=current, today=settings.today, templates=settings.templates)

    deletions = Taken()
    for active in settings.by_scope("article"):
        for hit in active.rule.check(article, ctx, active.options):
            allowed = hit.edits and settings.apply_fixes and (hit.fix_safe or settings.unsafe_fixes)
            applied = bool(allowed) and deletions.claim_all(hit.edits)
            if applied:
                for s, e, _ in hit.edits:
                    rs, re_ = offsets.to_original(s), offsets.to_original(e)
                    removed.append(Removal(rule=active.rule.code, start=rs, end=re_, text=current[s:e]))
            span, loc = raw_span(hit.start, hit.end)
            findings.append(stamp(active, hit, span, loc, _fix(hit, offsets), applied))

    paragraphs = render_paragraphs(current, article.parts, deletions.ranges())
    cleaned = CleanedRecord(
        **{name: getattr(article, name) for name in _ARTICLE_FIELDS_KEPT},
        paragraphs=paragraphs,
        text="\n\n".join(paragraphs),
        removed=sorted(removed, key=lambda r: (r.start, r.end, r.rule)),
        findings=[f.code for f in findings],
    )
    result = DocResult(index=index, doc_id=raw.doc_id, source=raw.source, record=raw.record, status="kept", findings=findings, cleaned=cleaned)
    settle(result, settings, text)
    return result, text


#: The ``Article`` fields a ``CleanedRecord`` carries over as they are: passed as the
#: article holds them (nested models as instances), not dumped to dicts and validated
#: again, which cost about 10 us per document.
_ARTICLE_FIELDS_KEPT = tuple(name for name in Article.model_fields if name not in ("paragraphs", "parts"))


def settle(result: DocResult, settings: Settings, text: str | None) -> None:
    """Set the status from the findings: rejected when an unfixed finding is at or above
    ``reject_on``; fixed when a fix was applied; kept otherwise."""
    if result.status == "unreadable":
        return
    blocking = [f for f in result.findings if not f.applied and f.severity.rank >= settings.reject_on.rank]
    if blocking:
        cleaned = result.cleaned
        result.status = "rejected"
        result.rejected = RejectedRecord(
            id=result.doc_id, source=result.source, record=result.record, status="rejected",
            reasons=blocking, title=cleaned.title if cleaned else None, text=text,
        )
        result.cleaned = None
    elif any(f.applied for f in result.findings):
        result.status = "fixed"
    else:
        result.status = "kept"
    if result.cleaned is not None:
        result.cleaned.findings = [f.code for f in result.findings]


def _fix(hit: Hit, offsets: OffsetMap) -> Fix | None:
    if not hit.edits:
        return None
    edits = [
        Edit(start=offsets.to_original(s), end=offsets.to_original(e), replacement=r) for s, e, r in hit.edits
    ]
    return Fix(description=hit.fix_description or "apply the fix", edits=edits, safe=hit.fix_safe)


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out = []
    pos = 0
    for s, e, r in edits:
        out.append(text[pos:s])
        out.append(r)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def render_paragraphs(text: str, parts, deletions: list[tuple[int, int]]) -> list[str]:
    """The cleaned body: every part except the title and the parts (or pieces) deleted by
    applied fixes; a wrapped paragraph's line breaks become single spaces."""
    deletions = sorted(deletions)
    starts = [s for s, _ in deletions]
    out = []
    for part in parts:
        if part.role in ("title", "dateline"):
            continue
        pieces = []
        pos = part.start
        k = max(0, bisect.bisect_right(starts, part.start) - 1)
        while k < len(deletions):
            s, e = deletions[k]
            k += 1
            if s >= part.end:
                break
            if e <= part.start:
                continue
            if s > pos:
                pieces.append(text[pos:s])
            pos = max(pos, e)
        if pos < part.end:
            pieces.append(text[pos : part.end])
        # Only the line breaks the parser splits on (CR, LF, CRLF) are folded; U+2028, U+0085
        # and friends stay in the text for the hygiene rules to report, never dropped silently.
        chunk = "".join(pieces)
        if "\n" in chunk or "\r" in chunk:
            joined = " ".join(line.strip() for line in LINE_BREAK_RE.split(chunk) if line.strip())
        else:  # one line (most parts): the split would give it back whole
            joined = chunk.strip()
        if joined:
            out.append(joined)
    return out
