"""Topic suggestion for a concern: which leaf topics of the taxonomy a text is most likely about.

A nearest-centroid (Rocchio) model: each text becomes a TF-IDF vector over its folded words
(`core.text.fold`: accents, case and đ do not matter) and adjacent word pairs; each topic is the
normalised sum of its examples' vectors; a text is scored by its cosine to every topic. On the labelled
examples of `data/topic_examples.jsonl` (short, varied texts, about 27 per topic) it did better in
held-out trials than multinomial and complement Naive Bayes, k nearest neighbours and an averaged
perceptron; `bench/quality.py` prints its figures. Training takes about 0.2 s of CPU, so the model is
built on first use and kept for the life of the process. The scores are a softmax of the cosines: they rank
the topics and sum to at most 1, but are not calibrated probabilities; the officer chooses the topic.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from phoihop.core.text import fold

EXAMPLES_PATH = Path(__file__).resolve().parent / "data" / "topic_examples.jsonl"

SHARPNESS = 20.0  # cosines are multiplied by this before the softmax that turns them into scores
MAX_CHARS = 5000  # a pasted document is judged by its beginning

_NON_WORD = re.compile(r"[^0-9a-z]+")


def features(text: str) -> list[str]:
    """Folded words and adjacent word pairs of `text` (IDF weighting takes care of the common ones)."""
    words = [w for w in _NON_WORD.split(fold(text[:MAX_CHARS])) if w]
    unigrams = [w for w in words if len(w) > 1]
    bigrams = [f"{a}_{b}" for a, b in itertools.pairwise(words)]
    return unigrams + bigrams


def top_level(code: str) -> str:
    """'dat-dai.thu-hoi' → 'dat-dai'."""
    return code.split(".", 1)[0]


def _vector(feats: list[str], idf: dict[str, float]) -> dict[str, float]:
    """Sub-linear TF × IDF over the known features, L2-normalised."""
    tf = Counter(f for f in feats if f in idf)
    v = {f: (1.0 + math.log(n)) * idf[f] for f, n in tf.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {f: x / norm for f, x in v.items()}


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    idf: dict[str, float]
    # inverted centroids: feature → ((class index, weight), ...)
    postings: dict[str, tuple[tuple[int, float], ...]]

    def predict(self, text: str) -> list[tuple[str, float]]:
        """Every class with its score, best first; [] when the text has no known word."""
        v = _vector(features(text or ""), self.idf)
        if not v:
            return []
        cosines = [0.0] * len(self.classes)
        for f, x in v.items():
            for i, w in self.postings.get(f, ()):
                cosines[i] += w * x
        top = max(cosines)
        weights = [math.exp(SHARPNESS * (c - top)) for c in cosines]
        total = sum(weights)
        scored = zip(self.classes, (w / total for w in weights), strict=True)
        return sorted(scored, key=lambda p: (-p[1], p[0]))


def train(examples: list[tuple[str, str]]) -> Model:
    """A model from (text, leaf code) pairs."""
    docs = [(features(text), code) for text, code in examples]
    df: Counter[str] = Counter()
    for feats, _ in docs:
        df.update(set(feats))
    n = len(docs)
    idf = {f: math.log(n / d) + 1.0 for f, d in df.items()}
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    for feats, code in docs:
        sums[code].update(_vector(feats, idf))
    classes = tuple(sorted(sums))
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, code in enumerate(classes):
        norm = math.sqrt(sum(x * x for x in sums[code].values())) or 1.0
        for f, x in sums[code].items():
            postings[f].append((i, x / norm))
    return Model(classes=classes, idf=idf, postings={f: tuple(p) for f, p in postings.items()})


def load_examples(path: Path = EXAMPLES_PATH) -> list[tuple[str, str]]:
    """The labelled examples as (text, leaf code) pairs, in file order."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append((row["text"], row["topic"]))
    return out


@functools.cache
def default_model() -> Model:
    return train(load_examples())


def suggest_topics(text: str, limit: int = 3) -> list[tuple[str, float]]:
    """The `limit` most likely leaf codes for `text` with their scores in [0, 1], best first."""
    if not text or not text.strip() or limit <= 0:
        return []
    # rounded down, so that the scores shown still sum to at most 1
    return [(code, math.floor(score * 10_000) / 10_000) for code, score in default_model().predict(text)[:limit]]


def split(examples: list[tuple[str, str]], seed: int = 0, holdout: float = 0.2):
    """A stratified split: from each topic, round(n × holdout) examples (at least one) are held back."""
    by_topic: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for ex in examples:
        by_topic[ex[1]].append(ex)
    rng = random.Random(seed)
    train_set, test_set = [], []
    for code in sorted(by_topic):
        items = by_topic[code][:]
        rng.shuffle(items)
        k = max(1, round(len(items) * holdout)) if len(items) > 1 else 0
        test_set += items[:k]
        train_set += items[k:]
    return train_set, test_set


def evaluate(seed: int = 0, holdout: float = 0.2) -> dict:
    """Accuracy on a stratified held-back split of the examples: leaf @1 and @3, top level @1."""
    train_set, test_set = split(load_examples(), seed, holdout)
    model = train(train_set)
    at1 = at3 = top1 = 0
    for text, code in test_set:
        ranked = [c for c, _ in model.predict(text)[:3]]
        if ranked:
            at1 += ranked[0] == code
            at3 += code in ranked
            top1 += top_level(ranked[0]) == top_level(code)
    n = len(test_set) or 1
    return {
        "leaf_accuracy_at_1": at1 / n,
        "leaf_accuracy_at_3": at3 / n,
        "top_accuracy_at_1": top1 / n,
        "train_size": len(train_set),
        "test_size": len(test_set),
    }
