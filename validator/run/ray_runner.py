"""``validator clean --engine ray``: the same per-document function on Ray Data.

Input files are listed here, in reading order, and grouped into tasks (one JSONL or
Parquet file, or up to ``FILES_PER_TASK`` text files, per task). Ray Data runs
``engine.process_document`` over each task's documents on the cluster's workers, with
the order of tasks preserved; the results stream back here, where the corpus stage
(``api.corpus_stage``: duplicates, in input order) runs and the outputs are written by
the same writers as the local runner. Same per-document function, same corpus stage,
same writers: the outputs are byte-identical to ``--engine local``.

Workers read the input files themselves, so on a cluster every node must see the same
paths (a shared filesystem). Parallelism is per file: split a huge JSONL file into
parts. Needs ``pip install 'validator[ray]'``.

The corpus stage is a single ordered pass in this process. It is cheap for exact
duplicates; the near-duplicate rules (MinHash) are designed to split the same way:
signatures computed in the Ray tasks, band buckets and clusters as Ray operations, the
late hits joined back in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..config import Config
from ..engine import Settings, process_document
from ..io.readers import (
    InputFile, InputProblem, RawDocument, ReadOptions, is_jsonl, is_parquet, iter_input_files, read_file,
)
from ..report import DocResult, Report
from .progress import Progress

FILES_PER_TASK = 256


class RayUnavailable(RuntimeError):
    """Ray is not installed or the cluster cannot be reached."""


def _tasks(inputs: list[str], options: ReadOptions) -> Iterator[list[list]]:
    """Tasks of input entries, in input order: ``["file", path, rel, source]`` or
    ``["unreadable", doc_id, source, code, message, values]``."""
    group: list[list] = []
    for item in iter_input_files(inputs, options):
        if isinstance(item, RawDocument):
            p = item.problem
            entry = ["unreadable", item.doc_id, item.source, p.code, p.message, json.dumps(p.values)]
            alone = False
        else:
            entry = ["file", str(item.path), item.rel, item.source]
            alone = is_jsonl(item.path) or is_parquet(item.path)  # record files: one task each
        if alone:
            if group:
                yield group
                group = []
            yield [entry]
        else:
            group.append(entry)
            if len(group) >= FILES_PER_TASK:
                yield group
                group = []
    if group:
        yield group


def run_task(entries: list[list], settings: Settings, options: ReadOptions) -> str:
    """One task's documents through ``process_document``: two JSON lines per document
    (the result, then the decoded text), as in the local runner's shard files."""
    lines = []
    for entry in entries:
        if entry[0] == "unreadable":
            _, doc_id, source, code, message, values = entry
            docs = [RawDocument(doc_id=doc_id, source=source, problem=InputProblem(code, message, json.loads(values)))]
        else:
            _, path, rel, source = entry
            docs = read_file(InputFile(Path(path), rel, source), options)
        for raw in docs:
            result, text = process_document(raw, 0, settings)
            lines.append(result.model_dump_json())
            lines.append(json.dumps(text, ensure_ascii=False))
    return "\n".join(lines)


def _pairs(rows, progress: Progress) -> Iterator[tuple[DocResult, str | None]]:
    index = 0
    for row in rows:
        lines = row["results"].split("\n") if row["results"] else []
        nbytes = 0
        for k in range(0, len(lines), 2):
            result = DocResult.model_validate_json(lines[k])
            result.index = index  # tasks number from 0; the corpus stage needs input order
            index += 1
            text = json.loads(lines[k + 1])
            nbytes += len(text.encode("utf-8", "surrogatepass")) if text else 0
            yield result, text
        progress.advance(len(lines) // 2, nbytes)


def clean_on_ray(
    inputs: list[str], out: str | Path, *, rejected: str | Path | None = None, report_dir: str | Path | None = None,
    config: Config | None = None, today: date | None = None, on_result=None, address: str | None = None,
    jobs: int | None = None, progress: Progress | None = None,
) -> Report:
    """Like ``api.clean``, with the per-document work on Ray Data. ``address`` joins an
    existing cluster (``auto`` or ``ray://host:10001``); without it a local Ray starts
    with ``jobs`` CPUs (default: all)."""
    try:
        import ray
    except ImportError:
        raise RayUnavailable("--engine ray needs Ray: pip install 'validator[ray]'") from None
    from ..api import corpus_stage, default_rejected_path, make_settings, new_report, read_options, template_pass
    from .local import write_outputs

    inputs = [str(i) for i in ([inputs] if isinstance(inputs, (str, Path)) else inputs)]
    config = config or Config()
    out = Path(out)
    rejected = Path(rejected) if rejected else default_rejected_path(out)
    settings = make_settings(config, apply_fixes=True, today=today, templates=template_pass(list(inputs), config))
    options = read_options(config)
    progress = progress or Progress()
    report = new_report(inputs, config)

    import logging

    logging.getLogger("ray.data").setLevel(logging.WARNING)  # our progress says how it goes
    started_here = False
    if not ray.is_initialized():
        kwargs = {"address": address} if address else {"num_cpus": jobs}
        try:
            ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False, **kwargs)
        except Exception as exc:  # connection errors come in many types
            raise RayUnavailable(f"cannot start or join Ray ({address or 'local'}): {exc}") from None
        started_here = True
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        tasks = [{"n": n, "entries": json.dumps(entries)} for n, entries in enumerate(_tasks(inputs, options))]
        if tasks:
            ds = ray.data.from_items(tasks, override_num_blocks=len(tasks))

            def work(row: dict) -> dict:
                return {"n": row["n"], "results": run_task(json.loads(row["entries"]), settings, options)}

            rows = ds.map(work).iter_rows()
        else:
            rows = iter(())
        write_outputs(corpus_stage(_pairs(rows, progress), settings), out, rejected, report=report,
                      report_dir=report_dir, on_result=on_result)
    finally:
        if started_here:
            ray.shutdown()
    return report


__all__ = ["RayUnavailable", "clean_on_ray", "run_task"]
