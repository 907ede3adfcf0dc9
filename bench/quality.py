"""`python -m bench.quality`: how good topic suggestion and duplicate detection are, how fast ranking is.

Pure functions over the labelled data in phoihop/concerns/data/: no database, no Django settings.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time

from bench.report import percentile
from phoihop.concerns import classifier, similarity

COLUMNS = ["chỉ số / measure", "giá trị / value", "ghi chú / note"]
CANDIDATES = 300
WORDS = 60


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def topic_rows(seed: int, seeds: int) -> list[list[str]]:
    result = classifier.evaluate(seed=seed)
    rows = [
        ["Gợi ý chủ đề / topic suggestion", "", ""],
        ["  tập huấn luyện / train", str(result["train_size"]), "ví dụ / examples"],
        ["  tập kiểm tra / test", str(result["test_size"]), f"giữ lại 20%, phân tầng / stratified, seed {seed}"],
        ["  lá / leaf @1", _pct(result["leaf_accuracy_at_1"]), ""],
        ["  lá / leaf @3", _pct(result["leaf_accuracy_at_3"]), ""],
        ["  cấp 1 / top level @1", _pct(result["top_accuracy_at_1"]), ""],
    ]
    if seeds > 1:
        runs = [classifier.evaluate(seed=s) for s in range(seeds)]
        for key, label in [
            ("leaf_accuracy_at_1", "lá / leaf @1"),
            ("leaf_accuracy_at_3", "lá / leaf @3"),
            ("top_accuracy_at_1", "cấp 1 / top level @1"),
        ]:
            values = [r[key] for r in runs]
            rows.append(
                [f"  {label}, {seeds} lần chia / splits", _pct(statistics.mean(values)), f"min {_pct(min(values))}"]
            )
    examples = classifier.load_examples()
    wall, cpu = _timed(classifier.train, [examples] * 5)
    rows.append(
        [
            "  huấn luyện / training",
            f"{statistics.median(cpu):.0f} ms",
            f"CPU, trung vị / median (wall {statistics.median(wall):.0f} ms), {len(examples)} ví dụ / examples",
        ]
    )
    return rows


def duplicate_rows(folds: int) -> list[list[str]]:
    pairs = similarity.load_pairs()
    scores = similarity.pair_scores(pairs)
    positives = sum(same for _, _, same in pairs)
    at = similarity.precision_recall(scores, similarity.DUPLICATE_THRESHOLD)
    cv = similarity.cross_validated(pairs, folds=folds, seed=0)
    thresholds = ", ".join(f"{t:.2f}" for t in cv["thresholds"])
    return [
        ["Phát hiện trùng / duplicate detection", "", ""],
        ["  cặp có nhãn / labelled pairs", str(len(pairs)), f"{positives} trùng / same, {len(pairs) - positives} khác"],
        [
            f"  ngưỡng / threshold {similarity.DUPLICATE_THRESHOLD:.2f}",
            f"P {_pct(at['precision'])}  R {_pct(at['recall'])}  F1 {_pct(at['f1'])}",
            "trên mọi cặp: ngưỡng chọn trên chính các cặp này / all pairs, threshold tuned on them",
        ],
        [
            f"  ngưỡng kiểm chéo / {folds}-fold threshold",
            f"P {_pct(cv['precision'])}  R {_pct(cv['recall'])}  F1 {_pct(cv['f1'])}",
            f"ngưỡng theo fold / per fold: {thresholds}; trọng số cố định / weights fixed",
        ],
    ]


def _candidate_signatures(n: int, words: int, rng: random.Random) -> list[str]:
    """Signatures of about `words` words, made of the labelled examples (realistic vocabulary)."""
    pool = [similarity.signature(text) for text, _ in classifier.load_examples()]
    out = []
    for _ in range(n):
        got: list[str] = []
        while len(got) < words:
            got += rng.choice(pool).split()
        out.append(" ".join(got[:words]))
    return out


def ranking_rows(repeat: int) -> list[list[str]]:
    rng = random.Random(0)
    sigs = _candidate_signatures(CANDIDATES + repeat, WORDS, rng)
    candidates = [(i, sig, rng.uniform(0, similarity.MAX_BONUS)) for i, sig in enumerate(sigs[:CANDIDATES])]
    queries = sigs[CANDIDATES:]
    similarity.rank(queries[0], candidates)  # signatures seen once, as in a running process
    warm, warm_cpu = _timed(lambda q: similarity.rank(q, candidates), queries)

    def unseen_call(q: str) -> None:
        similarity._parts.cache_clear()  # every candidate parsed again; the word-level cache is kept
        similarity.rank(q, candidates)

    unseen, unseen_cpu = _timed(unseen_call, queries[: max(5, len(queries) // 10)])
    return [
        [f"Xếp hạng / ranking {CANDIDATES} × ~{WORDS} từ", "", ""],
        [
            "  chữ ký đã gặp / signatures seen",
            f"{statistics.median(warm_cpu):.2f} ms",
            f"CPU, trung vị / median (wall {statistics.median(warm):.2f}, p95 {percentile(warm, 95):.2f} ms), "
            f"n={len(warm)}; mục tiêu / target ≤ 5 ms",
        ],
        [
            "  chữ ký mới / signatures unseen",
            f"{statistics.median(unseen_cpu):.2f} ms",
            f"CPU, trung vị / median (wall {statistics.median(unseen):.2f} ms), n={len(unseen)}; "
            "mỗi chữ ký phân tích lại / every signature parsed",
        ],
    ]


def _timed(fn, args: list) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of fn(a) for each a (CPU time is what one core spends, whatever
    else the machine is doing)."""
    wall, cpu = [], []
    for a in args:
        started, started_cpu = time.perf_counter(), time.process_time()
        fn(a)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [COLUMNS, *rows]) for i in range(2)]

    def line(r: list[str]) -> str:
        return f"{r[0].ljust(widths[0])}  {r[1].rjust(widths[1])}  {r[2]}".rstrip()

    rule = "-" * (widths[0] + widths[1] + 20)
    return "\n".join([line(COLUMNS), rule, *(line(r) for r in rows)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="split of the topic examples")
    parser.add_argument("--seeds", type=int, default=10, help="splits averaged over (1: only --seed)")
    parser.add_argument("--folds", type=int, default=5, help="folds for the threshold of duplicate detection")
    parser.add_argument("--repeat", type=int, default=200, help="timed ranking calls")
    args = parser.parse_args(argv)

    rows = topic_rows(args.seed, args.seeds) + duplicate_rows(args.folds) + ranking_rows(args.repeat)
    print(
        f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.2f}\n"
    )
    print(table(rows))


if __name__ == "__main__":
    main()
