"""A roll-up's figures are the sum of its parts: the subordinates' submitted figures added field by field.

Numbers add; dictionaries add key by key; lists of rows add row by row on the row's label (a program
content, a topic, an area), keeping the first seen order then most first; lists of items (hot spots) are
put together. So every total of a roll-up equals the sum of the same total in the reports it rolls up.
"""

from __future__ import annotations

from typing import Any

# the label fields that identify a row of a table
ROW_KEYS = ("program", "number", "content", "topic", "area", "organization", "form", "kind", "month")
ITEM_LISTS = ("items",)  # lists that are put together, not added


def _row_key(row: dict) -> tuple:
    return tuple(row[k] for k in ROW_KEYS if k in row and (k == "number" or not isinstance(row[k], int | float)))


def _add(a: Any, b: Any, name: str = "") -> Any:
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, bool) or isinstance(b, bool):
        return a or b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: _add(a.get(k), b.get(k), k) for k in {**a, **b}}
    if isinstance(a, list) and isinstance(b, list):
        if name in ITEM_LISTS or not all(isinstance(r, dict) for r in a + b):
            return a + b
        merged: dict[tuple, dict] = {}
        for row in a + b:
            key = _row_key(row)
            merged[key] = _add(merged.get(key), row)
        return list(merged.values())
    return a  # labels (strings): the first part's


def sum_figures(parts: list[dict]) -> dict:
    """The figures of a roll-up: every part's `current` and `previous` added together."""
    total: dict = {}
    for part in parts:
        total = _add(total, {"current": part.get("current", {}), "previous": part.get("previous", {})})
    total.setdefault("current", {})
    total.setdefault("previous", {})
    # tables are read most first
    for block in (total["current"], total["previous"]):
        concerns = block.get("concerns") or {}
        for table, field in (("by_topic", "received"), ("by_area", "received")):
            if table in concerns:
                concerns[table].sort(key=lambda r, f=field: -r.get(f, 0))
    return total
