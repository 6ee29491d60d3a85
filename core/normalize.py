"""The normalised form the engine matches on, with a map back to the original.

Reports arrive in Traditional characters, with full-width digits and punctuation, stray
spaces inside labels and the pinyin residue some site converters leave (``繼續(xù)``).
Matching works on a normalised copy; every offset found there is mapped back through
``Normalised.orig`` so that locations always point into the text the viewer shows.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

# A parenthesised pinyin syllable with a tone mark, as left behind by converters.
_PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*[)）]")

# Punctuation folded to one form; anything else full-width ASCII is folded by NFKC width.
_FOLD = {
    "\u3000": " ",
    "\xa0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": "",
    "\ufeff": "",
    "（": "(",
    "）": ")",
    "：": ":",
    "，": ",",
    "；": ";",
    "．": ".",
    "！": "!",
    "？": "?",
    "／": "/",
    "－": "-",
    "＋": "+",
    "％": "%",
    "〔": "〔",
    "\r": "\n",
}


@dataclass(frozen=True)
class Normalised:
    text: str
    # orig[i]: offset in the original of text[i]; orig[len(text)] = len(original).
    # A range where nothing moved, else a compact int array: a big file costs 4 bytes a char.
    orig: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised range [start, end)."""
        if end <= start:
            o = self.orig[min(start, len(self.orig) - 1)]
            return o, o
        return self.orig[start], self.orig[end - 1] + 1


@cache
def _converter() -> Any:
    try:
        import opencc
    except ImportError:  # the engine still runs, Traditional text just matches worse
        return None
    return opencc.OpenCC("t2s")


def _fold_char(ch: str) -> str:
    if ch in _FOLD:
        return _FOLD[ch]
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    return ch


def to_simplified(text: str) -> str:
    """繁→简, keeping the length (a character-for-character map) so offsets survive."""
    conv = _converter()
    if conv is None or not text:
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    # Phrase conversion changed the length somewhere: fall back line by line, then by char.
    parts = []
    for line in text.split("\n"):
        c = conv.convert(line)
        if len(c) != len(line):
            c = "".join(conv.convert(ch) if len(conv.convert(ch)) == 1 else ch for ch in line)
        parts.append(c)
    return "\n".join(parts)


_CJK = re.compile("[\u4e00-\u9fff]")


def looks_traditional(text: str) -> bool:
    conv = _converter()
    if conv is None:
        return False
    sample = text[:20000]
    # Counted in C (map over two strings; a regex for the CJK block), not by a Python loop.
    changed = sum(map(operator.ne, sample, conv.convert(sample)))
    cjk = len(_CJK.findall(sample)) or 1
    return changed / cjk > 0.03


# One-to-one folds as a translate table (the fast path); folds to "" need the slow path.
_WIDTH = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)}
_TRANSLATE: dict[int, int | str] = {**_WIDTH, **{ord(k): v for k, v in _FOLD.items() if len(v) == 1}}
_DROPPED = "".join(k for k, v in _FOLD.items() if not v)


def fold(text: str) -> str:
    """The normalised form of a short piece (a table cell), without an offset map."""
    if "(" in text or "（" in text:
        text = _PINYIN.sub(lambda m: m.group(0) if not _after_cjk(text, m.start()) else "", text)
    return text.translate(_TRANSLATE).replace("\u200b", "").replace("\ufeff", "")


def _after_cjk(text: str, i: int) -> bool:
    return i > 0 and "\u4e00" <= text[i - 1] <= "\u9fff"


def normalise(text: str, traditional: bool | None = None) -> Normalised:
    """Fold the text for matching; ``traditional`` None means detect it."""
    if traditional is None:
        traditional = looks_traditional(text)
    src = to_simplified(text) if traditional else text
    if not any(ch in src for ch in _DROPPED) and not any(
        _after_cjk(src, m.start()) for m in _PINYIN.finditer(src)
    ):
        # Nothing changes length: offsets map one to one.
        return Normalised(src.translate(_TRANSLATE), range(len(text) + 1))
    # Pinyin residue is removed outright (it is never part of a label or a number).
    drop = [False] * len(src)
    for m in _PINYIN.finditer(src):
        if m.start() > 0 and "\u4e00" <= src[m.start() - 1] <= "\u9fff":
            for i in range(m.start(), m.end()):
                drop[i] = True
    out: list[str] = []
    orig = array("l")
    for i, ch in enumerate(src):
        if drop[i]:
            continue
        folded = _fold_char(ch)
        if len(folded) != 1:
            folded = unicodedata.normalize("NFKC", folded) if folded else ""
        for f in folded:
            out.append(f)
            orig.append(i)
    orig.append(len(text))
    return Normalised("".join(out), orig)
