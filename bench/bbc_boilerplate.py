"""BP findings on the BBC set: the 2,225 BBC articles carry no boilerplate, so every BP
finding there is a false positive (a body paragraph the boilerplate rules would remove).

Usage::

    python bench/bbc_boilerplate.py [--show 20]

Runs ``validator.check`` with ``select = ["BP"]`` on ``../shared/data/news/bbc`` and prints
the findings per rule, the share of paragraphs flagged, the first findings and the time.
Exit status 1 when there is any finding.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import validator  # noqa: E402
from validator import Config  # noqa: E402

BBC = Path(os.environ.get("VALIDATOR_SHARED_DATA", ROOT.parent / "shared" / "data")) / "news" / "bbc"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args(argv)
    if not BBC.is_dir():
        print(f"no data at {BBC}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    result = validator.check([str(BBC)], Config(select=["BP"]))
    secs = time.perf_counter() - t0
    docs = result.report.totals.documents if hasattr(result.report.totals, "documents") else None
    paragraphs = sum(
        1 for p in BBC.rglob("*.txt") for block in p.read_bytes().split(b"\n\n")[1:] if block.strip()
    )
    per_rule = Counter(f.code for f in result.findings)
    print("| rule | findings |\n|---|---|")
    for code in sorted(per_rule):
        print(f"| {code} | {per_rule[code]} |")
    print(f"| all BP | {len(result.findings)} |")
    print(f"\ndocuments {docs}, body paragraphs {paragraphs}, flagged share "
          f"{len(result.findings) / max(1, paragraphs):.5f}, {secs:.1f} s, "
          f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    for f in result.findings[: args.show]:
        print(f"  {f.doc_id}:{f.line}: {f.code} {f.message[:120]}")
    return 1 if result.findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
