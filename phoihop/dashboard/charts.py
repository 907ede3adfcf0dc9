"""Geometry of the dashboard's charts, drawn by the template as inline SVG (no JavaScript, no inline style:
the colours are CSS classes). Coordinates are in the SVG's own units; the SVG scales to its box
(viewBox + width 100%), so the same drawing serves 1280 px and 375 px."""

from __future__ import annotations

from dataclasses import dataclass, field

from phoihop.core.text import vn_number

WIDTH = 400  # viewBox width
ROW = 44  # one horizontal bar: its label line and the bar below it
BAR = 15
TOP = 4


@dataclass
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float


@dataclass
class Row:
    label: str
    total: int
    label_y: float
    bar_y: float
    segments: list[Segment] = field(default_factory=list)
    value_x: float = 0.0
    value_y: float = 0.0
    value_text: str = ""


@dataclass
class HBars:
    """Horizontal bars, stacked when there are several series."""

    rows: list[Row]
    height: int
    width: int = WIDTH
    bar: int = BAR


def hbars(items: list[tuple[str, dict]], series: list[tuple[str, str]]) -> HBars:
    """`items`: (label, {series key: value}); `series`: (key, label) in stacking order."""
    totals = [sum(int(values.get(k) or 0) for k, _ in series) for _, values in items]
    scale_max = max(totals, default=0) or 1
    usable = WIDTH - 48  # room for the number after the longest bar
    rows = []
    for i, ((label, values), total) in enumerate(zip(items, totals, strict=True)):
        y = TOP + i * ROW
        row = Row(label=label, total=total, label_y=y + 16, bar_y=y + 22)
        x = 0.0
        for key, name in series:
            value = int(values.get(key) or 0)
            if value:
                w = usable * value / scale_max
                row.segments.append(Segment(key=key, label=name, value=value, x=round(x, 2), width=round(w, 2)))
                x += w
        row.value_x = round(x + 4, 2)
        row.value_y = row.bar_y + 12
        row.value_text = vn_number(total)
        rows.append(row)
    return HBars(rows=rows, height=max(TOP + len(rows) * ROW, ROW))


@dataclass
class Column:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    value_y: float
    value_text: str


@dataclass
class Columns:
    columns: list[Column]
    height: int
    baseline: float
    width: int = WIDTH


def columns(items: list[tuple[str, int]], *, height: int = 180) -> Columns:
    """Vertical columns (the monthly trend); labels under the baseline, values above the columns."""
    n = max(len(items), 1)
    slot = WIDTH / n
    baseline = height - 22
    usable = baseline - 18
    top = max((v for _, v in items), default=0) or 1
    cols = []
    for i, (label, value) in enumerate(items):
        h = usable * value / top
        x = i * slot + slot * 0.15
        cols.append(
            Column(
                label=label,
                value=value,
                x=round(x, 2),
                y=round(baseline - h, 2),
                width=round(slot * 0.7, 2),
                height=round(h, 2),
                label_x=round(i * slot + slot / 2, 2),
                value_y=round(baseline - h - 4, 2),
                value_text=vn_number(value),
            )
        )
    return Columns(columns=cols, height=height, baseline=baseline)
