"""Union-find over integer ids, for turning verified duplicate pairs into clusters."""

from __future__ import annotations

import numpy as np


def components(pairs: np.ndarray) -> dict[int, list[int]]:
    """Connected components of the graph whose edges are ``pairs`` (``n x 2`` ints):
    ``{smallest id: sorted member ids}``; ids on no edge are left out."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs.tolist():
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra
    groups: dict[int, list[int]] = {}
    for x in sorted(parent):
        groups.setdefault(find(x), []).append(x)
    return groups


def labels(pairs: np.ndarray) -> dict[int, int]:
    """``{id: component root}`` for every id on an edge."""
    return {m: root for root, members in components(pairs).items() for m in members}

