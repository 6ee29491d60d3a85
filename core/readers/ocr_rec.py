"""Text recognition of line crops, several short crops sharing one input strip.

The recogniser (PP-OCR, CTC) was trained on lines 48 px high and 320 px wide, and the
library pads every line to that width. On a report page most lines are table cells — a
"0", a "12" — 20–60 px wide at that height, so most of the work went into padding: a
dense page spent 1.5 s recognising 180 such crops one by one. Here the short crops are
laid side by side into 320 px strips with a grey gap between them (as a table row reads:
"（七）总计 0 0 0 …"), each strip is recognised once, and every character is given back
to the crop its position in the strip falls in. Same model, same input scale, a third of
the calls; a crop the strip reads with any doubt is read again alone, as the library would
(docs/benchmarks.md, "Recognition in shared strips").

Pure numpy + OpenCV; the session and the character list are the library's own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# --- settings (measured in docs/benchmarks.md, "Recognition in shared strips") ----------------

LINE_HEIGHT = 48  # the model's input height
STRIP_WIDTH = 320  # its training width: shorter lines are padded to it
# A crop at most this wide (at LINE_HEIGHT) shares a strip; wider ones are read alone.
PACK_MAX = 160
# Grey between two crops in a strip: two of the model's output steps (8 px each), so no
# character straddles two crops. 8 px let neighbours run together ("0" read as "O" 88 times
# in 475 crops); 16 reads every crop as it reads alone.
PACK_GAP = 16
# Round glyphs a number's zero may be read as. A lone "0" among other lone zeros carries
# part of its probability on "O"/"o"/"〇" (the strip gives no context that it is a digit);
# the confidence of a "0" is that of the round glyph, which is what the cell's number rests
# on. Any other rival (6, 8, 9) still lowers it.
ZERO_LIKE = "0OoＯ０〇○"
# A crop whose reading in a strip has a character less sure than this is read again alone,
# as the library would read it, and that reading is kept. Neighbours in a strip can sway a
# thin glyph: a faint "1" beside a grey gap was read "m" (0.983) in a strip and "1" (0.9997)
# alone. Under 1 % of the crops of the rasterised fixtures are read twice, 8 % of an 80 dpi
# noisy scan's.
ALONE_BELOW = 0.99


@dataclass
class RecChar:
    text: str
    conf: float
    x0: float  # left and right edge, as fractions of the crop's width (0..1)
    x1: float


@dataclass
class RecLine:
    text: str
    conf: float  # mean of its characters' confidences (the library's line score)
    chars: list[RecChar] = field(default_factory=list)


@dataclass
class _Placed:
    index: int  # which crop
    x: int  # left edge in the strip (px)
    width: int  # its width in the strip (px)


def _scaled_width(crop: Any) -> int:
    h, w = crop.shape[:2]
    return max(1, math.ceil(LINE_HEIGHT * w / max(1, h)))


def pack(widths: Sequence[int]) -> list[list[_Placed]]:
    """Strips of crops, in the order given (reading order keeps a row's cells together).

    A crop wider than PACK_MAX is a strip of its own; shorter ones fill the current strip
    until the next would not fit.
    """
    strips: list[list[_Placed]] = []
    current: list[_Placed] = []
    x = 0
    for i, w in enumerate(widths):
        if w > PACK_MAX:
            strips.append([_Placed(i, 0, w)])
            continue
        if current and x + w > STRIP_WIDTH:
            strips.append(current)
            current, x = [], 0
        current.append(_Placed(i, x, w))
        x += w + PACK_GAP
    if current:
        strips.append(current)
    return strips


def quiet_cv2() -> Any:
    """OpenCV, imported quietly (its loader opens a file without an encoding: an EncodingWarning)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EncodingWarning)
        import cv2
    return cv2


def _strip_image(crops: Sequence[Any], strip: list[_Placed]) -> Any:
    """The model's input for one strip: 3 × 48 × width, values in [-1, 1], grey (0) padding."""
    import numpy as np

    cv2 = quiet_cv2()

    width = max(STRIP_WIDTH, strip[-1].x + strip[-1].width)
    out = np.zeros((3, LINE_HEIGHT, width), dtype=np.float32)
    for placed in strip:
        crop = crops[placed.index]
        if crop.ndim == 2:
            crop = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
        resized = cv2.resize(crop, (placed.width, LINE_HEIGHT)).astype(np.float32) / 127.5 - 1.0
        out[:, :, placed.x : placed.x + placed.width] = resized.transpose(2, 0, 1)
    return out


