"""TXT reader: encodings, line endings, refusal of non-text input, speed."""

from __future__ import annotations

import os

import pytest

from core.document import ReadError
from core.readers.txt import read_txt
from tests.corpus import real_files

SIMPLIFIED = (
    "平潭综合实验区2024年度政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "2024年，共收到政府信息公开申请218件，其中自然人217件、商业企业1件。\n"
    "三、收到和处理政府信息公开申请情况\n"
    "（七）总计 217 1 0 0 0 0 218\n"
    "镕䶮𠀀（生僻字）\n"
)
# Big5 has no simplified characters: Traditional text for it.
TRADITIONAL = (
    "2009年上海市政府資訊公開工作年度報告\n"
    "一、概述\n"
    "公開透明是服務政府、責任政府、法治政府和廉潔政府的重要標誌。\n"
    "二、主動公開政府資訊情況\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED.encode("utf-8-sig"), "utf-8"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16"),  # Notepad without BOM
        (SIMPLIFIED.encode("utf-16-be"), "utf-16"),
        (SIMPLIFIED.encode("utf-32"), "utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "utf-16-bom", "utf-16-le", "utf-16-be", "utf-32"],
)
def test_encodings_simplified(raw: bytes, expected: str) -> None:
    doc = read_txt(raw, "r.txt")
    assert doc.encoding == expected
    assert doc.text == SIMPLIFIED
    assert doc.source_format == "txt"
    assert doc.tokens is None


def test_gbk_reported_as_gb18030() -> None:
    text = SIMPLIFIED.replace("镕䶮𠀀（生僻字）\n", "")  # GBK cannot hold those
    doc = read_txt(text.encode("gbk"), "r.txt")
    assert doc.encoding == "gb18030"
    assert doc.text == text


def test_big5_traditional() -> None:
    doc = read_txt(TRADITIONAL.encode("big5"), "r.txt")
    assert doc.encoding in ("big5", "cp950", "big5hkscs")
    assert doc.text == TRADITIONAL


def test_traditional_utf8_and_gb18030() -> None:
    assert read_txt(TRADITIONAL.encode("utf-8"), "r.txt").text == TRADITIONAL
    doc = read_txt(TRADITIONAL.encode("gb18030"), "r.txt")
    assert doc.text == TRADITIONAL


def test_line_endings_normalised() -> None:
    raw = "一、总体情况\r\n正文\r二、主动公开\n三\u2028四".encode()
    assert read_txt(raw, "r.txt").text == "一、总体情况\n正文\n二、主动公开\n三\n四"


def test_undecodable_falls_back_with_note() -> None:
    # Valid GB18030 text with a few stray bytes that no candidate decodes strictly.
    raw = SIMPLIFIED.encode("gb18030") * 20 + b"\xff" + SIMPLIFIED.encode("gb18030")
    doc = read_txt(raw, "r.txt")
    assert doc.encoding == "gb18030"
    assert doc.notes
    assert "平潭综合实验区" in doc.text


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        os.urandom(4096),
        b"\x89PNG\r\n\x1a\n" + os.urandom(2000),
        bytes(range(1, 32)) * 100,
        b"PK\x03\x04" + os.urandom(3000),
        b" \r\n\t\n" * 10,
    ],
    ids=["empty", "random", "png", "controls", "zip", "blank"],
)
def test_refuses_non_text(raw: bytes) -> None:
    with pytest.raises(ReadError) as exc:
        read_txt(raw, "r.txt")
    assert str(exc.value)  # a message for the reviewer, in Chinese
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.value))


def test_refuses_oversized_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    import core.readers.encoding as enc

    monkeypatch.setattr(enc, "MAX_TEXT_BYTES", 1000)
    with pytest.raises(ReadError, match="文件过大"):
        read_txt("正文".encode() * 1000, "r.txt")


def test_real_files_read() -> None:
    for path in real_files("*.txt"):
        doc = read_txt(path.read_bytes(), str(path))
        assert doc.encoding == "utf-8"
        assert "\r" not in doc.text
        assert len(doc.text) > 100
