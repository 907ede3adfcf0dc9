"""Percentiles, the printed table and the JSON file of one benchmark run."""

from __future__ import annotations

import json
import math
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
COLUMNS = ["operation", "n", "p50 ms", "p95 ms", "floor p50 ms", "floor p95 ms", "ratio"]


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(name: str, app: list[float], floor: list[float]) -> dict:
    """Percentiles of the operation and of its floor; the floor's are None when it has none (empty `floor`)."""
    row = {
        "operation": name,
        "n": len(app),
        "p50_ms": percentile(app, 50),
        "p95_ms": percentile(app, 95),
        "floor_p50_ms": percentile(floor, 50) if floor else None,
        "floor_p95_ms": percentile(floor, 95) if floor else None,
    }
    row["ratio"] = row["p95_ms"] / row["floor_p95_ms"] if row["floor_p95_ms"] else None
    return row


def _cells(row: dict) -> list[str]:
    ratio = f"{row['ratio']:.1f}×" if row["ratio"] is not None else "—"
    ms = ["—" if row[k] is None else f"{row[k]:.2f}" for k in ("p50_ms", "p95_ms", "floor_p50_ms", "floor_p95_ms")]
    return [row["operation"], str(row["n"]), *ms, ratio]


def table(rows: list[dict]) -> str:
    cells = [COLUMNS, *(_cells(r) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]

    def line(c: list[str]) -> str:
        return "  ".join(c[0].ljust(widths[0]) if i == 0 else c[i].rjust(widths[i]) for i in range(len(c)))

    rule = "-" * len(line(COLUMNS))
    return "\n".join([line(COLUMNS), rule, *(line(c) for c in cells[1:])])


def write_json(result: dict, stamp: str, scale: str, db: str) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{stamp}-{scale}-{db}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return path
