"""Hypothesis properties: no byte string and no wrongly round-tripped text makes decoding
or any rule raise, and every finding's span and fix stay inside the text."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import Config, check_text, clean_text
from validator.api import make_settings, process_stream
from validator.decode import decode_bytes
from validator.io.readers import RawDocument

ALL = make_settings(Config(), apply_fixes=True, today=date(2024, 1, 1))
ALL_UNSAFE = make_settings(Config(unsafe_fixes=True), apply_fixes=True, today=date(2024, 1, 1))

CODECS = ["utf-8", "cp1252", "latin-1", "cp1251", "koi8-r", "gb18030", "big5", "shift_jis", "euc-kr",
          "utf-16", "utf-16-le", "mac-roman", "cp437", "iso-8859-7", "cp1256"]

#: Characters the EN rules care about, mixed into ordinary text.
HAZARDS = list("\u200b\u200c\u200d\u00ad\ufeff\u202e\u202d\u2066\u200f\u00a0\u2009\u3000\r\n\t&#;<>/=\"'"
               "\u0430\u0435\u043e\u0391\u03bfÃâ€™©¨Ð¿Ñ\x85\x93\x94\x07\ufffd\u0301") + [
    "&amp;", "&#39;", "#39;", "quot;", "<br>", "<b>", "</p>", "<a href='x'>", "Ã©", "â€œ", "&nbsp;", "\r\n",
]
hazard_text = st.lists(st.one_of(st.sampled_from(HAZARDS), st.text(max_size=8)), max_size=40).map("".join)

slow = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(raw: RawDocument, settings_) -> None:
    (result,) = list(process_stream([raw], settings_))
    assert result.status in ("kept", "fixed", "rejected", "unreadable")
    for finding in result.findings:
        if finding.span is not None and finding.span.field == "bytes":
            assert 0 <= finding.span.start <= finding.span.end <= len(raw.data or b"")
        if finding.fix is not None:
            for edit in finding.fix.edits:
                assert 0 <= edit.start <= edit.end
    if result.cleaned is not None:
        assert isinstance(result.cleaned.text, str)


@slow
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    decoded = decode_bytes(data)
    assert (decoded.text is None) == (decoded.binary_type is not None)
    for issue in decoded.issues:
        if issue.byte_start is not None:
            assert 0 <= issue.byte_start < max(1, len(data))
    _run(RawDocument(doc_id="x", source="x", data=data), ALL)


@slow
@given(st.binary(max_size=500), st.sampled_from(CODECS))
def test_arbitrary_bytes_with_forced_encoding_never_raise(data, codec):
    decoded = decode_bytes(data, forced=codec)
    assert decoded.text is not None and decoded.encoding.method == "forced"


@slow
@given(st.text(max_size=400), st.sampled_from(CODECS), st.sampled_from(CODECS))
def test_wrong_round_trip_never_raises(text, enc_in, enc_out):
    """Valid text saved in one encoding and read back in another (mojibake in the making)."""
    data = text.encode(enc_in, errors="replace")
    garbled = data.decode(enc_out, errors="replace")
    _run(RawDocument(doc_id="x", source="x", text=garbled), ALL_UNSAFE)
    _run(RawDocument(doc_id="x", source="x", data=garbled.encode("utf-8", errors="surrogatepass")), ALL)
    _run(RawDocument(doc_id="x", source="x", data=data), ALL)


@slow
@given(hazard_text)
def test_hazardous_text_never_raises_and_spans_stay_in_bounds(text):
    for finding in check_text("Title\n\n" + text):
        if finding.span is not None:
            assert 0 <= finding.span.start <= finding.span.end <= len(text) + 7
    clean_text("Title\n\n" + text, config=Config(unsafe_fixes=True))


@slow
@given(hazard_text)
def test_safe_en_fixes_leave_nothing_to_fix(text):
    """After clean, the cleaned body has no finding left that a safe EN fix would change."""
    config = Config(select=["EN109", "EN112", "EN114", "EN115"])
    result = clean_text("Title\n\n" + text, config=config)
    if result.cleaned is None or not result.cleaned.text:
        return
    again = check_text("Title\n\n" + result.cleaned.text, config=config)
    assert not [f for f in again if f.fix is not None and f.fix.safe], [f.message for f in again]


def _joiner_kept_by_scanning(text: str, p: int) -> bool:
    """EN109's rule for the joiner at ``p``, one scan per joiner (the definition)."""
    import unicodedata

    def side(i: int, step: int) -> bool:
        while 0 <= i < len(text):
            ch = text[i]
            if ch.isspace():
                return False
            if unicodedata.category(ch) not in ("Cf", "Cc"):
                return not ch.isascii()
            i += step
        return False

    return side(p - 1, -1) or side(p + 1, 1)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("a \n\u200c\u200d\u200b\u2060\x85\u2028\x01\u202eم中"), max_size=40))
def test_joiner_context_equals_one_scan_per_joiner(text):
    """EN109 flags exactly the joiners the per-joiner definition flags (and every other
    invisible character): its shared look-through changes the cost, not the answer."""
    from validator.rule import NoOptions
    from validator.rules.hygiene import _INVISIBLE_RE, _JOINERS, invisible_characters

    expected = [(m.start(), m.end(), "") for m in _INVISIBLE_RE.finditer(text)
                if not (m.group() in _JOINERS and _joiner_kept_by_scanning(text, m.start()))]
    hits = list(invisible_characters(text, NoOptions()))
    assert [tuple(e) for h in hits for e in h.edits] == expected


class _EveryCharacter(frozenset):
    """Stands for a text holding every character: shares one with any set."""

    def isdisjoint(self, other) -> bool:
        return False


@settings(max_examples=300, deadline=None)
@given(hazard_text, hazard_text)
def test_character_shortcut_never_hides_a_character(text, other):
    """The character rules skip their scan when the text's distinct characters
    (``validator.rules.chars``) include none of theirs: each must report exactly what it
    reports without the shortcut, also when texts are checked one after the other (the
    last text's characters are remembered)."""
    from unittest import mock

    from validator.rule import NoOptions
    from validator.rules import chars, confusables, encoding, hygiene

    rules = (encoding.control_characters, hygiene.invisible_characters, hygiene.bidi_controls,
             hygiene.unusual_spaces, confusables.confusable_letters)
    for t in (text, other, text):
        found = chars.text_chars(t)
        assert found.non_ascii == frozenset(c for c in t if ord(c) > 0x7F)
        assert found.ascii_controls == any(ord(c) < 0x80 and ord(c) in chars.ASCII_CONTROLS for c in t)
        with_shortcut = [[repr(h) for h in rule(t, NoOptions())] for rule in rules]
        everything = chars.TextChars(_EveryCharacter(), True)
        with mock.patch.object(hygiene, "may_hold", lambda *_: True), \
                mock.patch.object(confusables, "may_hold", lambda *_: True), \
                mock.patch.object(encoding, "text_chars", lambda _: everything):
            without = [[repr(h) for h in rule(t, NoOptions())] for rule in rules]
        assert with_shortcut == without, t
