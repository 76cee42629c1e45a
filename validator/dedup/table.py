"""Compact per-document state shared by the DU rules: growable numpy columns, a
disk-backed store of shingle sets, and the keep rule.

Why a store on disk: verifying a candidate pair needs both documents' shingle sets, and
a candidate can pair any document with any earlier one. Holding every set in memory
costs about 1.6 kB per article (400 shingles of 4 bytes): 1.6 GB for a million. Past 16
MB they are appended to a temporary file instead and read back only for candidate pairs,
so memory holds a few fixed-size numbers per document (about 60 bytes plus the id string).
"""

from __future__ import annotations

import os
import tempfile
import threading
from typing import Literal

import numpy as np

KeepRule = Literal["longest", "metadata", "first"]


class Column:
    """A growable numpy array of values (or of rows, ``width`` wide): amortised doubling.

    ``append`` only puts the value on a short Python list (a numpy element assignment
    costs more than the rest of a document's bookkeeping); the list goes into the array
    in one step when it is long, or when the values are read."""

    _PENDING = 4096

    def __init__(self, dtype, capacity: int = 1024, width: int | None = None) -> None:
        self._data = np.zeros((capacity,) if width is None else (capacity, width), dtype=dtype)
        self._n = 0
        self._pending: list = []

    def append(self, value) -> None:
        self._pending.append(value)
        if len(self._pending) >= self._PENDING:
            self._flush()

    def append_all(self, values: list) -> None:
        """``append`` each of ``values`` (a Python list: no numpy call per document)."""
        self._pending.extend(values)
        if len(self._pending) >= self._PENDING:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            self._put(np.array(pending, dtype=self._data.dtype).reshape(-1, *self._data.shape[1:]))

    def extend(self, values: np.ndarray) -> None:
        self._flush()
        self._put(values)

    def _put(self, values: np.ndarray) -> None:
        need = self._n + len(values)
        if need > len(self._data):
            grown = np.zeros((max(need, 2 * len(self._data)), *self._data.shape[1:]), dtype=self._data.dtype)
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = values
        self._n = need

    @property
    def values(self) -> np.ndarray:
        self._flush()
        return self._data[: self._n]

    def __len__(self) -> int:
        return self._n + len(self._pending)


class Rows(Column):
    """A growable ``(n x width)`` numpy array."""

    def __init__(self, width: int, dtype, capacity: int = 1024) -> None:
        super().__init__(dtype, capacity, width)


