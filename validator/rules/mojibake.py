"""EN108 mojibake: text that was decoded with the wrong charset somewhere upstream.

Detection and repair are ftfy's (``fix_encoding_and_explain``), not a hand-written table:
ftfy only touches text its badness heuristic calls bad, and returns the plan it used
(``[("encode", "sloppy-windows-1252"), ("decode", "utf-8")]``), which goes into the
finding so the repair can be replayed with ``ftfy.apply_plan(line, plan)``.

A repair is *certain* (a safe fix) when ftfy re-decoded the whole line (only encode /
decode steps, optionally restoring a lost ``0xA0`` byte or marking lost bytes), or when
the line is clearly bad (badness >= 2) and the repair makes it less bad. Anything else,
such as fixing one isolated C1 character on weak evidence, is reported as an unsafe fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import re

import ftfy
from ftfy.badness import BADNESS_RE, badness

from ..rule import Hit, NoOptions

#: ftfy ``transcode`` steps that are part of re-decoding a whole line.
_WHOLE_LINE_TRANSCODES = frozenset({"restore_byte_a0", "replace_lossy_sequences"})
#: ftfy badness at which a partial repair is certain enough to apply by default.
STRONG_BADNESS = 2
#: Lines longer than this are not examined (ftfy's own segment limit is similar).
MAX_LINE_CHARS = 100_000


def _match_width(pattern: re.Pattern) -> int | None:
    """The longest match of ``pattern`` when every match holds a non-ASCII character and
    the pattern looks at nothing outside its match (but for ``^``); None otherwise.

    ftfy leaves a line alone unless its badness pattern matches in it, and that search is
    most of ftfy's cost on a line that is fine. When this holds, a match lies within
    ``width`` characters of a non-ASCII character, so searching only around those (a few
    characters of a news line, usually) finds every match the whole line has. The pattern
    is read with Python's own regex parser; anything unexpected turns the shortcut off."""
    try:
        from re import _constants as C  # type: ignore[attr-defined]
        from re import _parser as P  # type: ignore[attr-defined]

        tree = P.parse(pattern.pattern, pattern.flags)
        width = tree.getwidth()[1]
        if width > 64 or len(tree.data) != 1 or tree.data[0][0] is not C.BRANCH:
            return None

        def safe(seq) -> bool:  # no look-around, back-reference or anchor but ^
            for op, av in seq.data if hasattr(seq, "data") else seq:
                if op in (C.ASSERT, C.ASSERT_NOT, C.GROUPREF, C.GROUPREF_EXISTS):
                    return False
                if op is C.AT and av not in (C.AT_BEGINNING, C.AT_BEGINNING_STRING):
                    return False
                if op is C.BRANCH and not all(safe(b) for b in av[1]):
                    return False
                if op is C.SUBPATTERN and not safe(av[-1]):
                    return False
                if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and not safe(av[-1]):
                    return False
            return True

        def non_ascii(op, av) -> bool:
            if op is C.LITERAL:
                return av >= 128
            if op is C.IN:
                return all((o is C.LITERAL and a >= 128) or (o is C.RANGE and a[0] >= 128) for o, a in av)
            if op is C.SUBPATTERN:
                return any(non_ascii(o, a) for o, a in av[-1].data)
            return False

        branches = tree.data[0][1][1]
        if safe(tree) and all(any(non_ascii(op, av) for op, av in branch.data) for branch in branches):
            return width
    except Exception:  # noqa: BLE001 - a different regex engine: no shortcut
        return None
    return None


_BAD_WIDTH = _match_width(BADNESS_RE)
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_MAX_WINDOWS = 16


def _may_be_bad(line: str) -> bool:
    """False only when ftfy's badness pattern cannot match anywhere in ``line``: each
    stretch within reach of a non-ASCII character is searched (``endpos`` ends it as if
    the line ended there, so nothing is found that the line does not hold)."""
    if _BAD_WIDTH is None:
        return True
    reach = _BAD_WIDTH - 1
    start = end = -1
    windows = 0
    for m in _NON_ASCII_RE.finditer(line):
        q = m.start()
        if q - reach <= end:
            end = q + reach + 1  # joins the current stretch
            continue
        if end > 0 and BADNESS_RE.search(line, start, end):
            return True
        windows += 1
        if windows > _MAX_WINDOWS:
            return True  # text dense in non-ASCII: ftfy's own search is as cheap
        start, end = max(0, q - reach), q + reach + 1
    return end > 0 and BADNESS_RE.search(line, start, end) is not None


#: Every character ``str.isspace`` takes for white space lies below this (U+3000, the
#: ideographic space, is the last); scanning up to it, not to U+10FFFF, spares each
#: start of the program about 60 ms (a test checks the bound on the whole range).
_SPACE_BOUND = 0x3001
#: White space a line's edges lose in the parser, less that of Latin-1 (see ``mojibake``).
_EDGE_SPACE = "".join(chr(c) for c in range(_SPACE_BOUND) if chr(c).isspace() and not 0x80 <= c <= 0xFF)


