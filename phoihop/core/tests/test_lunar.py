"""The Vietnamese lunar calendar against dates published in Vietnamese calendars."""

import datetime as dt

import pytest

from phoihop.core.lunar import leap_month, lunar_from_solar, solar_from_lunar

D = dt.date


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        (2020, D(2020, 1, 25)),
        (2021, D(2021, 2, 12)),
        (2022, D(2022, 2, 1)),
        (2023, D(2023, 1, 22)),
        (2024, D(2024, 2, 10)),
        (2025, D(2025, 1, 29)),
        (2026, D(2026, 2, 17)),
        (2027, D(2027, 2, 6)),
        (2028, D(2028, 1, 26)),
    ],
)
def test_tet_is_the_first_day_of_the_first_month(year, tet):
    assert solar_from_lunar(year, 1, 1) == tet
    assert lunar_from_solar(tet) == (year, 1, 1, False)


@pytest.mark.parametrize(
    ("year", "vietnam", "china"),
    [
        (1968, D(1968, 1, 29), D(1968, 1, 30)),  # the North had just moved to UTC+7
        (1985, D(1985, 1, 21), D(1985, 2, 20)),  # a whole month apart
        (2007, D(2007, 2, 17), D(2007, 2, 18)),  # new moon at 23:14 in Hà Nội, 00:14 in Beijing
        (2030, D(2030, 2, 2), D(2030, 2, 3)),  # new moon at 23:07 in Hà Nội, 00:07 in Beijing
    ],
)
def test_days_are_counted_in_vietnam_time_not_chinese_time(year, vietnam, china):
    assert solar_from_lunar(year, 1, 1) == vietnam
    assert solar_from_lunar(year, 1, 1, tz=8) == china


@pytest.mark.parametrize(
    ("year", "gio_to"),
    [
        (2022, D(2022, 4, 10)),
        (2023, D(2023, 4, 29)),  # after a leap second month
        (2024, D(2024, 4, 18)),
        (2025, D(2025, 4, 7)),
        (2026, D(2026, 4, 26)),
    ],
)
def test_gio_to_hung_vuong_is_the_tenth_of_the_third_month(year, gio_to):
    assert solar_from_lunar(year, 3, 10) == gio_to


def test_mid_autumn():
    assert solar_from_lunar(2024, 8, 15) == D(2024, 9, 17)
    assert solar_from_lunar(2025, 8, 15) == D(2025, 10, 6)


@pytest.mark.parametrize(("year", "month"), [(2020, 4), (2023, 2), (2025, 6), (2021, None), (2024, None), (2026, None)])
def test_leap_months(year, month):
    assert leap_month(year) == month
    if month:
        assert lunar_from_solar(solar_from_lunar(year, month, 15, leap=True)) == (year, month, 15, True)


def test_a_leap_month_follows_the_month_it_repeats():
    assert solar_from_lunar(2025, 6, 1, leap=True) == D(2025, 7, 25)
    assert solar_from_lunar(2025, 7, 1) == D(2025, 8, 23)
    assert lunar_from_solar(D(2025, 8, 1)) == (2025, 6, 8, True)
    assert lunar_from_solar(D(2025, 7, 1)) == (2025, 6, 7, False)
    assert solar_from_lunar(2023, 2, 1, leap=True) == D(2023, 3, 22)


def test_a_leap_eleventh_month_2033():
    assert leap_month(2033) == 11
    first = solar_from_lunar(2033, 11, 1)
    leap = solar_from_lunar(2033, 11, 1, leap=True)
    assert 29 <= (leap - first).days <= 30
    assert lunar_from_solar(leap) == (2033, 11, 1, True)


def test_the_year_ends_on_the_29th_when_the_twelfth_month_is_short():
    # Giáp Thìn had no "30 Tết": 28/01/2025 was the 29th of the twelfth month
    assert lunar_from_solar(D(2025, 1, 28)) == (2024, 12, 29, False)
    with pytest.raises(ValueError):
        solar_from_lunar(2024, 12, 30)


@pytest.mark.parametrize(
    "args", [(2024, 6, 1, True), (2025, 5, 1, True), (2025, 13, 1), (2025, 0, 1), (2025, 1, 31), (2025, 1, 0)]
)
def test_dates_that_do_not_exist_are_refused(args):
    with pytest.raises(ValueError):
        solar_from_lunar(*args)


def test_every_day_converts_back_and_forth():
    day, leaps = D(2000, 1, 1), set()
    while day < D(2040, 1, 1):
        year, month, d, leap = lunar_from_solar(day)
        assert 1 <= d <= 30 and 1 <= month <= 12
        assert solar_from_lunar(year, month, d, leap) == day
        if leap:
            leaps.add((year, month))
        day += dt.timedelta(days=1)
    assert sorted(leaps) == [
        (2001, 4), (2004, 2), (2006, 7), (2009, 5), (2012, 4), (2014, 9), (2017, 6), (2020, 4),
        (2023, 2), (2025, 6), (2028, 5), (2031, 3), (2033, 11), (2036, 6), (2039, 5),
    ]  # fmt: skip
