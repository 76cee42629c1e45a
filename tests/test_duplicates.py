"""The DU rules through the public API and the CLI: clusters and kept documents do not
depend on the order files are read in, shard states merge to the serial result, late
hits reach the outputs, and the BBC duplicate pairs are found."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validator import Config, check, clean
from validator.dedup.shingles import normalise, shingle_hashes
from validator.registry import BY_CODE
from validator.report import DocResult, Report
from validator.rule import CorpusView

from conftest import BBC, SHARED_DATA, needs_bbc, run_cli

WORDS = (
    "the council said new homes would be built near river station after months of talks with residents "
    "who had opposed plans for a large estate on green belt land north of town centre while officials "
    "argued that demand for housing was rising fast and prices were too high for young families police "
    "reported a rise in thefts from cars parked overnight market traders complained about rents minister "
    "visited factory workers strike pay deal rejected union leaders warned talks could collapse"
).split()


def _article(rng: random.Random, words: int = 160) -> list[str]:
    return [rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(words)]


def _edit(rng: random.Random, body: list[str], changes: int) -> list[str]:
    out = list(body)
    for _ in range(changes):
        out[rng.randrange(len(out))] = "edited" + str(rng.randrange(10**6))
    return out


def _text(title: str, body: list[str]) -> str:
    paras = [" ".join(body[i : i + 40]) + "." for i in range(0, len(body), 40)]
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def planted_corpus(seed: int = 7) -> dict[str, str]:
    """name -> text: unrelated stories, exact copies, near copies (1-3 words changed,
    another headline), a short story contained in a longer one, same title updates."""
    rng = random.Random(seed)
    docs: dict[str, str] = {}
    for i in range(12):
        docs[f"plain{i:02d}"] = _text(f"Story number {i} of the day", _article(rng))
    for i in range(4):
        body = _article(rng)
        docs[f"exact{i}a"] = _text(f"Exact story {i} here", body)
        docs[f"exact{i}b"] = _text(f"Exact story {i} here", body)
    for i in range(5):
        body = _article(rng, 200 + 10 * i)
        docs[f"near{i}a"] = _text(f"Near story {i} original", body)
        docs[f"near{i}b"] = _text(f"Near story {i} rewritten", _edit(rng, body, 2))
        docs[f"near{i}c"] = _text(f"Near story {i} copied", body + _article(rng, 5))
    short = _article(rng, 60)
    docs["part_short"] = _text("Short wire story", short)
    docs["part_long"] = _text("Long report", _article(rng, 120) + short + _article(rng, 120))
    docs["title_a"] = _text("Storm closes schools across region", _article(rng))
    docs["title_b"] = _text("Storm closes schools across region", _article(rng))
    return docs


def _write(folder: Path, docs: dict[str, str], names: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for key, text in docs.items():
        (folder / f"{names[key]}.txt").write_text(text, encoding="utf-8")


def _clusters(findings, back: dict[str, str]) -> dict[str, set]:
    """rule -> {(kept, frozenset(members))} in original names."""
    groups: dict[tuple[str, str], set] = {}
    for f in findings:
        if f.code.startswith("DU") and "kept" in f.values:
            kept = back[f.values["kept"]]
            groups.setdefault((f.code, kept), {kept}).add(back[f.doc_id])
    out: dict[str, set] = {}
    for (code, kept), members in groups.items():
        out.setdefault(code, set()).add((kept, frozenset(members)))
    return out


def test_clusters_and_kept_do_not_depend_on_file_order(tmp_path):
    docs = planted_corpus()
    config = Config(select=["DU"])
    base = {k: k for k in docs}
    expected = _clusters(check([str(_folder(tmp_path / "base", docs, base))], config).findings, {f"{k}.txt": k for k in docs})
    assert set(expected) == {"DU101", "DU102", "DU103"}
    assert len(expected["DU101"]) == 4 and len(expected["DU102"]) == 5 and len(expected["DU103"]) == 1
    # The longest member is kept: the near copy with five extra words.
    assert {kept for kept, _ in expected["DU102"]} == {f"near{i}c" for i in range(5)}
    for trial in range(3):
        rng = random.Random(trial)
        keys = list(docs)
        rng.shuffle(keys)  # new names sort in a new order: files are read in that order
        names = {k: f"{i:03d}_{rng.randrange(10**6)}" for i, k in enumerate(keys)}
        folder = _folder(tmp_path / f"shuffled{trial}", docs, names)
        back = {f"{v}.txt": k for k, v in names.items()}
        got = _clusters(check([str(folder)], config).findings, back)
        assert _content(got, docs) == _content(expected, docs)
        # Exact copies are byte-identical, so either may be named; near and partial kept must match.
        assert got["DU102"] == expected["DU102"] and got["DU103"] == expected["DU103"]


def _folder(folder: Path, docs, names) -> Path:
    _write(folder, docs, names)
    return folder


def _content(clusters, docs):
    return {code: {(docs[k], frozenset(docs[m] for m in ms)) for k, ms in cl} for code, cl in clusters.items()}


def test_first_seen_keep_rule_follows_input_order(tmp_path):
    docs = planted_corpus()
    names = {k: k for k in docs}
    folder = _folder(tmp_path / "in", docs, names)
    config = Config(select=["DU102"], rules={"DU102": {"keep": "first"}})
    got = _clusters(check([str(folder)], config).findings, {f"{k}.txt": k for k in docs})
    assert {kept for kept, _ in got["DU102"]} == {f"near{i}a" for i in range(5)}


@pytest.mark.parametrize("code", ["DU101", "DU102", "DU103", "DU104", "DU105"])
@pytest.mark.parametrize("shards", [2, 3])
def test_merged_shard_states_equal_one_state(code, shards):
    """What a parallel runner will do: observe shards separately, merge, finish once."""
    docs = planted_corpus()
    views = [
        (i, CorpusView(name, text.split("\n", 1)[0], text.split("\n\n", 1)[1].strip(), fields=1))
        for i, (name, text) in enumerate(sorted(docs.items()))
    ]
    rule = BY_CODE[code]
    options = rule.options()
    serial = rule.check(options)
    for i, view in views:
        serial.observe(i, view)
    expected = _hits(serial.finish())
    parts = [rule.check(options) for _ in range(shards)]
    for i, view in reversed(views):  # any assignment of documents to shards, any order
        parts[(i * 7) % shards].observe(i, view)
    for other in parts[1:]:
        parts[0].merge(other)
    assert _hits(parts[0].finish()) == expected
    assert expected


def test_rules_sharing_one_shingle_store_decide_as_each_rule_alone(monkeypatch):
    """DU102, DU103 and DU105 keep each document's shingle set once, in one store their
    tables share (also after pickling shards and merging them, and once it is on disk),
    and decide as each rule does with a store of its own."""
    import pickle

    from validator.api import make_settings
    from validator.dedup.table import ShingleStore
    from validator.run.batch import fresh_states

    monkeypatch.setattr(ShingleStore, "SPILL_AT", 2_000)
    docs = planted_corpus()
    views = [
        (i, CorpusView(name, text.split("\n", 1)[0], text.split("\n\n", 1)[1].strip(), fields=1))
        for i, (name, text) in enumerate(sorted(docs.items()))
    ]
    codes = ["DU102", "DU103", "DU105"]
    settings = make_settings(Config(select=codes), apply_fixes=True)
    parts = [fresh_states(settings) for _ in range(3)]
    for i, view in views:
        for state in parts[i % 3]:
            state.observe(i, view)
    shipped = [pickle.loads(pickle.dumps(part)) for part in parts]
    merged = shipped[0]
    for part in shipped[1:]:
        for mine, theirs in zip(merged, part):
            mine.merge(theirs)
    stores = {id(state.table.store) for state in merged}
    assert len(stores) == 1
    store = merged[0].table.store
    assert store.on_disk
    shingled = {int(i) for state in merged for i in state.table.index.values}
    sizes = {i: len(shingle_hashes(normalise(view.text), 5)) for i, view in views}
    added = sum(sizes[int(i)] for state in merged for i in state.table.index.values)  # one copy per table row
    assert len(store.all()) == sum(sizes[i] for i in shingled) < added
    for code, state in zip(codes, merged):
        alone = BY_CODE[code].check(BY_CODE[code].options())
        for i, view in views:
            alone.observe(i, view)
        assert _hits(state.finish()) == _hits(alone.finish())
    assert not store.on_disk or store._fh.closed  # the last table to finish closed it


def test_shingle_store_moves_to_disk_past_its_bound_and_reads_back_the_same(monkeypatch):
    """A shard's store stays in memory, a growing one moves to a temporary file: reads,
    pickling (a shard crossing to the main process) and merging give the same sets
    either way, and the file is gone once the store is closed."""
    import os
    import pickle

    import numpy as np

    from validator.dedup.table import DocTable, ShingleStore

    monkeypatch.setattr(ShingleStore, "SPILL_AT", 50)
    rng = np.random.default_rng(3)
    sets = [np.unique(rng.integers(0, 2**32, rng.integers(0, 30), dtype=np.uint64).astype(np.uint32)) for _ in range(40)]
    parts = [DocTable(with_store=True) for _ in range(3)]
    for i, shingles in enumerate(sets):
        parts[i % 3].add(i, f"d{i}", 10, 1, i, shingles)
    assert parts[0].store.on_disk  # over 50 values
    small = DocTable(with_store=True)
    small.add(99, "d99", 10, 1, 99, sets[0][:5])
    small.add(100, "d100", 10, 1, 100, sets[1][:7])
    assert not small.store.on_disk
    for table in (small, pickle.loads(pickle.dumps(small))):
        assert np.array_equal(table.shingles(0), sets[0][:5]) and np.array_equal(table.shingles(1), sets[1][:7])
    shipped = [pickle.loads(pickle.dumps(part)) for part in parts]
    merged = shipped[0]
    for other in shipped[1:]:
        merged.merge(other)
    by_index = {int(index): row for row, index in enumerate(merged.index.values)}
    for i, shingles in enumerate(sets):
        assert np.array_equal(merged.shingles(by_index[i]), shingles)
    path = merged.store.path
    assert merged.store.on_disk and os.path.exists(path)
    merged.close()
    assert not os.path.exists(path)


@pytest.mark.parametrize("batch", [1, 3, 1000])
def test_near_duplicate_keys_do_not_depend_on_the_signature_batch(batch, monkeypatch):
    """Signatures are computed a batch of documents at a time: the batch gives each set's
    own signature, and the band keys (also after pickling and merging with documents
    still waiting) equal those of one document at a time."""
    import pickle

    import numpy as np

    from validator.dedup.minhash import MinHasher
    from validator.rules.duplicates import NearDuplicates

    hasher = MinHasher(128)
    rng = np.random.default_rng(7)
    sets = [np.unique(rng.integers(0, 2**32, int(rng.integers(1, 60)), dtype=np.uint64).astype(np.uint32)) for _ in range(9)]
    assert np.array_equal(hasher.signatures(sets), np.stack([hasher.signature(s) for s in sets]))

    docs = planted_corpus()
    views = [
        (i, CorpusView(name, text.split("\n", 1)[0], text.split("\n\n", 1)[1].strip(), fields=1))
        for i, (name, text) in enumerate(sorted(docs.items()))
    ]
    rule = BY_CODE["DU102"]

    def keys_and_hits(size):
        monkeypatch.setattr(NearDuplicates, "SIGNATURE_BATCH", size)
        first, second = rule.check(rule.options()), rule.check(rule.options())
        for i, view in views:
            (first if i % 2 else second).observe(i, view)
        first = pickle.loads(pickle.dumps(first))
        first.merge(second)
        return first.keys.values.copy(), _hits(first.finish())

    one_keys, one_hits = keys_and_hits(1)
    keys, hits = keys_and_hits(batch)
    assert np.array_equal(keys, one_keys) and hits == one_hits and hits


def _hits(late):
    return {i: sorted((h.message, json.dumps(h.values, sort_keys=True)) for h in hits) for i, hits in late.items()}


def test_clean_rejects_exact_copies_and_writes_clusters(tmp_path):
    docs = planted_corpus()
    folder = _folder(tmp_path / "in", docs, {k: k for k in docs})
    out = tmp_path / "out" / "clean.jsonl"
    proc = run_cli("clean", str(folder), "--out", str(out), "--report-dir", str(tmp_path / "rep"), "--select", "DU")
    assert proc.returncode == 0, proc.stderr
    kept = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    rejected = [json.loads(line) for line in out.with_name("clean.rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(kept) + len(rejected) == len(docs)
    assert kept == sorted(kept)  # output order is input order
    # Byte-identical copies tie on length, metadata and content: the smaller id is kept.
    assert sorted(r["id"] for r in rejected) == [f"exact{i}b.txt" for i in range(4)]
    assert all(r["reasons"][0]["code"] == "DU101" and r["text"] for r in rejected)
    clusters = [json.loads(line) for line in (tmp_path / "rep" / "clusters.jsonl").read_text(encoding="utf-8").splitlines()]
    report = json.loads((tmp_path / "rep" / "report.json").read_text(encoding="utf-8"))
    assert len(clusters) == len(report["duplicate_clusters"]) == 10
    near = [c for c in clusters if c["rule"] == "DU102"]
    assert all(c["size"] == 3 and c["members"][0] == c["kept"] and 0.8 <= c["similarity_min"] <= c["similarity_max"] <= 1 for c in near)
    assert "Duplicate clusters" in (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")


def test_near_duplicate_findings_name_kept_and_similarity(tmp_path):
    docs = planted_corpus()
    folder = _folder(tmp_path / "in", docs, {k: k for k in docs})
    findings = [f for f in check([str(folder)], Config(select=["DU102"])).findings]
    assert len(findings) == 10
    for f in findings:
        assert f.values["kept"] in f.message and 0.8 <= f.values["matched_similarity"] <= 1.0
        assert 0.0 < f.values["similarity"] <= 1.0


def test_report_merge_of_clusters_is_associative(tmp_path):
    docs = planted_corpus()
    folder = _folder(tmp_path / "in", docs, {k: k for k in docs})
    from validator.api import iter_results

    results = list(iter_results([str(folder)], Config(select=["DU"])))
    reports = []
    for chunk in (results[:10], results[10:25], results[25:]):
        r = Report()
        for res in chunk:
            r.add(res)
        reports.append(r)
    a, b, c = reports
    left = a.merge(b).merge(c)
    right = a.merge(b.merge(c))
    assert left.model_dump() == right.model_dump()
    whole = Report()
    for res in results:
        whole.add(res)
    assert left.duplicate_clusters == whole.duplicate_clusters
    assert isinstance(results[0], DocResult)


words = st.lists(st.sampled_from(["a", "b", "c", "dd", "é", "x1"]), min_size=0, max_size=40)


@settings(max_examples=60, deadline=None)
@given(words, st.integers(min_value=1, max_value=6))
def test_shingle_hashes_match_word_ngrams(ws, k):
    """One hash per distinct word k-gram (no collisions at this size), whatever the
    spacing and punctuation between the words."""
    text = " ,  ".join(ws)
    grams = {tuple(ws[i : i + k]) for i in range(len(ws) - k + 1)} if len(ws) >= k else ({tuple(ws)} if ws else set())
    assert len(shingle_hashes(text, k)) == len(grams)
    assert np.array_equal(shingle_hashes(text, k), shingle_hashes(" ".join(w.upper() for w in ws), k))


def test_normalise_folds_quotes_dashes_and_case():
    assert normalise("“Hello” — he SAID, «ça va»…") == normalise('"hello" - he said, "ça va"...') == "hello he said ça va"


@needs_bbc
def test_bbc_exact_pairs_and_near_pairs_found():
    truth = json.loads((SHARED_DATA / "news" / "bbc_duplicates.json").read_text(encoding="utf-8"))
    result = check([str(BBC)], Config(select=["DU101", "DU102"]))
    cluster_of: dict[str, str] = {}
    for f in result.findings:
        if "kept" in f.values:
            cluster_of[f.doc_id] = f.values["kept"]
            cluster_of.setdefault(f.values["kept"], f.values["kept"])
    same = lambda a, b: a in cluster_of and cluster_of.get(a) == cluster_of.get(b)  # noqa: E731
    assert all(same(a, b) for a, b in truth["exact_groups"])
    near = [(a, b) for a, b, j in truth["near_pairs_jaccard5_ge_0.5"] if j >= 0.9]
    found = sum(same(a, b) for a, b in near)
    assert found >= 0.95 * len(near), (found, len(near))


def test_syndicated_copies_compare_equal_in_check_and_clean(tmp_path):
    """Timestamp, dateline, byline and related links differ between the copies; they are
    left out of the compared body whether or not ``clean`` removed them, so ``check``
    (no fixes) and ``clean`` report the same pair with Jaccard 1.0."""
    rng = random.Random(3)
    body = "\n\n".join("Officials said " + " ".join(_article(rng, 40)) + "." for _ in range(3))
    a = f"Talks resume in capital\n\n09:02, January 09, 2012\n\nBEIJING, Jan. 8 (Xinhua) -- {body}\n\nRelated:\nFloods close schools in the north\nRail services suspended after storm\n"
    b = f"Capital talks resume after pause\n\nBy Jane Doe, Reuters\n\nLONDON (Reuters) - {body}\n"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(a, encoding="utf-8")
    (folder / "b.txt").write_text(b, encoding="utf-8")
    found = [f for f in check([str(folder)], Config(select=["DU102"])).findings]
    assert [(f.doc_id, f.values["similarity"]) for f in found] == [("b.txt", 1.0)] or [(f.doc_id, f.values["similarity"]) for f in found] == [("a.txt", 1.0)]
    out = tmp_path / "clean.jsonl"
    report = clean([str(folder)], out, config=Config(select=["BP", "DU102"]), report_dir=tmp_path / "rep")
    cluster = report.duplicate_clusters[0]
    assert (cluster.rule, cluster.size, cluster.similarity_min) == ("DU102", 2, 1.0)
    assert [f.doc_id for f in found] == cluster.duplicates


def test_packed_and_index_sorted_shared_keys_agree():
    """The packed sort (32-bit keys, used for DU103's sampled shingles) and the index sort
    (any keys) give the same shared entries in the same order, hence the same pairs."""
    import numpy as np

    from validator.dedup.lsh import _shared_packed, _shared_sorted, shared_key_counts

    rng = np.random.default_rng(3)
    for size, key_space in ((50, 10), (5000, 2000), (20000, 1 << 31)):
        keys = rng.integers(0, key_space, size).astype(np.uint32)
        docs = rng.integers(0, 3000, size).astype(np.int32)
        # one entry per distinct (key, document), as the rules give them
        uniq = np.unique(np.stack((keys.astype(np.int64), docs.astype(np.int64)), axis=1), axis=0)
        keys, docs = uniq[:, 0].astype(np.uint32), uniq[:, 1].astype(np.int32)
        order = rng.permutation(len(keys))
        keys, docs = keys[order], docs[order]
        k1, d1 = _shared_packed(keys, docs)
        k2, d2 = _shared_sorted(keys, docs)
        assert np.array_equal(k1, k2) and np.array_equal(d1, d2)
        pairs, counts = shared_key_counts(keys, docs, max_df=100)
        wide_pairs, wide_counts = shared_key_counts(keys.astype(np.uint64), docs, max_df=100)
        assert np.array_equal(pairs, wide_pairs) and np.array_equal(counts, wide_counts)
        if key_space == 10:
            assert len(pairs)


def test_paragraph_forms_equal_each_paragraph_normalised():
    """DU104 takes every paragraph's normalised form from one pass over the document; each
    must be what normalising the paragraph alone gives (and ``normalise`` must agree
    with ``normalised_bytes`` on its ASCII shortcut)."""
    import random

    from validator.dedup.shingles import mapped_bytes, mapped_data, newlines_to_spaces, normalise, normalised_bytes, paragraph_forms

    rng = random.Random(11)
    pieces = ["Word", "wORD", "x1", "İstanbul", "ΣΑΣ", "é", "’", "\u00a0", "\u2014", "\u00ad", "中文",
              "\n", "\n\n", "\n\n\n", "\n\n\n\n", " ", "-", ".", "\t", "\r\n"]
    texts = ["", "\n\n", "a\n\n\n\nb", " lead\n\ntrail. "]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40))) for _ in range(3000)]
    for text in texts:
        expected = [normalised_bytes(p).tobytes() for p in text.split("\n\n")]
        lines = mapped_data(text, keep_newlines=True)
        assert np.array_equal(newlines_to_spaces(lines), mapped_bytes(text)), repr(text)
        assert paragraph_forms(lines, newlines_to_spaces(lines)) == expected, repr(text)
        assert normalise(text) == normalised_bytes(text).tobytes().decode("utf-8"), repr(text)


def _plain_corpus_text(record) -> str:
    """``corpus_text`` as defined: every paragraph normalised and looked up."""
    from validator.cues import is_related_heading

    drop = {normalise(p) for p in [record.timestamp or "", *record.byline, *record.related_links, *record.footer] if p}
    dateline = record.dateline.text.strip() if record.dateline else ""
    out = []
    for para in record.paragraphs:
        if dateline and para.startswith(dateline):
            para = para[len(dateline) :].lstrip()
        if para and normalise(para) not in drop and not (record.related_links and is_related_heading(para)):
            out.append(para)
    return "\n\n".join(out)


_PIECES = ["By Jane DOE", "by jane doe.", "--", "...", "", "Jane", "Ünïcode Straße", "ünïcode strasse", "Related:",
           "09:02, January 09, 2012", "09 02 january 09 2012", "The storm hit.", "© 2012 Example", "2012 example"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=8),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=30)), max_size=4),
    st.one_of(st.none(), st.sampled_from(_PIECES)),
)
def test_corpus_text_shortcut_equals_normalising_every_paragraph(paragraphs, dropped, timestamp):
    """The first-word shortcut of ``corpus_text`` never keeps or drops a paragraph the
    plain definition would not (ASCII, non-ASCII, no word at all)."""
    from validator.api import corpus_text
    from validator.models import CleanedRecord

    half = len(dropped) // 2
    record = CleanedRecord(id="d", source="s", text="", paragraphs=paragraphs, timestamp=timestamp,
                           byline=dropped[:half], footer=dropped[half:])
    assert corpus_text(record) == _plain_corpus_text(record)


def _normalised_by_characters(text: str) -> bytes:
    """The normal form as the module docstring defines it, one character at a time."""
    def word(c: str) -> bool:
        return c.isalnum() if c.isascii() else not (0x80 <= ord(c) <= 0xBF or 0x2000 <= ord(c) <= 0x207F)

    return " ".join(w for w in "".join(c if word(c) else " " for c in text.lower()).split(" ") if w).encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "dd", "é", "x1", "中"]), max_size=30), min_size=1, max_size=8),
       st.integers(min_value=1, max_value=7))
def test_shingles_of_many_documents_equal_each_document_alone(texts, k):
    """``shingles_of_many`` (one numpy pass over a batch of documents, used by ``prepare``
    before the DU rules observe) gives each document the sorted distinct shingles it has
    alone, empty and one-word documents included."""
    from validator.dedup.shingles import normalised_bytes, shingles_of_many, shingles_of_normalised

    datas = [normalised_bytes(" ".join(ws)) for ws in texts]
    batch = shingles_of_many(datas, k)
    assert len(batch) == len(datas)
    for got, data in zip(batch, datas):
        assert got.dtype == np.uint32
        assert np.array_equal(got, shingles_of_normalised(data, k))


@pytest.mark.parametrize("distinct", [3, 50, 2**32])
def test_band_run_pairs_and_candidates_equal_the_row_wise_definition(distinct):
    """``run_pairs`` (one sort of packed key and position) and ``candidate_pairs`` (pairs
    packed for a 1-d unique) give the pairs of the plain definition: a stable argsort of
    the keys, each run's members with its first member and their predecessor, distinct
    sorted ``(min, max)`` rows from ``np.unique(axis=0)``."""
    from validator.dedup.lsh import candidate_pairs, run_pairs

    def reference(keys, ids):
        order = np.argsort(keys, kind="stable")
        k = keys[order]
        pairs = set()
        start = 0
        for i in range(1, len(k)):
            if k[i] != k[i - 1]:
                start = i
                continue
            for j in (start, i - 1):
                a, b = int(ids[order[j]]), int(ids[order[i]])
                if a != b:
                    pairs.add((min(a, b), max(a, b)))
        return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)

    rng = np.random.default_rng(distinct % 1000)
    keys = rng.integers(0, distinct, (300, 4), dtype=np.uint64).astype(np.uint32)
    ids = rng.permutation(10_000)[:300].astype(np.int64)
    for band in range(keys.shape[1]):
        assert np.array_equal(run_pairs(keys[:, band], ids), reference(keys[:, band], ids))
    expected = np.unique(np.concatenate([reference(keys[:, band], ids) for band in range(4)]), axis=0).reshape(-1, 2)
    assert np.array_equal(candidate_pairs(keys, ids), expected)


def test_runs_across_copy_groups_equal_the_set_definition():
    """DU104 rules out in numpy the runs of a repeated paragraph whose documents are all
    copies of one another (``_across_groups``): exactly the runs whose set of groups
    (a copy group's root, or the row itself) has one member."""
    from validator.rules.duplicates import _across_groups

    rng = np.random.default_rng(3)
    for _ in range(200):
        n_rows = int(rng.integers(1, 30))
        rows = rng.integers(0, n_rows, int(rng.integers(2, 80))).astype(np.int64)
        same_doc = {int(r): int(rng.integers(0, 3)) for r in rng.integers(0, n_rows, int(rng.integers(0, n_rows + 1)))}
        cuts = np.unique(rng.integers(0, len(rows) + 1, 12))
        starts, ends = cuts[:-1], cuts[1:]
        keep = ends - starts >= 2
        starts, ends = starts[keep], ends[keep]
        expected = [(s, e) for s, e in zip(starts.tolist(), ends.tolist())
                    if len({same_doc.get(int(r), -1 - int(r)) for r in rows[s:e]}) >= 2]
        got_s, got_e = _across_groups(starts, ends, rows, same_doc, n_rows)
        assert list(zip(got_s.tolist(), got_e.tolist())) == expected


@pytest.mark.parametrize("num_perm", [8, 40, 128])
def test_minhash_signatures_in_function_blocks_equal_one_set_at_a_time(num_perm):
    """``signatures`` works a block of hash functions at a time (a last block shorter
    than the others when ``num_perm`` is not a multiple of the block)."""
    from validator.dedup.minhash import MinHasher

    hasher = MinHasher(num_perm)
    rng = np.random.default_rng(num_perm)
    sets = [np.unique(rng.integers(0, 2**32, int(rng.integers(1, 500)), dtype=np.uint64).astype(np.uint32)) for _ in range(40)]
    assert np.array_equal(hasher.signatures(sets), np.stack([hasher.signature(s) for s in sets]))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x2FF), st.characters(min_codepoint=0x1FF0, max_codepoint=0x2080),
                                  st.sampled_from("\u3000\u4e2d\U0001F600\ufeff\u0130\u1e9e\n\t")), max_size=60))