def _decode(
    probs: Any, strip: list[_Placed], strip_width: int, alphabet: Sequence[str], zero_like: Sequence[int]
) -> dict[int, list[tuple[str, float, float]]]:
    """CTC greedy decoding of one strip: (character, confidence, centre x) per crop."""
    idx = probs.argmax(axis=1)
    best = probs.max(axis=1)
    zero = alphabet.index("0") if "0" in alphabet else -1
    step = strip_width / len(idx)
    out: dict[int, list[tuple[str, float, float]]] = {p.index: [] for p in strip}
    t = 0
    while t < len(idx):
        k = int(idx[t])
        end = t
        while end + 1 < len(idx) and int(idx[end + 1]) == k:
            end += 1
        if k != 0 and alphabet[k] != " ":  # 0 is CTC's blank
            if k == zero:
                conf = float(probs[t : end + 1][:, zero_like].sum(axis=1).max())
            else:
                conf = float(best[t : end + 1].max())
            centre = (t + end + 1) / 2 * step
            owner = min(strip, key=lambda p: _distance(centre, p))
            out[owner.index].append((alphabet[k], min(1.0, conf), centre - owner.x))
        t = end + 1
    return out


def _distance(x: float, placed: _Placed) -> float:
    if placed.x <= x < placed.x + placed.width:
        return 0.0
    return min(abs(x - placed.x), abs(x - placed.x - placed.width))


def _line(chars: list[tuple[str, float, float]], width: int) -> RecLine:
    """Characters with their centres → a line with each character's extent in the crop."""
    out: list[RecChar] = []
    centres = [c[2] for c in chars]
    for k, (text, conf, centre) in enumerate(chars):
        # Half a character: to the midpoint with a neighbour, or a typical half-width at the ends.
        typical = LINE_HEIGHT * (0.45 if ord(text) > 0x2E80 else 0.28)
        left = (centre + centres[k - 1]) / 2 if k > 0 else centre - typical
        right = (centre + centres[k + 1]) / 2 if k + 1 < len(chars) else centre + typical
        out.append(RecChar(text, conf, max(0.0, left) / width, min(float(width), right) / width))
    text = "".join(c.text for c in out)
    conf = sum(c.conf for c in out) / len(out) if out else 0.0
    return RecLine(text, conf, out)


def recognise(run: Callable[[Any], Any], alphabet: Sequence[str], crops: Sequence[Any]) -> list[RecLine]:
    """Read each crop (H×W×3 BGR or H×W grey, uint8) with the recogniser ``run``.

    ``run(batch)`` takes N × 3 × 48 × W float32 and returns N × T × len(alphabet)
    probabilities; ``alphabet[0]`` is CTC's blank. Returns one line per crop, in order
    (an empty text where nothing was read).
    """
    import numpy as np

    zero_like = [i for i, ch in enumerate(alphabet) if ch in ZERO_LIKE]
    widths = [_scaled_width(c) for c in crops]
    found: dict[int, list[tuple[str, float, float]]] = {}

    def read(strip: list[_Placed]) -> None:
        image = _strip_image(crops, strip)
        probs = np.asarray(run(image[np.newaxis]))[0]
        found.update(_decode(probs, strip, image.shape[2], alphabet, zero_like))

    usable = [i for i, c in enumerate(crops) if c.size]  # a degenerate box crops to nothing
    for strip in pack([widths[i] for i in usable]):
        strip = [_Placed(usable[p.index], p.x, p.width) for p in strip]
        read(strip)
        if len(strip) > 1:
            for placed in strip:
                chars = found.get(placed.index)
                if not chars or min(c[1] for c in chars) < ALONE_BELOW:
                    read([_Placed(placed.index, 0, placed.width)])
    return [_line(found.get(i, []), widths[i]) for i in range(len(crops))]