def repair_line(line: str) -> tuple[str, list[tuple[str, str]], bool] | None:
    """ftfy's repair of one line: (fixed, plan, certain), or None when ftfy changes nothing."""
    if line.isascii() or len(line) > MAX_LINE_CHARS or not _may_be_bad(line):
        return None  # ftfy changes only text its badness pattern matches
    try:
        fixed, plan = ftfy.fix_encoding_and_explain(line)
    except (UnicodeError, ValueError):
        return None
    if fixed == line or not plan:
        return None
    plan = [(str(op), str(arg)) for op, arg in plan]
    whole = all(op in ("encode", "decode") or (op == "transcode" and arg in _WHOLE_LINE_TRANSCODES) for op, arg in plan)
    if whole:
        certain = True
    else:
        before = badness(line)
        certain = before >= STRONG_BADNESS and badness(fixed) < before
    return fixed, plan, certain


def _trim(old: str, new: str) -> tuple[int, int, str]:
    """The smallest edit turning ``old`` into ``new``: (start, end in old, replacement).
    The common prefix and suffix are found by halving (slice comparisons in C), not one
    character at a time: a repaired paragraph is hundreds of characters long."""
    limit = min(len(old), len(new))
    p = _common_length(lambda k: old[:k] == new[:k], limit)
    q = _common_length(lambda k: old[len(old) - k :] == new[len(new) - k :], limit - p)
    return p, len(old) - q, new[p : len(new) - q]


def _common_length(same: Callable[[int], bool], limit: int) -> int:
    """The largest ``k <= limit`` with ``same(k)`` (``same`` holds up to some length and
    fails beyond it; ``same(0)`` always holds)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if same(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _plan_text(plan: list[tuple[str, str]]) -> str:
    return ", ".join(f"{op} {arg}" for op, arg in plan)


def mojibake(text: str, options: NoOptions) -> Iterator[Hit]:
    """Mojibake: text that was decoded with the wrong charset upstream (``â€™`` for ``’``,
    ``Ã©`` for ``é``, ``Ð¿Ñ€Ð¸`` for ``при``), detected and repaired by ftfy.

    Why: mojibake is the commonest damage in scraped news text; it ruins words for search,
    tokenisers and language models, and it is reversible when caught.

    How: each line that ftfy's badness heuristic calls bad is repaired with
    ``ftfy.fix_encoding_and_explain``. The finding's ``values`` carry the repair ``plan``
    (replay it with ``ftfy.apply_plan(line, plan)``), the line numbers and before/after
    examples; one finding per distinct plan.

    Example: ``"The PMâ€™s office"`` -> ``"The PM’s office"``
    (plan: encode sloppy-windows-1252, decode utf-8).

    Fix: safe when ftfy re-decoded whole lines, or the line is clearly bad and the repair
    makes it less bad; otherwise the repair is reported as an unsafe fix (applied only with
    ``--unsafe-fixes``). Text ftfy would leave alone is never flagged.
    """
    if text.isascii():
        return  # no line of it can be mojibake (repair_line skips ASCII lines)
    groups: dict[tuple[tuple[tuple[str, str], ...], bool], list[tuple[int, int, str, int, str, str]]] = {}
    # Each ``\n``-separated line (other separators such as U+0085 are part of a line: they
    # may be mojibake themselves). Only a line holding a character outside ASCII can be
    # repaired (``repair_line``), so the others are passed over before anything is done.
    end = -1
    for lineno, line in enumerate(text.split("\n"), 1):
        start, end = end + 1, end + 1 + len(line)
        if line.isascii():
            continue
        if line.endswith("\r"):
            line = line[:-1]
        # The line as the parser takes it: without the white space around it, which no
        # output keeps at a line's edge. ftfy judges a line whole, so ``"\u2028Ã©"`` and
        # ``"Ã©"`` could otherwise get different repairs in a first and a second
        # ``clean``. White space of Latin-1 (U+0085, U+00A0) stays: it may be mojibake
        # itself (``\x85`` is a Windows-1252 ellipsis read as Latin-1).
        inner = line.strip(_EDGE_SPACE)
        if inner is not line and inner:
            start += len(line) - len(line.lstrip(_EDGE_SPACE))
            line = inner
        repaired = repair_line(line)
        if repaired is None:
            continue
        fixed, plan, certain = repaired
        s, e, repl = _trim(line, fixed)
        groups.setdefault((tuple(plan), certain), []).append((start + s, start + e, repl, lineno, line, fixed))
    for (plan, certain), items in groups.items():
        first = items[0]
        before, after = first[4], first[5]
        shown_b, shown_a = _window(before, after)
        yield Hit(
            f"mojibake in {len(items)} line(s): {shown_b!r} -> {shown_a!r} "
            f"({'certain' if certain else 'uncertain'} repair: {_plan_text(list(plan))})",
            start=first[0],
            end=max(first[1], first[0] + 1),
            fix_description=f"repair with ftfy's plan ({_plan_text(list(plan))})",
            edits=tuple((s, e, r) for s, e, r, _, _, _ in items),
            fix_safe=certain,
            values={
                "plan": [list(step) for step in plan],
                "certain": certain,
                "lines": [it[3] for it in items][:50],
                "examples": [{"before": it[4][:200], "after": it[5][:200]} for it in items[:3]],
            },
        )


def _window(before: str, after: str, width: int = 60) -> tuple[str, str]:
    """Short excerpts of a line around its first change, for the message."""
    s, e, r = _trim(before, after)
    lo = max(0, s - 15)
    return before[lo : max(e, s) + 15][:width], after[lo : s + len(r) + 15][:width]
