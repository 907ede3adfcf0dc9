"""Pages: the list (unread first, htmx "mark read"), the bell in the header, the preferences form."""

import copy

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from phoihop.notifications import services
from phoihop.notifications.models import Notification, NotificationPreference
from phoihop.tests.support import make_user, page_client

pytestmark = pytest.mark.django_db

CONTEXT_PROCESSOR = "phoihop.notifications.context_processors.notifications"


@pytest.fixture
def bell(settings):
    """The context processor installed, as settings.py will have it."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if CONTEXT_PROCESSOR not in processors:
        processors.append(CONTEXT_PROCESSOR)
    settings.TEMPLATES = templates


def send(user, title, n=1, **kw):
    from django.db import transaction

    with transaction.atomic():
        rows = []
        for i in range(n):
            rows += services.notify(recipients=[user], kind="test", title=f"{title} {i}" if n > 1 else title, **kw)
    return rows


@pytest.fixture
def reader(demo, django_capture_on_commit_callbacks):
    user = make_user(org=demo.btg_pb)
    with django_capture_on_commit_callbacks(execute=False):
        send(user, "Đã đọc rồi")
        send(user, "Giao việc: chuẩn bị hội nghị", body="Hạn 30/11/2026.", url="/plans/1/")
        send(make_user(org=demo.btg_pb), "Của người khác")
    services.notification_mark_read(
        acting=page_client_acting(user), notification=Notification.objects.get(recipient=user, title="Đã đọc rồi")
    )
    return user


def page_client_acting(user):
    from phoihop.tests.support import acting_of

    return acting_of(user)


def test_the_list_shows_ones_own_unread_first_in_vietnamese(reader, bell):
    page = page_client(reader).get("/notifications/").content.decode()
    assert "Thông báo" in page and "2 thông báo" in page
    assert page.index("Giao việc: chuẩn bị hội nghị") < page.index("Đã đọc rồi")
    assert "Của người khác" not in page
    assert "Đánh dấu đã đọc" in page and "Đánh dấu tất cả đã đọc" in page
    assert 'id="notifications-unread"' in page  # the bell, with its count
    unread_only = page_client(reader).get("/notifications/?unread=1").content.decode()
    assert "1 thông báo chưa đọc" in unread_only and "Đã đọc rồi" not in unread_only


def test_the_bell_counts_unread_and_is_absent_for_visitors(reader, bell):
    page = page_client(reader).get("/").content.decode()
    bell_html = page.split('id="notifications-unread"')[1].split("</span>")[0]
    assert ">1<" in bell_html
    assert 'id="notifications-unread"' not in Client().get("/accounts/login/").content.decode()


def test_without_the_context_processor_there_is_no_bell(reader, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    templates[0]["OPTIONS"]["context_processors"] = [p for p in processors if p != CONTEXT_PROCESSOR]
    settings.TEMPLATES = templates
    page = page_client(reader).get("/").content.decode()
    assert page.count("Đăng xuất") == 1 and 'id="notifications-unread"' not in page


def test_marking_read_with_htmx_swaps_the_row_and_the_count(reader, bell):
    client = page_client(reader)
    n = Notification.objects.get(recipient=reader, title="Giao việc: chuẩn bị hội nghị")
    response = client.post(f"/notifications/{n.pk}/read/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="notification-{n.pk}"' in body and "Đánh dấu đã đọc" not in body
    assert 'hx-swap-oob="true"' in body and "hidden" in body.split('id="notifications-unread"')[1].split(">")[0]
    n.refresh_from_db()
    assert n.read_at is not None


def test_marking_read_without_javascript_goes_back_to_the_list(reader):
    n = Notification.objects.get(recipient=reader, title="Giao việc: chuẩn bị hội nghị")
    response = page_client(reader).post(f"/notifications/{n.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_mark_all_read(reader):
    client = page_client(reader)
    response = client.post("/notifications/read-all/", follow=True)
    assert "Đã đánh dấu 1 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(recipient=reader, read_at__isnull=True).exists()
    assert Notification.objects.filter(title="Của người khác", read_at__isnull=True).exists()


def test_opening_marks_read_and_follows_only_links_inside_the_site(reader, django_capture_on_commit_callbacks):
    client = page_client(reader)
    n = Notification.objects.get(recipient=reader, title="Giao việc: chuẩn bị hội nghị")
    response = client.get(f"/notifications/{n.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/plans/1/"
    n.refresh_from_db()
    assert n.read_at is not None
    with django_capture_on_commit_callbacks(execute=False):
        (outside,) = send(reader, "Văn bản ngoài", url="https://evil.example/x")
    assert client.get(f"/notifications/{outside.pk}/open/")["Location"] == "/notifications/"


def test_another_users_notification_answers_404(reader):
    others = Notification.objects.get(title="Của người khác")
    client = page_client(reader)
    assert client.post(f"/notifications/{others.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{others.pk}/read/", HTTP_HX_REQUEST="true").status_code == 404
    assert client.get(f"/notifications/{others.pk}/open/").status_code == 404
    assert client.post("/notifications/99999999999/read/").status_code == 404
    others.refresh_from_db()
    assert others.read_at is None


def test_pages_refuse_odd_input_without_a_500(reader):
    client = page_client(reader)
    for url in ["/notifications/?page=%00", "/notifications/?page=-1&unread=%00", "/notifications/?page=99999"]:
        assert client.get(url).status_code == 200, url
    assert client.post("/notifications/preferences/", {"email_mode": "\x00", "digest_hour": "²"}).status_code == 400
    assert client.get("/notifications/read-all/").status_code == 405


def test_preferences_form_keeps_input_and_says_what_to_fix(reader):
    client = page_client(reader)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Gửi ngay từng thông báo" in page and "Gộp một thư mỗi ngày" in page and "Lịch riêng (iCal)" in page
    response = client.post("/notifications/preferences/", {"email_mode": "weekly", "digest_hour": "18"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ." in body  # next to the field
    assert '<option value="18" selected>' in body  # what was typed is kept
    assert not NotificationPreference.objects.filter(user=reader).exists()

    response = client.post("/notifications/preferences/", {"email_mode": "digest", "digest_hour": "18"}, follow=True)
    assert "Đã lưu cách nhận thông báo." in response.content.decode()
    pref = NotificationPreference.objects.get(user=reader)
    assert (pref.email_mode, pref.digest_hour) == ("digest", 18)


def test_list_page_runs_a_fixed_number_of_queries(reader, bell, django_capture_on_commit_callbacks):
    """session, user, memberships (acting org, header), count, page, unread count (the bell): fixed."""
    client = page_client(reader)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/notifications/").status_code == 200
    assert len(ctx.captured_queries) == 6, [q["sql"][:100] for q in ctx.captured_queries]
    with django_capture_on_commit_callbacks(execute=False):
        send(reader, "Thêm", n=30)
    with CaptureQueriesContext(connection) as ctx2:
        assert client.get("/notifications/?page=2").status_code == 200
    assert len(ctx2.captured_queries) == len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx3:
        assert client.get("/notifications/", HTTP_HX_REQUEST="true").status_code == 200
    assert len(ctx3.captured_queries) == 4  # the partial: no header, so no memberships and no bell


def test_preferences_page_runs_a_fixed_number_of_queries(reader, bell):
    client = page_client(reader)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/notifications/preferences/").status_code == 200
    # session, user, preference, calendar token, memberships (header), unread count (bell)
    assert len(ctx.captured_queries) == 6, [q["sql"][:100] for q in ctx.captured_queries]


PAGES = [
    ("get", "/notifications/", 200),
    ("get", "/notifications/?unread=1", 200),
    ("get", "/notifications/preferences/", 200),
    ("get", "/notifications/{own}/open/", 302),
    ("post", "/notifications/{own}/read/", 302),
    ("get", "/notifications/{others}/open/", 404),
    ("post", "/notifications/{others}/read/", 404),
    ("post", "/notifications/read-all/", 302),
    ("post", "/notifications/calendar/new/", 200),
    ("post", "/notifications/calendar/revoke/", 302),
]


@pytest.mark.parametrize(("method", "path", "expected"), PAGES, ids=[f"{m} {p}" for m, p, _ in PAGES])
def test_page_matrix(reader, method, path, expected):
    """Anonymous visitors go to the login page; a user reaches only their own notifications."""
    own = Notification.objects.get(recipient=reader, title="Giao việc: chuẩn bị hội nghị")
    others = Notification.objects.get(title="Của người khác")
    url = path.format(own=own.pk, others=others.pk)
    anonymous = getattr(Client(), method)(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert getattr(page_client(reader), method)(url).status_code == expected
