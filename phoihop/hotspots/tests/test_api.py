"""The hot spot API: list (filters, pages, pinned query count), detail, acknowledge, close, 404 outside."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.concerns.tests.factories import make_concern
from phoihop.hotspots import services
from phoihop.hotspots.models import HotSpot
from phoihop.hotspots.tests.support import concerns
from phoihop.tests.support import api_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def spots(kh, django_capture_on_commit_callbacks):
    concerns(kh["officer"], kh["btg"], 8)
    services.hotspots_recompute()
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(kh["officer"], kh["btg"], severity=4, topic="moi-truong.o-nhiem")
    return {h.kind: h for h in HotSpot.objects.all()}


def test_list_with_filters_and_pages(kh, spots):
    client = api_client(kh["officer"], kh["btg"])

    body = client.get("/api/v1/hotspots").json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["kind"] == "trend")
    assert item["topic"]["name"] == "Đất đai" and item["area"]["name"] == "Phường Ninh Hòa"
    assert item["department"]["id"] == kh["btg"].pk and item["current_count"] == 8 and len(item["series"]) == 14

    assert [i["kind"] for i in client.get("/api/v1/hotspots?kind=severe").json()["items"]] == ["severe"]
    assert client.get("/api/v1/hotspots?status=closed").json()["count"] == 0
    assert client.get("/api/v1/hotspots?limit=1&offset=1").json()["items"][0]["id"] in {h.pk for h in spots.values()}
    bad = client.get("/api/v1/hotspots?status=whatever")
    assert bad.status_code == 400 and bad.json()["code"]


def test_list_query_count_does_not_grow_with_the_rows(kh, spots, django_capture_on_commit_callbacks):
    client = api_client(kh["officer"], kh["btg"])
    client.get("/api/v1/hotspots")  # warm-up
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/hotspots")
    with django_capture_on_commit_callbacks(execute=True):
        for code in ("y-te.dich-benh", "giao-duc.khoan-thu", "an-sinh.bao-hiem"):
            make_concern(kh["officer"], kh["btg"], severity=3, topic=code)
    with CaptureQueriesContext(connection) as more:
        body = client.get("/api/v1/hotspots").json()
    assert body["count"] == 5
    assert len(more) == len(few) <= 6


def test_detail_acknowledge_close(kh, spots):
    client = api_client(kh["officer"], kh["btg"])
    hs = spots["trend"]

    body = client.get(f"/api/v1/hotspots/{hs.pk}").json()
    assert body["concerns_count"] == 8 and body["concerns_hidden"] == 0 and len(body["concerns"]) == 8
    assert body["concerns"][0]["tracking_code"].startswith("PH.")

    ack = client.post(f"/api/v1/hotspots/{hs.pk}/acknowledge", {"note": "Đã nắm"}, content_type="application/json")
    assert (
        ack.status_code == 200 and ack.json()["status"] == "acknowledged" and ack.json()["acknowledge_note"] == "Đã nắm"
    )

    empty = client.post(f"/api/v1/hotspots/{hs.pk}/close", {"note": ""}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["field"] == "note"
    done = client.post(f"/api/v1/hotspots/{hs.pk}/close", {"note": "Đã xử lý"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "closed" and done.json()["close_note"] == "Đã xử lý"


def test_viewer_outsider_anonymous(kh, spots):
    hs = spots["severe"]
    viewer = api_client(kh["viewer"], kh["btg"])
    assert viewer.get(f"/api/v1/hotspots/{hs.pk}").status_code == 200
    assert (
        viewer.post(f"/api/v1/hotspots/{hs.pk}/close", {"note": "x"}, content_type="application/json").status_code
        == 404
    )

    demo = kh["demo"]
    outsider = api_client(make_user(org=demo.btg_tn), demo.btg_tn)
    assert outsider.get(f"/api/v1/hotspots/{hs.pk}").status_code == 404
    assert (
        outsider.post(f"/api/v1/hotspots/{hs.pk}/acknowledge", {}, content_type="application/json").status_code == 404
    )
    assert outsider.get("/api/v1/hotspots").json()["count"] == 0
    assert api_client(None).get("/api/v1/hotspots").status_code == 401
