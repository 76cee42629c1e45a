"""The run's report and the per-document result it is built from. No I/O here.

``Report.merge`` is associative and ``Report.add`` is ``merge`` with a one-document
report, so shard reports built by workers combine in any grouping. Nothing that varies
between identical runs (times, absolute paths, dates) is stored, so the same input and
config give a byte-identical report.
"""

from __future__ import annotations

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
    rule: str
    kept: str
    duplicates: list[str]


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
    _cluster_index: tuple | None = PrivateAttr(default=None)

    def add(self, result: DocResult) -> None:
        """Count one document (in place)."""
        self.totals = self.totals.merge(Totals(documents=1, **{result.status: 1}))
        by_code = {r.code: r for r in self.rules}
        seen_codes: set[str] = set()
        for f in result.findings:
            self.severities[f.severity.value] = self.severities.get(f.severity.value, 0) + 1
            rc = by_code.get(f.code)
            if rc is None:
                rc = by_code[f.code] = RuleCount(code=f.code, name=f.rule, severity=f.severity)
                self.rules.append(rc)
            rc.findings += 1
            rc.fixed += int(f.applied)
            if f.code not in seen_codes:
                rc.documents += 1
                seen_codes.add(f.code)
            examples = self.examples.setdefault(f.code, [])
            if len(examples) < MAX_EXAMPLES:
                examples.append(Example(doc_id=f.doc_id, location=location(f), message=f.message))
            if f.code.startswith("DU") and "kept" in f.values:
                self._add_duplicate(f.code, str(f.values["kept"]), f.doc_id)
        self._sort()

    def _add_duplicate(self, code: str, kept: str, dup: str) -> None:
        # An index by (rule, kept) keeps this O(1): a scan of the clusters per duplicate
        # made large corpora quadratic. Rebuilt when the list was replaced or copied.
        index = self._cluster_index
        if index is None or index[0] is not self.duplicate_clusters or len(index[1]) != len(self.duplicate_clusters):
            index = self._cluster_index = (self.duplicate_clusters, {(c.rule, c.kept): c for c in self.duplicate_clusters})
        cluster = index[1].get((code, kept))
        if cluster is not None:
            cluster.duplicates.append(dup)
            return
        cluster = DuplicateCluster(rule=code, kept=kept, duplicates=[dup])
        self.duplicate_clusters.append(cluster)
        index[1][(code, kept)] = cluster

    def _sort(self) -> None:
        self.rules.sort(key=lambda r: r.code)

    def merge(self, other: "Report") -> "Report":
        """A new report counting both; associative, so shards combine in any grouping."""
        out = self.model_copy(deep=True)
        out.inputs = self.inputs + [i for i in other.inputs if i not in self.inputs]
        out.totals = self.totals.merge(other.totals)
        for sev, n in other.severities.items():
            out.severities[sev] = out.severities.get(sev, 0) + n
        by_code = {r.code: r for r in out.rules}
        for rc in other.rules:
            mine = by_code.get(rc.code)
            if mine is None:
                out.rules.append(rc.model_copy())
            else:
                mine.findings += rc.findings
                mine.documents += rc.documents
                mine.fixed += rc.fixed
        for code, examples in other.examples.items():
            mine = out.examples.setdefault(code, [])
            mine.extend(examples[: max(0, MAX_EXAMPLES - len(mine))])
        for cluster in other.duplicate_clusters:
            for dup in cluster.duplicates:
                out._add_duplicate(cluster.rule, cluster.kept, dup)
        out._sort()
        return out

    def count(self, code: str) -> int:
        return next((r.findings for r in self.rules if r.code == code), 0)


def location(f: Finding) -> str:
    """``source:line:col`` for text files, ``source:record`` (+ text line) for JSONL."""
    if f.record is not None:
        where = f"{f.source}:{f.record}"
        return where + (f" (text line {f.line})" if f.line else "")
    if f.line is not None:
        return f"{f.source}:{f.line}:{f.column or 1}"
    return f.source
