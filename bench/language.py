"""How many characters language identification needs: accuracy and time per article
of ``validator.language.detect_language`` at several sample sizes, on real data.

Usage::

    python bench/language.py [--sizes 3000,1000,600,400,300,200]

Data (``../shared/data``, see its README):

- the BBC articles (2,225, all English);
- the chardet test files whose folder names a language (``windows-1251-russian``,
  ``iso-8859-7-greek`` ...), decoded with their true encoding; markup is stripped so the
  text is what a corpus would hold;
- the L3S-GN1 article texts (English news pages).

For each sample size: the share of documents identified as their known language
(BBC and L3S: English), and the milliseconds per document. The model is the one
shipped with py3langid (nothing is downloaded).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGS = {
    "croatian": "hr", "czech": "cs", "hungarian": "hu", "polish": "pl", "slovak": "sk", "slovene": "sl",
    "bulgarian": "bg", "russian": "ru", "arabic": "ar", "greek": "el", "turkish": "tr", "romanian": "ro",
    "hebrew": "he", "thai": "th", "english": "en", "german": "de", "french": "fr", "spanish": "es",
}
_TAG_RE = re.compile(r"<[^<>]{0,500}>")


def datasets(data: Path) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    bbc = data / "news" / "bbc"
    out["BBC (en)"] = [("en", p.read_bytes().decode("utf-8", "replace")) for p in sorted(bbc.rglob("*.txt"))]
    tests = data / "encoding" / "chardet_tests"
    rows = []
    for line in (tests / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        folder = item["path"].split("/")[1].lower()
        lang = next((code for name, code in LANGS.items() if folder.endswith(name)), None)
        if lang is None or not item.get("decodes_cleanly_with_expected"):
            continue
        text = (tests / item["path"]).read_bytes().decode(item["expected_encoding"], "replace")
        text = " ".join(_TAG_RE.sub(" ", text).split())
        if len(text) >= 200:
            rows.append((lang, text))
    out["chardet tests (13 languages)"] = rows
    l3s = data / "boilerplate" / "l3s_article_dev.jsonl"
    out["L3S articles (en)"] = [("en", json.loads(line)["text"]) for line in l3s.read_text(encoding="utf-8").splitlines()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--sizes", default="3000,1000,600,400,300,200")
    args = ap.parse_args()
    from validator import language

    sets = datasets(Path(args.data))
    language.detect_language("warm up the model before timing")
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| sample chars | " + " | ".join(f"{name}: accuracy" for name in sets) + " | ms per article (all sets) |")
    print("|---:|" + "---:|" * (len(sets) + 1))
    default = (language.FIRST_CHARS, language.MAX_CHARS)
    for size in [None, *sizes]:
        # None: the default, a first look at FIRST_CHARS and the whole sample when unsure
        language.FIRST_CHARS, language.MAX_CHARS = default if size is None else (size, size)
        cells = []
        docs = 0
        t0 = time.perf_counter()
        for rows in sets.values():
            right = sum(language.detect_language(text)[0] == lang for lang, text in rows)
            cells.append(f"{right / len(rows):.4f} ({len(rows) - right} wrong of {len(rows)})")
            docs += len(rows)
        ms = (time.perf_counter() - t0) / docs * 1000
        label = f"{default[0]}, then {default[1]} when p < {language.CONFIDENT} (default)" if size is None else str(size)
        print(f"| {label} | " + " | ".join(cells) + f" | {ms:.3f} |")


if __name__ == "__main__":
    main()
