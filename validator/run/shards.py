"""The finished work of a ``clean`` run, kept so an interrupted run can resume.

Input documents are cut, in input order, into shards of ``shard_size`` documents. The
per-document results of a shard (the encoding of ``validator.run.shardfile``: output record,
result before the corpus rules, decoded text) are written to one zstandard-compressed
file in a work folder beside the output, atomically, so a file that exists is a
finished shard. Its name carries a digest of the shard's input documents, so a shard is
reused only when its inputs are the very same; ``run.json`` holds a digest of everything
else that shapes a result (version, config, date, shard size), and a work folder made
with other settings is discarded.

Only the per-document work is checkpointed: it is what costs. A reused shard's
summary (its report and corpus-rule states) is rebuilt from its file, and the corpus
rules decide once over all shards on every run, which is what makes a resumed run's
output byte-identical to an uninterrupted one. The work folder is removed once the
outputs are written.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict
from pathlib import Path

from ..io.readers import RawDocument
from ..io.writers import atomic_writer

FORMAT = 4  # bump when the shard file layout changes


def work_dir_for(out: Path) -> Path:
    """``.<out name>.work`` beside the output."""
    return out.with_name(f".{out.name}.work")


def run_digest(payload: dict) -> str:
    return hashlib.blake2b(json.dumps(payload, sort_keys=True, default=str).encode("utf-8"), digest_size=16).hexdigest()


def shard_digest(batch: list[tuple[int, RawDocument]]) -> str:
    """A digest of a shard's input documents (positions, ids, sources and contents)."""
    h = hashlib.blake2b(digest_size=12)
    for index, raw in batch:
        head = [index, raw.doc_id, raw.source, raw.record, raw.title, raw.metadata,
                asdict(raw.problem) if raw.problem else None, [asdict(p) for p in raw.line_issues]]
        h.update(json.dumps(head, sort_keys=True, default=str).encode("utf-8"))
        if raw.data is not None:
            h.update(b"\x00B%d\x00" % len(raw.data))
            h.update(raw.data)
        else:
            text = (raw.text or "").encode("utf-8", "surrogatepass")
            h.update(b"\x00T%d\x00" % len(text))
            h.update(text)
    return h.hexdigest()


class WorkDir:
    """The work folder of one output: finished shard files and ``run.json``."""

    def __init__(self, path: Path, digest: str) -> None:
        self.path = path
        self.digest = digest

    @classmethod
    def open(cls, out: Path, settings_payload: dict, resume: bool) -> "WorkDir":
        """The work folder for ``out``; reused when ``resume`` and made by a run with the
        same settings, emptied otherwise."""
        path = work_dir_for(out)
        digest = run_digest({"format": FORMAT, **settings_payload})
        marker = path / "run.json"
        reuse = False
        if resume and marker.is_file():
            try:
                reuse = json.loads(marker.read_text(encoding="utf-8")).get("digest") == digest
            except (OSError, ValueError):
                reuse = False
        if not reuse and path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True, exist_ok=True)
        for tmp in path.glob(".*.tmp"):  # a shard being written when the run was killed
            tmp.unlink()
        if not reuse:
            with atomic_writer(marker) as fh:
                fh.write(json.dumps({"digest": digest, "format": FORMAT}) + "\n")
        return cls(path, digest)

    def shard_path(self, number: int, digest: str) -> Path:
        return shard_path(self.path, number, digest)

    def finished(self) -> int:
        return sum(1 for _ in self.path.glob("shard-*.vshard"))

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def shard_path(work: Path, number: int, digest: str) -> Path:
    """Where shard ``number`` with documents of ``digest`` lives in the work folder."""
    return work / f"shard-{number:06d}-{digest}.vshard"


def remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files (``.<name>.*.tmp``) that an interrupted atomic write of
    ``target`` left; only called when a work folder shows the run is ours."""
    for tmp in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass


def write_shard(path: Path, data: bytes) -> None:
    """Write a shard's encoded entries (``validator.run.batch.encode``) atomically."""
    with atomic_writer(path, binary=True) as fh:
        fh.write(data)
