"""Benchmark hook: one recomputation of every hot spot over all data, timed."""

from __future__ import annotations

import time


def recompute_scenario() -> dict:
    """Run `hotspots_recompute()` once; returns its result with the elapsed seconds."""
    from phoihop.hotspots.services import hotspots_recompute

    start = time.perf_counter()
    result = hotspots_recompute()
    return {**result, "seconds": round(time.perf_counter() - start, 3)}
