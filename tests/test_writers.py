"""Record outputs: JSONL written in chunks, in a thread of its own with ``background``,
gives the same bytes as line by line, and a failed write leaves no output behind."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import zstandard

from validator.io.writers import RecordWriter, record_writer
from validator.models import RejectedRecord


def _lines(n: int) -> list[bytes]:
    # Several chunks' worth (RecordWriter.CHUNK is 1 MB), non-ASCII included.
    return [json.dumps({"id": f"d{i}", "text": f"Zürich {i} " + "x" * (i % 2000)}, ensure_ascii=False).encode("utf-8")
            for i in range(n)]


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.name.endswith(".zst"):
        return zstandard.ZstdDecompressor().stream_reader(data).read()
    return data


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_background_writing_gives_the_same_bytes(tmp_path: Path, suffix: str):
    lines = _lines(4000)
    record = RejectedRecord(id="r1", source="s", status="rejected", reasons=[], text="ünïcode")
    outputs = []
    for background in (False, True):
        path = tmp_path / f"{background}{suffix}"
        with record_writer(path, background=background) as writer:
            for k, line in enumerate(lines):
                writer.write_json(line)
                if k % 1000 == 0:
                    writer.write(record)  # a record rendered here goes in order with the others
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]
    text = _read(tmp_path / f"True{suffix}")
    assert len(text) > 3 * RecordWriter.CHUNK
    expected = []
    for k, line in enumerate(lines):
        expected.append(line)
        if k % 1000 == 0:
            expected.append(record.model_dump_json().encode("utf-8"))
    assert text == b"\n".join(expected) + b"\n"


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.zst", ".parquet"])
def test_blocks_of_lines_write_the_same_records_as_lines_one_by_one(tmp_path: Path, suffix: str):
    """``write_lines`` (runs of a shard's record frame, small and larger than a chunk,
    as memoryviews) between single lines gives what writing every line alone gives."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    lines = _lines(3000)
    block = memoryview(b"".join(line + b"\n" for line in lines))
    ends = [0]
    for line in lines:
        ends.append(ends[-1] + len(line) + 1)
    cuts = [0, 1, 2, 50, 51, 2500, 3000]  # runs of 1, 1, 48, 1, 2449 and 500 lines
    outputs = []
    for way in ("one by one", "blocks"):
        path = tmp_path / f"{way.replace(' ', '-')}{suffix}"
        with record_writer(path, "rejected", background=True) as writer:
            if way == "one by one":
                for line in lines:
                    writer.write_json(line)
            else:
                for a, b in zip(cuts, cuts[1:]):
                    writer.write_lines(block[ends[a] : ends[b]])
        outputs.append(path.read_bytes() if suffix == ".parquet" else _read(path))
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        tables = [pq.read_table(tmp_path / f"{w}{suffix}").to_pylist() for w in ("one-by-one", "blocks")]
        assert tables[0] == tables[1] and len(tables[0]) == 3000
    else:
        assert outputs[0] == outputs[1] == bytes(block)


@pytest.mark.parametrize("background", [False, True])
def test_a_failed_write_is_raised_and_leaves_no_output(tmp_path: Path, monkeypatch, background: bool):
    from validator.io import writers

    written = []

    def fail_on_second_chunk(self, data: bytes) -> int:
        if written:
            raise OSError(28, "No space left on device")
        written.append(len(data))
        return len(data)

    monkeypatch.setattr(writers._TextOver, "write_bytes", fail_on_second_chunk)
    path = tmp_path / "out.jsonl"
    with pytest.raises(OSError, match="No space left"):
        with record_writer(path, background=background) as writer:
            for line in _lines(4000):
                writer.write_json(line)
    assert written  # the first chunk went through
    assert list(tmp_path.iterdir()) == []  # neither the output nor its temporary file
