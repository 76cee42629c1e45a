"""The seed articles come out exactly as the core issue says, and as the golden file holds."""

from __future__ import annotations

import json
from pathlib import Path

import validator
from conftest import ROOT, SEEDS

GOLDEN = Path(__file__).parent / "golden" / "seeds.cleaned.jsonl"


def _clean_seeds(tmp_path: Path) -> dict[str, dict]:
    out = tmp_path / "seeds.jsonl"
    report = validator.clean([str(SEEDS)], out)
    assert report.totals.documents == 2
    return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_seed_000_related_links(tmp_path):
    rec = _clean_seeds(tmp_path)["000_3a87e70981245606.txt"]
    assert rec["title"] == "Through parties, president aims to boost Japan ties"
    assert rec["related_links"] == [
        "Data shows China's water governance achievements",
        "Notable progress in China's water management",
        "All-China Women's Federation sends much-needed relief supplies to Xizang",
        "More aftershocks expected following deadly Xizang earthquake",
        "HKSAR chief executive mourns victims of Xizang 6.8-magnitude quake",
        "Milestones in China's high-speed railway development",
    ]
    assert rec["text"].endswith("...ensure a steady improvement in the relationship, Song added."[3:])
    for link in rec["related_links"]:
        assert link not in rec["text"]
    assert [r["rule"] for r in rec["removed"]] == ["BP101"] * 6


def test_seed_002_timestamp_and_dateline(tmp_path):
    rec = _clean_seeds(tmp_path)["002_9bf06bd51b990dda.txt"]
    assert rec["title"] == "China hopes to jointly boost relations with Japan"
    assert rec["published_at"] == "2012-01-09T09:02:00"
    assert rec["timestamp"] == "09:02, January 09, 2012"
    assert rec["dateline"]["location"] == "BEIJING"
    assert rec["dateline"]["agency"] == "Xinhua"
    assert rec["dateline"]["date"] == "Jan. 8"
    assert rec["dateline"]["resolved_date"] == "2012-01-08"
    assert rec["text"].startswith("A senior Chinese diplomat said here on Sunday")
    assert "09:02" not in rec["text"] and "January 09, 2012" not in rec["text"]


def test_seeds_match_golden(tmp_path):
    """Golden output; regenerate with `validator clean seeds --out tests/golden/seeds.cleaned.jsonl`
    after an intended change, and review the diff."""
    out = tmp_path / "seeds.jsonl"
    validator.clean([str(SEEDS)], out)
    produced = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    golden = [json.loads(l) for l in GOLDEN.read_text(encoding="utf-8").splitlines()]
    for rec in produced + golden:
        rec.pop("source")  # absolute here, relative in the golden file
    assert produced == golden


def test_parse_article_spans_point_at_the_parts():
    text = (SEEDS / "002_9bf06bd51b990dda.txt").read_text(encoding="utf-8")
    article = validator.parse_article(text)
    roles = {p.role: p for p in article.parts}
    assert text[roles["timestamp"].start : roles["timestamp"].end] == "09:02, January 09, 2012"
    assert text[roles["dateline"].start : roles["dateline"].end].startswith("BEIJING, Jan. 8 (Xinhua) --")
    assert text[roles["title"].start : roles["title"].end] == article.title
