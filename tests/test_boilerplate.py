"""The boilerplate classifier through the public API and the CLI: what it removes, why
(the signals in ``values``), other languages, template lines per source, and the BBC
set (no boilerplate at all, so no BP finding)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import validator
from validator import Config
from validator.boilerplate import classify, detect_script_language, word_lists

from conftest import BBC, needs_bbc, run_cli

BODY = [
    "The storm hit the coast on Monday and the power was cut to thousands of homes, officials said.",
    "Engineers worked through the night to restore the supply, and most homes had power by the morning.",
    "The council said it would review its flood defences before the winter, the mayor told reporters.",
]


def _page(*extra_head: str, tail: tuple[str, ...] = ()) -> str:
    return "\n\n".join(("Storm hits coast", *extra_head, *BODY, *tail)) + "\n"


def test_page_furniture_is_removed_and_body_kept():
    text = _page(
        "Home | News | Sport | Business",
        "By Jane Doe",
        "Last Updated: Thursday, December 27, 2007 | 10:56 AM CT",
        "Rescue workers search the rubble. (AP Photo/Jane Doe)",
        tail=("Share this article", "© 2008 Example News. All rights reserved.", "Great article, thanks!"),
    )
    result = validator.clean_text(text)
    assert result.cleaned is not None
    assert result.cleaned.paragraphs == BODY
    codes = sorted(r.rule for r in result.cleaned.removed)
    assert codes == ["BP102", "BP104", "BP105", "BP105", "BP106", "BP107", "BP108"]


def test_every_removed_line_has_a_finding_with_its_signals():
    text = _page("Home | News | Sport | Business", "Life is Local", tail=("© 2008 Example News", "Great article"))
    findings = validator.check_text(text)
    by_code = {f.code: f for f in findings}
    assert {"BP105", "BP107", "BP108"} <= set(by_code)
    outside = by_code["BP108"]
    assert outside.values["signals"]["zone"] in ("head", "tail")
    assert "stop_density" in outside.values["signals"] and outside.values["signals"]["reason"]
    assert by_code["BP107"].values["signals"]["class"] == "nav"


def test_short_lines_inside_the_body_are_kept():
    text = "\n\n".join([
        "Storm hits coast", BODY[0], "Defences held", BODY[1], '"We were lucky."', BODY[2],
        "Xinhua contributed to this story.",
    ]) + "\n"
    result = validator.clean_text(text)
    assert result.cleaned.paragraphs == [BODY[0], "Defences held", BODY[1], '"We were lucky."', BODY[2]]
    assert [r.rule for r in result.cleaned.removed] == ["BP104"]


def test_text_without_prose_loses_only_cue_lines():
    text = "Results\n\nChelsea 2 Arsenal 1\n\nLiverpool 0 Everton 0\n\nShare this article\n"
    result = validator.clean_text(text)
    assert result.cleaned.paragraphs == ["Chelsea 2 Arsenal 1", "Liverpool 0 Everton 0"]


def test_chinese_uses_chinese_lists():
    assert detect_script_language("新华社北京1月8日电 国务院总理今天在北京会见了来访的外国客人。") == "zh"
    assert detect_script_language("The storm hit the coast.") == "en"
    zh = word_lists("zh")
    assert "的" in zh.stopwords and zh.segmented
    lines = [
        "标题",
        "首页 | 新闻 | 体育 | 财经",
        "国务院总理今天在北京会见了来访的外国客人，双方就两国关系和共同关心的问题交换了意见。",
        "他表示，中方愿意与各方一起努力，推动两国关系不断向前发展，并且取得更多的成果。",
        "责任编辑：李明",
        "版权所有 © 2012 新华网",
    ]
    verdicts = classify(lines, zh, start=1)
    assert [v.role for v in verdicts[1:]] == ["navigation", "body", "body", "byline", "footer"]


def test_unknown_language_falls_back_to_english():
    assert word_lists("xx").language == "en"
    assert word_lists("en-GB").language == "en"


def test_template_lines_per_folder_via_cli(tmp_path):
    site = tmp_path / "in" / "site"
    site.mkdir(parents=True)
    for i in range(4):
        body = "\n\n".join([f"Story {i}", BODY[i % 3], "Come see us again.", f"Filed in News on {i + 1} May 2008"])
        (site / f"{i}.txt").write_text(body + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("clean", str(tmp_path / "in"), "--out", str(out), "--report-dir", str(tmp_path / "rep"), "--select", "BP109")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4
    for r in records:
        assert r["text"] in BODY
        assert [x["rule"] for x in r["removed"]] == ["BP109", "BP109"]
    report = json.loads((tmp_path / "rep" / "report.json").read_text(encoding="utf-8"))
    templates = {t["template"]: t["documents"] for t in report["templates"]}
    assert templates == {"come see us again.": 4, "filed in news on 0 <d> 0": 4}
    assert "Template lines per source" in (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")


def test_template_sources_come_from_url_hosts(tmp_path):
    lines = []
    for i in range(6):
        host = "a.example.com" if i % 2 else "www.b.example.org"
        text = f"Story {i}\n\n{BODY[i % 3]}\n\nVisit {host.replace('www.', '')} again, {i} May"
        lines.append(json.dumps({"id": f"d{i}", "text": text, "url": f"http://{host}/story/{i}"}))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validator.check([str(src)], Config(select=["BP109"], glob="*.jsonl"))
    sources = sorted({f.values["source"] for f in result.findings})
    assert sources == ["a.example.com", "b.example.org"]
    assert all(f.values["source_documents"] == 3 for f in result.findings)


def test_template_rule_needs_a_corpus():
    text = _page(tail=("Come see us again.",))
    assert not [f for f in validator.check_text(text, config=Config(select=["BP109"]))]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    *BODY, "Home | News", "By Jane Doe", "Share this article", "© 2008 X", "Defences held", "12", "|",
    "Related stories", "- Floods close schools in the north", "Great article, thanks!", "首页 | 新闻",
]), min_size=1, max_size=12))
def test_removals_are_whole_lines_and_deterministic(lines):
    text = "Title\n\n" + "\n\n".join(lines) + "\n"
    first = validator.clean_text(text)
    again = validator.clean_text(text)
    assert first.cleaned.model_dump() == again.cleaned.model_dump()
    starts = {0} | {i + 1 for i, c in enumerate(text) if c == "\n"}
    for r in first.cleaned.removed:
        if r.rule.startswith("BP") and r.rule != "BP103":
            assert r.start in starts and text[r.end : r.end + 1] in ("\n", "")
    # Prose is kept up to a rights notice (text after one is not taken as the article).
    kept = set(first.cleaned.paragraphs)
    end = next((i for i, line in enumerate(lines) if line.startswith("©")), len(lines))
    for body in BODY:
        if body in lines[:end]:
            assert body in kept


@needs_bbc
def test_no_bp_finding_on_bbc():
    result = validator.check([str(BBC)], Config(select=["BP"]))
    assert result.report.totals.documents == 2225
    assert [f"{f.doc_id}: {f.code} {f.message}" for f in result.findings] == []


def test_line_counts_from_the_token_memory_equal_a_regex_scan(monkeypatch):
    """Line features count words from a memory of whitespace-separated tokens; the
    counts must equal one regex scan of the whole line, for ASCII and other scripts,
    digits of any script, lines over the word window, and right after the memory is
    emptied for growing past its bound."""
    import random

    from validator.boilerplate import features
    from validator.boilerplate.lang import WordLists, word_lists

    base = word_lists("en")
    lists = WordLists(base.language, base.stopwords, base.cues, base.longest)
    monkeypatch.setattr(features, "_TOKEN_MEMORY", 7)
    rng = random.Random(5)
    alphabet = "aB Z.'’-,\t\u00a0\u2003x9١٢ΣςİÅ\x1c\x85é_(©"
    lines = [
        "The Home page of THE news and the Print edition, 12 May 2008.",
        "Share this story on Facebook -- and share it again (AFP)",
        "ΟΔΟΣ Σ İstanbul the THE tHe Home HOME U.S.-based o'Neil rock-'n'-roll",
        "word " * 450,  # over the 200-word window
        "١٢٣ digits ٤ and 2008",
    ] * 2
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    for line in lines:
        head = line.strip()[: features._CHAR_WINDOW]
        assert features._token_counts(head, lists) == features._regex_counts(head, lists), line
    assert len(lists.token_memo) <= 7  # emptied when past the bound
    words, letters, digits, stop, cue, capital = features._token_counts(lines[0], lists)
    assert (words, digits, stop, capital) == (11, 6, 6, 5) and cue >= 1  # "may" is a stop word


def test_line_ranges_without_carriage_returns_match_the_general_split():
    """``split_lines`` takes a shortcut (``str.split``) when the only line break is LF;
    its ranges must be those of the general path (a regex over CR, LF and CRLF, and a
    trim of white space by ``str.isspace``)."""
    import random
    import re

    from validator.parse import split_lines

    def reference(text):
        out, pos = [], 0
        for m in [*re.finditer(r"\r\n|\r|\n", text), None]:
            end = m.start() if m else len(text)
            s, e = pos, end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            out.append((s, e))
            pos = m.end() if m else pos
        return out

    rng = random.Random(4)
    pieces = ["a", "word", " ", "\t", "\n", "\n\n", "\u00a0", "\u2028", "\x1c", "\x0b", "\u3000", "\x85", "é"]
    texts = ["", "\n", " \n ", "a\n\nb "] + ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30))) for _ in range(5000)]
    for text in texts:
        assert split_lines(text) == reference(text), repr(text)


def test_split_units_equals_the_parsers_units():
    """The template pre-pass splits every document with ``split_units``, which takes a
    line standing alone as it is; its texts must be the parser's units (``parse_article``
    classifies these), also for hard-wrapped blocks, lists, blank lines of spaces and
    other line breaks."""
    import random

    from validator.parse import _units, split_units

    rng = random.Random(3)
    pieces = ["a", "word", " ", "\t", "\n", "\n\n", "\u00a0", "\u2028", "\x1c", "\u3000", "\x85", "\r\n", "- item",
              "Hello there my friend.", "x" * 50, "The quick brown fox jumps over the lazy dog and",
              "and more words continue here on this wrapped line,"]
    texts = ["", "\n", " \n ", "a\n\nb "] + ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
                                            for _ in range(5000)]
    wrapped = ("The council said on Monday that the new road would open next spring and\n"
               "that the work on the bridge over the river would start in the autumn,\n"
               "a year later than planned.")
    texts.append(wrapped)
    for text in texts:
        assert split_units(text) == [u.text for u in _units(text)], repr(text)
    assert len(split_units(wrapped)) == 1


def test_template_mask_shortcut_equals_the_plain_substitutions():
    """``mask`` skips its date-word and digit substitutions for ASCII lines whose words
    hold neither; the result must be that of always substituting, for date words next to
    digits, underscores and dots, look-alike and non-ASCII lines."""
    import random
    import unicodedata

    from validator.boilerplate import templates

    def plain(line):
        text = unicodedata.normalize("NFKC", line).lower().strip()
        text = templates._DATE_WORD_RE.sub("<d>", text)
        return " ".join(templates._DIGITS_RE.sub("0", text).split())

    rng = random.Random(11)
    pieces = ["May", "may.", "mayday", "2008", "_may", "Jan", "January", "sept", "Sepember", "THURS", "mon",
              "x", "-", "_", "1st", "may_", "Ｍay", "٣", "\t", "Sun2", "sun", "Posted", "|", "10:31"]
    lines = ["Posted 12 May 2008 | 10:31", "Come see us again.", "may2008 sun_ sun. 5"]
    lines += ["".join(rng.choice(pieces) + rng.choice(["", " ", ".", "-", "_"]) for _ in range(rng.randint(0, 9)))
              for _ in range(5000)]
    for line in lines:
        assert templates.mask(line) == plain(line), line
    assert templates.mask(lines[0]) == "posted 0 <d> 0 | 0:0"


def test_template_key_equals_the_key_of_the_masked_line():
    """``template_key`` keys ASCII lines without date words from their bytes; every line
    must get the key of its masked text (None when that is empty), for digit runs, upper
    case, the separators ``str.split`` takes for white space and ``bytes.split`` does not,
    date words and non-ASCII lines."""
    import random

    from validator.boilerplate import templates

    def reference(line):
        masked = templates.mask(line)
        return templates._key(masked) if masked else None

    rng = random.Random(5)
    pieces = ["May", "mayday", "2008", "0", "00", "007", "x", "-", "_", "\x1c", "\x1f", "\x0b", "\t", "\r", " ",
              "Ｍay", "é", "Sun2", "Posted", "|", "10:31", "A", "Z", "@", "[", "`", "{"]
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    lines += [chr(i) + "a" + chr(i) for i in range(128)] + ["", " ", "\x1c", "Posted 12 May 2008 | 10:31"]
    for line in lines:
        assert templates.template_key(line) == reference(line), repr(line)
    assert templates.template_key("Page 12 of 300") == templates.template_key("page 7  of 9")


_AGENCY_PIECES = ["AP", "AFP", "Reuters", "Xinhua", "Associated Press", "Agence France-Presse", "Agence France Presse",
                  "Kyodo News", "Kyodo", "McClatchy-Tribune News Service", "McClatchy", "Itar-Tass", "PTI", "ani", "PA",
                  "Press Trust of India", "Canwest News Service", "新华社", "reporting by", "Contributed", "powered by",
                  "compiled BY", "LONDON", "The", "said", "Jane Doe", "(", ")", ".", "-", "–", " ", "ſ", "K"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_AGENCY_PIECES), st.text(max_size=6)), max_size=6).map(" ".join))
def test_byline_prefilters_never_skip_a_line_the_patterns_match(line):
    """The cheap tests in front of two byline patterns say no only where the pattern
    cannot match: an agency line must end with an agency's name, a credit phrase must
    hold "by" or "contributed"."""
    from validator import cues

    for text in (line, line.strip()):
        if cues._AGENCY_LINE_RE.match(text):
            assert cues._may_end_with_agency(text), text
        if cues._CREDIT_PHRASE_RE.match(text):
            assert cues._may_hold(text, cues._CREDIT_PHRASE_WORDS), text
