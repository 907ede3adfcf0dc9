"""Working days: weekends, public holidays (Tết by the lunar calendar), compensatory days, the table."""

import datetime as dt

import pytest

from phoihop.core import workdays
from phoihop.core.models import AuditEvent, Holiday
from phoihop.core.workdays import (
    add_working_days,
    holidays,
    is_working_day,
    next_working_day,
    statutory_holidays,
    working_days_between,
)
from phoihop.tests.support import make_user, page_client

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_cache():
    workdays.clear_cache()  # rows of rolled-back tests must not be remembered
    yield
    workdays.clear_cache()


# --- the statute ----------------------------------------------------------------------------------------------


def test_tet_is_the_last_day_of_the_lunar_year_and_the_first_four_days():
    days = statutory_holidays(2026)
    tet = [d for d, name in days.items() if name.startswith("Tết Nguyên đán")]
    assert tet == [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]


def test_the_fixed_holidays_and_gio_to():
    days = statutory_holidays(2026)
    for day in (D(2026, 1, 1), D(2026, 4, 26), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2)):
        assert day in days
    assert days[D(2026, 4, 26)].startswith("Giỗ Tổ Hùng Vương")


@pytest.mark.parametrize(
    ("year", "adjacent"),
    [
        (2021, D(2021, 9, 3)),  # 2/9 Thursday: Friday 3/9
        (2022, D(2022, 9, 1)),  # 2/9 Friday: Thursday 1/9
        (2023, D(2023, 9, 1)),  # 2/9 Saturday: Friday 1/9
        (2024, D(2024, 9, 3)),  # 2/9 Monday: Tuesday 3/9
        (2025, D(2025, 9, 1)),  # 2/9 Tuesday: Monday 1/9
        (2026, D(2026, 9, 3)),  # 2/9 Wednesday: Thursday 3/9
    ],
)
def test_national_day_and_the_adjacent_day(year, adjacent):
    days = statutory_holidays(year)
    national = [d for d, name in days.items() if name.startswith("Quốc khánh")]
    assert sorted(national) == sorted([D(year, 9, 2), adjacent])


def test_a_holiday_on_a_weekend_gives_the_next_working_day_off():
    days = statutory_holidays(2023)
    assert D(2023, 1, 2) in days  # 1/1/2023 was a Sunday
    assert D(2023, 9, 4) in days and D(2023, 9, 3) not in days  # Quốc khánh on Saturday → Monday
    # Giỗ Tổ on Saturday 29/4, 30/4 on Sunday, 1/5 Monday: Tuesday 2/5 and Wednesday 3/5 off
    assert {D(2023, 5, 2), D(2023, 5, 3)} <= set(days) and D(2023, 5, 4) not in days
    assert days[D(2023, 5, 2)] == "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    assert D(2026, 4, 27) in statutory_holidays(2026)  # Giỗ Tổ on Sunday 26/4/2026
    assert D(2027, 5, 3) in statutory_holidays(2027)  # 1/5/2027 is a Saturday


def test_weekday_holidays_give_no_extra_day():
    days = statutory_holidays(2026)
    assert not any(name.startswith("Nghỉ bù") for d, name in days.items() if d.month != 4)
    assert len(days) == 12


# --- counting -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_deadline_over_tet_skips_the_holidays_and_the_weekends():
    received = D(2026, 2, 13)  # Friday; 14-15 weekend, 16-20 Tết, 21-22 weekend
    assert add_working_days(received, 1) == D(2026, 2, 23)
    assert add_working_days(received, 5) == D(2026, 2, 27)
    assert working_days_between(received, D(2026, 2, 27)) == 5
    assert working_days_between(received, D(2026, 2, 22)) == 0


@pytest.mark.django_db
def test_an_ordinary_week():
    assert add_working_days(D(2026, 11, 16), 5) == D(2026, 11, 23)  # Monday + 5 → next Monday
    assert add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Friday + 1 → Monday
    assert working_days_between(D(2026, 11, 16), D(2026, 11, 30)) == 10


@pytest.mark.django_db
def test_zero_and_negative_counts():
    assert add_working_days(D(2026, 11, 18), 0) == D(2026, 11, 18)
    assert add_working_days(D(2026, 2, 14), 0) == D(2026, 2, 23)  # Saturday before Tết
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert working_days_between(D(2026, 2, 27), D(2026, 2, 13)) == -5
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 13)) == 0


@pytest.mark.django_db
def test_next_working_day_is_strictly_after():
    assert next_working_day(D(2026, 11, 18)) == D(2026, 11, 19)
    assert next_working_day(D(2026, 9, 1)) == D(2026, 9, 4)  # 2/9 and 3/9 off
    assert next_working_day(D(2026, 4, 24)) == D(2026, 4, 28)  # weekend, then Giỗ Tổ's Monday


