"""The private calendar feed: a secret address per user, events from registered sources, valid iCalendar."""

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from icalendar import Calendar

from phoihop.core.models import AuditEvent
from phoihop.notifications import calendar_feed, services
from phoihop.notifications.calendar_feed import CalendarEvent, calendar_source
from phoihop.notifications.models import CalendarToken
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def sources(monkeypatch):
    """An empty registry for the test; what the test registers is forgotten afterwards."""
    monkeypatch.setattr(calendar_feed, "_SOURCES", [])
    return calendar_feed._SOURCES


def deadlines_of_the_test(user):
    """A source as another app (plans) would write it: the user's own deadlines."""
    yield CalendarEvent(
        uid=f"test-task-1-{user.pk}@phoihop",
        summary=f"Hạn nộp báo cáo — {user.full_name}",
        start=dt.date(2026, 12, 1),
        description="Báo cáo sơ kết Quy chế 238",
        url="/plans/1/",
    )
    yield CalendarEvent(
        uid=f"test-meeting-2-{user.pk}@phoihop",
        summary="Họp giao ban",
        start=dt.datetime(2026, 11, 25, 8, 30, tzinfo=VN),
        end=dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC),  # 09:00 in Vietnam
    )


def test_a_registered_source_appears_in_the_feed_which_parses_back(demo, sources, settings):
    settings.PHOIHOP_BASE_URL = "https://phoihop.example.vn"
    calendar_source(deadlines_of_the_test)
    calendar_source(deadlines_of_the_test)  # twice is harmless
    assert sources == [deadlines_of_the_test]
    user = make_user(full_name="Trần Thị Cúc")
    raw, _token = services.calendar_token_create(acting=acting_of(user))

    response = Client().get(f"/notifications/calendar/{raw}.ics")  # no session: the token stands for the user
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert str(cal["PRODID"]) == "-//PhốiHợp//VI" and str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh" and "Trần Thị Cúc" in str(cal["X-WR-CALNAME"])

    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Asia/Ho_Chi_Minh"
    (standard,) = tz.walk("STANDARD")
    assert standard["TZOFFSETTO"].td == dt.timedelta(hours=7) and not tz.walk("DAYLIGHT")

    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"test-task-1-{user.pk}@phoihop", f"test-meeting-2-{user.pk}@phoihop"}
    deadline = events[f"test-task-1-{user.pk}@phoihop"]
    assert deadline.decoded("DTSTART") == dt.date(2026, 12, 1)  # all-day
    assert deadline.decoded("DTEND") == dt.date(2026, 12, 2)
    assert str(deadline["SUMMARY"]) == "Hạn nộp báo cáo — Trần Thị Cúc"
    assert str(deadline["URL"]) == "https://phoihop.example.vn/plans/1/"
    assert str(deadline["DESCRIPTION"]) == "Báo cáo sơ kết Quy chế 238"
    meeting = events[f"test-meeting-2-{user.pk}@phoihop"]
    assert meeting["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert meeting.decoded("DTSTART") == dt.datetime(2026, 11, 25, 8, 30, tzinfo=VN)
    assert meeting.decoded("DTEND") == dt.datetime(2026, 11, 25, 9, 0, tzinfo=VN)
    assert all("DTSTAMP" in e for e in events.values())


def test_only_all_day_events_need_no_timezone_and_a_broken_source_is_left_out(demo, sources):
    def broken(user):
        raise RuntimeError("nguồn lỗi")

    calendar_source(broken)
    calendar_source(lambda user: [CalendarEvent(uid="a@phoihop", summary="Hạn", start=dt.date(2026, 12, 1))])
    user = make_user()
    raw, _ = services.calendar_token_create(acting=acting_of(user))
    response = Client().get(f"/notifications/calendar/{raw}.ics")
    cal = Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == ["a@phoihop"]
    assert not cal.walk("VTIMEZONE")


def test_an_empty_calendar_is_still_a_calendar(demo, sources):
    raw, _ = services.calendar_token_create(acting=acting_of(make_user()))
    cal = Calendar.from_ical(Client().get(f"/notifications/calendar/{raw}.ics").content)
    assert cal.walk("VEVENT") == [] and str(cal["PRODID"]) == "-//PhốiHợp//VI"


def test_events_must_be_dates_or_aware_datetimes():
    with pytest.raises(ValueError):
        CalendarEvent(uid="x", summary="x", start=dt.datetime(2026, 11, 25, 8, 30))
    with pytest.raises(ValueError):
        CalendarEvent(uid="x", summary="x", start=dt.date(2026, 11, 25), end=dt.datetime(2026, 11, 25, tzinfo=VN))


def test_unknown_revoked_and_replaced_tokens_answer_404(demo, sources):
    user = make_user()
    acting = acting_of(user)
    first, _ = services.calendar_token_create(acting=acting)
    assert Client().get(f"/notifications/calendar/{first}.ics").status_code == 200
    second, _ = services.calendar_token_create(acting=acting)  # a new address replaces the old one
    assert Client().get(f"/notifications/calendar/{first}.ics").status_code == 404
    assert Client().get(f"/notifications/calendar/{second}.ics").status_code == 200
    assert CalendarToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1

    assert services.calendar_token_revoke(acting=acting) == 1
    assert Client().get(f"/notifications/calendar/{second}.ics").status_code == 404
    assert Client().get("/notifications/calendar/khong-co-ma-nay.ics").status_code == 404
    assert Client().get("/notifications/calendar/" + "a" * 200 + ".ics").status_code == 404

    actions = list(
        AuditEvent.objects.filter(actor=user, action__startswith="calendar.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["calendar.token_create", "calendar.token_create", "calendar.token_revoke"]
    assert not any("key_hash" in (e.after or {}) for e in AuditEvent.objects.filter(actor=user))


def test_a_locked_out_account_has_no_feed(demo, sources):
    from phoihop.accounts import services as account_services

    user = make_user()
    raw, _ = services.calendar_token_create(acting=acting_of(user))
    account_services.user_update(acting=None, user=user, is_active=False)
    assert Client().get(f"/notifications/calendar/{raw}.ics").status_code == 404


def test_the_preferences_page_shows_a_new_address_once_and_revokes_it(demo, sources):
    user = make_user()
    client = page_client(user)
    response = client.post("/notifications/calendar/new/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "chỉ hiện một lần" in page
    url = page.split('<code class="secret">')[1].split("</code>")[0]
    assert url.startswith("http") and url.endswith(".ics")
    path = url.split("/notifications/", 1)[1]
    assert Client().get(f"/notifications/{path}").status_code == 200
    again = client.get("/notifications/preferences/").content.decode()
    assert path not in again and "Thu hồi đường dẫn" in again  # shown once

    assert client.post("/notifications/calendar/revoke/").status_code == 302
    assert Client().get(f"/notifications/{path}").status_code == 404
    assert "Tạo đường dẫn lịch" in client.get("/notifications/preferences/").content.decode()
