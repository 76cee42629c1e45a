"""Time of ``clean_text`` on hostile texts: long runs of one awkward piece (joiners,
control characters, line separators, mojibake, timestamps, bylines, tags, ...) at two
sizes. Work that grows linearly takes about ``--factor`` times longer on the longer
text; a ratio far above it points at quadratic work (a scan per character, a regex that
backtracks), which a hostile corpus can turn into a stalled run.

Usage: ``python bench/hostile.py [--size 2000] [--factor 10] [--only NAME ...]``

It prints one line per piece: the time at both sizes and their ratio, then the worst
ratios. It is a benchmark, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import validator  # noqa: E402

PIECES = {
    "zero-width-joiner": "\u200d", "zero-width-space": "\u200b", "bidi-override": "\u202e", "next-line": "\x85",
    "line-separator": "\u2028", "nul": "\x00", "control": "\x01", "combining": "e\u0301", "mojibake": "Ã©",
    "mojibake-quote": "â€™", "digits": "0", "timestamp-lines": "0:00\n", "byline-lines": "By Jane Doe\n",
    "bullet-lines": "- item\n", "newlines": "\n", "crlf": "\r\n", "cr": "\r", "tabs": "\t", "spaces": " ",
    "no-break-space": "\xa0", "dashes": "--", "pipes": "| ", "entities": "&amp;", "tags": "<b>", "less-than": "<",
    "urls": "http://x.com/", "emails": "a@b.co ", "han": "中", "arabic": "م", "emoji": "\U0001F600",
    "datelines": "BEIJING, Jan. 8 (Xinhua) -- ", "related-headings": "Related:\n", "copyright": "Copyright 2012 ",
    "parentheses": "(", "quotes": '"', "words": "storm ", "capitalised": "Storm ", "sentences": ". ",
    "ellipses": "...", "replacement": "\ufffd", "soft-hyphen": "\u00ad", "bom": "\ufeff", "joiner-in-word": "a\u200c",
    "dates": "12 May 2008 ", "times": "10:31 ", "one-long-word": "a", "capitals": "A",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=2000, help="characters of the shorter text")
    ap.add_argument("--factor", type=int, default=10, help="how many times longer the second text is")
    ap.add_argument("--only", nargs="*", help="names of the pieces to run (default: all)")
    args = ap.parse_args()
    validator.clean_text("Warm up\n\nThe language model and the rules load here.")
    rows = []
    for name, piece in PIECES.items():
        if args.only and name not in args.only:
            continue
        times = []
        for n in (args.size, args.size * args.factor):
            text = "Storm hits coast\n\n" + piece * max(1, n // len(piece))
            started = time.perf_counter()
            validator.clean_text(text)
            times.append(time.perf_counter() - started)
        ratio = times[1] / max(times[0], 1e-4)
        rows.append((ratio, name, times))
        print(f"{name:18s} {args.size:>7,} chars {times[0] * 1000:8.1f} ms   "
              f"{args.size * args.factor:>9,} chars {times[1] * 1000:8.1f} ms   ratio {ratio:5.1f}", flush=True)
    print("worst ratios:", ", ".join(f"{name} {ratio:.1f}" for ratio, name, _ in sorted(rows, reverse=True)[:5]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
