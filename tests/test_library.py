"""The library API, including the README's example, run for real."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import validator
from conftest import ROOT


def test_readme_example_runs(tmp_path: Path, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Library\n\n```python\n(.*?)```", readme, re.S).group(1)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out
    assert "China hopes to jointly boost relations with Japan 2012-01-09T09:02:00 Xinhua" in printed
    assert "BP101 trailing-link-list 13" in printed
    assert (tmp_path / "out" / "cleaned.jsonl").is_file() and (tmp_path / "out" / "report" / "report.md").is_file()


def test_public_names():
    for name in ("parse_article", "check", "clean", "Article", "Finding", "Report", "RULES", "get_rule"):
        assert hasattr(validator, name)
    assert validator.get_rule("BP101").name == "trailing-link-list"
    from validator.rules.boilerplate import trailing_link_list  # rules import one by one

    assert trailing_link_list is validator.get_rule("BP101").check


def test_every_rule_is_documented_and_codes_are_unique():
    codes = [r.code for r in validator.RULES]
    names = [r.name for r in validator.RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for r in validator.RULES:
        assert re.fullmatch(r"(ST|EN|BP|DU|QU|IO)\d{3}", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
        assert len(r.doc) > 40, f"{r.code} needs a docstring"


def test_every_input_is_accounted_for(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    body = "The storm hit the coast on Monday, officials said. Power was cut to thousands of homes across the region."
    (folder / "a.txt").write_text("Storm\n\n" + body, encoding="utf-8")
    (folder / "b.txt").write_text("Storm\n\n" + body, encoding="utf-8")  # duplicate -> rejected
    (folder / "c.txt").write_bytes(b"")  # unreadable
    (folder / "d.txt").write_text("Storm\n\nShort.", encoding="utf-8")  # warning only -> kept
    report = validator.clean([str(folder)], tmp_path / "out.jsonl")
    t = report.totals
    assert (t.documents, t.kept, t.fixed, t.rejected, t.unreadable) == (4, 2, 0, 1, 1)
    kept = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    rejected = (tmp_path / "out.rejected.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(kept) + len(rejected) == t.documents
    assert report.duplicate_clusters[0].kept == "a.txt" and report.duplicate_clusters[0].duplicates == ["b.txt"]


def test_report_merge_is_associative(tmp_path: Path):
    results = list(validator.iter_results([str(ROOT / "seeds")]))
    parts = []
    for r in results:
        rep = validator.Report()
        rep.add(r)
        parts.append(rep)
    empty = validator.Report()
    left = parts[0].merge(parts[1]).merge(empty)
    right = parts[0].merge(parts[1].merge(empty))
    assert left.model_dump() == right.model_dump()
    assert left.totals.documents == 2


def test_check_text_finds_control_characters():
    findings = validator.check_text("Title\n\nBody\x07 text that is long enough to be a body of an article here.")
    assert "EN104" in {f.code for f in findings}
