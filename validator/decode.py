"""Bytes to text, with the evidence of how: BOM, strict UTF-8, mostly-UTF-8 repair, chardet.

Decoding never raises. Files that are not text (images, archives, NUL-heavy data) are
reported as binary instead of being decoded into garbage; bytes that cannot be decoded
are replaced and reported with their byte offsets, so a user can find them.

Order of evidence: a BOM; ``--encoding`` (forced, but checked against the bytes); valid
UTF-8 (unless the bytes are 7-bit ISO-2022 or NUL-heavy UTF-16/32 without a BOM); a
mostly-UTF-8 file with a few stray bytes; then chardet's ranked candidates, reconciled with
an encoding the text declares itself (``<meta charset=...>``, ``<?xml encoding=...?>``).
A declaration that disagrees with the bytes, and a low chardet confidence, are findings.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, field

import chardet

from .models import EncodingInfo

#: How many bytes chardet looks at (it is the slow part of decoding).
DETECT_MAX_BYTES = 200_000

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\x28\xb5\x2f\xfd", "application/zstd"),
    (b"BZh", "application/x-bzip2"),
    (b"\x7fELF", "application/x-executable"),
    (b"RIFF", "application/octet-stream"),
    (b"PAR1", "application/x-parquet"),
)

#: Encoding eras chardet considers: everything but EBCDIC (MAINFRAME), which no news
#: corpus uses and which random bytes otherwise fit too easily.
ERAS = chardet.EncodingEra(sum(e.value for e in chardet.EncodingEra if e.name != "MAINFRAME"))
#: Below this chardet confidence the detected encoding is reported as a guess (EN106).
DEFAULT_MIN_CONFIDENCE = 0.2
#: How far into the bytes a ``charset=`` / ``encoding=`` declaration is looked for.
DECLARATION_WINDOW = 4096
#: A declared encoding "agrees" with the detected one when their texts differ in at most
#: this share of characters (family variants: gb2312/gb18030, shift_jis/cp932, latin-1/cp1252).
_VARIANT_SHARE_MAX = 0.01

_DECLARED_RE = re.compile(
    rb"""(?:charset|encoding)\s{0,8}=\s{0,8}["']?([A-Za-z][A-Za-z0-9_.:\-]{1,39})""", re.IGNORECASE
)
#: Escape sequences that open ISO-2022 text (JP, KR, CN): 7-bit text that is valid UTF-8.
_ISO2022_RE = re.compile(rb"\x1b(?:\$[@AB()*+]|\([BJI]|\$\)C)")
#: A vendor superset and the standard encoding it extends: when chardet ranks both equal
#: and both decode the bytes, the standard one is used (chardet's ``prefer_superset=False``).
_BASE_OF = {"cp932": "shift_jis", "cp949": "euc_kr", "gb18030": "gb2312", "gbk": "gb2312",
            "big5hkscs": "big5"}

#: A mostly-UTF-8 file may have at most this many stray (invalid) bytes per valid
#: multibyte sequence before we stop trusting UTF-8 and ask chardet instead.
_STRAY_PER_VALID_MAX = 0.25
#: A pure-ASCII file with at most this many stray bytes is UTF-8 with stray bytes: on so
#: few bytes chardet's statistics say nothing.
_STRAY_IN_ASCII_MAX = 3


@dataclass
class DecodeIssue:
    """An encoding fact worth a finding, with the rule code it belongs to."""

    code: str
    message: str
    values: dict = field(default_factory=dict)
    byte_start: int | None = None
    byte_end: int | None = None


@dataclass
class Decoded:
    text: str | None
    encoding: EncodingInfo | None
    issues: list[DecodeIssue] = field(default_factory=list)
    binary_type: str | None = None


def _is_binary(data: bytes) -> str | None:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    head = data[:65536]
    if b"\x00" in head:
        return "application/octet-stream"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_local = threading.local()


def _record_replace(exc: UnicodeDecodeError) -> tuple[str, int]:
    _local.bad.append((exc.start, exc.end))
    return "\ufffd", exc.end


def _record_cp1252(exc: UnicodeDecodeError) -> tuple[str, int]:
    chars = []
    for b in range(exc.start, exc.end):
        byte = exc.object[b : b + 1]
        try:
            ch = byte.decode("cp1252")
        except UnicodeDecodeError:
            ch = byte.decode("latin-1")
        chars.append(ch)
        _local.bad.append((b, b + 1, ch))
    return "".join(chars), exc.end


