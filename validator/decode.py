"""Bytes to text, with the evidence of how: BOM, strict UTF-8, mostly-UTF-8 repair, chardet.

Decoding never raises. Files that are not text (images, archives, NUL-heavy data) are
reported as binary instead of being decoded into garbage; bytes that cannot be decoded
are replaced and reported with their byte offsets, so a user can find them.
"""

from __future__ import annotations

import codecs
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


def decode_bytes(data: bytes, *, forced: str | None = None) -> Decoded:
    """Decode ``data`` into text. ``forced`` names an encoding to use whatever the bytes say."""
    if forced:
        codec = _python_codec(forced)
        if codec is None:
            raise ValueError(f"unknown encoding {forced!r}")
        text, bad = _decode_counting(data, codec)
        issues = [_undecodable(bad, codec)] if bad else []
        return Decoded(text, EncodingInfo(name=codec, confidence=1.0, method="forced"), issues)

    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_counting(data, codec)
            if codec == "utf-32" and bad and data.startswith(codecs.BOM_UTF16_LE):
                continue  # FF FE 00 00 can also open UTF-16 text whose first char is NUL
            issues = [_undecodable(bad, codec)] if bad else []
            name = {"utf-8-sig": "utf-8"}.get(codec, codec)
            return Decoded(text, EncodingInfo(name=name, confidence=1.0, method="bom"), issues)

    text = _strict(data, "utf-8")
    if text is not None:
        if "\x00" in text:
            return Decoded(None, None, binary_type="application/octet-stream")
        return Decoded(text, EncodingInfo(name="utf-8", confidence=1.0, method="utf-8"))

    binary = _is_binary(data)
    if binary is not None:
        # UTF-16/32 without a BOM is full of NULs too: accept it only when chardet says so
        # and it decodes strictly.
        guess = chardet.detect(data[:DETECT_MAX_BYTES])
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

    guess = chardet.detect(data[:DETECT_MAX_BYTES])
    enc = guess.get("encoding")
    confidence = round(float(guess.get("confidence") or 0.0), 4)
    mime = guess.get("mime_type") or ""
    if enc is None:
        if mime and not mime.startswith("text/"):
            return Decoded(None, None, binary_type=mime)
        enc = "cp1252"
    codec = _python_codec(enc) or "cp1252"
    text, bad = _decode_counting(data, codec)
    issues = [_not_utf8(codec, confidence)]
    if bad:
        issues.append(_undecodable(bad, codec))
    return Decoded(text, EncodingInfo(name=codec, confidence=confidence, method="detected"), issues)


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
