"""The detection rule of hot spots, as pure functions over weekly counts (docs/adr/0015-hot-spots.md).

Counts are taken per topic group and area in weeks counted back from "now" (rolling, not calendar weeks):
the last `WINDOW_WEEKS` weeks are the current window, the `HISTORY_WEEKS` weeks before it the history.
The baseline is the mean count per window-long period of the history. A trend warning fires when

    current ≥ MIN_COUNT  and  (current ≥ RATIO × baseline  or  z ≥ Z)

with z = (current − baseline) / √max(baseline, variance of the history's periods, 1): a Poisson-style
score that tolerates areas whose counts are naturally bursty. Thresholds can be overridden with the
`HOTSPOTS` setting (a dict with the keys of DEFAULTS).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    "WINDOW_WEEKS": 2,  # the current window: 14 days
    "HISTORY_WEEKS": 12,  # compared with the 12 weeks before it
    "MIN_COUNT": 5,  # a commune needs at least this many concerns in the window
    "PROVINCE_MIN_COUNT": 10,  # a province (after its communes' own warnings are taken out)
    "RATIO": 3.0,  # current ≥ 3 × baseline …
    "Z": 3.0,  # … or a Poisson-style z ≥ 3
    "SEVERITY": 3,  # one concern of this severity or more opens a warning at once
    "REOPEN_GROWTH": 1.5,  # within a window after a person closed it: only if counts reach 1.5 × the peak
    "SUMMARY_AFTER": 3,  # more new warnings than this for the same recipients in one run: one summary notice
}


def rules() -> dict:
    return DEFAULTS | dict(getattr(settings, "HOTSPOTS", {}) or {})


@dataclass(frozen=True)
class Reading:
    current: int
    mean: float
    std: float
    ratio: float | None
    z: float
    fires: bool


def read(weeks: list[int], *, min_count: int, cfg: dict | None = None) -> Reading:
    """Evaluate one series of weekly counts (oldest first, history then the current window)."""
    cfg = cfg or rules()
    window = cfg["WINDOW_WEEKS"]
    current = sum(weeks[-window:])
    history = weeks[:-window]
    periods = [sum(history[i : i + window]) for i in range(0, len(history) - window + 1, window)] or [0]
    mean = sum(periods) / len(periods)
    variance = sum((p - mean) ** 2 for p in periods) / len(periods)
    z = (current - mean) / math.sqrt(max(mean, variance, 1.0))
    ratio = current / mean if mean > 0 else None
    fires = current >= min_count and (current >= cfg["RATIO"] * mean or z >= cfg["Z"])
    return Reading(current=current, mean=mean, std=math.sqrt(variance), ratio=ratio, z=z, fires=fires)
