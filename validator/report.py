"""The run's report and the per-document result it is built from. No I/O here.

``Report.merge`` is associative and ``Report.add`` is ``merge`` with a one-document
report, so shard reports built by workers combine in any grouping. Nothing that varies
between identical runs (times, absolute paths, dates) is stored, so the same input and
config give a byte-identical report.
"""

from __future__ import annotations

import bisect
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from .models import CleanedRecord, Finding, RejectedRecord, Severity

Status = Literal["kept", "fixed", "rejected", "unreadable"]
MAX_EXAMPLES = 5


class DocResult(BaseModel):
    """What happened to one input document."""

    index: int
    doc_id: str
    source: str
    record: int | None = None
    status: Status
    findings: list[Finding] = Field(default_factory=list)
    cleaned: CleanedRecord | None = None
    rejected: RejectedRecord | None = None


class Totals(BaseModel):
    """Every input document is counted in exactly one of kept, fixed, rejected, unreadable."""

    documents: int = 0
    kept: int = 0
    fixed: int = 0
    rejected: int = 0
    unreadable: int = 0

    def merge(self, other: "Totals") -> "Totals":
        return Totals(**{k: getattr(self, k) + getattr(other, k) for k in Totals.model_fields})


class RuleCount(BaseModel):
    code: str
    name: str
    severity: Severity
    findings: int = 0
    documents: int = 0
    fixed: int = 0


class Example(BaseModel):
    doc_id: str
    location: str
    message: str


class DuplicateCluster(BaseModel):
    """One cluster of duplicates: the kept document and the others, with the range of
    their similarity to it (Jaccard for DU101/DU102, containment for DU103)."""

    id: str = Field(description="Rule code and kept document id, e.g. DU102:tech/060.txt")
    rule: str
    kept: str
    duplicates: list[str] = Field(description="The other members, sorted")
    size: int = Field(description="Members, the kept document included")
    similarity_min: float | None = None
    similarity_max: float | None = None

    def add(self, dup: str, similarity: float | None) -> None:
        if dup not in self.duplicates:
            self.duplicates.append(dup)
            self.duplicates.sort()
            self.size = len(self.duplicates) + 1
        if similarity is not None:
            lo, hi = self.similarity_min, self.similarity_max
            self.similarity_min = similarity if lo is None else min(lo, similarity)
            self.similarity_max = similarity if hi is None else max(hi, similarity)


class TemplateCount(BaseModel):
    """A template line of one source (``BP109``) and how many documents it was removed from."""

    source: str
    template: str
    documents: int = 0


#: Templates listed per source in the report.
MAX_TEMPLATES_PER_SOURCE = 10


