"""Near-duplicate detection: the DU rules against datasketch and datatrove, on the same data.

Two corpora:

* ``planted``: unrelated synthetic articles (words drawn from a Zipf vocabulary, so
  unrelated pairs share no 5-gram) plus planted families: exact copies and near copies
  made by substituting a known share of words (0 to 8 %), so every planted pair has a
  known true word-5-gram Jaccard similarity, computed here with Python sets of word
  tuples, independently of any tool.
* ``bbc``: the 2,225 BBC articles against ``../shared/data/news/bbc_duplicates.json``.

Every tool runs in its own subprocess on the same JSONL file, with matching parameters
(5-word shingles, 128 permutations, 16 bands of 8 rows, threshold 0.8):

* ``validator-du``: the DU101 + DU102 corpus rules on the records' title and text
  (the dedup work alone, as the peers do);
* ``validator-du-all``: all five DU rules (DU103-DU105 too; pairs from DU101 + DU102);
* ``validator-check``: the whole ``validator.check`` run (decode, parse, every
  per-document rule, then DU101 + DU102): the cost a user pays;
* ``datasketch``: ``MinHash.update_batch`` + ``MinHashLSH(params=(16, 8))``; each document
  queries the index, then is inserted; pairs are the query results (not verified);
* ``datatrove``: ``MinhashDedupSignature`` -> ``MinhashDedupBuckets`` ->
  ``MinhashDedupCluster`` with ``LocalPipelineExecutor`` (one worker, as the others);
  pairs are the bucket collisions in its ``.dups`` files.

Measures: reported pairs; precision = share of reported pairs whose true Jaccard is at
least the threshold; recall = share of true pairs with Jaccard >= threshold + 0.05 that
end in one cluster (the transitive closure of the tool's pairs); pairs reported below
threshold - 0.1; documents per second (wall time of the tool's work, reading included,
imports excluded); peak resident memory of the tool's process (VmHWM, imports included).

Usage (bench requirements: ``pip install -r bench/requirements.txt``)::

    python bench/dedup.py planted --docs 100000 [--tools validator-du,datasketch,datatrove]
    python bench/dedup.py bbc
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VALIDATOR_SHARED_DATA", ROOT.parent / "shared" / "data"))
THRESHOLD, K, PERM, BANDS = 0.8, 5, 128, 16
TOOLS = ("validator-du", "validator-check", "datasketch", "datatrove")


# --- planted corpus ----------------------------------------------------------------------


def _vocabulary(rng: random.Random, size: int = 30000) -> list[str]:
    syll = ["ba", "ko", "ri", "sen", "ta", "mo", "lu", "ve", "dar", "ni", "pe", "gor", "shi", "al", "ur", "em", "tin", "qua"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syll) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def _shingles(words: list[str]) -> set:
    if len(words) < K:
        return {tuple(words)}
    return {tuple(words[i : i + K]) for i in range(len(words) - K + 1)}


def jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def make_planted(n: int, folder: Path, seed: int = 1) -> tuple[Path, dict]:
    """Write ``corpus.jsonl`` (``n`` records) and return the truth: ``{(id, id): J}`` for
    every pair inside a planted family (all other pairs have Jaccard ~0)."""
    import numpy as np

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    vocab = np.array(_vocabulary(rng))
    ranks = np.arange(1, len(vocab) + 1)
    probs = 1.0 / ranks**1.05
    probs /= probs.sum()
    n_base = int(n / 1.2)  # about 1 in 6 records is a planted copy
    families: dict[int, list[int]] = {}
    docs: list[tuple[str, str, list[str]]] = []
    for i in range(n_base):
        words = list(vocab[nrng.choice(len(vocab), size=int(nrng.integers(150, 600)), p=probs)])
        docs.append((f"d{i:07d}", f"story {i} " + " ".join(words[:6]), words))
    copy_no = 0
    while len(docs) < n:
        src = rng.randrange(n_base)
        family = families.setdefault(src, [src])
        for _ in range(min(rng.choice((1, 1, 2, 3)), n - len(docs))):
            base = docs[src][2]
            if rng.random() < 0.2:
                words = list(base)  # exact copy
            else:
                rate = rng.uniform(0.0, 0.08)
                words = list(base)
                for pos in rng.sample(range(len(words)), int(round(rate * len(words)))):
                    words[pos] = str(vocab[rng.randrange(len(vocab))])
            title = docs[src][1] if rng.random() < 0.5 else f"copy {copy_no} " + " ".join(words[:5])
            docs.append((f"c{copy_no:07d}", title, words))
            family.append(len(docs) - 1)
            copy_no += 1
    order = list(range(len(docs)))
    rng.shuffle(order)  # copies are not always after their source
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in order:
            doc_id, title, words = docs[i]
            paras = [" ".join(words[j : j + 60]) + "." for j in range(0, len(words), 60)]
            fh.write(json.dumps({"id": doc_id, "title": title, "text": "\n\n".join(paras)}) + "\n")
    truth = {}
    for family in families.values():
        members = sorted(set(family))
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = docs[members[x]], docs[members[y]]
                truth[tuple(sorted((a[0], b[0])))] = jaccard(a[2], b[2])
    return path, truth


# --- tools (each runs in its own process) --------------------------------------------------


def _records(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def run_validator_du(path: Path, work: Path, select=("DU101", "DU102")) -> list[tuple[str, str]]:
    from validator.config import Config, resolve_rules
    from validator.rule import CorpusView

    active = [a for a in resolve_rules(Config(select=list(select))) if a.rule.scope == "corpus"]
    states = [(a.rule.code, a.rule.check(a.options)) for a in active]
    ids = []
    for i, rec in enumerate(_records(path)):
        view = CorpusView(rec["id"], rec.get("title") or "", rec["text"])
        ids.append(rec["id"])
        for _, state in states:
            state.observe(i, view)
    pairs, links = [], []
    for code, state in states:
        for i, hits in state.finish().items():
            for h in hits:
                if code not in ("DU101", "DU102"):
                    continue
                pairs.append((ids[i], h.values["matched"] if code == "DU102" else h.values["kept"]))
                links.append((ids[i], h.values["kept"]))
    return pairs, links


def run_validator_check(path: Path, work: Path) -> list[tuple[str, str]]:
    import validator

    config = validator.Config(select=["DU101", "DU102"], glob="*.jsonl", max_file_bytes=1 << 40)
    result = validator.check([str(path)], config)
    found = [f for f in result.findings if "kept" in f.values]
    return [(f.doc_id, f.values.get("matched", f.values["kept"])) for f in found], [(f.doc_id, f.values["kept"]) for f in found]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def run_datasketch(path: Path, work: Path) -> list[tuple[str, str]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERM, params=(BANDS, PERM // BANDS))
    pairs = []
    for rec in _records(path):
        words = _words(rec["text"])
        grams = {" ".join(words[i : i + K]).encode() for i in range(max(1, len(words) - K + 1))}
        m = MinHash(num_perm=PERM)
        m.update_batch(list(grams))
        for other in lsh.query(m):
            pairs.append((rec["id"], other))
        lsh.insert(rec["id"], m)
    return pairs, pairs


def run_datatrove(path: Path, work: Path) -> list[tuple[str, str]]:
    import struct

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupSignature
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.utils.hashing import HashConfig

    config = MinhashConfig(n_grams=K, num_buckets=BANDS, hashes_per_bucket=PERM // BANDS, hash_config=HashConfig(precision=64, hash_fc="sha1"))
    data = work / "dt_in"
    data.mkdir()
    shutil.copy(path, data / "corpus.jsonl")
    logs = work / "dt_logs"
    stages = [
        [JsonlReader(str(data), id_key="id"), MinhashDedupSignature(output_folder=str(work / "sigs"), config=config, language="en")],
        [MinhashDedupBuckets(input_folder=str(work / "sigs"), output_folder=str(work / "buckets"), config=config)],
        [MinhashDedupCluster(input_folder=str(work / "buckets"), output_folder=str(work / "remove"), config=config)],
    ]
    for i, pipeline in enumerate(stages):
        tasks = BANDS if i == 1 else 1
        LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=1, logging_dir=str(logs / str(i))).run()
    ids = [rec["id"] for rec in _records(path)]
    pairs = []
    sentinel = (1 << 32) - 1
    for dups in sorted((work / "buckets").glob("*.dups")):
        raw = dups.read_bytes()
        for f1, d1, f2, d2 in struct.iter_unpack("<4I", raw):
            if f1 != sentinel:
                pairs.append((ids[d1], ids[d2]))
    return pairs, pairs


RUNNERS = {
    "validator-du": run_validator_du,
    "validator-du-all": lambda path, work: run_validator_du(path, work, ("DU",)), "validator-check": run_validator_check,
    "datasketch": run_datasketch, "datatrove": run_datatrove,
}


def _peak_mb() -> float:
    peak = 0.0
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(peak, children)


def tool_main(tool: str, path: Path, out: Path) -> None:
    """Run one tool (in this process) and write its pairs, time and peak memory."""
    if tool.startswith("datatrove"):  # import cost is not the tool's work
        import datatrove.pipeline.dedup  # noqa: F401
    elif tool == "datasketch":
        import datasketch  # noqa: F401
    else:
        import validator.api  # noqa: F401
    with tempfile.TemporaryDirectory(prefix=f"bench-{tool}-") as work:
        start = time.perf_counter()
        pairs, links = RUNNERS[tool](path, Path(work))
        seconds = time.perf_counter() - start
    out.write_text(json.dumps({"pairs": pairs, "links": links, "seconds": seconds, "peak_mb": _peak_mb()}))


def run_tool(tool: str, path: Path, timeout: int) -> dict | None:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    with tempfile.TemporaryDirectory(prefix=f"bench-{tool}-") as scratch:  # removed even if the tool is killed
        env = dict(os.environ, PYTHONHASHSEED="0", TQDM_DISABLE="1", TMPDIR=scratch)
        # Own process group: on timeout the tool's helpers (datatrove's manager process) go too.
        proc = subprocess.Popen([sys.executable, __file__, "_tool", tool, str(path), str(out)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            print(f"  {tool}: over the {timeout}s limit", flush=True)
            return None
    if proc.returncode != 0:
        print(f"  {tool}: failed (exit {proc.returncode}):\n{stderr[-2000:]}", flush=True)
        return None
    data = json.loads(out.read_text())
    out.unlink()
    return data


# --- scoring -------------------------------------------------------------------------------


def clusters(pairs) -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def score(pairs, links, truth: dict, n_docs: int, seconds: float) -> dict:
    """``pairs``: the pairs a tool reports as duplicates (precision); ``links``: how it
    joins documents into clusters (recall: both documents of a true pair in one cluster)."""
    reported = {tuple(sorted(p)) for p in pairs if p[0] != p[1]}
    sims = [truth.get(p, 0.0) for p in reported]
    label = clusters({tuple(sorted(p)) for p in links})
    positives = [p for p, j in truth.items() if j >= THRESHOLD + 0.05]
    found = sum(1 for a, b in positives if a in label and label.get(a) == label.get(b))
    return {
        "pairs": len(reported),
        "precision": (sum(1 for j in sims if j >= THRESHOLD) / len(sims)) if sims else 1.0,
        "recall": found / len(positives) if positives else 1.0,
        "below": sum(1 for j in sims if j < THRESHOLD - 0.1),
        "docs_per_s": n_docs / seconds if seconds else 0.0,
        "seconds": seconds,
    }


def print_table(rows: list[tuple[str, dict]], reference: str = "validator-du") -> None:
    ref = dict(rows).get(reference)
    print(f"| tool | pairs | precision | recall (J>={THRESHOLD + 0.05:.2f}) | pairs J<{THRESHOLD - 0.1:.1f} | seconds | docs/s | peak MB | {reference} speed x | {reference} memory x |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tool, s in rows:
        speed = f"{ref['docs_per_s'] / s['docs_per_s']:.1f}" if ref and s["docs_per_s"] else ""
        mem = f"{ref['peak_mb'] / s['peak_mb']:.2f}" if ref and s.get("peak_mb") else ""
        print(f"| {tool} | {s['pairs']} | {s['precision']:.4f} | {s['recall']:.4f} | {s['below']} | {s['seconds']:.1f} | "
              f"{s['docs_per_s']:.0f} | {s['peak_mb']:.0f} | {speed} | {mem} |")


def planted_main(args) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-dedup-") as tmp:
        start = time.perf_counter()
        path, truth = make_planted(args.docs, Path(tmp), args.seed)
        js = sorted(truth.values())
        print(f"planted corpus: {args.docs} documents, {len(truth)} planted pairs "
              f"({sum(j >= THRESHOLD + 0.05 for j in js)} with J>={THRESHOLD + 0.05:.2f}, "
              f"{sum(THRESHOLD - 0.1 <= j < THRESHOLD + 0.05 for j in js)} in the grey zone, "
              f"{sum(j < THRESHOLD - 0.1 for j in js)} below {THRESHOLD - 0.1:.1f}); made in {time.perf_counter() - start:.0f}s",
              flush=True)
        rows = []
        for tool in args.tools.split(","):
            data = run_tool(tool, path, args.timeout)
            if data is None:
                continue
            s = score(data["pairs"], data["links"], truth, args.docs, data["seconds"])
            s["peak_mb"] = data["peak_mb"]
            rows.append((tool, s))
            print(f"  {tool}: done in {data['seconds']:.1f}s", flush=True)
        print()
        print_table(rows)


def bbc_main(args) -> None:
    bbc = SHARED / "news" / "bbc"
    truth_file = SHARED / "news" / "bbc_duplicates.json"
    if not bbc.is_dir():
        print(f"no BBC data at {bbc}")
        return
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    import validator

    start = time.perf_counter()
    result = validator.check([str(bbc)], validator.Config(select=["DU"]))
    seconds = time.perf_counter() - start
    by_code = defaultdict(list)
    for f in result.findings:
        by_code[f.code].append(f)
    label = clusters((f.doc_id, f.values["kept"]) for f in by_code["DU101"] + by_code["DU102"])
    same = lambda a, b: a in label and label.get(a) == label.get(b)  # noqa: E731
    exact = truth["exact_groups"]
    near = truth["near_pairs_jaccard5_ge_0.5"]
    print(f"BBC: {result.report.totals.documents} documents in {seconds:.1f}s (validator check --select DU, whole pipeline)")
    print()
    rows = [("exact_groups", [(a, b) for a, b in exact])]
    for lo, hi in ((0.9, 1.01), (0.8, 0.9), (0.5, 0.8)):
        rows.append((f"near pairs {lo} <= J < {min(hi, 1.0)}" if hi < 1.01 else f"near pairs J >= {lo}",
                     [(a, b) for a, b, j in near if lo <= j < hi]))
    partial = {tuple(sorted((f.doc_id, f.values["kept"]))) for f in by_code["DU103"]}
    print("| truth list | pairs | found in one DU101/DU102 cluster | recall | reported by DU103 (contained) |")
    print("|---|---:|---:|---:|---:|")
    for name, pairs in rows:
        found = sum(same(a, b) for a, b in pairs)
        contained = sum(tuple(sorted((a, b))) in partial for a, b in pairs)
        print(f"| {name} | {len(pairs)} | {found} | {found / len(pairs) if pairs else 1:.3f} | {contained} |")
    missed = [(a, b, j) for a, b, j in near if j >= 0.9 and not same(a, b)]
    if missed:
        print("\nmissed near pairs with J >= 0.9:", missed)
    # Verify every reported pair independently: word 5-gram Jaccard / containment of the raw
    # files' bodies (after the title line), computed here with Python sets.
    print()
    print("| rule | findings | checked | verified | how |")
    print("|---|---:|---:|---:|---|")
    texts = {}

    def body(doc_id):
        if doc_id not in texts:
            raw = (bbc / doc_id).read_bytes().decode("utf-8", "replace")
            texts[doc_id] = _words(raw.split("\n", 1)[1] if "\n" in raw else raw)
        return texts[doc_id]

    def title(doc_id):
        return " ".join(_words((bbc / doc_id).read_bytes().decode("utf-8", "replace").split("\n", 1)[0]))

    checks = {
        "DU101": ("same title and words", lambda f: title(f.doc_id) == title(f.values["kept"]) and body(f.doc_id) == body(f.values["kept"])),
        "DU102": ("5-gram Jaccard with matched >= 0.8", lambda f: jaccard(body(f.doc_id), body(f.values["matched"])) >= THRESHOLD),
        "DU103": ("5-gram containment in kept >= 0.8", lambda f: len(_shingles(body(f.doc_id)) & _shingles(body(f.values["kept"]))) / len(_shingles(body(f.doc_id))) >= 0.8),
        "DU105": ("same title, 5-gram Jaccard < 0.8", lambda f: all(title(f.doc_id) == title(o["doc_id"]) and jaccard(body(f.doc_id), body(o["doc_id"])) < THRESHOLD for o in f.values["others"])),
    }
    for code in ("DU101", "DU102", "DU103", "DU104", "DU105"):
        fs = by_code.get(code, [])
        if code == "DU104":
            ok = 0
            for f in fs:
                para = f.values["paragraph"]
                mine = _para(bbc, f.doc_id, para)
                ok += all(_para(bbc, o["doc_id"], o["paragraph"]) == mine for o in f.values["others"])
            print(f"| DU104 | {len(fs)} | {len(fs)} | {ok} | the named paragraphs have the same words |")
            continue
        how, check = checks[code]
        ok = sum(bool(check(f)) for f in fs)
        print(f"| {code} | {len(fs)} | {len(fs)} | {ok} | {how} |")


def _para(bbc: Path, doc_id: str, number: int) -> list[str]:
    import validator

    text = (bbc / doc_id).read_bytes().decode("utf-8", "replace")
    paras = validator.clean_text(text, doc_id=doc_id).cleaned.text.split("\n\n")
    return _words(paras[number - 1]) if number <= len(paras) else []


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_tool":
        tool_main(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("planted")
    p.add_argument("--docs", type=int, default=100000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tools", default=",".join(TOOLS))
    p.add_argument("--timeout", type=int, default=600, help="seconds per tool")
    sub.add_parser("bbc")
    args = parser.parse_args()
    planted_main(args) if args.cmd == "planted" else bbc_main(args)


if __name__ == "__main__":
    main()
