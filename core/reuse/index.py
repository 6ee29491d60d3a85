"""Which characters of each part are found in which other report: a shingle index.

Every part's normalised text is cut into overlapping shingles of ``K`` characters, each
hashed (a polynomial hash over the code points, computed for all shingles at once with
numpy). All shingles of the batch go into one array, sorted by hash: reports that share a
shingle sit next to each other. From each run of equal hashes come the (part, other report)
pairs that share it, so the work grows with what is shared, never with the number of pairs
of reports (1,000 reports are 500,000 pairs; a batch of unrelated reports shares almost
nothing). A shingle found in ``common_min`` reports or more is a template's, not a copy's:
it is counted as "common to N reports" and kept out of the pairs.

A part's share found in report B is the union of the character ranges of its shingles
that B also has, over the part's length — the contract's "characters of the part's
normalised text found in the source".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Shingle length in normalised characters: about four Chinese words. Shorter ones match
# stock phrases (政府信息公开工作) between unrelated reports; longer ones miss a copy whose
# sentences had one word changed every few words.
K = 8
_BASE = np.uint64(1_000_003)


def shingle_hashes(text: str, k: int = K) -> np.ndarray:
    """One uint64 hash per shingle of ``text`` (len(text) - k + 1 of them; none if shorter)."""
    n = len(text) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        # uint64 arithmetic wraps: a hash modulo 2**64, on purpose.
        h = h * _BASE + codes[j : j + n]
    return h


def covered_length(starts: np.ndarray, k: int, limit: int) -> int:
    """Characters covered by the ranges [s, s + k) for sorted ``starts``, clipped to ``limit``."""
    if starts.size == 0:
        return 0
    gaps = np.minimum(np.diff(starts), k)
    return int(gaps.sum() + min(k, limit - int(starts[-1])))


def covered_mask(starts: Sequence[int] | np.ndarray, k: int, length: int) -> np.ndarray:
    """A boolean per character of a text of ``length``: inside some [s, s + k)."""
    marks = np.zeros(length + 1, dtype=np.int32)
    s = np.asarray(starts, dtype=np.int64)
    if s.size:
        np.add.at(marks, s, 1)
        np.add.at(marks, np.minimum(s + k, length), -1)
    return np.cumsum(marks[:-1]) > 0


@dataclass
class Overlap:
    """What the index found for one part (``part`` indexes the input list)."""

    part: int
    # other report's index -> characters of the part found there (common text left out)
    found_in: dict[int, int]
    common_chars: int  # characters covered by shingles common to >= common_min reports
    common_reports: int  # the largest number of reports sharing one of those shingles
    # other report's index -> normalised start offsets of the shared shingles (for quoting)
    starts_in: dict[int, np.ndarray]


def overlaps(
    texts: Sequence[str], owners: Sequence[int], common_min: int, k: int = K
) -> list[Overlap]:
    """For each part (``texts[i]`` belonging to report ``owners[i]``), which other reports
    hold which share of it. Parts of one report never count against each other."""
    per_part = [shingle_hashes(t, k) for t in texts]
    sizes = np.array([h.size for h in per_part], dtype=np.int64)
    result = [Overlap(i, {}, 0, 0, {}) for i in range(len(texts))]
    if sizes.sum() == 0:
        return result
    hashes = np.concatenate(per_part)
    part_of = np.repeat(np.arange(len(texts), dtype=np.int32), sizes)
    doc_of = np.asarray(owners, dtype=np.int32)[part_of]
    pos = np.concatenate([np.arange(n, dtype=np.int32) for n in sizes])
    order = np.lexsort((doc_of, hashes))
    hashes, part_of, doc_of, pos = hashes[order], part_of[order], doc_of[order], pos[order]

    n = hashes.size
    new_hash = np.ones(n, dtype=bool)
    new_hash[1:] = hashes[1:] != hashes[:-1]
    new_doc = new_hash.copy()
    new_doc[1:] |= doc_of[1:] != doc_of[:-1]
    group_start = np.flatnonzero(new_hash)
    group_len = np.diff(np.append(group_start, n))
    group_docs = np.add.reduceat(new_doc.astype(np.int32), group_start)
    docs_here = np.repeat(group_docs, group_len)

    # Common text: per part, the characters its common shingles cover and how common.
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    common = docs_here >= common_min
    if common.any():
        c_part, c_pos, c_docs = part_of[common], pos[common], docs_here[common]
        o = np.lexsort((c_pos, c_part))
        c_part, c_pos, c_docs = c_part[o], c_pos[o], c_docs[o]
        chars, bounds = _union_lengths(c_part, c_pos, lengths[c_part], k)
        most = np.maximum.reduceat(c_docs, bounds)
        for b, n_chars, m in zip(bounds.tolist(), chars.tolist(), most.tolist(), strict=True):
            p = int(c_part[b])
            result[p].common_chars = n_chars
            result[p].common_reports = m

    # Shared by a few reports: every (part, other report) pair of each run of equal hashes.
    few = (docs_here >= 2) & (docs_here < common_min)
    if not few.any():
        return result
    starts_few = group_start[(group_docs >= 2) & (group_docs < common_min)]
    lens_few = group_len[(group_docs >= 2) & (group_docs < common_min)]
    a_part: list[np.ndarray] = []
    a_pos: list[np.ndarray] = []
    b_doc: list[np.ndarray] = []
    # Runs of equal length at once: a (runs × length) matrix of element indices, then every
    # ordered pair of columns. A run longer than a few times common_min is one shingle
    # repeated inside a report (a refrain) and says nothing about copying: left out.
    for length in np.unique(lens_few):
        if length > 4 * common_min:
            continue
        rows = starts_few[lens_few == length][:, None] + np.arange(length)[None, :]
        for x in range(length):
            for y in range(length):
                if x == y:
                    continue
                ix, iy = rows[:, x], rows[:, y]
                keep = doc_of[ix] != doc_of[iy]
                a_part.append(part_of[ix][keep])
                a_pos.append(pos[ix][keep])
                b_doc.append(doc_of[iy][keep])
    if not a_part:
        return result
    ap, apos, bd = np.concatenate(a_part), np.concatenate(a_pos), np.concatenate(b_doc)
    o = np.lexsort((apos, bd, ap))
    ap, apos, bd = ap[o], apos[o], bd[o]
    # One key per (part, other report): its runs are the pairs' groups.
    key = ap.astype(np.int64) * (int(bd.max()) + 1) + bd
    chars, bounds = _union_lengths(key, apos, lengths[ap], k)
    ends = np.append(bounds[1:], ap.size)
    for b, e, n_chars in zip(bounds.tolist(), ends.tolist(), chars.tolist(), strict=True):
        p, other = int(ap[b]), int(bd[b])
        result[p].found_in[other] = n_chars
        result[p].starts_in[other] = apos[b:e]
    return result


def _union_lengths(
    group: np.ndarray, starts: np.ndarray, limits: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per run of equal ``group`` (sorted by group, then start): the characters covered by
    the ranges [start, start + k) clipped to the run's text length; and the runs' first
    indices. All at once: each start covers up to the next start of its run (at most k),
    the last of a run up to k or the text's end."""
    n = group.size
    last = np.ones(n, dtype=bool)
    last[:-1] = group[1:] != group[:-1]
    step = np.empty(n, dtype=np.int64)
    step[:-1] = starts[1:].astype(np.int64) - starts[:-1]
    step[last] = (limits[last] - starts[last]).astype(np.int64)
    covered = np.minimum(np.maximum(step, 0), k)
    bounds = np.flatnonzero(np.r_[True, last[:-1]])
    return np.add.reduceat(covered, bounds), bounds
