"""Per-rule case files: ``tests/cases/<CODE>.json`` hold must-flag, must-not-flag and
expected-fix cases. Each case is written to real files and run through the public API.

A case is an object with one of
  ``text`` (a UTF-8 .txt file), ``bytes_hex`` (a .txt file with these bytes),
  ``texts`` (a folder of .txt files, for corpus rules), ``jsonl`` (lines of data.jsonl),
  ``file`` + ``bytes_hex`` (a named file),
and optionally ``config`` (extra Config fields, e.g. rule options), ``count`` (exact
number of findings expected), ``expected_text`` (cleaned body after ``clean``, for
``fixed`` cases) and ``note``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator import Config, check, clean
from validator.registry import RULES

CASES = Path(__file__).parent / "cases"


def _load():
    out = []
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = data["rule"]
        for kind in ("must_flag", "must_not_flag", "fixed"):
            for i, case in enumerate(data.get(kind, [])):
                out.append(pytest.param(code, kind, case, id=f"{code}-{kind}-{i}"))
    return out


def materialize(case: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if "texts" in case:
        for i, text in enumerate(case["texts"]):
            (folder / f"{i:03d}.txt").write_text(text, encoding="utf-8", newline="")
    elif "jsonl" in case:
        (folder / "data.jsonl").write_text("".join(line + "\n" for line in case["jsonl"]), encoding="utf-8")
    elif "bytes_hex" in case:
        (folder / case.get("file", "doc.txt")).write_bytes(bytes.fromhex(case["bytes_hex"]))
    else:
        (folder / case.get("file", "doc.txt")).write_text(case["text"], encoding="utf-8", newline="")
    return folder


def _config(code: str, case: dict) -> Config:
    extra = dict(case.get("config", {}))
    glob = "*.jsonl" if "jsonl" in case else extra.pop("glob", "*")
    return Config.model_validate({"select": [code], "glob": glob, **extra})


@pytest.mark.parametrize("code,kind,case", _load())
def test_rule_case(code, kind, case, tmp_path):
    folder = materialize(case, tmp_path / "in")
    config = _config(code, case)
    result = check([str(folder)], config)
    hits = [f for f in result.findings if f.code == code]
    if kind == "must_flag":
        assert hits, f"{code} did not flag: {case}"
        if "count" in case:
            assert len(hits) == case["count"], [h.message for h in hits]
        for f in hits:
            assert f.message and f.rule
    elif kind == "must_not_flag":
        assert not hits, f"{code} flagged {[h.message for h in hits]} in {case}"
    else:
        assert hits, f"{code} did not flag the fixed case: {case}"
        out = tmp_path / "out.jsonl"
        clean([str(folder)], out, config=config)
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(records) == 1, records
        assert records[0]["text"] == case["expected_text"]
        assert code in [r["rule"] for r in records[0]["removed"]]


def test_every_rule_has_cases():
    have = {p.stem for p in CASES.glob("*.json")}
    missing = [r.code for r in RULES if r.code not in have]
    assert not missing, f"rules without tests/cases/<CODE>.json: {missing}"


def test_every_case_file_names_a_rule_and_has_both_kinds():
    codes = {r.code for r in RULES}
    for path in CASES.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem and path.stem in codes
        assert data.get("must_flag") and data.get("must_not_flag"), path
