"""``validator clean --engine ray``: the same per-document function on Ray Data.

Input files are listed here, in reading order, and grouped into tasks (one JSONL or
Parquet file, or up to ``FILES_PER_TASK`` text files, per task). Ray Data runs each
task on the cluster's workers as the local runner's workers run a shard
(``validator.run.batch``: process every document, count, compute the corpus rules'
per-document state such as MinHash signatures and band keys, encode the output lines),
with the order of tasks preserved. The summaries and encoded entries stream back here,
where the same ``Assembler`` as the local runner merges them, decides the duplicates
and writes the outputs: the outputs are byte-identical to ``--engine local``.

Workers read the input files themselves, so on a cluster every node must see the same
paths (a shared filesystem). Parallelism is per file: split a huge JSONL file into
parts. Needs ``pip install 'validator[ray]'``.

What runs in this process is the merge of compact per-task states (numpy columns)
and the duplicate decisions over them; the near-duplicate rule's band buckets and
clusters run as Ray tasks (``RayOps``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..config import Config
from ..engine import Settings
from ..io.readers import (
    InputFile, InputProblem, RawDocument, ReadOptions, is_jsonl, is_parquet, iter_input_files, read_file,
)
from ..report import Report
from .assemble import Assembler, SpilledShard
from .batch import ShardSummary, run_batch
from .local import default_jobs
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


def run_task(entries: list[list], settings: Settings, options: ReadOptions) -> tuple[ShardSummary, bytes]:
    """One task's documents, as the local runner's workers do a shard
    (``validator.run.batch``): the summary (shard report, corpus-rule states with the
    near-duplicate signatures) and the encoded entries."""
    docs: list[RawDocument] = []
    for entry in entries:
        if entry[0] == "unreadable":
            _, doc_id, source, code, message, values = entry
            docs.append(RawDocument(doc_id=doc_id, source=source, problem=InputProblem(code, message, json.loads(values))))
        else:
            _, path, rel, source = entry
            docs.extend(read_file(InputFile(Path(path), rel, source), options))
    # Tasks do not know where they start in the run: positions count from 0 and the
    # assembler shifts them.
    return run_batch(list(enumerate(docs)), settings)


class RayOps:
    """The near-duplicate step's bulk operations as Ray tasks (``LocalOps`` does them
    with numpy in one process): the band buckets, one task per band (each sorts its
    column of band keys and pairs the documents that share a bucket), and the clusters
    (connected components of the verified pairs). The signatures and band keys were
    computed in the document tasks. Verifying a candidate pair reads both documents'
    shingle sets, kept on this machine's disk, so it stays here. Same functions, same
    values as the local runner."""

    def __init__(self) -> None:
        import ray

        from ..dedup.lsh import run_pairs
        from ..dedup.unionfind import components

        self._ray = ray
        self._band = ray.remote(run_pairs)
        self._components = ray.remote(components)

    def candidate_pairs(self, keys, rows):
        import numpy as np

        if not keys.shape[1]:
            return np.zeros((0, 2), dtype=np.int64)
        rows_ref = self._ray.put(rows)
        parts = self._ray.get([self._band.remote(np.ascontiguousarray(keys[:, band]), rows_ref)
                               for band in range(keys.shape[1])])
        pairs = np.concatenate(parts)
        return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)

    def components(self, pairs):
        return self._ray.get(self._components.remote(pairs))


def clean_on_ray(
    inputs: list[str], out: str | Path, *, rejected: str | Path | None = None, report_dir: str | Path | None = None,
    config: Config | None = None, today: date | None = None, on_result=None, on_unreadable=None,
    address: str | None = None,
    jobs: int | None = None, progress: Progress | None = None,
) -> Report:
    """Like ``api.clean``, with the per-document work on Ray Data. ``address`` joins an
    existing cluster (``auto`` or ``ray://host:10001``); without it a local Ray starts
    with ``jobs`` CPUs (default: all)."""
    try:
        import ray
    except ImportError:
        raise RayUnavailable("--engine ray needs Ray: pip install 'validator[ray]'") from None
    from ..api import default_rejected_path, make_settings, new_report, read_options, template_pass

    inputs = [str(i) for i in ([inputs] if isinstance(inputs, (str, Path)) else inputs)]
    config = config or Config()
    out = Path(out)
    rejected = Path(rejected) if rejected else default_rejected_path(out)
    settings = make_settings(config, apply_fixes=True, today=today,
                             templates=template_pass(list(inputs), config, jobs=default_jobs()))
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
                summary, data = run_task(json.loads(row["entries"]), settings, options)
                return {"n": row["n"], "summary": summary, "data": data}

            rows = ds.map(work).iter_rows()
        else:
            rows = iter(())
        assembler = Assembler(settings, report)
        with tempfile.TemporaryFile() as spill:  # the tasks' entries, read back by the assembler
            offset = 0
            for row in rows:
                summary, data = row["summary"], row["data"]
                spill.write(data)
                spill.flush()
                assembler.add(summary, SpilledShard(spill.fileno(), offset, len(data)))
                offset += len(data)
                progress.advance(summary.count, summary.nbytes)
            for state in assembler.states or []:
                if hasattr(state, "ops"):  # the near-duplicate step's bulk operations on Ray
                    state.ops = RayOps()
            assembler.write(out, rejected, report_dir=report_dir, on_result=on_result, on_unreadable=on_unreadable)
    finally:
        if started_here:
            ray.shutdown()
    return report


__all__ = ["RayUnavailable", "clean_on_ray", "run_task"]
