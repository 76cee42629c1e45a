"""The installed ``validator`` command, end to end, on real files."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, run_cli

CP1252_TEXT = (
    "Caf\u00e9 society returns to Paris\n\n"
    "The mayor\u2019s office said on Tuesday that the city\u2019s caf\u00e9s would reopen their terraces "
    "next week, a d\u00e9cision welcomed by owners who had feared a second \u201clost season\u201d.\n\n"
    "\u201cWe are relieved,\u201d said Am\u00e9lie Laurent, who runs a small brasserie near the Op\u00e9ra. "
    "\u201cThe na\u00efve hope of March is now a plan.\u201d\n"
)
GB18030_TEXT = (
    "中国希望与日本共同推动两国关系发展\n\n"
    "新华社北京1月8日电 外交部部长助理刘振民8日在接受新华社记者专访时表示，中方愿与日方抓住机遇，"
    "在两国邦交正常化40周年之际推动中日关系进一步改善和发展。\n\n"
    "刘振民说，中日双方应增进政治互信，妥善处理敏感问题，加强各领域对话、交流与合作，"
    "推动两国战略互惠关系健康稳定发展。他表示，去年两国关系保持了改善和发展的势头。\n"
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.png").write_bytes(_png())
    (folder / "paris.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (folder / "china.txt").write_bytes(GB18030_TEXT.encode("gb18030"))
    return folder


def test_check_seeds_passes_and_prints_linter_lines():
    proc = run_cli("check", "seeds", cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert "seeds/000_3a87e70981245606.txt:13:1: BP101 trailing-link-list: 6 related-link lines at the end of the article [*]" in lines
    assert any(line.startswith("seeds/002_9bf06bd51b990dda.txt:4:1: BP102 timestamp-line:") for line in lines)
    assert lines[-1].startswith("2 document(s):")


def test_check_mixed_folder(mixed: Path):
    proc = run_cli("check", str(mixed), "--glob", "*")
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr  # IO findings are errors
    assert "Traceback" not in out + proc.stderr
    assert f"{mixed.as_posix()}/empty.txt: IO102 empty-file: empty file" in out
    assert f"{mixed.as_posix()}/photo.png: IO103 binary-file: binary file (image/png), not text" in out
    assert sum("EN102 not-utf8" in line for line in out.splitlines()) == 2
    assert "decoded as cp1252" in out and "decoded as gb18030" in out
    assert "4 document(s): 2 passing" in out


def test_clean_mixed_folder_decodes_and_accounts(mixed: Path, tmp_path: Path):
    out = tmp_path / "cleaned.jsonl"
    proc = run_cli("clean", str(mixed), "--glob", "*", "--out", str(out), "--report-dir", str(tmp_path / "rep"))
    assert proc.returncode == 0, proc.stderr
    assert f"{mixed.as_posix()}/empty.txt: IO102 empty-file: empty file" in proc.stderr
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(records) == {"paris.txt", "china.txt"}
    paris, china = records["paris.txt"], records["china.txt"]
    assert paris["encoding"]["name"] == "cp1252"
    assert paris["title"] + "\n\n" + paris["text"] + "\n" == CP1252_TEXT
    assert china["encoding"]["name"] == "gb18030"
    assert china["title"] + "\n\n" + china["text"] + "\n" == GB18030_TEXT
    rejected = [json.loads(x) for x in (tmp_path / "cleaned.rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((r["id"], r["status"], r["reasons"][0]["code"]) for r in rejected) == [
        ("empty.txt", "unreadable", "IO102"), ("photo.png", "unreadable", "IO103")]
    report = json.loads((tmp_path / "rep" / "report.json").read_text(encoding="utf-8"))
    assert report["totals"] == {"documents": 4, "kept": 2, "fixed": 0, "rejected": 0, "unreadable": 2}


def test_formats_json_and_github():
    proc = run_cli("check", "seeds", "--format", "json", cwd=ROOT)
    payload = json.loads(proc.stdout)
    assert payload["totals"]["documents"] == 2
    assert {f["code"] for f in payload["findings"]} == {"BP101", "BP102", "BP103"}
    proc = run_cli("check", "seeds", "--format", "github", cwd=ROOT)
    assert "::warning file=seeds/000_3a87e70981245606.txt,line=13,col=1,title=BP101 trailing-link-list::6 related-link lines at the end of the article" in proc.stdout
    assert "::notice file=seeds/002_9bf06bd51b990dda.txt,line=6" in proc.stdout


def test_fail_on_and_select_ignore():
    assert run_cli("check", "seeds", "--fail-on", "warning", cwd=ROOT).returncode == 1
    assert run_cli("check", "seeds", "--fail-on", "warning", "--ignore", "BP101,BP102", cwd=ROOT).returncode == 0
    proc = run_cli("check", "seeds", "--select", "BP101", cwd=ROOT)
    assert [l.split()[1] for l in proc.stdout.splitlines()[:-1]] == ["BP101"]


@pytest.mark.parametrize(
    "args,needle",
    [
        (["check", "seeds", "--select", "XX999"], "matches no rule"),
        (["check", "seeds", "--format", "yaml"], "unknown --format"),
        (["check", "seeds", "--encoding", "no-such-codec"], "unknown encoding"),
        (["check", "seeds", "--glob", "*.nothing"], "no input documents"),
        (["clean", "seeds"], "--out"),
        (["rule", "ZZ123"], "unknown rule"),
    ],
)
def test_usage_errors_exit_2(args, needle):
    proc = run_cli(*args, cwd=ROOT)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert needle in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_bad_config_file_exits_2(tmp_path: Path):
    (tmp_path / "validator.toml").write_text('select = ["BP"]\n[rules.ST102]\nmin-words = "many"\n', encoding="utf-8")
    proc = run_cli("check", str(SEEDS), cwd=tmp_path)
    assert proc.returncode == 2 and "options of ST102" in proc.stderr


def test_config_file_is_read(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.validator]\nfail-on = "warning"\nignore = ["BP102"]\n', encoding="utf-8")
    proc = run_cli("check", str(SEEDS), cwd=tmp_path)
    assert proc.returncode == 1  # BP101 is a warning and fail-on is warning
    assert "BP102" not in proc.stdout and "BP101" in proc.stdout
    proc = run_cli("check", str(SEEDS), "--ignore", "BP", cwd=tmp_path)  # flags override the file
    assert proc.returncode == 0 and "BP101" not in proc.stdout


def test_severity_override_rejects_in_clean(tmp_path: Path):
    (tmp_path / "validator.toml").write_text('[severity]\nBP101 = "error"\n', encoding="utf-8")
    out = tmp_path / "c.jsonl"
    # With the fix applied BP101 is resolved, so the document is kept ...
    assert run_cli("clean", str(SEEDS), "--out", str(out), cwd=tmp_path).returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    # ... and without it (rule's fix not applied because the finding is raised by check) check fails.
    assert run_cli("check", str(SEEDS), cwd=tmp_path).returncode == 1


def test_rules_and_rule_commands():
    proc = run_cli("rules")
    assert proc.returncode == 0
    assert any(line.startswith("BP101  trailing-link-list") for line in proc.stdout.splitlines())
    proc = run_cli("rule", "trailing-link-list")
    assert proc.returncode == 0 and proc.stdout.startswith("BP101 trailing-link-list") and "Fix (safe)" in proc.stdout
    proc = run_cli("rule", "ST102")
    assert "min-words = 20" in proc.stdout


def test_jsonl_input_with_bad_lines(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    body = "The storm hit the coast on Monday, officials said, and power was cut to thousands of homes in the region overnight."
    src.write_text(
        json.dumps({"id": "a", "title": "Storm hits coast", "text": body, "url": "http://x"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "title": "No text"}) + "\n\n",
        encoding="utf-8",
    )
    proc = run_cli("check", str(src))
    assert proc.returncode == 1
    assert f"{src.as_posix()}:2: IO104 invalid-json-line: invalid JSON" in proc.stdout
    assert f"{src.as_posix()}:3: IO105 missing-text: record has no 'text' field (id c)" in proc.stdout
    out = tmp_path / "out.jsonl.gz"
    assert run_cli("clean", str(src), "--out", str(out)).returncode == 0
    import gzip

    kept = [json.loads(l) for l in gzip.open(out, "rt", encoding="utf-8")]
    assert [k["id"] for k in kept] == ["a"] and kept[0]["metadata"] == {"url": "http://x"}
    rejected = [json.loads(l) for l in gzip.open(tmp_path / "out.rejected.jsonl.gz", "rt", encoding="utf-8")]
    assert [r["record"] for r in rejected] == [2, 3]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lone_surrogate_escapes_are_replaced_and_reported(tmp_path: Path, jobs):
    """JSON accepts ``"\\ud800"``, which no UTF-8 text can hold: such records are kept
    with U+FFFD in its place and an EN101 finding, the other records are untouched, and
    the run does not stop (it used to crash on the first one)."""
    src = tmp_path / "in.jsonl"
    body = "The storm hit the coast on Monday, officials said, and power was cut to thousands of homes in the region overnight."
    src.write_text(
        '{"id": "a", "title": "Storm \\ud800 hits", "text": "' + body + ' \\udc00 end.", "tags": ["x\\ud83d"]}\n'
        + '{"id": "b", "title": "Pair", "text": "' + body + ' \\ud83d\\ude00 end."}\n'
        + json.dumps({"id": "c", "title": "Plain", "text": body}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(src), "--out", str(out), "--jobs", jobs)
    assert proc.returncode == 0, proc.stderr
    kept = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted(kept) == ["a", "b", "c"]
    assert kept["a"]["title"] == "Storm \ufffd hits" and "\ufffd end." in kept["a"]["text"]
    assert kept["a"]["metadata"] == {"tags": ["x\ufffd"]} and "EN101" in kept["a"]["findings"]
    assert "\U0001F600 end." in kept["b"]["text"] and "EN101" not in kept["b"]["findings"]  # a pair is one character
    assert "EN101" not in kept["c"]["findings"]
    proc = run_cli("check", str(src))
    assert f"{src.as_posix()}:1: EN101 undecodable-bytes: line 1 escapes 3 lone surrogate(s)" in proc.stdout


def test_clean_is_deterministic(tmp_path: Path):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        proc = run_cli("clean", "seeds", "--out", str(out / "c.jsonl"), "--report-dir", str(out), cwd=ROOT)
        assert proc.returncode == 0
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]


def test_version_and_help():
    assert run_cli("--version").stdout.startswith("validator ")
    proc = run_cli("--help")
    assert proc.returncode == 0 and "check" in proc.stdout and "clean" in proc.stdout


def test_outputs_get_the_permissions_of_a_new_file(tmp_path):
    """Outputs are written to a private temporary file and renamed: they must still end
    up readable as any new file would (umask), not private to the writer."""
    import os

    old = os.umask(0o022)
    try:
        proc = run_cli("clean", str(SEEDS), "--out", str(tmp_path / "out" / "clean.jsonl"),
                       "--report-dir", str(tmp_path / "rep"), "--quiet")
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    written = [tmp_path / "out" / "clean.jsonl", tmp_path / "out" / "clean.rejected.jsonl",
               *sorted((tmp_path / "rep").iterdir())]
    assert len(written) >= 4
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o644, (path.name, oct(path.stat().st_mode))


def test_clean_of_a_folder_without_matching_files_writes_nothing(tmp_path):
    """A mistyped folder or glob is a usage error found before any output is written:
    the outputs of an earlier run stay as they were."""
    out = tmp_path / "clean.jsonl"
    first = run_cli("clean", str(SEEDS), "--out", str(out), "--quiet")
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not a .txt file", encoding="utf-8")
    proc = run_cli("clean", str(empty), "--out", str(out), "--quiet")
    assert proc.returncode == 2
    assert "no input documents found" in proc.stderr and str(empty) in proc.stderr
    assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_quiet_clean_still_names_unreadable_inputs(tmp_path):
    """``--quiet`` prints nothing but errors: an unreadable input is one, so its line
    (file and reason) still reaches stderr, and nothing else does."""
    missing = tmp_path / "missing.jsonl"
    proc = run_cli("clean", str(SEEDS), str(missing), "--out", str(tmp_path / "out.jsonl"), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [f"{missing.as_posix()}: IO101 unreadable-file: no such file or folder"]
