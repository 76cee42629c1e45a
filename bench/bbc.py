"""Core acceptance figures on the 2,225 BBC articles (../shared/data/news/bbc/).

Prints: documents accounted for (kept / fixed / rejected / unreadable), exact-duplicate
pairs found against bbc_duplicates.json (and the extra pairs, with the diff that makes
them duplicates only after case/punctuation folding), the encoding findings, the number
of BP findings (the BBC files carry no boilerplate, so every one is a false positive),
documents per second and peak memory.

    python bench/bbc.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import difflib
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import validator


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "data"))
    args = ap.parse_args()
    bbc = Path(args.data) / "news" / "bbc"
    if not bbc.is_dir():
        print(f"no BBC data at {bbc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = validator.clean([str(bbc)], Path(tmp) / "bbc.jsonl")
        elapsed = time.perf_counter() - started
        records = {r["id"]: r for r in map(json.loads, (Path(tmp) / "bbc.jsonl").open(encoding="utf-8"))}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = report.totals
    print(f"documents {t.documents}: kept {t.kept}, fixed {t.fixed}, rejected {t.rejected}, unreadable {t.unreadable}")
    expected = json.loads((Path(args.data) / "news" / "bbc_duplicates.json").read_text(encoding="utf-8"))["exact_groups"]
    found = {frozenset((c.kept, d)) for c in report.duplicate_clusters if c.rule == "DU101" for d in c.duplicates}
    exp = {frozenset(p) for p in expected}
    print(f"exact-duplicate pairs: expected {len(exp)}, found {len(found & exp)}, missed {len(exp - found)}, extra {len(found - exp)}")
    for pair in sorted(sorted(p) for p in found - exp):
        a, b = ((bbc / x).read_text(encoding="utf-8", errors="replace").split() for x in pair)
        diff = [d for d in difflib.ndiff(a, b) if d[:1] in "+-"][:4]
        print(f"  extra {pair[0]} ~ {pair[1]}: differs only in {diff}")
    for r in report.rules:
        print(f"rule {r.code} {r.name}: {r.findings} finding(s) in {r.documents} document(s)")
    bp = sum(r.findings for r in report.rules if r.code.startswith("BP"))
    print(f"BP findings on BBC (all false positives): {bp}")
    print(f"sport/199.txt pound sign decoded: {'£15.8m' in records.get('sport/199.txt', {}).get('text', '')}")
    print(f"speed: {t.documents / elapsed:.0f} documents/s ({elapsed:.2f} s, one process); peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
