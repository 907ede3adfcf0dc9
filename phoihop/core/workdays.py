"""Working days: deadlines counted the way a Vietnamese public body counts them (ADR 0012).

A day is not a working day if it is a Saturday or a Sunday (the weekly rest of cán bộ, công chức, viên
chức), a public holiday of Bộ luật Lao động 2019 Điều 112, or the compensatory day of a holiday that fell on
a weekend (Điều 111 khoản 3: "được nghỉ bù ... vào ngày làm việc kế tiếp"). These are computed for any
year. The yearly announcements (Thủ tướng, Bộ Nội vụ) move days; those are rows of the `Holiday` table,
edited by system administrators, and win over the computation:

- kind "off": the day is not a working day (an extra day off, a compensatory day moved earlier);
- kind "work": the day is a working day (a Saturday made a working day, "làm bù"; a computed compensatory
  day the announcement placed elsewhere).

The computed part (`statutory_holidays`):

- 01/01 Tết Dương lịch;
- Tết Nguyên đán, 5 days: the last day of the lunar year and the first four days of the new one (the
  Prime Minister fixes the 5 days each year; when the announcement differs, the table says so);
- 10/3 lunar Giỗ Tổ Hùng Vương; 30/4 Ngày Chiến thắng; 01/05 Ngày Quốc tế lao động;
- 02/9 Quốc khánh and "01 ngày liền kề trước hoặc sau": 01/9 when 02/9 is a Tuesday, Friday or Saturday
  (01/9 is then a Monday, Thursday or Friday, joining the weekend), otherwise 03/9 (the rule the
  announcements of 2021-2025 followed);
- for each of these falling on a Saturday or Sunday, the next day that is neither a weekend day, a holiday
  nor an earlier compensatory day.

The table's rows are cached per year in each process for `CACHE_SECONDS`; a change made through the ORM
clears the cache of the process that made it at once (signals connected in `CoreConfig.ready`), the other
processes see it within `CACHE_SECONDS`.
"""

import datetime as dt
import functools
import threading
import time
from collections.abc import Mapping
from types import MappingProxyType

from phoihop.core.lunar import solar_from_lunar

CACHE_SECONDS = 300
ONE_DAY = dt.timedelta(days=1)
OFF, WORK = "off", "work"

_cache: dict[int, tuple[float, dict[dt.date, tuple[str, str]]]] = {}
_lock = threading.Lock()


def _weekend(d: dt.date) -> bool:
    return d.weekday() >= 5


@functools.lru_cache(maxsize=256)
def _statutory(year: int) -> Mapping[dt.date, str]:
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "Tết Dương lịch"}
    new_year = solar_from_lunar(year, 1, 1)
    days[new_year - ONE_DAY] = "Tết Nguyên đán (ngày cuối năm âm lịch)"
    for i in range(4):
        days[new_year + i * ONE_DAY] = f"Tết Nguyên đán (mùng {i + 1})"
    days[solar_from_lunar(year, 3, 10)] = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    days[dt.date(year, 4, 30)] = "Ngày Chiến thắng"
    days[dt.date(year, 5, 1)] = "Ngày Quốc tế lao động"
    national = dt.date(year, 9, 2)
    days[national] = "Quốc khánh"
    adjacent = national - ONE_DAY if national.weekday() in (1, 4, 5) else national + ONE_DAY
    days[adjacent] = "Quốc khánh (ngày liền kề)"

    compensatory: dict[dt.date, str] = {}
    for day in sorted(days):
        if not _weekend(day):
            continue
        d = day + ONE_DAY
        while _weekend(d) or d in days or d in compensatory:
            d += ONE_DAY
        compensatory[d] = f"Nghỉ bù {days[day]}"
    return MappingProxyType(dict(sorted({**days, **compensatory}.items())))


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The days off of `year` by the statute alone (holidays and their compensatory days), by date."""
    return dict(_statutory(year))


def _overrides(year: int) -> dict[dt.date, tuple[str, str]]:
    """The `Holiday` rows of `year`: {date: (kind, name)}, cached."""
    now = time.monotonic()
    hit = _cache.get(year)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    from phoihop.core.models import Holiday

    rows = Holiday.objects.filter(date__year=year).values_list("date", "kind", "name")
    found = {d: (kind, name) for d, kind, name in rows}
    with _lock:
        _cache[year] = (now, found)
    return found


def clear_cache(*args, **kwargs) -> None:
    """Forget the cached `Holiday` rows (a signal receiver: any arguments)."""
    with _lock:
        _cache.clear()


def holidays(year: int) -> dict[dt.date, str]:
    """The days off of `year` other than ordinary weekends: computed, then the `Holiday` table applied."""
    days = statutory_holidays(year)
    for d, (kind, name) in _overrides(year).items():
        if kind == OFF:
            days[d] = name
        else:
            days.pop(d, None)
    return dict(sorted(days.items()))


def is_working_day(d: dt.date) -> bool:
    override = _overrides(d.year).get(d)
    if override is not None:
        return override[0] == WORK
    if _weekend(d):
        return False
    return d not in _statutory(d.year)


def next_working_day(d: dt.date) -> dt.date:
    """The first working day after `d` (never `d` itself)."""
    d += ONE_DAY
    while not is_working_day(d):
        d += ONE_DAY
    return d


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The day `n` working days after `start` (`start` itself not counted); `n` = 0: `start` if it is a
    working day, else the next one; `n` < 0: `-n` working days before `start`."""
    if n == 0:
        return start if is_working_day(start) else next_working_day(start)
    step = ONE_DAY if n > 0 else -ONE_DAY
    d, left = start, abs(n)
    while left:
        d += step
        if is_working_day(d):
            left -= 1
    return d


def working_days_between(a: dt.date, b: dt.date) -> int:
    """The number of working days after `a` up to and including `b`; negative (the working days after `b`
    up to and including `a`) if `b` is before `a`."""
    if b < a:
        return -working_days_between(b, a)
    count, d = 0, a
    while d < b:
        d += ONE_DAY
        count += is_working_day(d)
    return count
