"""The span reader (the main process finds the lines of a plain JSONL file, the workers
read them) gives exactly the documents of the line reader, on awkward files and with
lines cut across the scanner's blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import validator
from validator.config import Config
from validator.io import spans
from validator.io.readers import ReadOptions, iter_documents
from validator.io.spans import PendingSpan, materialise_all

LIMIT = 120  # max-line-bytes for the oversized-line cases (the records are shorter)


def _awkward(folder: Path) -> list[Path]:
    rec = lambda i, text: json.dumps({"id": f"r{i}", "text": text, "title": f"T{i}"}).encode()  # noqa: E731
    files = {
        "mixed.jsonl": b"".join([
            rec(1, "first") + b"\r\n", b"\n", b"   \n", b"\r\n", b"\t \x0b\x0c\n",
            b'{"id": "bad", "text": \n', b"[1, 2]\n", b'{"id": "no-text"}\n',
            b'{"text": "caf\xe9 latin-1"}\n', rec(2, "x" * 20) + b"\n",
            b"y" * (LIMIT + 1) + b"\n", b"z" * LIMIT + b"\n", b" " * (LIMIT + 5) + b"\n",
            rec(3, "last, no newline"),
        ]),
        "empty.jsonl": b"",
        "blank.jsonl": b"\n  \n\r\n   ",
        "oversized.jsonl": b"q" * 500,
        "exact.jsonl": b"w" * LIMIT,
        "trailing-blank.ndjson": rec(4, "a") + b"\n" + b"  ",
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("block", [1, 2, 7, 64, spans.BLOCK])
def test_spans_give_the_line_reader_documents(tmp_path: Path, monkeypatch, block: int):
    monkeypatch.setattr(spans, "BLOCK", block)
    options = ReadOptions(max_line_bytes=LIMIT)
    inputs = [str(p) for p in _awkward(tmp_path)]
    expected = list(iter_documents(inputs, options))
    deferred = list(iter_documents(inputs, options, defer=True, spans=True))
    assert sum(isinstance(item, PendingSpan) for item in deferred) == 10
    assert materialise_all(deferred, options) == expected
    got = [(d.doc_id, d.problem.code if d.problem else "ok") for d in expected]
    assert got == [
        ("r1", "ok"), ("mixed.jsonl:6", "IO104"), ("mixed.jsonl:7", "IO104"), ("no-text", "IO105"),
        ("mixed.jsonl:9", "ok"), ("r2", "ok"), ("mixed.jsonl:11", "IO104"), ("mixed.jsonl:12", "IO104"),
        ("mixed.jsonl:13", "IO104"), ("r3", "ok"), ("empty.jsonl", "IO102"), ("blank.jsonl", "IO102"),
        ("oversized.jsonl:1", "IO104"), ("exact.jsonl:1", "IO104"), ("r4", "ok"),
    ]
    longer = [d.doc_id for d in expected if d.problem and "longer than" in d.problem.message]
    assert longer == ["mixed.jsonl:11", "mixed.jsonl:13", "oversized.jsonl:1"]  # the others are bad JSON
    assert expected[4].line_issues[0].code == "EN101"


def test_a_file_changed_after_the_scan_is_reported_not_misread(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "one one one"}\n{"text": "two two two"}\n', encoding="utf-8")
    deferred = list(iter_documents([str(path)], ReadOptions(), defer=True, spans=True))
    path.write_text('{"text": "one"}\n', encoding="utf-8")
    docs = materialise_all(deferred, ReadOptions())
    assert [d.problem.code if d.problem else None for d in docs] == ["IO101", "IO101"]
    assert "changed" in docs[0].problem.message


def test_clean_reads_by_spans_with_the_same_outputs_for_any_jobs(tmp_path: Path):
    """The runner reads plain JSONL by spans and compressed JSONL by lines: as many
    records either way, and the same outputs for one and two workers."""
    import gzip

    folder = tmp_path / "in"
    folder.mkdir()
    _awkward(folder)
    for name in ("plain", "gz"):
        (tmp_path / name).mkdir()
    data = (folder / "mixed.jsonl").read_bytes()
    (tmp_path / "plain" / "mixed.jsonl").write_bytes(data)
    (tmp_path / "gz" / "mixed.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
    outs = {}
    for name, source, jobs in (("j1", folder, 1), ("j2", folder, 2), ("plain", tmp_path / "plain", 1), ("gz", tmp_path / "gz", 1)):
        out = tmp_path / "out" / name / "clean.jsonl"
        validator.clean([str(source)], out, jobs=jobs, config=Config(glob="*"))
        outs[name] = [out.read_bytes(), out.with_name("clean.rejected.jsonl").read_bytes()]
    assert outs["j1"] == outs["j2"]
    assert outs["j1"][1]  # the bad lines are accounted for
    assert [len(part.splitlines()) for part in outs["plain"]] == [len(part.splitlines()) for part in outs["gz"]]
