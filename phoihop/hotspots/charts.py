"""The trend of a hot spot as a small server-drawn SVG line (no script, no inline style) and as the
rows of an accessible table (the weeks and their counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WIDTH, HEIGHT, PAD = 140, 36, 3


@dataclass(frozen=True)
class Week:
    start: dt.date
    end: dt.date
    count: int
    current: bool


@dataclass(frozen=True)
class Sparkline:
    points: str  # the polyline
    area: str  # the polygon under it
    window_x: float  # where the current window starts
    last_x: float
    last_y: float
    width: int
    height: int
    peak: int
    label: str
    weeks: list[Week]


def weeks_of(series: list[int], start: dt.datetime, window_weeks: int) -> list[Week]:
    out = []
    for i, count in enumerate(series):
        first = timezone.localtime(start + dt.timedelta(weeks=i))
        last = timezone.localtime(start + dt.timedelta(weeks=i + 1) - dt.timedelta(seconds=1))
        out.append(Week(first.date(), last.date(), int(count), i >= len(series) - window_weeks))
    return out


def sparkline(series: list[int], start: dt.datetime, window_weeks: int = 2) -> Sparkline:
    values = [int(v) for v in series] or [0]
    peak = max(values)
    n = len(values)
    step = (WIDTH - 2 * PAD) / max(n - 1, 1)
    scale = (HEIGHT - 2 * PAD) / peak if peak else 0

    def xy(i: int, v: int) -> tuple[float, float]:
        return round(PAD + i * step, 1), round(HEIGHT - PAD - v * scale, 1)

    coords = [xy(i, v) for i, v in enumerate(values)]
    points = " ".join(f"{x},{y}" for x, y in coords)
    base = HEIGHT - PAD
    area = f"{coords[0][0]},{base} {points} {coords[-1][0]},{base}"
    window_x = round(PAD + max(n - window_weeks, 0) * step - step / 2, 1) if n > window_weeks else PAD
    label = (
        f"Xu hướng {n} tuần: thấp nhất {min(values)}, cao nhất {peak}, "
        f"{window_weeks} tuần gần nhất {sum(values[-window_weeks:])} vấn đề"
    )
    return Sparkline(
        points=points,
        area=area,
        window_x=max(window_x, 0),
        last_x=coords[-1][0],
        last_y=coords[-1][1],
        width=WIDTH,
        height=HEIGHT,
        peak=peak,
        label=label,
        weeks=weeks_of(values, start, window_weeks),
    )