def test_normalised_bytes_follow_the_definition(text):
    """The byte-level normalisation (one translate, two substitutions, numpy folding)
    equals the definition applied character by character, and ``mapped_bytes`` folds
    to the same bytes."""
    from validator.dedup.shingles import fold_spaces, mapped_bytes, normalised_bytes

    expected = _normalised_by_characters(text)
    assert normalised_bytes(text).tobytes() == expected
    assert fold_spaces(mapped_bytes(text)).tobytes() == expected


def test_a_shared_store_read_and_released_from_threads_closes_when_the_last_user_is_done(monkeypatch):
    """The corpus rules decide in threads at once (``jobs`` > 1) and the tables sharing
    a store read it and release it from different threads: every read sees the written
    sets, and the store stays open until the last user releases it, then its file goes."""
    import os
    import threading

    import numpy as np

    from validator.dedup.table import ShingleStore

    monkeypatch.setattr(ShingleStore, "SPILL_AT", 10)
    store = ShingleStore()
    sets = [np.arange(k, k + 20, dtype=np.uint32) for k in range(0, 400, 20)]
    places = [store.append(s) for s in sets]
    assert store.on_disk
    users = 8
    for _ in range(users):
        store.acquire()
    start = threading.Barrier(users)
    bad = []

    def user(k: int) -> None:
        start.wait()
        for i in range(k, len(sets), users):
            if not np.array_equal(store.read(*places[i]), sets[i]):
                bad.append(i)
        store.release()

    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not bad
    assert store._fh.closed and not os.path.exists(store.path)  # the last release closed it
