"""Text similarity for spotting concerns that describe the same matter (duplicate detection).

`signature` turns a text into a compact folded form, stored with the concern: accents, case, đ and
punctuation are gone, and so are the words that every concern uses (function words and the wording of
petitions: "cử tri phản ánh", "đề nghị xem xét"...). `similarity` compares two signatures by

- the overlap of their sets of words (order does not matter),
- the overlap of their adjacent word pairs ("giai phong", "mat bang": Vietnamese compounds),
- the overlap of the character trigrams of their words, which forgives a dropped or swapped letter.

Each overlap is a Dice coefficient (2 × shared / (size a + size b)). The weights and
`DUPLICATE_THRESHOLD` were chosen on the labelled pairs in `data/duplicate_pairs.jsonl`: giving the
word sets most of the weight did best there (blending in the overlap coefficient, shared / smaller set,
to favour a short note against a long petition, did not help); `bench/quality.py` reports precision and
recall at the threshold, and with a threshold chosen by cross-validation.

Signatures are parsed into bit masks once and kept in a bounded cache: ranking 300 candidates of
60 words that have been seen before takes about 2 ms of CPU; a signature never seen costs its parsing
(about 0.1 to 0.2 ms) on top (`bench/quality.py` measures both).
"""

from __future__ import annotations

import functools
import json
import random
import re
import zlib
from pathlib import Path

from phoihop.core.text import fold

MAX_SIGNATURE = 600  # characters; the column holding a signature is this long
DUPLICATE_THRESHOLD = 0.42
MAX_BONUS = 0.15  # the caller's context bonus (same unit, same topic, recent) is clamped to this

# weights of the three overlaps in the score (they sum to 1)
WORD_WEIGHT = 0.70
BIGRAM_WEIGHT = 0.10
TRIGRAM_WEIGHT = 0.20

_NON_WORD = re.compile(r"[^0-9a-z]+")

# folded words that say nothing about which matter a text is about; a folded word often stands for
# several words ("giá" and "gia", "hôi" and "hỏi", "đường" and "được"), so only those whose every
# reading is filler are listed
STOP_WORDS_TEXT = """
va cua la cac nhung o tai da duoc cho voi nguoi dan ve thi co khong ko k ma de nay kia mot nhieu rat
qua cung con roi nen vi khi ngoai ra vao len tu theo tren duoi truoc nhu bi se dang van chua moi hay
hoac neu tuy nhien het nao gi ai nua thoi tinh huyen xa phuong thon to xom pho tri anh xem xet ba
hien hotline facebook zalo
"""
STOP_WORDS = frozenset(STOP_WORDS_TEXT.split())


# the wording of petitions and reports, dropped as whole phrases (their words alone can carry meaning)
STOP_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "cu tri",
        "phan anh",
        "de nghi",
        "kien nghi",
        "xem xet",
        "giai quyet",
        "nguoi dan",
        "nhan dan",
        "ba con",
        "ho dan",
        "ho gia dinh",
        "chinh quyen",
        "co quan chuc nang",
        "cac cap",
        "cac nganh",
        "dia phuong",
        "tinh trang",
        "hien nay",
        "duong day nong",
        "mang xa hoi",
    )
)
_PHRASE_LENGTHS = sorted({len(p) for p in STOP_PHRASES}, reverse=True)


def signature(text: str | None) -> str:
    """The folded words of `text` that carry meaning, in order, at most `MAX_SIGNATURE` characters."""
    words = [w for w in _NON_WORD.split(fold(text or "")) if w]
    out: list[str] = []
    length = -1
    i = 0
    while i < len(words):
        n = next((n for n in _PHRASE_LENGTHS if tuple(words[i : i + n]) in STOP_PHRASES), 0)
        if n:
            i += n
            continue
        w = words[i]
        i += 1
        if w in STOP_WORDS or (out and w == out[-1]):
            continue
        if length + 1 + len(w) > MAX_SIGNATURE:
            break
        out.append(w)
        length += 1 + len(w)
    return " ".join(out)


# Feature sets are kept as bit masks (Python ints) over a fixed space of 2**13 positions given by CRC-32,
# so that an overlap is one AND and one bit count. CRC-32 keeps positions the same in every process; a
# collision (two different features on one bit) is rare at these set sizes (a few dozen words, about
# a hundred trigrams): against exact sets, scores on the labelled pairs differ by 0.0004 on average and
# by 0.02 at most.
_BITS = 13
_SPACE = 1 << _BITS
_LOW = _SPACE - 1


_Bits = tuple[tuple[int, int], ...]  # (byte index, bit value) pairs in a mask of _SPACE bits


@functools.lru_cache(maxsize=65536)
def _word(word: str) -> tuple[int, int, int, _Bits]:
    """CRC-32 of a word, the byte and bit of its position, and those of its character trigrams."""
    h = zlib.crc32(word.encode())
    padded = f" {word} "
    trigrams = sorted({zlib.crc32(padded[i : i + 3].encode()) & _LOW for i in range(len(padded) - 2)})
    pos = h & _LOW
    return h, pos >> 3, 1 << (pos & 7), tuple((t >> 3, 1 << (t & 7)) for t in trigrams)


