"""Benchmark harness: a synthetic national data set and timed scenarios against their SQL floor.

Run with `make bench SCALE=province|national DB=sqlite|postgres`; see bench/README.md.
"""
