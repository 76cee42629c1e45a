"""The library entry points; the CLI and the runners call these and nothing else.

``iter_results`` streams one ``DocResult`` per input document in input order, with the
corpus rules (duplicates) applied; ``check`` and ``clean`` build on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import __version__
from .config import Config, resolve_rules
from .engine import Settings, process_document, settle
from .io.readers import RawDocument, ReadOptions, iter_documents
from .models import Article, CleanedRecord, Finding
from .parse import parse_article as _parse_article
from .report import DocResult, Report
from .rule import CorpusView


def make_settings(config: Config, *, apply_fixes: bool, today: date | None = None) -> Settings:
    return Settings(
        active=tuple(resolve_rules(config)),
        apply_fixes=apply_fixes,
        unsafe_fixes=config.unsafe_fixes,
        reject_on=config.reject_on,
        encoding=config.encoding,
        today=today or date.today(),
    )


def read_options(config: Config) -> ReadOptions:
    return ReadOptions(
        glob=config.glob,
        text_field=config.text_field,
        id_field=config.id_field,
        title_field=config.title_field,
        max_file_bytes=config.max_file_bytes,
        max_line_bytes=config.max_line_bytes,
    )


def new_report(inputs: Iterable[str], config: Config) -> Report:
    summary = config.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return Report(version=__version__, config=summary, inputs=[Path(i).as_posix() for i in inputs])


def process_stream(raw_docs: Iterable[RawDocument], settings: Settings) -> Iterator[DocResult]:
    """Per-document work followed by the corpus rules, in input order."""
    return corpus_stage((process_document(raw, index, settings) for index, raw in enumerate(raw_docs)), settings)


def corpus_states(settings: Settings) -> list:
    """A fresh state for every selected corpus rule, as ``(active rule, state)`` pairs."""
    return [(a, a.rule.check(a.options)) for a in settings.by_scope("corpus")]


def corpus_stage(pairs: Iterable[tuple[DocResult, str | None]], settings: Settings) -> Iterator[DocResult]:
    """The corpus rules over per-document results, in input order.

    ``pairs`` are what ``engine.process_document`` returns, in input order, whoever
    computed them (this process, worker processes, Ray tasks, or a resumed run reading
    them back). This is the one place the runners hand documents to corpus rules."""
    states = corpus_states(settings)
    for result, text in pairs:
        apply_corpus_rules(result, text, states, settings)
        yield result


def apply_corpus_rules(result: DocResult, text: str | None, states: list, settings: Settings) -> None:
    """Let every corpus rule observe one document (in input order) and attach its hits."""
    if result.cleaned is None or not states:
        return
    view = CorpusView(result.doc_id, result.cleaned.title or "", result.cleaned.text)
    for active, state in states:
        for hit in state.observe(result.index, view):
            result.findings.append(
                Finding(
                    code=active.rule.code, rule=active.rule.name, severity=active.severity,
                    message=hit.message, doc_id=result.doc_id, source=result.source,
                    record=result.record, values=hit.values,
                )
            )
    settle(result, settings, text)


def iter_results(
    inputs: list[str], config: Config | None = None, *, apply_fixes: bool = True, today: date | None = None,
    jobs: int = 1, progress=None,
) -> Iterator[DocResult]:
    """One ``DocResult`` per input document, in input order; ``jobs`` > 1 runs the
    per-document work in that many worker processes (same results for any ``jobs``)."""
    from .run.local import document_pairs

    config = config or Config()
    settings = make_settings(config, apply_fixes=apply_fixes, today=today)
    raw_docs = iter_documents(list(inputs), read_options(config))
    yield from corpus_stage(document_pairs(raw_docs, settings, jobs=jobs, progress=progress), settings)


@dataclass
class CheckResult:
    """Findings of a check run, in input order, and the report."""

    findings: list[Finding] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def check(inputs: list[str] | str, config: Config | None = None, *, today: date | None = None,
          jobs: int = 1) -> CheckResult:
    """Check files, folders or JSONL files without changing anything."""
    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    inputs = [str(i) for i in inputs]
    config = config or Config()
    out = CheckResult(report=new_report(inputs, config))
    for result in iter_results(inputs, config, apply_fixes=False, today=today, jobs=jobs):
        out.findings.extend(result.findings)
        out.report.add(result)
    return out


def clean(
    inputs: list[str] | str,
    out: str | Path,
    *,
    rejected: str | Path | None = None,
    report_dir: str | Path | None = None,
    config: Config | None = None,
    today: date | None = None,
    on_result=None,
    jobs: int = 1,
    resume: bool = False,
    shard_size: int | None = None,
    progress=None,
) -> Report:
    """Write the cleaned records to ``out`` (JSONL, ``.jsonl.gz``, ``.jsonl.zst`` or
    ``.parquet``), rejected and unreadable records to ``rejected`` (default:
    ``<out stem>.rejected.<same suffix>`` beside ``out``), and, with ``report_dir``, the
    reports. Every output is written atomically. ``on_result`` is called with each
    ``DocResult`` (the CLI prints unreadable inputs with it). ``jobs`` worker processes
    do the per-document work; with ``resume``, finished shards are kept in a work folder
    beside ``out`` so an interrupted run started again continues where it stopped
    (``validator.run.local``)."""
    from .run.local import clean_corpus

    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    inputs = [str(i) for i in inputs]
    config = config or Config()
    out = Path(out)
    rejected = Path(rejected) if rejected else default_rejected_path(out)
    settings = make_settings(config, apply_fixes=True, today=today)
    return clean_corpus(
        inputs, out, rejected, report=new_report(inputs, config), settings=settings, options=read_options(config),
        report_dir=Path(report_dir) if report_dir is not None else None, on_result=on_result, jobs=jobs,
        resume=resume, shard_size=shard_size, progress=progress,
    )


def default_rejected_path(out: Path) -> Path:
    name = out.name
    for suffix in (".jsonl.gz", ".jsonl.zst", ".jsonl", ".gz", ".zst", ".parquet"):
        if name.endswith(suffix):
            return out.with_name(name[: -len(suffix)] + ".rejected" + suffix)
    return out.with_name(name + ".rejected.jsonl")


def _one(text: str, doc_id: str, title: str | None, config: Config | None, apply_fixes: bool, today) -> DocResult:
    settings = make_settings(config or Config(), apply_fixes=apply_fixes, today=today)
    raw = RawDocument(doc_id=doc_id, source=doc_id, text=text, title=title)
    return next(process_stream([raw], settings))


def check_text(text: str, *, doc_id: str = "<text>", title: str | None = None,
               config: Config | None = None, today: date | None = None) -> list[Finding]:
    """Findings for one text (the first line is the title unless ``title`` is given)."""
    return _one(text, doc_id, title, config, False, today).findings


def clean_text(text: str, *, doc_id: str = "<text>", title: str | None = None,
               config: Config | None = None, today: date | None = None) -> DocResult:
    """Clean one text; the result's ``cleaned`` is None when the text is rejected."""
    return _one(text, doc_id, title, config, True, today)


def parse_article(text: str, *, doc_id: str = "<text>", source: str = "<text>", title: str | None = None) -> Article:
    """Parse plain news text into an ``Article`` (see ``validator.parse``)."""
    return _parse_article(text, doc_id=doc_id, source=source, title=title)


__all__ = [
    "CheckResult", "CleanedRecord", "check", "check_text", "clean", "clean_text", "iter_results", "parse_article",
]