@functools.lru_cache(maxsize=8192)
def _parts(sig: str) -> tuple[int, int, int, int, int, int]:
    """Bit masks and their sizes: words, adjacent word pairs, word character trigrams of a signature."""
    word_bytes = bytearray(_SPACE >> 3)
    pair_bytes = bytearray(_SPACE >> 3)
    trigram_bytes = bytearray(_SPACE >> 3)
    previous = None
    for w in sig.split():
        h, i, bit, trigrams = _word(w)
        word_bytes[i] |= bit
        for j, tbit in trigrams:
            trigram_bytes[j] |= tbit
        if previous is not None:
            pos = (((previous * 0x9E3779B1) ^ h) >> 11) & _LOW
            pair_bytes[pos >> 3] |= 1 << (pos & 7)
        previous = h
    words = int.from_bytes(word_bytes, "little")
    pairs = int.from_bytes(pair_bytes, "little")
    trigrams_mask = int.from_bytes(trigram_bytes, "little")
    return words, words.bit_count(), pairs, pairs.bit_count(), trigrams_mask, trigrams_mask.bit_count()


def _score(q: tuple[int, int, int, int, int, int], c: tuple[int, int, int, int, int, int]) -> float:
    """Weighted Dice coefficients of the three feature sets."""
    score = 0.0
    if q[1] and c[1]:
        score += WORD_WEIGHT * 2.0 * (q[0] & c[0]).bit_count() / (q[1] + c[1])
    if q[3] and c[3]:
        score += BIGRAM_WEIGHT * 2.0 * (q[2] & c[2]).bit_count() / (q[3] + c[3])
    elif not q[3] and not c[3] and q[1] and c[1]:  # two one-word signatures: the words stand for the pairs
        score += BIGRAM_WEIGHT * 2.0 * (q[0] & c[0]).bit_count() / (q[1] + c[1])
    if q[5] and c[5]:
        score += TRIGRAM_WEIGHT * 2.0 * (q[4] & c[4]).bit_count() / (q[5] + c[5])
    return score


def similarity(sig_a: str, sig_b: str) -> float:
    """How alike two signatures are, in [0, 1]; 1 for the same words in the same order."""
    if not sig_a or not sig_b:
        return 0.0
    return min(_score(_parts(sig_a), _parts(sig_b)), 1.0)


def rank(query_sig: str, candidates: list[tuple[int, str, float]], limit: int = 5) -> list[tuple[int, float]]:
    """The candidates (id, signature, context bonus) that look like the same matter, best first.

    A candidate is kept when its similarity plus its bonus (clamped to [0, `MAX_BONUS`]) reaches
    `DUPLICATE_THRESHOLD`; the score returned is that sum, capped at 1. Ties keep the given order.
    """
    if not query_sig or limit <= 0:
        return []
    q = _parts(query_sig)
    found: list[tuple[float, int, int]] = []
    for order, (ident, sig, bonus) in enumerate(candidates):
        if not sig:
            continue
        score = _score(q, _parts(sig)) + (MAX_BONUS if bonus > MAX_BONUS else bonus if bonus > 0.0 else 0.0)
        if score >= DUPLICATE_THRESHOLD:
            found.append((-min(score, 1.0), order, ident))
    found.sort()
    return [(ident, -neg) for neg, _, ident in found[:limit]]


# Evaluation on the labelled pairs (used by the tests and by bench/quality.py).

PAIRS_PATH = Path(__file__).resolve().parent / "data" / "duplicate_pairs.jsonl"


def load_pairs(path: Path = PAIRS_PATH) -> list[tuple[str, str, bool]]:
    """The labelled pairs as (text a, text b, same matter?)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append((row["a"], row["b"], bool(row["duplicate"])))
    return out


def pair_scores(pairs: list[tuple[str, str, bool]]) -> list[tuple[float, bool]]:
    return [(similarity(signature(a), signature(b)), same) for a, b, same in pairs]


def precision_recall(scores: list[tuple[float, bool]], threshold: float) -> dict:
    """Precision, recall and F1 of "score ≥ threshold" as the duplicate test."""
    tp = sum(1 for s, same in scores if s >= threshold and same)
    fp = sum(1 for s, same in scores if s >= threshold and not same)
    fn = sum(1 for s, same in scores if s < threshold and same)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def best_threshold(scores: list[tuple[float, bool]]) -> float:
    """The threshold (a multiple of 0.01) with the best F1 on `scores`; the lowest of equals."""
    return max((precision_recall(scores, t / 100)["f1"], -t) for t in range(1, 100))[1] / -100


def cross_validated(pairs: list[tuple[str, str, bool]], folds: int = 5, seed: int = 0) -> dict:
    """Precision, recall and F1 when each fold is judged with the threshold chosen on the other folds."""
    scores = pair_scores(pairs)
    order = list(range(len(scores)))
    random.Random(seed).shuffle(order)
    judged: list[tuple[bool, bool]] = []  # (predicted, actual)
    thresholds = []
    for k in range(folds):
        held = set(order[k::folds])
        threshold = best_threshold([scores[i] for i in order if i not in held])
        thresholds.append(threshold)
        judged += [(scores[i][0] >= threshold, scores[i][1]) for i in sorted(held)]
    result = precision_recall([(1.0 if p else 0.0, a) for p, a in judged], 0.5)
    return {**result, "thresholds": thresholds}
