"""The core issue's acceptance checks on the 2,225 real BBC articles (skipped when the
shared data is absent)."""

from __future__ import annotations

import json

import pytest

import validator
from conftest import BBC, SHARED_DATA, needs_bbc


@pytest.fixture(scope="module")
def bbc_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bbc") / "bbc.jsonl"
    report = validator.clean([str(BBC)], out)
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    return report, records


@needs_bbc
def test_every_article_accounted(bbc_run):
    report, records = bbc_run
    t = report.totals
    assert t.documents == 2225
    assert t.kept + t.fixed + t.rejected + t.unreadable == 2225
    assert t.unreadable == 0
    assert len(records) == t.kept + t.fixed


@needs_bbc
def test_exact_duplicate_pairs_found(bbc_run):
    report, _ = bbc_run
    expected = json.loads((SHARED_DATA / "news" / "bbc_duplicates.json").read_text(encoding="utf-8"))["exact_groups"]
    found = {frozenset((c.kept, d)) for c in report.duplicate_clusters if c.rule == "DU101" for d in c.duplicates}
    missing = [p for p in expected if frozenset(p) not in found]
    assert not missing


@needs_bbc
def test_sport_199_flagged_and_pound_decoded(bbc_run):
    report, records = bbc_run
    examples = report.examples.get("EN102", [])
    assert any(e.doc_id == "sport/199.txt" for e in examples)
    rec = records["sport/199.txt"]
    assert "\u00a315.8m" in rec["text"] and "\ufffd" not in rec["text"]


@needs_bbc
def test_no_boilerplate_removed_from_bbc(bbc_run):
    report, records = bbc_run
    assert sum(r.findings for r in report.rules if r.code.startswith("BP")) == 0
    assert not [r["id"] for r in records.values() if any(x["rule"].startswith("BP") for x in r["removed"])]
