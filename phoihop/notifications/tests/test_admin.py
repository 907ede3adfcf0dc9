"""Admin: system administrators read notifications and the delivery log; nobody edits them there."""

import pytest

from phoihop.accounts.models import Role
from phoihop.notifications import services
from phoihop.tests.support import make_user, page_client

pytestmark = pytest.mark.django_db

LISTS = [
    "notifications/notification",
    "notifications/notificationlog",
    "notifications/notificationpreference",
    "notifications/calendartoken",
    "notifications/jobrun",
]


@pytest.mark.parametrize("path", LISTS)
def test_system_administrator_reads_every_list_and_cannot_add(demo, path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=[make_user()], kind="x", title="Thông báo thử")
    client = page_client(make_user(superuser=True))
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/?q=thu").status_code == 200
    assert client.get(f"/admin/{path}/add/").status_code == 403


def test_the_log_shows_whom_and_when(demo, django_capture_on_commit_callbacks):
    user = make_user(full_name="Phạm Văn Đức")
    with django_capture_on_commit_callbacks(execute=False):
        (n,) = services.notify(recipients=[user], kind="x", title="Thông báo thử")
    client = page_client(make_user(superuser=True))
    page = client.get("/admin/notifications/notificationlog/").content.decode()
    assert "Phạm Văn Đức" in page and "Thông báo thử" in page
    detail = client.get(f"/admin/notifications/notification/{n.pk}/change/")
    assert detail.status_code == 200 and "Thông báo thử" in detail.content.decode()


def test_organisation_administrators_do_not_see_others_notifications(demo):
    client = page_client(make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN))
    for path in LISTS:
        assert client.get(f"/admin/{path}/").status_code == 403, path
    assert "notifications" not in client.get("/admin/").content.decode().lower().split("<main")[-1]
