"""The Vietnamese lunar calendar (âm lịch), computed astronomically.

Hồ Ngọc Đức's algorithm ("Thuật toán tính âm lịch"): a month starts on the day (local time) of a new
moon; month 11 is the month containing the winter solstice; a year with 13 months between two months 11
has a leap month, the first month after month 11 that contains no major solar term (trung khí). Days
are counted in local time, UTC+7 for Vietnam. That is why the Vietnamese calendar sometimes differs from
the Chinese one (UTC+8): Tết 1985 came a month earlier in Vietnam (21/01/1985 against 20/02/1985), Tết
2007 a day earlier (17/02/2007 against 18/02/2007).

Astronomical formulas from Jean Meeus, "Astronomical Algorithms" (new moon, sun longitude), accurate
for the years 1200-2199 to well within what the calendar needs.
"""

import datetime as dt
import math

VIETNAM_TZ = 7.0  # hours east of UTC
_EPOCH_JD = 2415021.076998695  # the new moon of 1900-01-01 (Julian day)
_SYNODIC_MONTH = 29.530588853
_ORDINAL_TO_JD = 1721425  # date.toordinal() + this = Julian day number
_DR = math.pi / 180


def jd_from_date(d: dt.date) -> int:
    """The Julian day number of a (proleptic Gregorian) date."""
    return d.toordinal() + _ORDINAL_TO_JD


def jd_to_date(jd: int) -> dt.date:
    return dt.date.fromordinal(jd - _ORDINAL_TO_JD)


def _new_moon(k: int) -> float:
    """The moment (Julian day, UTC) of the k-th new moon after 1900-01-01."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * _DR)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # moon's mean anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # moon's argument of latitude
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * _DR) + 0.0021 * math.sin(2 * _DR * m)
    c1 = c1 - 0.4068 * math.sin(mpr * _DR) + 0.0161 * math.sin(_DR * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(_DR * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(_DR * 2 * f) - 0.0051 * math.sin(_DR * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(_DR * (m - mpr)) + 0.0004 * math.sin(_DR * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(_DR * (2 * f - m)) - 0.0006 * math.sin(_DR * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(_DR * (2 * f - mpr)) + 0.0005 * math.sin(_DR * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _new_moon_day(k: int, tz: float) -> int:
    """The Julian day number (local date) of the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_longitude(jdn: float) -> float:
    """The sun's apparent longitude at a moment (Julian day, UTC), in radians, 0 to 2π."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(_DR * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(_DR * 2 * m) + 0.000290 * math.sin(_DR * 3 * m)
    lon = (l0 + dl) * _DR
    return lon - 2 * math.pi * math.floor(lon / (2 * math.pi))


def _sun_sector(day: int, tz: float) -> int:
    """Which twelfth of the ecliptic (0-11) the sun is in at the start of a local day; a major solar
    term begins where the sector changes."""
    return math.floor(_sun_longitude(day - 0.5 - tz / 24) / math.pi * 6)


def _month11(year: int, tz: float) -> int:
    """The Julian day the lunar month 11 (the one containing the winter solstice) of `year` begins."""
    off = jd_from_date(dt.date(year, 12, 31)) - 2415021
    k = math.floor(off / _SYNODIC_MONTH)
    nm = _new_moon_day(k, tz)
    if _sun_sector(nm, tz) >= 9:  # the sun is already past 270°: the solstice is in the previous month
        nm = _new_moon_day(k - 1, tz)
    return nm


def _leap_month_offset(a11: int, tz: float) -> int:
    """In a 13-month year starting at month 11 `a11`: the index (after month 11) of the leap month."""
    k = math.floor((a11 - _EPOCH_JD) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            return i - 1


def lunar_from_solar(d: dt.date, *, tz: float = VIETNAM_TZ) -> tuple[int, int, int, bool]:
    """The lunar (year, month, day, leap) of a solar date."""
    day_number = jd_from_date(d)
    k = math.floor((day_number - _EPOCH_JD) / _SYNODIC_MONTH) + 1
    month_start = _new_moon_day(k, tz)
    while month_start > day_number:  # the mean estimate can be a month ahead of the true new moon
        k -= 1
        month_start = _new_moon_day(k, tz)
    a11 = _month11(d.year, tz)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _month11(d.year - 1, tz)
    else:
        lunar_year = d.year + 1
        b11 = _month11(d.year + 1, tz)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11, tz)
        if diff >= leap_diff:
            lunar_month = diff + 10
            leap = diff == leap_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return lunar_year, lunar_month, lunar_day, leap


def solar_from_lunar(year: int, month: int, day: int, leap: bool = False, *, tz: float = VIETNAM_TZ) -> dt.date:
    """The solar date of a lunar date. ValueError if the lunar date does not exist (no such leap month
    that year, day 30 of a 29-day month, values out of range)."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"Ngày âm lịch không hợp lệ: {day}/{month}/{year}")
    if month < 11:
        a11, b11 = _month11(year - 1, tz), _month11(year, tz)
    else:
        a11, b11 = _month11(year, tz), _month11(year + 1, tz)
    off = (month - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        if leap and month != _leap_month_number(leap_off):
            raise ValueError(f"Năm âm lịch {year} không có tháng {month} nhuận")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError(f"Năm âm lịch {year} không có tháng nhuận")
    k = math.floor(0.5 + (a11 - _EPOCH_JD) / _SYNODIC_MONTH)
    month_start = _new_moon_day(k + off, tz)
    result = jd_to_date(month_start + day - 1)
    if day == 30 and lunar_from_solar(result, tz=tz)[2] != 30:
        raise ValueError(f"Tháng {month} âm lịch năm {year} chỉ có 29 ngày")
    return result


def _leap_month_number(leap_off: int) -> int:
    """The month number (1-12) of the leap month `leap_off` months after month 11."""
    return (leap_off + 9) % 12 + 1


def leap_month(year: int, *, tz: float = VIETNAM_TZ) -> int | None:
    """The month (1-12) that lunar `year` repeats as a leap month, or None."""
    for a11, b11, months in (
        (_month11(year - 1, tz), _month11(year, tz), range(1, 11)),  # months 11-12 of year-1, then 1-10
        (_month11(year, tz), _month11(year + 1, tz), (11, 12)),  # months 11-12 of year, then 1-10 of year+1
    ):
        if b11 - a11 > 365:
            month = _leap_month_number(_leap_month_offset(a11, tz))
            if month in months:
                return month
    return None
