"""Recognition in shared strips (core/readers/ocr_rec.py), against a model whose readings
are known: crops are bands of one grey level, and the stand-in model reads each 8-pixel
column of its input by that level, as CTC steps. What is tested is the packing, the
decoding and the giving back of characters to their crops, the second reading alone,
and the confidence of a round zero — not the real model (tests/test_ocr.py does that on
rasterised real reports).
"""

from __future__ import annotations

import numpy as np
import pytest

from core.readers import ocr_rec
from core.readers.ocr_rec import ALONE_BELOW, LINE_HEIGHT, PACK_GAP, PACK_MAX, STRIP_WIDTH, pack, recognise

ALPHABET = ["blank", "0", "1", "8", "O", "m", "年", " "]
# Grey level of a crop band -> the character the stand-in model reads there.
LEVEL = {0: "1", 40: "0", 80: "8", 200: "年"}
PAPER = 255


def crop(*levels: int, glyph: int = LINE_HEIGHT) -> np.ndarray:
    """A crop of one band per character, each ``glyph`` px wide at the model's height."""
    bands = [np.full((LINE_HEIGHT, glyph), level, dtype=np.uint8) for level in levels]
    return np.concatenate(bands, axis=1)


class Model:
    """Stand-in recogniser. Options: how sure it is of each character, the probability a
    "0" gives to "O" (a round glyph), and whether a "1" beside other crops is swayed to "m"."""

    def __init__(self, sure: float = 0.999, zero_to_o: float = 0.0, sway: bool = False) -> None:
        self.sure, self.zero_to_o, self.sway = sure, zero_to_o, sway
        self.calls: list[int] = []  # input width of each call

    def __call__(self, batch: np.ndarray) -> np.ndarray:
        assert batch.shape[:3] == (1, 3, LINE_HEIGHT) and batch.dtype == np.float32
        width = batch.shape[3]
        self.calls.append(width)
        steps = width // 8
        pixels = (batch[0, 0] + 1.0) * 127.5  # back to grey levels
        columns = [pixels[:, 8 * t : 8 * t + 8].mean() for t in range(steps)]
        content = [abs(c - 127.5) > 5 and c < 250 for c in columns]
        crowded = sum(1 for t in range(1, steps) if content[t] and not content[t - 1]) + content[0] > 1
        out = np.zeros((steps, len(ALPHABET)), dtype=np.float32)
        for t, level in enumerate(columns):
            char = next((ch for lv, ch in LEVEL.items() if abs(level - lv) < 10), None)
            if char is None:
                out[t, 0] = 1.0  # blank: padding, gap or paper
                continue
            if char == "1" and self.sway and crowded:
                char, sure = "m", 0.98
            else:
                sure = self.sure
            k = ALPHABET.index(char)
            out[t, k] = sure
            if char == "0" and self.zero_to_o:
                out[t, k] = sure - self.zero_to_o
                out[t, ALPHABET.index("O")] = self.zero_to_o
            out[t, 0] += 1.0 - out[t].sum()
        return out[np.newaxis]


def test_pack_short_crops_share_strips_in_order_and_wide_ones_are_alone() -> None:
    widths = [40, 40, PACK_MAX + 1, 100, 100, 100, 30]
    strips = sorted(pack(widths), key=lambda s: s[0].index)
    # 40 + 40 + 100 with their gaps is 212 px; another 100 would pass 320.
    assert [[p.index for p in s] for s in strips] == [[0, 1, 3], [2], [4, 5, 6]]
    assert [p.x for p in strips[0]] == [0, 40 + PACK_GAP, 2 * (40 + PACK_GAP)]
    assert all(s[-1].x + s[-1].width <= STRIP_WIDTH for s in strips if len(s) > 1)


def test_each_crop_gets_its_own_characters_back_from_a_shared_strip() -> None:
    crops = [crop(0, 80), crop(40), crop(200, 0, 40), crop(80)]
    model = Model()
    lines = recognise(model, ALPHABET, crops)
    assert [line.text for line in lines] == ["18", "0", "年10", "8"]
    assert len(model.calls) < len(crops), "short crops share strips"
    for line in lines:
        assert line.conf == pytest.approx(0.999, abs=1e-3)
        edges = [(c.x0, c.x1) for c in line.chars]
        assert all(0.0 <= a < b <= 1.0 for a, b in edges) and edges == sorted(edges)
    # Two characters of one crop split it about where their bands meet.
    one, eight = lines[0].chars
    assert one.x1 == pytest.approx(0.5, abs=0.15) and eight.x0 == pytest.approx(0.5, abs=0.15)


def test_grey_crops_are_read_like_colour_ones() -> None:
    grey = [crop(0, 40)]
    colour = [np.repeat(crop(0, 40)[:, :, None], 3, axis=2)]
    assert recognise(Model(), ALPHABET, grey)[0].text == recognise(Model(), ALPHABET, colour)[0].text == "10"


def test_a_doubtful_reading_in_a_strip_is_read_again_alone_and_that_reading_kept() -> None:
    crops = [crop(40), crop(0, glyph=24), crop(40)]
    model = Model(sway=True)
    lines = recognise(model, ALPHABET, crops)
    assert [line.text for line in lines] == ["0", "1", "0"]
    assert lines[1].conf == pytest.approx(0.999, abs=1e-3) and 0.98 < ALONE_BELOW
    # One strip for the three, then the "1" alone, padded to the model's training width.
    assert model.calls == [STRIP_WIDTH, STRIP_WIDTH]


def test_a_sure_strip_is_not_read_twice() -> None:
    model = Model()
    recognise(model, ALPHABET, [crop(40), crop(0), crop(80)])
    assert model.calls == [STRIP_WIDTH]


def test_a_round_zero_is_as_sure_as_its_round_glyph_but_a_rival_digit_still_counts() -> None:
    lines = recognise(Model(sure=0.999, zero_to_o=0.4), ALPHABET, [crop(40)])
    assert lines[0].text == "0" and lines[0].conf == pytest.approx(0.999, abs=1e-3)

    class EightRival(Model):
        def __call__(self, batch: np.ndarray) -> np.ndarray:
            out = super().__call__(batch)
            zero, eight = ALPHABET.index("0"), ALPHABET.index("8")
            for t in range(out.shape[1]):
                if out[0, t, zero] > 0.5:
                    out[0, t, zero], out[0, t, eight] = 0.6, 0.399
            return out

    doubt = recognise(EightRival(), ALPHABET, [crop(40)])[0]
    assert doubt.text == "0" and doubt.conf == pytest.approx(0.6, abs=1e-3)


def test_nothing_read_is_an_empty_line_not_an_error() -> None:
    empty = np.zeros((0, 12), dtype=np.uint8)  # what a degenerate box crops to
    lines = recognise(Model(), ALPHABET, [np.full((30, 30), PAPER, dtype=np.uint8), empty, crop(0)])
    assert [line.text for line in lines] == ["", "", "1"]
    assert lines[0].conf == 0.0 and lines[0].chars == [] and lines[1].chars == []


def test_a_line_wider_than_a_strip_is_read_at_its_own_width() -> None:
    model = Model()
    wide = crop(*([200] * 9))  # 9 characters: 432 px at the model's height
    line = recognise(model, ALPHABET, [wide])[0]
    assert model.calls == [9 * LINE_HEIGHT]
    assert line.text == "年"  # one run of the same character: CTC merges it (no blank between)
    assert ocr_rec._scaled_width(wide) == 9 * LINE_HEIGHT