class ShingleStore:
    """Sorted ``uint32`` shingle sets, appended and read back by ``(offset, length)``.

    One store can serve several tables (``DocTable.share``): DU102, DU103 and DU105 all
    keep each document's 5-shingles, and one copy instead of three is a third of the
    bytes to pickle from the workers, write to disk and read back for the decisions (1.6
    GB instead of 4.8 GB at 1,000,000 articles). The tables count as its users; it closes
    when the last one does.

    A store starts in memory and moves to a temporary file once it holds more than
    ``SPILL_AT`` values: a shard's sets (about 400,000 values for 1,000 articles) are
    built, sent to the main process and merged without touching the disk, while the
    run's merged store, which grows with the corpus, lives on disk. The file is removed
    when the store is closed or collected."""

    #: Values held in memory before the store moves to a file (16 MB).
    SPILL_AT = 4_000_000

    def __init__(self, data: np.ndarray | None = None) -> None:
        self._buf = np.zeros(1024, dtype=np.uint32)
        self._size = 0
        self._fh = None
        self.path: str | None = None
        self._dirty = False
        self._users = 0
        self._absorbed: tuple[ShingleStore, int] | None = None  # (store it was copied into, offset there)
        # The corpus rules sharing a store may decide in threads at once
        # (``Assembler.late_hits``): their reads and releases take this lock.
        self._lock = threading.Lock()
        if data is not None and len(data) <= self.SPILL_AT:  # adopt it (no room left: a later append copies)
            self._buf = np.asarray(data, dtype=np.uint32)
            self._size = len(data)
        elif data is not None:
            self.extend_from(data)

    @property
    def on_disk(self) -> bool:
        return self._fh is not None

    def acquire(self) -> "ShingleStore":
        self._users += 1
        return self

    def release(self) -> None:
        """One user (table) is done with the store; the last one closes it."""
        with self._lock:
            self._users -= 1
            last = self._users <= 0
        if last:
            self.close()

    def absorb(self, other: "ShingleStore") -> int:
        """Copy ``other``'s sets to the end of this store, once however many of the
        tables sharing ``other`` ask: their offset here."""
        done = other._absorbed
        if done is not None and done[0] is self:
            return done[1]
        base = self.extend_from(other.all())
        other._absorbed = (self, base)
        return base

    def append(self, shingles: np.ndarray) -> tuple[int, int]:
        return self.extend_from(shingles), len(shingles)

    def read(self, offset: int, length: int) -> np.ndarray:
        if not length:
            return np.zeros(0, np.uint32)
        if self._fh is None:
            return self._buf[offset : offset + length]
        if self._dirty:
            with self._lock:
                if self._dirty:
                    self._fh.flush()
                    self._dirty = False
                    self._will_read()
        data = os.pread(self._fh.fileno(), length * 4, offset * 4)  # leaves the append position alone
        return np.frombuffer(data, dtype=np.uint32)

    def all(self) -> np.ndarray:
        """Every stored shingle, in append order (to copy a shard's store into another)."""
        return self.read(0, self._size)

    def extend_from(self, data: np.ndarray) -> int:
        """Append a block of concatenated shingle sets; returns its offset here."""
        offset = self._size
        need = offset + len(data)
        if self._fh is None and need > self.SPILL_AT:
            self._spill()
        if self._fh is None:
            if need > len(self._buf):
                grown = np.zeros(max(need, 2 * len(self._buf)), dtype=np.uint32)
                grown[:offset] = self._buf[:offset]
                self._buf = grown
            self._buf[offset:need] = data
        else:
            # Written from the array's own memory: no bytes copy of each merged shard's sets.
            self._fh.write(memoryview(np.ascontiguousarray(data, dtype=np.uint32)).cast("B"))
            self._dirty = True
        self._size = need
        return offset

    def _will_read(self) -> None:
        """Ask the kernel to read the whole file ahead (one sequential read) when the
        reads begin: candidate pairs then read it at random, and on a machine that
        reclaims idle page cache (1,000,000 articles: a store of 1.6 GB) each random
        read could otherwise wait for the disk."""
        advise = getattr(os, "posix_fadvise", None)
        if advise is not None:
            try:
                advise(self._fh.fileno(), 0, 0, os.POSIX_FADV_WILLNEED)
            except OSError:  # pragma: no cover - advice only
                pass

    def _spill(self) -> None:
        fd, self.path = tempfile.mkstemp(prefix="validator-shingles-", suffix=".u32")
        self._fh = os.fdopen(fd, "w+b")
        self._fh.write(memoryview(self._buf[: self._size]).cast("B"))
        self._dirty = True
        self._buf = np.zeros(0, dtype=np.uint32)

    def __getstate__(self) -> dict:
        # A store crosses a process boundary (a worker's shard state sent to the main
        # process) as its data: the receiver holds it in memory until it is merged.
        # Tables sharing the store pickle together (one summary), so it travels once.
        return {"data": self.all(), "users": self._users}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["data"])
        self._users = state["users"]

    def close(self) -> None:
        self._buf = np.zeros(0, dtype=np.uint32)
        if self._fh is not None and not self._fh.closed:
            self._fh.close()
            try:
                os.unlink(self.path)
            except OSError:
                pass

    def __del__(self) -> None:  # pragma: no cover - best effort cleanup
        self.close()