class Report(BaseModel):
    """Totals, counts per rule and severity, capped examples and duplicate clusters."""

    tool: str = "validator"
    version: str = ""
    config: dict = Field(default_factory=dict)
    inputs: list[str] = Field(default_factory=list)
    totals: Totals = Field(default_factory=Totals)
    severities: dict[str, int] = Field(default_factory=lambda: {s.value: 0 for s in Severity})
    rules: list[RuleCount] = Field(default_factory=list)
    examples: dict[str, list[Example]] = Field(default_factory=dict)
    duplicate_clusters: list[DuplicateCluster] = Field(default_factory=list)
    templates: list[TemplateCount] = Field(default_factory=list, description="Template lines per source (BP109)")
    _cluster_index: dict = PrivateAttr(default_factory=dict)

    def add(self, result: DocResult) -> None:
        """Count one document (in place): two counters, and the findings when it has any
        (a worker counts every document of its shard, most of them with no finding)."""
        totals = self.totals
        totals.documents += 1
        setattr(totals, result.status, getattr(totals, result.status) + 1)
        if result.findings:
            self._count(result.findings, set())

    def amend(self, old_status: Status, result: DocResult, late: list[Finding]) -> None:
        """Recount a document already counted with ``old_status`` whose corpus rules
        added the ``late`` findings (now at the end of ``result.findings``) and may have
        changed its status: the sharded runners count each shard's documents in the
        worker and amend only the few documents that duplicates change."""
        totals = self.totals
        setattr(totals, old_status, getattr(totals, old_status) - 1)
        setattr(totals, result.status, getattr(totals, result.status) + 1)
        earlier = result.findings[: len(result.findings) - len(late)]
        self._count(late, {f.code for f in earlier})

    def _count(self, findings: list[Finding], seen_codes: set[str]) -> None:
        by_code = {r.code: r for r in self.rules}
        new_rule = new_template = False  # (the lists are sorted again only when they change)
        for f in findings:
            self.severities[f.severity.value] = self.severities.get(f.severity.value, 0) + 1
            rc = by_code.get(f.code)
            if rc is None:
                rc = by_code[f.code] = RuleCount(code=f.code, name=f.rule, severity=f.severity)
                self.rules.append(rc)
                new_rule = True
            rc.findings += 1
            rc.fixed += int(f.applied)
            if f.code not in seen_codes:
                rc.documents += 1
                seen_codes.add(f.code)
            examples = self.examples.setdefault(f.code, [])
            if len(examples) < MAX_EXAMPLES:
                examples.append(Example(doc_id=f.doc_id, location=location(f), message=f.message))
            if f.code.startswith("DU") and "kept" in f.values:
                sim = f.values.get("similarity")
                self._add_duplicate(f.code, str(f.values["kept"]), f.doc_id, float(sim) if sim is not None else None)
            if f.code == "BP109" and "template" in f.values:
                self._add_template(str(f.values["source"]), str(f.values["template"]), 1)
                new_template = True
        if new_rule:
            self.rules.sort(key=_rule_key)
        if new_template:
            self.templates.sort(key=_template_key)

    def _add_duplicate(self, code: str, kept: str, dup: str, similarity: float | None,
                       similarity_max: float | None = None) -> None:
        index = self._cluster_index
        if len(index) != len(self.duplicate_clusters) or any(
            index.get((c.rule, c.kept)) is not c for c in self.duplicate_clusters[-1:]
        ):
            index.clear()
            index.update({(c.rule, c.kept): c for c in self.duplicate_clusters})
        cluster = index.get((code, kept))
        if cluster is None:
            cluster = index[(code, kept)] = DuplicateCluster(id=f"{code}:{kept}", rule=code, kept=kept, duplicates=[], size=1)
            bisect.insort(self.duplicate_clusters, cluster, key=_cluster_key)
        cluster.add(dup, similarity)
        if similarity_max is not None:
            cluster.add(dup, similarity_max)

    def _add_template(self, source: str, template: str, documents: int) -> None:
        for t in self.templates:
            if t.source == source and t.template == template:
                t.documents += documents
                return
        self.templates.append(TemplateCount(source=source, template=template, documents=documents))

    def top_templates(self) -> dict[str, list[TemplateCount]]:
        """The most frequent templates of each source, most frequent first."""
        out: dict[str, list[TemplateCount]] = {}
        for t in sorted(self.templates, key=lambda t: (t.source, -t.documents, t.template)):
            rows = out.setdefault(t.source, [])
            if len(rows) < MAX_TEMPLATES_PER_SOURCE:
                rows.append(t)
        return out

    def _sort(self) -> None:
        self.rules.sort(key=_rule_key)
        self.templates.sort(key=_template_key)

    def merge(self, other: "Report") -> "Report":
        """A new report counting both; associative, so shards combine in any grouping."""
        out = self.model_copy(deep=True)
        out._cluster_index = {}
        out.absorb(other)
        return out

    def absorb(self, other: "Report") -> None:
        """Count ``other`` into this report (in place): ``merge`` without the copy, for a
        run that adds one shard report after another."""
        self.inputs = self.inputs + [i for i in other.inputs if i not in self.inputs]
        self.totals = self.totals.merge(other.totals)
        for sev, n in other.severities.items():
            self.severities[sev] = self.severities.get(sev, 0) + n
        by_code = {r.code: r for r in self.rules}
        for rc in other.rules:
            mine = by_code.get(rc.code)
            if mine is None:
                self.rules.append(rc.model_copy())
            else:
                mine.findings += rc.findings
                mine.documents += rc.documents
                mine.fixed += rc.fixed
        for code, examples in other.examples.items():
            mine = self.examples.setdefault(code, [])
            mine.extend(e.model_copy() for e in examples[: max(0, MAX_EXAMPLES - len(mine))])
        for cluster in other.duplicate_clusters:
            for dup in cluster.duplicates:
                self._add_duplicate(cluster.rule, cluster.kept, dup, cluster.similarity_min, cluster.similarity_max)
        for t in other.templates:
            self._add_template(t.source, t.template, t.documents)
        self._sort()
        self.duplicate_clusters.sort(key=_cluster_key)

    def count(self, code: str) -> int:
        return next((r.findings for r in self.rules if r.code == code), 0)


def _rule_key(r: RuleCount) -> str:
    return r.code


def _template_key(t: TemplateCount) -> tuple[str, int, str]:
    return (t.source, -t.documents, t.template)


def _cluster_key(c: DuplicateCluster) -> tuple[str, str]:
    return (c.rule, c.kept)


def location(f: Finding) -> str:
    """``source:line:col`` for text files, ``source:record`` (+ text line) for JSONL."""
    if f.record is not None:
        where = f"{f.source}:{f.record}"
        return where + (f" (text line {f.line})" if f.line else "")
    if f.line is not None:
        return f"{f.source}:{f.line}:{f.column or 1}"
    return f.source
