"""The detection rule on weekly counts (history of 12 weeks, then the current window of 2 weeks)."""

from phoihop.hotspots.rules import DEFAULTS, read

HISTORY = 12


def series(history: list[int], current: list[int]) -> list[int]:
    return history + current


def test_a_rise_against_a_quiet_history_fires():
    r = read(series([0] * HISTORY, [1, 7]), min_count=5, cfg=DEFAULTS)
    assert r.fires and r.current == 8 and r.mean == 0 and r.ratio is None


def test_too_few_concerns_never_fire_however_quiet_the_history():
    r = read(series([0] * HISTORY, [2, 2]), min_count=5, cfg=DEFAULTS)
    assert not r.fires


def test_a_steady_busy_area_is_not_a_hot_spot():
    r = read(series([5] * HISTORY, [5, 6]), min_count=5, cfg=DEFAULTS)
    assert r.mean == 10 and r.ratio == 1.1 and not r.fires


def test_a_significant_rise_in_a_busy_area_fires_on_the_z_score():
    # baseline 100 per fortnight: 135 is below 3 × baseline but z = 35 / 10 = 3.5
    r = read(series([50] * HISTORY, [70, 65]), min_count=5, cfg=DEFAULTS)
    assert r.ratio < 3 and r.z >= 3 and r.fires


def test_a_bursty_area_needs_more_than_its_usual_bursts():
    bursty = [0, 0, 12, 12, 0, 0, 12, 12, 0, 0, 12, 12]  # periods 0, 24, 0, 24, 0, 24: mean 12, sd 12
    assert not read(series(bursty, [10, 12]), min_count=5, cfg=DEFAULTS).fires
    assert read(series(bursty, [30, 30]), min_count=5, cfg=DEFAULTS).fires


def test_thresholds_come_from_settings(settings):
    from phoihop.hotspots.rules import rules

    settings.HOTSPOTS = {"MIN_COUNT": 20}
    assert rules()["MIN_COUNT"] == 20 and rules()["RATIO"] == DEFAULTS["RATIO"]
