"""API /api/v1/notifications: one's own notifications only (others answer 404), preferences."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.accounts.models import Role
from phoihop.notifications import services
from phoihop.notifications.models import Notification, NotificationPreference
from phoihop.tests.support import api_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo, django_capture_on_commit_callbacks):
    owner = make_user(org=demo.btg_pb, role=Role.OFFICER)
    colleague = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)  # same organisation, even its administrator
    admin = make_user(superuser=True)
    with django_capture_on_commit_callbacks(execute=False):
        (mine,) = services.notify(recipients=[owner], kind="task.assigned", title="Giao việc", url="/plans/1/")
        (older,) = services.notify(recipients=[owner], kind="task.due", title="Sắp đến hạn")
        services.notify(recipients=[colleague], kind="x", title="Của đồng nghiệp")
    Notification.objects.filter(pk=older.pk).update(created_at=mine.created_at.replace(year=2025))
    return {"owner": owner, "colleague": colleague, "admin": admin, "mine": mine, "older": older}


ACTORS = ["anonymous", "owner", "colleague", "admin"]

MATRIX = [
    # (method, path, expected per actor)
    ("get", "/api/v1/notifications", {"anonymous": 401, "owner": 200, "colleague": 200, "admin": 200}),
    ("get", "/api/v1/notifications?unread=true", {"anonymous": 401, "owner": 200, "colleague": 200, "admin": 200}),
    ("post", "/api/v1/notifications/{mine}/read", {"anonymous": 401, "owner": 200, "colleague": 404, "admin": 404}),
    ("post", "/api/v1/notifications/read-all", {"anonymous": 401, "owner": 200, "colleague": 200, "admin": 200}),
    ("get", "/api/v1/notifications/preferences", {"anonymous": 401, "owner": 200, "colleague": 200, "admin": 200}),
    ("put", "/api/v1/notifications/preferences", {"anonymous": 401, "owner": 200, "colleague": 200, "admin": 200}),
]


@pytest.mark.parametrize(("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_api_matrix(world, method, path, expected):
    url = path.format(mine=world["mine"].pk)
    got = {}
    for actor in ACTORS:
        client = api_client(world.get(actor))
        kwargs = {"data": {"email_mode": "digest"}, "content_type": "application/json"} if method == "put" else {}
        got[actor] = getattr(client, method)(url, **kwargs).status_code
    assert got == expected
    world["mine"].refresh_from_db()
    if "{mine}" in path:  # only its owner could mark it read
        assert world["mine"].read_at is not None


def test_others_see_none_of_it(world):
    for actor in ["colleague", "admin"]:
        body = api_client(world[actor]).get("/api/v1/notifications").json()
        assert "Giao việc" not in {item["title"] for item in body["items"]}
    response = api_client(world["colleague"]).post(f"/api/v1/notifications/{world['mine'].pk}/read")
    assert response.json()["code"] == "not_found"
    world["mine"].refresh_from_db()
    assert world["mine"].read_at is None


def test_list_unread_first_then_newest_and_filter(world):
    client = api_client(world["owner"])
    body = client.get("/api/v1/notifications").json()
    assert body["count"] == 2 and [i["title"] for i in body["items"]] == ["Giao việc", "Sắp đến hạn"]
    item = body["items"][0]
    assert item["kind"] == "task.assigned" and item["url"] == "/plans/1/" and item["read_at"] is None
    assert item["email_state"] == "pending"

    read = client.post(f"/api/v1/notifications/{world['mine'].pk}/read").json()
    assert read["id"] == world["mine"].pk and read["read_at"] is not None
    assert [i["title"] for i in client.get("/api/v1/notifications").json()["items"]] == ["Sắp đến hạn", "Giao việc"]
    unread = client.get("/api/v1/notifications?unread=true").json()
    assert unread["count"] == 1 and unread["items"][0]["title"] == "Sắp đến hạn"
    assert client.get("/api/v1/notifications?limit=1&offset=1").json()["items"][0]["title"] == "Giao việc"

    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert client.get("/api/v1/notifications?unread=true").json()["count"] == 0


def test_preferences_read_and_write(world):
    client = api_client(world["owner"])
    assert client.get("/api/v1/notifications/preferences").json() == {"email_mode": "immediate", "digest_hour": 7}
    response = client.put(
        "/api/v1/notifications/preferences",
        {"email_mode": "digest", "digest_hour": 17},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json() == {"email_mode": "digest", "digest_hour": 17}
    pref = NotificationPreference.objects.get(user=world["owner"])
    assert (pref.email_mode, pref.digest_hour) == ("digest", 17)
    # only what is sent changes
    client.put("/api/v1/notifications/preferences", {"digest_hour": 6}, content_type="application/json")
    assert client.get("/api/v1/notifications/preferences").json() == {"email_mode": "digest", "digest_hour": 6}


@pytest.mark.parametrize(
    "payload",
    [{"digest_hour": 24}, {"digest_hour": -1}, {"email_mode": "weekly"}, {"digest_hour": "bảy"}, {"email_mode": 3}],
)
def test_bad_preferences_answer_400_in_vietnamese(world, payload):
    response = api_client(world["owner"]).put(
        "/api/v1/notifications/preferences", payload, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameter" and body["field"] in {"email_mode", "digest_hour"}
    assert "Trường" in body["message"]


def test_odd_ids_answer_404_or_400_never_500(world):
    client = api_client(world["owner"])
    assert client.post("/api/v1/notifications/99999999999999999999999/read").status_code == 404
    assert client.post("/api/v1/notifications/abc/read").status_code == 400
    assert client.get("/api/v1/notifications?unread=%00").status_code == 400


def test_list_runs_a_fixed_number_of_queries(world, django_capture_on_commit_callbacks):
    client = api_client(world["owner"])
    url = "/api/v1/notifications?limit=50"
    client.get(url)  # stamps the token's last use
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == 3, [q["sql"][:100] for q in ctx.captured_queries]  # token, count, page
    with django_capture_on_commit_callbacks(execute=False):
        for i in range(20):
            services.notify(recipients=[world["owner"]], kind="x", title=f"Thêm {i}")
    with CaptureQueriesContext(connection) as ctx2:
        assert client.get(url).status_code == 200
    assert len(ctx2.captured_queries) == len(ctx.captured_queries)