codecs.register_error("validator-replace", _record_replace)
codecs.register_error("validator-cp1252", _record_cp1252)


def _decode_counting(data: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """Decode, replacing undecodable bytes by U+FFFD; return the byte ranges replaced."""
    _local.bad = []
    try:
        text = data.decode(encoding, errors="validator-replace")
    finally:
        bad, _local.bad = _local.bad, []
    return text, bad


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, list[tuple[int, int, str]], int] | None:
    """Decode valid UTF-8 as UTF-8 and each stray byte as cp1252 (latin-1 where cp1252
    has a hole). Return the text, the repaired byte offsets and the count of valid
    non-ASCII characters, or None when the data is not mostly UTF-8."""
    _local.bad = []
    try:
        text = data.decode("utf-8", errors="validator-cp1252")
    finally:
        stray, _local.bad = _local.bad, []
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - len(stray)
    if multibyte == 0 and len(stray) <= _STRAY_IN_ASCII_MAX:
        return text, stray, multibyte
    if multibyte > 0 and len(stray) <= _STRAY_PER_VALID_MAX * multibyte:
        return text, stray, multibyte
    return None


def _python_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(
    data: bytes,
    *,
    forced: str | None = None,
    declared: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> Decoded:
    """Decode ``data`` into text; never raises on bad bytes.

    ``forced`` names an encoding to use whatever the bytes say (``--encoding``); a finding
    (EN107) says so when the bytes clearly are something else. ``declared`` is an encoding
    the container declares (a JSONL field, an HTTP header); without it, a ``charset=`` or
    ``encoding=`` declaration near the start of the bytes is used. ``min_confidence`` is
    the chardet confidence under which the detected encoding is reported as a guess (EN106).
    Raises ``ValueError`` only for an unknown ``forced`` encoding name.
    """
    if forced:
        codec = _python_codec(forced)
        if codec is None:
            raise ValueError(f"unknown encoding {forced!r}")
        text, bad = _decode_counting(data, codec)
        issues = [_undecodable(bad, codec)] if bad else []
        natural = _decode_natural(data, None, min_confidence)
        if natural.text is not None and natural.text != text and natural.encoding is not None:
            if natural.encoding.method in ("bom", "utf-8") or natural.encoding.confidence >= 0.9:
                issues.append(_disagree("forced", codec, natural.encoding.name, natural.encoding.method))
        return Decoded(text, EncodingInfo(name=codec, confidence=1.0, method="forced"), issues)
    return _decode_natural(data, declared, min_confidence)


def declared_in_bytes(data: bytes) -> str | None:
    """The encoding a document declares about itself near its start (HTML ``<meta
    charset=...>``, ``http-equiv`` ``content="...; charset=..."``, ``<?xml encoding=...?>``),
    as a Python codec name, or None."""
    match = _DECLARED_RE.search(data[:DECLARATION_WINDOW])
    if match is None:
        return None
    return _python_codec(match.group(1).decode("ascii", "replace"))


def _decode_natural(data: bytes, declared: str | None, min_confidence: float) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_counting(data, codec)
            if codec == "utf-32" and bad and data.startswith(codecs.BOM_UTF16_LE):
                continue  # FF FE 00 00 can also open UTF-16 text whose first char is NUL
            issues = [_undecodable(bad, codec)] if bad else []
            name = {"utf-8-sig": "utf-8"}.get(codec, codec)
            return Decoded(text, EncodingInfo(name=name, confidence=1.0, method="bom"), issues)

    declared_codec = _python_codec(declared) if declared else declared_in_bytes(data)
    declared_source = "declared" if declared else "charset"

    text = _strict(data, "utf-8") if b"\x00" not in data else None
    if text is not None:
        if _ISO2022_RE.search(data) and text.isascii():
            iso = _detect_iso2022(data)
            if iso is not None:
                return iso
        issues = []
        if declared_codec and not text.isascii() and not declared_codec.startswith("utf"):
            if _strict(data, declared_codec) != text:
                issues.append(_disagree(declared_source, declared_codec, "utf-8", "utf-8"))
        return Decoded(text, EncodingInfo(name="utf-8", confidence=1.0, method="utf-8"), issues)

    binary = _is_binary(data)
    if binary is not None:
        # UTF-16/32 without a BOM is full of NULs too: accept it only when chardet says so
        # and it decodes strictly.
        guess = chardet.detect(data, max_bytes=DETECT_MAX_BYTES)
        enc = (guess.get("encoding") or "").lower()
        if enc.startswith(("utf-16", "utf-32")) and not binary.startswith(("image/", "application/p", "application/z", "application/g")):
            codec = _python_codec(enc)
            decoded = _strict(data, codec) if codec else None
            if decoded is not None and "\x00" not in decoded:
                info = EncodingInfo(name=codec, confidence=round(float(guess.get("confidence") or 0.0), 4), method="detected")
                return Decoded(decoded, info, [_not_utf8(codec, info.confidence)])
        return Decoded(None, None, binary_type=binary)

    repaired = _utf8_with_stray_bytes(data)
    if repaired is not None:
        text, stray, _ = repaired
        offsets = [s for s, _, _ in stray]
        issue = DecodeIssue(
            code="EN102",
            message=(
                f"not valid UTF-8: {len(stray)} stray byte(s) at byte offset(s) "
                f"{_fmt_offsets(offsets)} decoded as cp1252 ({_fmt_chars(stray)}); the rest is UTF-8"
            ),
            values={"encoding": "utf-8", "stray_bytes": len(stray), "byte_offsets": offsets[:50],
                    "repaired_as": [c for _, _, c in stray][:50]},
            byte_start=offsets[0],
            byte_end=offsets[0] + 1,
        )
        return Decoded(text, EncodingInfo(name="utf-8", confidence=1.0, method="utf-8-repaired"), [issue])

    candidates = chardet.detect_all(data, max_bytes=DETECT_MAX_BYTES, encoding_era=ERAS)
    top = candidates[0] if candidates else {}
    mime = top.get("mime_type") or ""
    if top.get("encoding") is None and mime and not mime.startswith("text/"):
        return Decoded(None, None, binary_type=mime)
    codec, confidence = _choose(data, candidates)
    issues: list[DecodeIssue] = []
    method = "detected"
    if declared_codec and declared_codec != codec:
        declared_text = _strict(data, declared_codec)
        detected_text = _strict(data, codec)
        if declared_text is not None and (detected_text is None or _variants(declared_text, detected_text)):
            codec, method = declared_codec, "declared"  # the declaration names a family variant
        elif _python_codec(_BASE_OF.get(codec, "")) != declared_codec:
            # (A page labelled shift_jis whose bytes need cp932 is labelled by family: no finding.)
            issues.append(_disagree(declared_source, declared_codec, codec, "detected", confidence))
    text, bad = _decode_counting(data, codec)
    issues.insert(0, _not_utf8(codec, confidence))
    if method == "detected" and confidence < min_confidence:
        issues.append(_low_confidence(codec, confidence, min_confidence, candidates))
    if bad:
        issues.append(_undecodable(bad, codec))
    return Decoded(text, EncodingInfo(name=codec, confidence=confidence, method=method), issues)


def _choose(data: bytes, candidates: list[dict]) -> tuple[str, float]:
    """chardet's best candidate as a Python codec. Among candidates ranked equal, one
    that decodes the bytes strictly wins, and a standard encoding wins over its vendor
    superset (both decode the bytes, so the standard mapping is the plain reading)."""
    usable = []
    for cand in candidates:
        codec = _python_codec(cand.get("encoding") or "")
        if codec is not None:
            usable.append((codec, round(float(cand.get("confidence") or 0.0), 4)))
    if not usable:
        return "cp1252", 0.0
    best_conf = usable[0][1]
    tied = [c for c, conf in usable if conf >= best_conf - 1e-4]
    strict = [c for c in tied if _strict(data, c) is not None]
    if not strict:
        # The best guess cannot decode some bytes: a close runner-up that can is better
        # than U+FFFD in the text.
        runner = next(((c, conf) for c, conf in usable if conf >= best_conf / 2 and _strict(data, c) is not None), None)
        return runner or (tied[0], best_conf)
    for codec in strict:
        base = _BASE_OF.get(codec)
        if base and _python_codec(base) in strict:
            return _python_codec(base), best_conf
    return strict[0], best_conf


def _variants(a: str, b: str) -> bool:
    """Whether two decodings of the same bytes are variants of one encoding family: they
    differ in few characters, or only in punctuation and symbols (gb2312's U+2015 for
    gb18030's U+2014), never in letters."""
    if len(a) != len(b):
        return False
    pairs = [(x, y) for x, y in zip(a, b) if x != y]
    if len(pairs) <= _VARIANT_SHARE_MAX * max(1, len(a)):
        return True
    return not any(x.isalpha() or y.isalpha() for x, y in pairs)


def _detect_iso2022(data: bytes) -> Decoded | None:
    guess = chardet.detect(data, max_bytes=DETECT_MAX_BYTES)
    codec = _python_codec(guess.get("encoding") or "")
    if codec is None or not codec.startswith("iso2022"):
        return None
    text = _strict(data, codec)
    if text is None:
        return None
    confidence = round(float(guess.get("confidence") or 0.0), 4)
    return Decoded(text, EncodingInfo(name=codec, confidence=confidence, method="detected"), [_not_utf8(codec, confidence)])


def _disagree(source: str, declared: str, actual: str, method: str, confidence: float | None = None) -> DecodeIssue:
    what = {"forced": "--encoding", "charset": "the charset declared in the text", "declared": "the declared encoding"}[source]
    how = {"bom": "its byte-order mark", "utf-8": "valid UTF-8", "detected": "chardet"}.get(method, method)
    extra = f" (confidence {confidence:.2f})" if confidence is not None else ""
    return DecodeIssue(
        code="EN107",
        message=f"{what} is {declared}, but the bytes read as {actual} by {how}{extra}",
        values={"source": source, "declared": declared, "actual": actual, "method": method,
                **({"confidence": confidence} if confidence is not None else {})},
    )


def _low_confidence(codec: str, confidence: float, threshold: float, candidates: list[dict]) -> DecodeIssue:
    others = []
    for cand in candidates[1:4]:
        if cand.get("encoding"):
            others.append({"encoding": cand["encoding"], "confidence": round(float(cand.get("confidence") or 0.0), 4)})
    alt = ", ".join(f"{o['encoding']} {o['confidence']:.2f}" for o in others)
    return DecodeIssue(
        code="EN106",
        message=f"encoding guessed with low confidence: {codec} at {confidence:.2f} (under {threshold:.2f})"
        + (f"; next: {alt}" if alt else ""),
        values={"encoding": codec, "confidence": confidence, "min_confidence": threshold, "alternatives": others},
    )


def declared_text_issue(text: str, declared: object) -> DecodeIssue | None:
    """For text that arrived already decoded (a JSONL field) with a declared original
    encoding: a finding when the text holds characters that encoding cannot represent."""
    if isinstance(declared, dict):  # a cleaned record read back in: {"name": ..., ...}
        declared = declared.get("name")
    if not declared or not isinstance(declared, str):
        return None
    codec = _python_codec(declared)
    if codec is None or codec.startswith("utf"):
        return None
    try:
        text.encode(codec)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        return DecodeIssue(
            code="EN107",
            message=f"the declared encoding is {codec}, but the text holds {bad[:10]!r} at character {exc.start}, which {codec} cannot represent",
            values={"source": "declared", "declared": codec, "offset": exc.start, "characters": bad[:10]},
        )
    except LookupError:
        return None
    return None


def _not_utf8(codec: str, confidence: float) -> DecodeIssue:
    return DecodeIssue(
        code="EN102",
        message=f"not valid UTF-8: decoded as {codec} (chardet confidence {confidence:.2f})",
        values={"encoding": codec, "confidence": confidence},
    )


def _undecodable(bad: list[tuple[int, int]], codec: str) -> DecodeIssue:
    offsets = [s for s, _ in bad]
    return DecodeIssue(
        code="EN101",
        message=f"{len(bad)} undecodable byte sequence(s) in {codec} at byte offset(s) {_fmt_offsets(offsets)}, replaced by U+FFFD",
        values={"encoding": codec, "count": len(bad), "byte_offsets": offsets[:50]},
        byte_start=bad[0][0],
        byte_end=bad[0][1],
    )


def _fmt_offsets(offsets: list[int]) -> str:
    shown = ", ".join(str(o) for o in offsets[:5])
    return shown + (f" and {len(offsets) - 5} more" if len(offsets) > 5 else "")


def _fmt_chars(stray: list[tuple[int, int, str]]) -> str:
    chars = sorted({c for _, _, c in stray})
    return " ".join(repr(c) for c in chars[:5])
