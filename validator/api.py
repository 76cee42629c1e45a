"""The library entry points; the CLI and the runners call these and nothing else.

``iter_results`` streams one ``DocResult`` per input document in input order, with the
corpus rules (duplicates) applied, and ``check`` builds on it; ``clean`` writes its
outputs without parsing every result back (``validator.run``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import __version__
from .config import Config, resolve_rules
from .engine import Settings
from .io.readers import RawDocument, ReadOptions
from .models import Article, CleanedRecord, Finding
from .parse import parse_article as _parse_article
from .report import DocResult, Report


def make_settings(config: Config, *, apply_fixes: bool, today: date | None = None, templates=None) -> Settings:
    return Settings(
        active=tuple(resolve_rules(config)),
        apply_fixes=apply_fixes,
        unsafe_fixes=config.unsafe_fixes,
        reject_on=config.reject_on,
        encoding=config.encoding,
        today=today or date.today(),
        templates=templates,
    )


def template_pass(inputs: list[str], config: Config, *, jobs: int = 1):
    """The corpus pre-pass of ``BP109`` (template lines per source): None when the rule
    is not selected. Reads the inputs once more, decoding only, on ``jobs`` processes."""
    from .run.local import scan_templates

    active = next((a for a in resolve_rules(config) if a.rule.code == "BP109"), None)
    if active is None:
        return None
    return scan_templates(
        list(inputs), read_options(config), encoding=config.encoding, jobs=jobs,
        min_documents=active.options.min_documents, min_share=active.options.min_share,
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
    """Per-document work followed by the corpus rules, in input order, in this process
    and in memory (for a few documents: ``check_text``, ``clean_text``)."""
    from .run.assemble import Assembler, MemoryShard
    from .run.batch import run_batch

    summary, data = run_batch(list(enumerate(raw_docs)), settings, 0)
    assembler = Assembler(settings, Report())
    assembler.add(summary, MemoryShard(data))
    return assembler.results()


def corpus_text(record: CleanedRecord) -> str:
    """The body the corpus rules compare: the cleaned paragraphs without the parts that
    differ between syndicated copies (timestamp, dateline, byline, related links and their
    heading, footer), whether or not ``clean`` removed them (``check`` applies no fix, so
    they may still be in the paragraphs). Duplicate findings are then the same in
    ``check`` and ``clean``."""
    from .cues import is_related_heading
    from .dedup.shingles import normalise
    from .parse import first_folded_word

    parts = [record.timestamp or "", *record.byline, *record.related_links, *record.footer]
    drop = {normalise(p) for p in parts if p}
    # An ASCII paragraph's normal form is its fold: when no dropped part starts with the
    # fold's first word, the paragraph is not one of them (most paragraphs are told apart
    # without normalising them).
    firsts = {d.split(" ", 1)[0] for d in drop}
    dateline = record.dateline.text.strip() if record.dateline else ""
    out = []
    for para in record.paragraphs:
        if dateline and para.startswith(dateline):
            para = para[len(dateline) :].lstrip()
        if not para:
            continue
        if drop:
            word = first_folded_word(para)
            if (word is None or word in firsts) and normalise(para) in drop:
                continue
        if not (record.related_links and is_related_heading(para)):
            out.append(para)
    return "\n\n".join(out)



def metadata_fields(record: CleanedRecord) -> int:
    """How many metadata fields a cleaned record has (the "most complete metadata" keep
    rule): title, publication time, dateline, byline, language and each input field."""
    filled = [record.title, record.published_at, record.dateline, record.byline, record.language]
    return sum(1 for v in filled if v) + sum(1 for v in record.metadata.values() if v not in (None, "", [], {}))


def iter_results(
    inputs: list[str], config: Config | None = None, *, apply_fixes: bool = True, today: date | None = None,
    jobs: int = 1, progress=None,
) -> Iterator[DocResult]:
    """One ``DocResult`` per input document, in input order; ``jobs`` > 1 runs the
    per-document work in that many worker processes (same results for any ``jobs``)."""
    from .run.local import iter_final_results

    config = config or Config()
    settings = make_settings(config, apply_fixes=apply_fixes, today=today, templates=template_pass(inputs, config, jobs=jobs))
    yield from iter_final_results(list(inputs), settings, read_options(config), jobs=jobs, progress=progress)


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
    on_unreadable=None,
    jobs: int = 1,
    resume: bool = False,
    shard_size: int | None = None,
    progress=None,
) -> Report:
    """Write the cleaned records to ``out`` (JSONL, ``.jsonl.gz``, ``.jsonl.zst`` or
    ``.parquet``), rejected and unreadable records to ``rejected`` (default:
    ``<out stem>.rejected.<same suffix>`` beside ``out``), and, with ``report_dir``, the
    reports. Every output is written atomically. ``on_result`` is called with each
    document's final ``DocResult`` (this re-reads every result: slower);
    ``on_unreadable`` only with the unreadable ones (the CLI names them). ``jobs`` worker processes
    do the per-document work; with ``resume``, finished shards are kept in a work folder
    beside ``out`` so an interrupted run started again continues where it stopped
    (``validator.run.local``)."""
    from .run.local import clean_corpus

    inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    inputs = [str(i) for i in inputs]
    config = config or Config()
    out = Path(out)
    rejected = Path(rejected) if rejected else default_rejected_path(out)
    settings = make_settings(config, apply_fixes=True, today=today, templates=template_pass(inputs, config, jobs=jobs))
    return clean_corpus(
        inputs, out, rejected, report=new_report(inputs, config), settings=settings, options=read_options(config),
        report_dir=Path(report_dir) if report_dir is not None else None, on_result=on_result,
        on_unreadable=on_unreadable, jobs=jobs,
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
