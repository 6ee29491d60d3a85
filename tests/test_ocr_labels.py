"""Row labels misread by OCR, put right from the report formats' own labels
(core/readers/ocr_labels.py). The misreadings are those of real poor scans made by
tests/scangen.py (80–90 dpi, JPEG quality 30–35, noise) of the bundled faulty sample."""

from __future__ import annotations

import pytest

from core.readers.ocr_labels import known, repair


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("1.周于国家秘图", "1.属于国家秘密"),
        ("7.黑于行政扶法案卷", "7.属于行政执法案卷"),
        ("8.属于行政香询事项", "8.属于行政查询事项"),
        ("2.其他法律行政法规禁业公开", "2.其他法律行政法规禁止公开"),
        ("(七)思计", "(七)总计"),  # words too short alone: compared with the numbering
        ("（七）思计", "(七)总计"),  # full-width brackets, as OCR often gives them
    ],
)
def test_a_label_misread_by_a_glyph_or_two_is_put_right(read: str, meant: str) -> None:
    assert repair(read) == meant


@pytest.mark.parametrize(
    "text",
    [
        "1.属于国家秘密",  # read right
        "3.危及“三安全一稳定”",
        "2.没有现或信思需要另行制作",  # misread, but a row key (另行制作) finds it already
        "行政许司",  # four characters: 行政许可 or 行政处罚 or … — too short to guess
        "(七)合计",  # a row key finds it
        "(三)不予公开",
        "本报告由概述、主动公开政府信息情况组成",  # prose
        "属于国家机密文件",  # a different length: not a misread label
        "0",
        "",
    ],
)
def test_what_is_right_short_or_not_a_label_is_left_as_it_is(text: str) -> None:
    assert repair(text) is None


def test_no_label_is_turned_into_another_by_one_wrong_character() -> None:
    """Each known label with any one character replaced comes back as itself or not at
    all — never as a different row's label."""
    labels, _ = known()
    assert len(labels) > 25
    for label in labels:
        for i in range(len(label)):
            misread = label[:i] + "口" + label[i + 1 :]
            assert repair(misread) in (None, label), misread
