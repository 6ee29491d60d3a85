"""Turning a text file's bytes into ``str``: BOM, declared charset, strict UTF-8, detection.

Shared by the TXT and HTML readers. Chinese reports come in UTF-8, GBK/GB2312 (decoded as
GB18030, their superset, so a stray rare character never fails), Big5 for Traditional text,
and now and then UTF-16 saved by Notepad. Anything that is not text is refused with a
``ReadError`` before the engine sees it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import chardet

from core.document import ReadError

# No annual report comes near this; refusing early keeps a stray 200 MB log or video from
# being decoded (the decoded str costs up to 4 bytes per character on top of the bytes).
MAX_TEXT_BYTES = 50 * 1024 * 1024

# chardet looks at this much; enough for a confident answer, bounded for speed.
DETECT_SAMPLE = 64 * 1024

# Share of control / replacement characters above which the "text" is really binary.
MAX_GARBAGE_RATIO = 0.02

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# Labels that name a subset of a codec we decode with instead (never fails on the superset's
# extra characters, which real GBK files do contain).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "hz": "gb18030",
    "big5": "big5",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "ascii": "utf-8",
}

# Web labels Python's codecs do not know.
_WEB_ALIASES = {"x-gbk": "gbk", "x-gb2312": "gb2312", "gb_2312-80": "gb2312", "x-big5": "big5"}

# Single-byte labels decode any bytes, so a Chinese page mislabelled with one would come out
# as mojibake: ignore them and let detection decide.
_UNTRUSTED = {"latin_1", "iso8859-1", "cp1252", "iso8859-15"}

# Big5 in the wild is often Microsoft's cp950 or the Hong Kong extension.
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")

_CHINESE_CANDIDATES = ["gb18030", "big5", "cp950", "big5hkscs"]

# C0 controls other than tab/newline/CR/form feed/escape, DEL, and the replacement char.
_GARBAGE_RE = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f\ufffd]")
# What a Chinese report is made of: ASCII printable and whitespace, CJK punctuation and
# ideographs, full-width forms, general punctuation (“”…—).
_PLAUSIBLE_RE = re.compile("[\t\n\r\x20-\x7e\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_NEWLINES_RE = re.compile("\r\n?|[\u2028\u2029\x0c\x85]")


@dataclass
class Decoded:
    text: str
    encoding: str  # the codec actually used, lower-case, as the contract reports it
    notes: list[str] = field(default_factory=list)


def check_size(size: int) -> None:
    """Refuse empty and absurdly large inputs before any decoding work."""
    if size == 0:
        raise ReadError("文件为空")
    if size > MAX_TEXT_BYTES:
        raise ReadError(f"文件过大（{size / 1024 / 1024:.0f} MB），不像一份年度报告")


def canonical_codec(label: str | None) -> str | None:
    """The Python codec to use for a charset label from a file, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _UNTRUSTED:
        return None
    return _SUPERSETS.get(name, name)


def normalize_newlines(text: str) -> str:
    """All line breaks as "\\n": the viewer shows this text and offsets count into it."""
    return _NEWLINES_RE.sub("\n", text)


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a text file's bytes; ``declared`` is a charset the file itself names (HTML).

    Order: BOM, declared charset (if it decodes strictly), BOM-less UTF-16, strict UTF-8,
    chardet over a sample limited to Chinese encodings, and GB18030 with replacement as the
    last resort. Raises ReadError for empty, oversized or binary input.
    """
    check_size(len(data))
    decoded = _decode(data, declared)
    _refuse_garbage(decoded.text)
    decoded.text = normalize_newlines(decoded.text)
    return decoded


def _decode(data: bytes, declared: str | None) -> Decoded:
    for bom, codec, reported in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), reported)
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
                return Decoded(text, reported, [f"文件按 {reported} 解码时有无法识别的字节，已替换为 �"])
    declared_codec = canonical_codec(declared)
    if declared_codec and not declared_codec.startswith(("utf-16", "utf-32")):
        # A declared charset wins only if the bytes agree with it: pages that say
        # charset=utf-8 but were re-saved as GBK are common.
        result = _try_strict(data, declared_codec)
        if result is not None:
            return result
    if b"\x00" in data[:DETECT_SAMPLE]:
        result = _try_bomless_utf16(data)
        if result is not None:
            return result
        # A few stray NULs in otherwise good text (a botched save): drop them, say so.
        if data.count(b"\x00") <= max(16, len(data) // 1000):
            cleaned = _try_strict(data.replace(b"\x00", b""), "utf-8")
            if cleaned is not None:
                cleaned.notes.append("文件中有少量空字符（NUL），已去掉后读取")
                return cleaned
        raise ReadError("不是文本文件（含大量二进制数据）")
    result = _try_strict(data, "utf-8")
    if result is not None:
        return result
    return _detect_chinese(data)


def _try_strict(data: bytes, codec: str) -> Decoded | None:
    candidates = _BIG5_FAMILY if codec in _BIG5_FAMILY else (codec,)
    for name in candidates:
        try:
            return Decoded(data.decode(name), name)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _try_bomless_utf16(data: bytes) -> Decoded | None:
    """Notepad-style UTF-16 without BOM: keep the byte order that yields plausible text.

    NUL parity alone misleads for Chinese (一 is U+4E00), so both orders are decoded
    strictly and judged by how much of the result is Chinese, ASCII or punctuation; binary
    data decoded this way hits unpaired surrogates or scattered scripts.
    """
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausible_ratio(text)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.9:
        return None
    return Decoded(best[1], "utf-16", ["文件为无 BOM 的 UTF-16，编码为推测"])


def _plausible_ratio(text: str) -> float:
    sample = text[:DETECT_SAMPLE]
    if not sample:
        return 0.0
    return len(_PLAUSIBLE_RE.findall(sample)) / len(sample)


def _detect_chinese(data: bytes) -> Decoded:
    """Not UTF-8: ask chardet (restricted to the encodings Chinese reports use)."""
    sample = data[:DETECT_SAMPLE]
    guess = chardet.detect(sample, include_encodings=_CHINESE_CANDIDATES, no_match_encoding="gb18030")
    if guess.get("encoding") is None and guess.get("mime_type") == "application/octet-stream":
        raise ReadError("不是文本文件（含大量二进制数据）")
    codec = canonical_codec(guess.get("encoding")) or "gb18030"
    order = [codec] + [c for c in ("gb18030", *_BIG5_FAMILY) if c != codec]
    for name in order:
        result = _try_strict(data, name)
        if result is not None:
            if name != codec or (guess.get("confidence") or 0) < 0.5:
                result.notes.append(f"文件编码为推测：{result.encoding}")
            return result
    text = data.decode("gb18030", errors="replace")
    return Decoded(text, "gb18030", ["无法确定文件编码，已按 GB18030 解码，无法识别的字节显示为 �"])


def _garbage_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:DETECT_SAMPLE]
    return len(_GARBAGE_RE.findall(sample)) / len(sample)


def _refuse_garbage(text: str) -> None:
    if _garbage_ratio(text) > MAX_GARBAGE_RATIO:
        if "\ufffd" in text[:DETECT_SAMPLE] and "\x00" not in text[:DETECT_SAMPLE]:
            # Mostly undecodable bytes without NULs: an encoding we do not know, or binary.
            raise ReadError("无法识别的编码（或不是文本文件）")
        raise ReadError("不是文本文件（含大量二进制数据）")
