"""Decoding and EN rules through the public API and the CLI, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from validator import Config, check, clean, clean_text
from validator.decode import decode_bytes

from conftest import BBC, SHARED_DATA, needs_bbc, run_cli

ZH_TRADITIONAL = (
    "颱風襲擊臺灣東部海岸\n\n"
    "中央氣象局表示，強烈颱風於星期一清晨在花蓮附近登陸，帶來豪雨和強風。"
    "當局已經疏散了沿海地區的數千名居民，學校和辦公室全部停課停班。\n\n"
    "交通部說，鐵路和國內航班大部分已經取消，預計要到星期三才能恢復正常運作。"
    "電力公司表示，約有十萬戶家庭停電，搶修人員正在努力恢復供電。\n"
)
RU = (
    "Шторм обрушился на побережье\n\n"
    "Сильный шторм обрушился на побережье в понедельник утром, сообщили официальные лица. "
    "Тысячи жителей прибрежных районов были эвакуированы, школы и учреждения закрыты.\n\n"
    "По словам представителей энергетической компании, около ста тысяч домов остались без "
    "электричества. Ремонтные бригады работают круглосуточно.\n"
)


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_same_article_in_many_encodings_gives_same_cleaned_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    copies = {
        "zh_utf8.txt": ZH_TRADITIONAL.encode("utf-8"),
        "zh_gb18030.txt": ZH_TRADITIONAL.encode("gb18030"),
        "zh_big5.txt": ZH_TRADITIONAL.encode("big5"),
        "zh_utf16.txt": ZH_TRADITIONAL.encode("utf-16"),  # with a BOM
        "ru_utf8.txt": RU.encode("utf-8"),
        "ru_cp1251.txt": RU.encode("cp1251"),
        "ru_koi8r.txt": RU.encode("koi8-r"),
    }
    assert copies["zh_utf16.txt"][:2] in (b"\xff\xfe", b"\xfe\xff")
    for name, data in copies.items():
        (folder / name).write_bytes(data)
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(folder), "--out", str(out), "--select", "EN", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = {r["id"]: r for r in _records(out)}
    assert set(records) == set(copies)
    expected = {
        "zh_utf8.txt": "utf-8", "zh_gb18030.txt": "gb18030", "zh_big5.txt": "big5", "zh_utf16.txt": "utf-16",
        "ru_utf8.txt": "utf-8", "ru_cp1251.txt": "cp1251", "ru_koi8r.txt": "koi8-r",
    }
    for name, enc in expected.items():
        assert records[name]["encoding"]["name"] == enc, records[name]["encoding"]
    zh = {records[n]["text"] for n in records if n.startswith("zh")}
    ru = {records[n]["text"] for n in records if n.startswith("ru")}
    assert len(zh) == 1 and len(ru) == 1
    assert "颱風於星期一清晨" in zh.pop() and "Сильный шторм" in ru.pop()
    assert {records[n]["title"] for n in records if n.startswith("ru")} == {"Шторм обрушился на побережье"}
    assert records["ru_utf8.txt"]["language"] == "ru" and records["zh_big5.txt"]["language"] == "zh"


def test_forced_encoding_is_used_and_disagreement_reported(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(RU.encode("utf-8"))
    proc = run_cli("check", str(path), "--encoding", "cp1251", "--select", "EN107", cwd=tmp_path)
    assert "EN107" in proc.stdout and "--encoding is cp1251" in proc.stdout
    out = tmp_path / "out.jsonl"
    run_cli("clean", str(path), "--out", str(out), "--encoding", "koi8-r", cwd=tmp_path)
    record = _records(out)[0]
    assert record["encoding"] == {"name": "koi8-r", "confidence": 1.0, "method": "forced"}


def test_declared_charset_disagreeing_with_utf8_bytes():
    data = '<meta charset="windows-1252">\n\nLe café est fermé.'.encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.text.endswith("Le café est fermé.")
    assert [i.code for i in decoded.issues] == ["EN107"]
    assert decoded.issues[0].values["declared"] == "cp1252"


def test_declared_variant_is_used_when_it_decodes():
    text = "<?xml version='1.0' encoding='gb2312'?>\n标题\n" + "中华人民共和国国务院今天发布了新的规定\u2015\u2015关于经济发展。" * 5
    data = text.encode("gb2312")
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert decoded.encoding.name == "gb2312"


def test_iso2022_and_bomless_utf16_are_not_taken_for_utf8_or_binary():
    jp = "日本語のテキストです。東京で会議が開かれました。" * 4
    assert decode_bytes(jp.encode("iso2022_jp")).text == jp
    en = "The storm hit the coast on Monday, officials said. " * 5
    assert decode_bytes(en.encode("utf-16-le")).text == en
    assert decode_bytes(en.encode("utf-32-be")).text == en


def test_low_confidence_finding_names_alternatives():
    decoded = decode_bytes("Заголовок\n\nДа\n".encode("cp1251"))
    low = [i for i in decoded.issues if i.code == "EN106"]
    assert low and low[0].values["confidence"] < 0.2 and low[0].values["alternatives"]


def test_mojibake_finding_carries_a_replayable_plan():
    import ftfy

    text = "Title\n\nThe PMâ€™s office said itâ€™s fine.\n"
    result = clean_text(text, config=Config(select=["EN108"]))
    finding = next(f for f in result.findings if f.code == "EN108")
    assert finding.applied and finding.fix.safe
    plan = [tuple(step) for step in finding.values["plan"]]
    assert ftfy.apply_plan("The PMâ€™s office said itâ€™s fine.", plan) == "The PM’s office said it’s fine."
    assert result.cleaned.text == "The PM’s office said it’s fine."


def test_mojibake_at_the_start_of_a_later_line_is_found():
    """ftfy's badness pattern has a start-of-text form ("Ã la carte"): EN108 looks at
    each line on its own, so it is found at the start of any line, not only the first."""
    text = "Title\n\nThe first paragraph is fine.\n\nÃ la carte menus are back.\n"
    result = clean_text(text, config=Config(select=["EN108"]))
    finding = next(f for f in result.findings if f.code == "EN108")
    assert finding.applied
    assert "à la carte menus are back." in result.cleaned.text


def test_uncertain_mojibake_repair_needs_unsafe_fixes():
    text = "Title\n\nC'est vrai que nous n'en avons pas encore beaucoup parlé\x85 Tu sais, ça fait longtemps\n"
    safe = clean_text(text, config=Config(select=["EN108"]))
    finding = next(f for f in safe.findings if f.code == "EN108")
    assert not finding.applied and not finding.fix.safe
    assert "parlé…" not in safe.cleaned.text
    unsafe = clean_text(text, config=Config(select=["EN108"], unsafe_fixes=True))
    assert "parlé…" in unsafe.cleaned.text


def test_hygiene_fixes_combine_in_clean(tmp_path):
    text = (
        "Storm\u00a0hits coast\r\n\r\n"
        "The P\u0430ris office&#39;s <b>statement</b>\u200b said the storm hit on Monday.\n"
        "Officials said &quot;all is well&quot;.\r\n"
    )
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8", newline="")
    out = tmp_path / "out.jsonl"
    clean([str(path)], out, config=Config(select=["EN"]))
    plain = tmp_path / "plain" / "doc.txt"
    plain.parent.mkdir()
    plain.write_text(
        "Storm hits coast\n\nThe Paris office's statement said the storm hit on Monday.\n"
        "Officials said \"all is well\".\n", encoding="utf-8",
    )
    clean([str(plain)], tmp_path / "plain.jsonl", config=Config(select=["EN"]))
    record = _records(out)[0]
    assert record["text"] == _records(tmp_path / "plain.jsonl")[0]["text"]
    assert "Paris office's statement said" in record["text"] and '"all is well"' in record["text"]
    rules = {r["rule"] for r in record["removed"]}
    assert {"EN109", "EN111", "EN113", "EN114", "EN115"} <= rules
    assert record["title"] == "Storm hits coast"


@needs_bbc
def test_bbc_stray_byte_is_repaired_at_its_offset():
    result = check([str(BBC / "sport" / "199.txt")], Config(select=["EN"]))
    en102 = [f for f in result.findings if f.code == "EN102"]
    assert len(en102) == 1
    assert en102[0].span.field == "bytes" and en102[0].values["repaired_as"] == ["£"]
    raw = (BBC / "sport" / "199.txt").read_bytes()
    assert raw[en102[0].span.start] == 0xA3


CHARDET = SHARED_DATA / "encoding" / "chardet_tests"
FTFY = SHARED_DATA / "encoding" / "ftfy_cases"


@pytest.mark.skipif(not CHARDET.is_dir(), reason="shared chardet test files not present")
def test_chardet_files_decode_to_the_true_text():
    total = exact = 0
    for line in (CHARDET / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        m = json.loads(line)
        if not m.get("decodes_cleanly_with_expected"):
            continue
        raw = (CHARDET / m["path"]).read_bytes()
        truth = raw.decode(m["expected_encoding"])
        got = decode_bytes(raw).text
        total += 1
        exact += got is not None and (got == truth or got == truth.lstrip("\ufeff"))
    assert exact / total >= 0.98, (exact, total)


@pytest.mark.skipif(not FTFY.is_dir(), reason="shared ftfy cases not present")
def test_ftfy_cases_repaired_and_negatives_untouched():
    import ftfy

    def cleaned(text: str, **cfg) -> str:
        result = clean_text(text, title="t", config=Config(select=["EN108"], **cfg))
        return " ".join(result.cleaned.text.split())

    for name in ("in-the-wild.json", "synthetic.json"):
        for case in json.loads((FTFY / name).read_text(encoding="utf-8")):
            expected = case.get("fixed-encoding", case["fixed"])
            if ftfy.fix_encoding(case["original"]) != expected:
                continue
            assert cleaned(case["original"]) == " ".join(expected.split()), case["label"]
    for case in json.loads((FTFY / "negative.json").read_text(encoding="utf-8")):
        assert cleaned(case["original"]) == " ".join(case["original"].split()), case["label"]


def test_badness_shortcut_misses_nothing_ftfy_would_flag():
    """EN108 skips ftfy on a line whose stretches around non-ASCII characters hold no
    match of ftfy's badness pattern; every line ftfy calls bad must still reach ftfy."""
    import random

    from ftfy.badness import is_bad

    from validator.rules.mojibake import _BAD_WIDTH, _may_be_bad

    rng = random.Random(5)
    words = ["café", "naïve", "Müller", "São Paulo", "Œuvre", "œ+", "½", "×²", "—", "’", "€", "中文", "Ελλάδα", "Москва"]
    lines = []
    for _ in range(3000):
        text = " ".join(rng.choice(words + ["the", "a", "news", "said"]) for _ in range(rng.randrange(1, 12)))
        lines.append(text)
        for enc in ("latin-1", "cp1252", "cp1251", "mac_roman"):
            try:
                lines.append(text.encode("utf-8").decode(enc))
            except UnicodeDecodeError:
                pass
    alphabet = [chr(c) for c in [*range(32, 127), *range(0x80, 0x250), *range(0x370, 0x460), *range(0x2000, 0x2600, 7)]]
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40))) for _ in range(20000)]
    flagged = [line for line in lines if is_bad(line)]
    assert len(flagged) > 1000
    assert all(_may_be_bad(line) for line in flagged)
    if _BAD_WIDTH is not None:  # the shortcut is on with this ftfy: it does skip clean lines
        assert not _may_be_bad("Anna Müller said the café was closed.")


def test_the_white_space_a_mojibake_repair_trims_is_every_space_character_outside_latin1():
    """``_EDGE_SPACE`` is built from the code points below ``_SPACE_BOUND`` only (a full
    scan costs every start of the program 60 ms): no white space lies above it."""
    from validator.rules.mojibake import _EDGE_SPACE, _SPACE_BOUND

    assert not any(chr(c).isspace() for c in range(_SPACE_BOUND, 0x110000))
    assert set(_EDGE_SPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace() and not 0x80 <= c <= 0xFF}
