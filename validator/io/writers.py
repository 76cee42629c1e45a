"""Atomic output files: written to a temporary file in the same folder, then renamed,
so a crash never leaves a half-written output that looks complete."""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_writer(path: str | Path, *, binary: bool = False) -> Iterator[IO]:
    """Open ``path`` for writing; the file appears only when the block succeeds.
    A ``.gz`` name is written gzip-compressed (with a fixed mtime, for byte-identical runs)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            if target.name.endswith(".gz"):
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                    yield gz if binary else _TextOver(gz)
            elif binary:
                yield raw
            else:
                yield _TextOver(raw)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class _TextOver:
    """A minimal UTF-8 text facade over a binary stream (newlines written as-is)."""

    def __init__(self, raw) -> None:
        self._raw = raw

    def write(self, s: str) -> int:
        self._raw.write(s.encode("utf-8"))
        return len(s)