class DocTable:
    """The documents a DU rule has seen: input index, id, keep-rule facts (words,
    metadata fields, content digest) and, optionally, where its shingles are stored.

    ``merge`` appends another table (a shard seen by another worker): the result is the
    same as one table that saw both shards, whatever the order of the rows, because
    every decision sorts by the keep rule, never by row order.
    """

    def __init__(self, with_store: bool = False) -> None:
        self.index = Column(np.int64)
        self.words = Column(np.int32)
        self.fields = Column(np.int16)
        self.digest = Column(np.uint64)
        self.ids: list[str] = []
        self.store: ShingleStore | None = ShingleStore().acquire() if with_store else None
        self.offset = Column(np.int64)
        self.length = Column(np.int32)
        self._cache: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def share(self, store: ShingleStore) -> None:
        """Keep shingle sets in ``store`` (with the other tables using it) from now on."""
        if self.store is not None and self.store is not store:
            if len(self.ids):
                raise ValueError("a table holding rows cannot change its store")
            self.store.release()
            self.store = store.acquire()

    def add(self, index: int, doc_id: str, words: int, fields: int, digest: int, shingles: np.ndarray | None = None,
            *, location: tuple[int, int] | None = None) -> int:
        """A row; its shingle set is ``shingles``, or the set already in the store at
        ``location`` (``(offset, length)``, put there for another table sharing it)."""
        row = len(self.ids)
        self.index.append(index)
        self.words.append(words)
        self.fields.append(fields)
        self.digest.append(digest)
        self.ids.append(doc_id)
        if self.store is not None:
            if location is None:
                location = self.store.append(shingles if shingles is not None else np.zeros(0, np.uint32))
            self.offset.append(location[0])
            self.length.append(location[1])
        return row

    def shingles(self, row: int) -> np.ndarray:
        cached = self._cache.get(row)
        if cached is None:
            if len(self._cache) > 1024:
                self._cache.clear()
            cached = self._cache[row] = self.store.read(int(self.offset.values[row]), int(self.length.values[row]))
        return cached

    def overlap(self, a: int, b: int) -> tuple[int, int, int]:
        """``(|A & B|, |A|, |B|)`` of two rows' shingle sets."""
        sa, sb = self.shingles(a), self.shingles(b)
        if not len(sa) or not len(sb):
            return 0, len(sa), len(sb)
        if len(sa) > len(sb):
            sa, sb = sb, sa
            swap = True
        else:
            swap = False
        pos = sb.searchsorted(sa)  # (the method: np.searchsorted's wrapper costs a few us a call)
        np.minimum(pos, len(sb) - 1, out=pos)
        inter = int(np.count_nonzero(sb[pos] == sa))
        return (inter, len(sb), len(sa)) if swap else (inter, len(sa), len(sb))

    def jaccard(self, a: int, b: int) -> float:
        inter, na, nb = self.overlap(a, b)
        union = na + nb - inter
        return inter / union if union else 0.0

    def merge(self, other: "DocTable") -> None:
        """Append ``other``'s rows. Its shingle sets are copied into this table's store
        (one sequential write per merged store, whichever of the tables sharing it
        merges first), so a table merged from many shards still holds one file."""
        for col in ("index", "words", "fields", "digest"):
            getattr(self, col).extend(getattr(other, col).values)
        self.ids.extend(other.ids)
        if self.store is not None:
            base = self.store.absorb(other.store)
            self.offset.extend(other.offset.values + base)
            self.length.extend(other.length.values)
        other.close()

    def shift(self, base: int) -> None:
        """Add ``base`` to every input index: a shard observed with indices counted from
        0 (its worker does not know where it starts) placed at its position in the run."""
        self.index.values[:] += base

    def rank(self, keep: KeepRule) -> np.ndarray:
        """Each row's place in keep order (0 = kept first). ``longest``: most words, then
        most metadata fields, then the smallest content digest, then the smallest id;
        ``metadata``: most fields first, then the same; ``first``: input order. Only
        ``first`` depends on the order documents are read in."""
        n = len(self.ids)
        if keep == "first":
            order = np.lexsort((self.index.values,))
        else:
            id_rank = np.empty(n, dtype=np.int64)
            id_rank[sorted(range(n), key=self.ids.__getitem__)] = np.arange(n)
            words = -self.words.values.astype(np.int64)
            fields = -self.fields.values.astype(np.int64)
            keys = (id_rank, self.digest.values, fields, words) if keep == "longest" else (id_rank, self.digest.values, words, fields)
            order = np.lexsort(keys)
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        return rank

    def close(self) -> None:
        if self.store is not None:
            self.store.release()
            self.store = None
        self._cache.clear()


def share_store(tables) -> None:
    """Let empty tables that keep shingle sets keep them in one store (the first one's):
    a document's set, added by several rules, is then stored once (``add``'s
    ``location``)."""
    shared = None
    for table in tables:
        if table.store is None:
            continue
        if shared is None:
            shared = table.store
        else:
            table.share(shared)
