"""Progress of a run: a rich progress bar on a terminal (documents, bytes, rate), plain
periodic log lines on stderr otherwise, nothing with ``--quiet``.

Runners call ``advance(docs, nbytes)`` as documents are finished; the bar or the log
lines are the only output, always on stderr, so stdout stays clean for findings.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Silent progress: the base for the others, and what ``--quiet`` uses."""

    def __init__(self) -> None:
        self.docs = 0
        self.bytes = 0
        self.started = time.monotonic()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def advance(self, docs: int, nbytes: int = 0) -> None:
        self.docs += docs
        self.bytes += nbytes

    def note(self, message: str) -> None:
        """A one-off line (e.g. "resuming: 12 of 40 shards done")."""

    def close(self) -> None:
        pass

    def rate(self) -> tuple[float, float]:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return self.docs / elapsed, self.bytes / elapsed


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


class LogProgress(Progress):
    """A plain line every ``every`` seconds: for logs, CI and pipes."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0) -> None:
        super().__init__()
        self.stream = stream or sys.stderr
        self.every = every
        self._last = self.started

    def advance(self, docs: int, nbytes: int = 0) -> None:
        super().advance(docs, nbytes)
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._line()

    def _line(self, prefix: str = "progress") -> None:
        dps, bps = self.rate()
        print(
            f"validator: {prefix}: {self.docs} documents, {_mb(self.bytes)} in {time.monotonic() - self.started:.0f}s "
            f"({dps:.0f} docs/s, {_mb(bps)}/s)",
            file=self.stream, flush=True,
        )

    def note(self, message: str) -> None:
        print(f"validator: {message}", file=self.stream, flush=True)


class RichProgress(Progress):
    """A live bar on a terminal: documents done, bytes read, documents per second."""

    def __init__(self, total_bytes: int | None = None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        self._bar = Bar(
            TextColumn("[bold]validator"), BarColumn(), DownloadColumn(), TextColumn("{task.fields[docs]} docs"),
            TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._task = self._bar.add_task("clean", total=total_bytes, docs=0, rate="0")
        self._bar.start()

    def advance(self, docs: int, nbytes: int = 0) -> None:
        super().advance(docs, nbytes)
        dps, _ = self.rate()
        self._bar.update(self._task, advance=nbytes, docs=self.docs, rate=f"{dps:.0f}")

    def note(self, message: str) -> None:
        self._bar.console.print(f"validator: {message}")

    def close(self) -> None:
        self._bar.stop()


def make_progress(quiet: bool, total_bytes: int | None = None, stream: TextIO | None = None) -> Progress:
    """Silent with ``quiet``; a rich bar when stderr is a terminal; log lines otherwise."""
    stream = stream or sys.stderr
    if quiet:
        return Progress()
    if stream.isatty():
        return RichProgress(total_bytes)
    return LogProgress(stream)
