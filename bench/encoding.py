"""Encoding and text-hygiene accuracy on ``../shared/data`` (issue 3).

Prints these tables:

1. ``encoding/chardet_tests``: for every file that Python decodes cleanly with its true
   encoding, whether ``validator.decode.decode_bytes`` gives exactly that text (so two
   encodings that decode the bytes to the same text count as equal), per true encoding
   and overall, with the misses listed.
2. ``encoding/ftfy_cases``: per case file, the cases ftfy itself repairs
   (``ftfy.fix_encoding(original)`` equals the expected ``fixed-encoding``/``fixed``
   text), and how many of those the EN108 mojibake rule repairs with safe fixes only (the
   default) and with unsafe fixes allowed; for ``negative.json``, the texts changed and
   the texts flagged.
3. ``news/bbc``: EN findings per rule on the 2,225 BBC articles (all EN rules on), with
   the run time and peak memory; then the languages detected and the time it takes.

Usage: ``python bench/encoding.py [--data ../shared/data] [--misses]``
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

from validator import Config, check  # noqa: E402
from validator.decode import decode_bytes  # noqa: E402
from validator.rule import NoOptions  # noqa: E402
from validator.rules.mojibake import mojibake  # noqa: E402


def charset_table(data: Path, show_misses: bool) -> None:
    root = data / "encoding" / "chardet_tests"
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    total_bytes = 0
    elapsed = 0.0
    for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        if not m.get("decodes_cleanly_with_expected"):
            continue
        raw = (root / m["path"]).read_bytes()
        truth = raw.decode(m["expected_encoding"])
        t0 = time.perf_counter()
        got = decode_bytes(raw)
        elapsed += time.perf_counter() - t0
        total_bytes += len(raw)
        # A BOM the true codec keeps as U+FEFF (utf-16be/le, utf-32be/le) is not text.
        ok = got.text is not None and (got.text == truth or got.text == truth.lstrip("\ufeff"))
        cell = per[m["expected_encoding"]]
        cell[1] += 1
        cell[0] += ok
        if not ok:
            how = f"{got.encoding.name} ({got.encoding.method}, {got.encoding.confidence:.2f})" if got.encoding else f"binary: {got.binary_type}"
            misses.append((m["path"], m["expected_encoding"], how))
    print("## Charset: chardet test files that Python decodes cleanly with their true encoding\n")
    print(f"| {'true encoding':<14} | files | exact text | share |")
    print(f"|{'-' * 16}|------:|-----------:|------:|")
    for enc in sorted(per):
        ok, n = per[enc]
        print(f"| {enc:<14} | {n:5d} | {ok:10d} | {ok / n:6.1%} |")
    ok = sum(v[0] for v in per.values())
    n = sum(v[1] for v in per.values())
    print(f"| {'**overall**':<14} | {n:5d} | {ok:10d} | {ok / n:6.2%} |")
    print(f"\ndecoding speed: {n / elapsed:.0f} files/s, {total_bytes / elapsed / 1e6:.1f} MB/s ({total_bytes / 1e6:.1f} MB)")
    print(f"\nmisses ({len(misses)}):")
    for path, enc, how in misses:
        print(f"- {path}: true {enc}, decoded as {how}")


def _repair(text: str, unsafe: bool) -> str:
    for _ in range(4):
        edits = []
        for hit in mojibake(text, NoOptions()):
            if hit.fix_safe or unsafe:
                edits.extend(hit.edits)
        if not edits:
            break
        edits.sort()
        out, pos = [], 0
        for s, e, r in edits:
            out.append(text[pos:s])
            out.append(r)
            pos = e
        out.append(text[pos:])
        text = "".join(out)
    return text


def ftfy_table(data: Path) -> None:
    root = data / "encoding" / "ftfy_cases"
    print("\n## Mojibake: EN108 on ftfy's test cases\n")
    print("| case file | cases | ftfy repairs | EN108 repairs (safe fixes) | EN108 repairs (unsafe allowed) |")
    print("|---|---:|---:|---:|---:|")
    for name in ("in-the-wild.json", "synthetic.json", "language-names.json", "known-failures.json"):
        path = root / name
        if not path.is_file():
            continue
        cases = json.loads(path.read_text(encoding="utf-8"))
        target = [c for c in cases if ftfy.fix_encoding(c["original"]) == c.get("fixed-encoding", c["fixed"])]
        safe = sum(_repair(c["original"], False) == c.get("fixed-encoding", c["fixed"]) for c in target)
        unsafe = sum(_repair(c["original"], True) == c.get("fixed-encoding", c["fixed"]) for c in target)
        print(f"| {name} | {len(cases)} | {len(target)} | {safe}/{len(target)} | {unsafe}/{len(target)} |")
    cases = json.loads((root / "negative.json").read_text(encoding="utf-8"))
    changed_safe = sum(_repair(c["original"], False) != c["original"] for c in cases)
    changed_unsafe = sum(_repair(c["original"], True) != c["original"] for c in cases)
    flagged = sum(bool(list(mojibake(c["original"], NoOptions()))) for c in cases)
    print(f"\nnegative.json: {len(cases)} texts; changed by safe fixes: {changed_safe}; "
          f"changed with unsafe fixes allowed: {changed_unsafe}; flagged (as uncertain): {flagged}")


def bbc_table(data: Path) -> None:
    bbc = data / "news" / "bbc"
    if not bbc.is_dir():
        print("\n(no BBC data)")
        return
    t0 = time.perf_counter()
    result = check([str(bbc)], Config(select=["EN"]))
    elapsed = time.perf_counter() - t0
    counts = Counter((f.code, f.rule) for f in result.findings)
    docs = result.report.totals.documents
    print(f"\n## EN findings on the BBC articles ({docs} documents, all EN rules)\n")
    print("| rule | findings | documents |")
    print("|---|---:|---:|")
    per_doc = Counter((f.code, f.rule) for f in {(f.code, f.rule, f.doc_id): f for f in result.findings}.values())
    for (code, rule), n in sorted(counts.items()):
        print(f"| {code} {rule} | {n} | {per_doc[(code, rule)]} |")
    if not counts:
        print("| (none) | 0 | 0 |")
    mojibake_hits = counts.get(("EN108", "mojibake"), 0)
    print(f"\nmojibake (EN108) findings on BBC: {mojibake_hits}")
    print(f"time: {elapsed:.1f} s ({docs / elapsed:.0f} docs/s, decode + EN rules + parse + language); "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def language_table(data: Path) -> None:
    bbc = data / "news" / "bbc"
    if not bbc.is_dir():
        return
    from validator.language import detect_language

    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(bbc.rglob("*.txt"))]
    detect_language("warm up the model before timing")
    t0 = time.perf_counter()
    langs = Counter(detect_language(t)[0] for t in texts)
    elapsed = time.perf_counter() - t0
    print(f"\n## Language (py3langid, offline) on the BBC articles\n")
    print("| language | articles |")
    print("|---|---:|")
    for lang, n in langs.most_common():
        print(f"| {lang} | {n} |")
    print(f"\n{len(texts)} articles in {elapsed:.2f} s ({elapsed / len(texts) * 1000:.2f} ms per article)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--misses", action="store_true", help="unused; misses are always listed")
    args = parser.parse_args()
    data = Path(args.data)
    charset_table(data, args.misses)
    ftfy_table(data)
    bbc_table(data)
    language_table(data)


if __name__ == "__main__":
    main()