@pytest.mark.django_db
def test_counting_is_the_inverse_of_adding():
    start = D(2026, 1, 1)
    for offset in range(0, 400, 7):
        end = start + dt.timedelta(days=offset)
        if is_working_day(end) and end > start:
            assert add_working_days(start, working_days_between(start, end)) == end


# --- the announced shifts (Holiday table) --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_announced_shifts_of_2025_are_loaded():
    # Tết Ất Tỵ: off from Saturday 25/01 to Sunday 02/02/2025; Monday 03/02 a working day
    assert [d.day for d in (D(2025, 1, 25) + dt.timedelta(days=i) for i in range(9)) if is_working_day(d)] == []
    assert is_working_day(D(2025, 2, 3)) and not is_working_day(D(2025, 1, 27))
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    # 30/4-1/5: Friday 02/05 off, Saturday 26/04 worked instead
    assert is_working_day(D(2025, 4, 26)) and not is_working_day(D(2025, 5, 2))
    days = holidays(2025)
    assert D(2025, 5, 2) in days and D(2025, 2, 3) not in days and D(2025, 1, 27) in days


@pytest.mark.django_db
def test_an_extra_day_off_on_a_weekday():
    tuesday = D(2027, 3, 9)
    assert is_working_day(tuesday)
    Holiday.objects.create(date=tuesday, name="Nghỉ theo quyết định của Thủ tướng", kind=Holiday.Kind.OFF)
    assert not is_working_day(tuesday)
    assert holidays(2027)[tuesday] == "Nghỉ theo quyết định của Thủ tướng"
    assert add_working_days(D(2027, 3, 8), 1) == D(2027, 3, 10)
    assert working_days_between(D(2027, 3, 5), D(2027, 3, 12)) == 4


@pytest.mark.django_db
def test_a_saturday_made_a_working_day():
    saturday = D(2027, 3, 13)
    assert add_working_days(D(2027, 3, 12), 1) == D(2027, 3, 15)
    row = Holiday.objects.create(date=saturday, name="Làm bù cho thứ Sáu 30/4", kind=Holiday.Kind.WORK)
    assert is_working_day(saturday)
    assert add_working_days(D(2027, 3, 12), 1) == saturday
    assert saturday not in holidays(2027)
    row.delete()
    assert not is_working_day(saturday)


@pytest.mark.django_db
def test_a_computed_compensatory_day_can_be_cancelled_and_moved():
    # the 2027 computation gives Wednesday 10/02 and Thursday 11/02 for the weekend inside Tết
    assert not is_working_day(D(2027, 2, 11)) and is_working_day(D(2027, 2, 4))
    Holiday.objects.create(date=D(2027, 2, 11), name="Làm việc", kind=Holiday.Kind.WORK)
    Holiday.objects.create(date=D(2027, 2, 4), name="Tết Nguyên đán", kind=Holiday.Kind.OFF)
    assert is_working_day(D(2027, 2, 11)) and not is_working_day(D(2027, 2, 4))
    assert D(2027, 2, 11) not in holidays(2027) and D(2027, 2, 4) in holidays(2027)


@pytest.mark.django_db
def test_an_edited_row_is_seen_at_once():
    day = D(2027, 6, 1)
    row = Holiday.objects.create(date=day, name="Nghỉ", kind=Holiday.Kind.OFF)
    assert not is_working_day(day)
    row.kind = Holiday.Kind.WORK
    row.save()
    assert is_working_day(day)


def test_a_system_administrator_edits_the_table_in_the_admin_and_it_is_audited(demo):
    client = page_client(make_user(superuser=True))
    assert client.get("/admin/core/holiday/").status_code == 200
    response = client.post(
        "/admin/core/holiday/add/",
        {"date": "09/03/2027", "kind": "off", "name": "Nghỉ đột xuất", "note": "Quyết định số 1/QĐ-TTg"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not is_working_day(D(2027, 3, 9))
    row = Holiday.objects.get(date=D(2027, 3, 9))
    assert AuditEvent.objects.filter(action="holiday.create", object_id=str(row.pk)).exists()
    listing = client.get("/admin/core/holiday/?q=đột+xuất").content.decode()
    assert "Nghỉ đột xuất" in listing and "Thứ Ba" in listing


def test_an_organisation_administrator_cannot_edit_the_table(demo):
    from phoihop.accounts.models import Role

    client = page_client(make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN))
    assert client.get("/admin/core/holiday/").status_code == 403
    assert (
        client.post("/admin/core/holiday/add/", {"date": "09/03/2027", "kind": "off", "name": "x"}).status_code == 403
    )
    assert not Holiday.objects.filter(date=D(2027, 3, 9)).exists()
