"""Findings on real news text that is NOT in ../shared/: the Lee corpus (300 Australian
Broadcasting Corporation news articles, 2001) that ships inside gensim's wheel as test data.

The articles are clean prose (no boilerplate, no encoding defects), so every BP or EN
finding printed here is a false positive to look at; the corpus does repeat a few
articles verbatim (e.g. lines 104 and 112), which DU101 must find. Each line is
one article; its first sentence is taken as the title.

    pip download --no-deps gensim -d /tmp/gensim     # or: pip install -r bench/requirements.txt
    python bench/external.py [--wheel /tmp/gensim/gensim-*.whl]
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import re
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import validator

MEMBER = "gensim/test/test_data/lee_background.cor"


def lee_corpus(wheel: str | None) -> list[str]:
    if wheel:
        with zipfile.ZipFile(glob.glob(wheel)[0]) as z:
            return z.read(MEMBER).decode("utf-8", "replace").splitlines()
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("gensim is not installed; pass --wheel (see the docstring)")
    path = Path(list(spec.submodule_search_locations)[0]) / "test" / "test_data" / "lee_background.cor"
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="path (glob) of a downloaded gensim wheel")
    args = ap.parse_args()
    docs = [d.strip() for d in lee_corpus(args.wheel) if d.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "lee.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i, doc in enumerate(docs):
                m = re.match(r"(.{20,200}?[.!?])\s+(?=[A-Z\"'])", doc)
                title, body = (m.group(1), doc[m.end():]) if m else (doc[:80], doc)
                fh.write(json.dumps({"id": f"lee-{i:03d}", "title": title, "text": body}) + "\n")
        result = validator.check([str(src)])
    counts = Counter(f.code for f in result.findings)
    print(f"Lee corpus (gensim test data): {len(docs)} articles")
    for code in sorted(counts):
        print(f"  {code} {validator.get_rule(code).name}: {counts[code]}")
        for f in [f for f in result.findings if f.code == code][:3]:
            print(f"      {f.doc_id}: {f.message[:120]}")
    print(f"  total findings: {sum(counts.values())}; BP (all false positives): "
          f"{sum(n for c, n in counts.items() if c.startswith('BP'))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
