"""/api/v1/concerns over HTTP with real bearer tokens: intake, idempotency, duplicates, errors, privacy,
the workflow, and the pinned query count of the list."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.concerns.models import Concern
from phoihop.concerns.tests.factories import NINH_HOA, concern_data, make_concern
from phoihop.core.models import AuditEvent
from phoihop.tests.support import api_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def kh(demo):
    ward = demo.org("Ủy ban nhân dân phường Ninh Hòa")
    return {
        "btg": demo.btg_kh,
        "officer": make_user(org=demo.btg_kh),
        "ward": ward,
        "ward_officer": make_user(org=ward),
        "hdnd": demo.hdnd_kh,
        "hdnd_officer": make_user(org=demo.hdnd_kh),
    }


def post(client, path, body, **headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def test_create_returns_201_with_the_tracking_code_and_likely_duplicates(kh):
    client = api_client(kh["officer"], kh["btg"])
    first = post(client, "/api/v1/concerns", concern_data())
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["created"] and body["concern"]["tracking_code"].startswith("PH.")
    assert body["concern"]["id"] not in [d["concern"]["id"] for d in body["duplicates"]]
    second = post(
        client,
        "/api/v1/concerns",
        concern_data(title="Cham boi thuong giai phong mat bang duong ven bien", description="ho dan chua nhan tien"),
    )
    assert second.status_code == 201
    assert next(d["concern"]["id"] for d in second.json()["duplicates"]) == body["concern"]["id"]
    unrelated = post(
        client,
        "/api/v1/concerns",
        concern_data(
            title="Cây xanh đổ chắn lối vào chợ",
            description="Sau bão, cây xanh đổ chắn lối vào chợ.",
            topic="do-thi.via-he",
        ),
    )
    assert body["concern"]["id"] not in [d["concern"]["id"] for d in unrelated.json()["duplicates"]]


def test_idempotency_key_makes_a_repeated_post_harmless(kh):
    client = api_client(kh["officer"], kh["btg"])
    a = post(client, "/api/v1/concerns", concern_data(), HTTP_IDEMPOTENCY_KEY="k-42")
    b = post(client, "/api/v1/concerns", concern_data(), HTTP_IDEMPOTENCY_KEY="k-42")
    assert (a.status_code, b.status_code) == (201, 200)
    assert a.json()["concern"]["id"] == b.json()["concern"]["id"]
    assert Concern.objects.filter(pk=a.json()["concern"]["id"]).count() == 1
    assert not b.json()["created"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": "khong-co"}, "topic"),
        ({"channel": "bo-cau"}, "channel"),
        ({"unit": "Nơi không có"}, "unit"),
        ({"description": "<b>đậm</b>"}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"severity": 9}, "severity"),
        ({"title": "a\x00b"}, "title"),
    ],
)
def test_bad_input_gets_400_with_a_vietnamese_message_and_nothing_is_created(kh, overrides, field):
    before = Concern.objects.count()
    response = post(api_client(kh["officer"], kh["btg"]), "/api/v1/concerns", concern_data(**overrides))
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert response.json()["message"]
    assert Concern.objects.count() == before


def test_broken_bodies_never_produce_a_500(kh):
    client = api_client(kh["officer"], kh["btg"])
    for raw in ["{", "[]", '{"title": 5}', "\x00", json.dumps({"title": ["x"] * 10})]:
        response = client.post("/api/v1/concerns", data=raw, content_type="application/json")
        assert 400 <= response.status_code < 500, raw
    assert client.get("/api/v1/concerns?severity=abc").status_code == 400
    assert client.get("/api/v1/concerns/PH.%00").status_code == 404
    assert client.get("/api/v1/concerns/99999999999999999999").status_code == 404


def test_denunciation_with_contact_is_refused(kh):
    response = post(
        api_client(kh["officer"], kh["btg"]),
        "/api/v1/concerns",
        concern_data(channel="denunciation", contact={"name": "Người tố cáo", "phone": "0905999888"}),
    )
    assert response.status_code == 400 and response.json()["field"] == "contact"


def test_contact_never_appears_in_lists_or_details_and_its_view_is_audited(kh):
    client = api_client(kh["officer"], kh["btg"])
    created = post(
        client,
        "/api/v1/concerns",
        concern_data(
            channel="petition", contact={"name": "Lê Thị Hoa", "phone": "0905777666", "email": "hoa@example.vn"}
        ),
    ).json()["concern"]
    for path in ["/api/v1/concerns", f"/api/v1/concerns/{created['id']}", "/api/v1/concerns?q=boi thuong"]:
        text = client.get(path).content.decode()
        assert "0905777666" not in text and "Lê Thị Hoa" not in text and "hoa@example.vn" not in text, path
    contacts = client.get(f"/api/v1/concerns/{created['id']}/contacts")
    assert contacts.status_code == 200 and contacts.json()[0]["phone"] == "0905777666"
    assert AuditEvent.objects.filter(kind="view", action="concern.contact_view", object_id=str(created["id"])).exists()
    hdnd = api_client(kh["hdnd_officer"], kh["hdnd"])
    assert hdnd.get(f"/api/v1/concerns/{created['id']}/contacts").status_code == 404


def test_workflow_through_the_api(kh):
    btg = api_client(kh["officer"], kh["btg"])
    ward = api_client(kh["ward_officer"], kh["ward"])
    concern = make_concern(kh["officer"], kh["btg"])
    path = f"/api/v1/concerns/{concern.tracking_code}"
    routed = post(btg, f"{path}/route", {"lead": kh["ward"].pk, "partners": [kh["hdnd"].pk], "note": "Khẩn"})
    assert routed.status_code == 200, routed.content
    assert routed.json()["status"] == "assigned" and routed.json()["partners"][0]["id"] == kh["hdnd"].pk
    assert post(ward, f"{path}/transitions/start", {}).json()["status"] == "in_handling"
    bad = post(ward, f"{path}/transitions/resolve", {})
    assert bad.status_code == 400 and bad.json()["field"] == "result"
    assert (
        post(ward, f"{path}/transitions/resolve", {"result": "Đã chi trả", "public_answer": "Đã chi trả"}).status_code
        == 200
    )
    assert post(btg, f"{path}/transitions/close", {}).status_code == 400
    added = post(
        ward,
        f"{path}/responses",
        {"phase": "after", "message": "Thông báo", "done_on": timezone.localdate().isoformat()},
    )
    assert added.status_code == 201
    closed = post(btg, f"{path}/transitions/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [h["action"] for h in closed.json()["history"]] == ["receive", "assign", "start", "resolve", "close"]
    assert post(btg, f"{path}/transitions/fly", {}).status_code in (400, 404)


def test_refuse_merge_and_unmerge_through_the_api(kh):
    btg = api_client(kh["officer"], kh["btg"])
    ward = api_client(kh["ward_officer"], kh["ward"])
    a = make_concern(kh["officer"], kh["btg"])
    b = make_concern(kh["officer"], kh["btg"], channel="press")
    routed = post(btg, f"/api/v1/concerns/{a.pk}/route", {"lead": kh["ward"].pk})
    assert routed.status_code == 200, routed.content
    refused = post(
        ward, f"/api/v1/concerns/{a.pk}/refuse", {"reason": "Không thuộc thẩm quyền", "suggested": kh["hdnd"].pk}
    )
    assert refused.status_code == 200 and refused.json()["status"] == "verifying"
    assert refused.json()["routings"][-1]["suggested"]["id"] == kh["hdnd"].pk
    merged = post(btg, f"/api/v1/concerns/{a.pk}/merge", {"duplicate": b.tracking_code})
    assert merged.status_code == 200 and merged.json()["reports_count"] == 2
    assert post(btg, f"/api/v1/concerns/{b.pk}/unmerge", {}).json()["merged_into"] is None


def test_other_organisations_get_404(kh, demo):
    concern = make_concern(kh["ward_officer"], kh["ward"])
    other = api_client(make_user(org=demo.btg_tn), demo.btg_tn)
    assert other.get(f"/api/v1/concerns/{concern.pk}").status_code == 404
    assert post(other, f"/api/v1/concerns/{concern.pk}/route", {"lead": demo.btg_tn.pk}).status_code == 404
    assert concern.pk not in [c["id"] for c in other.get("/api/v1/concerns?limit=100").json()["items"]]
    assert api_client(None).get("/api/v1/concerns").status_code == 401


def test_list_query_count_does_not_grow_with_rows(kh):
    client = api_client(kh["officer"], kh["btg"])
    make_concern(kh["officer"], kh["btg"])
    client.get("/api/v1/concerns")  # warm the token and membership caches
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/concerns?limit=100").status_code == 200
    for i in range(6):
        make_concern(kh["officer"], kh["btg"], title=f"Vấn đề số {i}", topic="moi-truong.o-nhiem")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/concerns?limit=100")
    assert response.json()["count"] >= 7
    assert len(many) == len(few) <= 8


def test_filters_and_accent_free_search(kh):
    client = api_client(kh["officer"], kh["btg"])
    land = make_concern(kh["officer"], kh["btg"])
    make_concern(kh["officer"], kh["btg"], topic="moi-truong.o-nhiem", title="Khói bụi nhà máy", description="Ô nhiễm.")
    ids = [c["id"] for c in client.get("/api/v1/concerns?q=giai phong mat bang&limit=100").json()["items"]]
    assert land.pk in ids
    assert all("giai phong mat bang" in Concern.objects.get(pk=i).search_text for i in ids)
    by_topic = client.get("/api/v1/concerns?topic=moi-truong").json()["items"]
    assert by_topic and all(c["topic"]["code"].startswith("moi-truong") for c in by_topic)
    assert client.get("/api/v1/concerns?status=bogus").status_code == 400
    unit_id = land.unit_id
    assert land.pk in [c["id"] for c in client.get(f"/api/v1/concerns?unit={unit_id}").json()["items"]]


def test_topics_suggestion_and_sla_are_published(kh):
    client = api_client(kh["officer"], kh["btg"])
    topics = client.get("/api/v1/concern-topics").json()
    assert any(g["code"] == "dat-dai" and g["topics"] for g in topics)
    suggested = client.get("/api/v1/concern-topics/suggest", {"text": "khai thác cát trái phép trên sông"}).json()
    assert suggested and suggested[0]["topic"]["code"] == "moi-truong.khai-thac-cat"
    assert [r["severity"] for r in client.get("/api/v1/concern-sla").json()] == [1, 2, 3, 4]


def test_duplicates_endpoint(kh):
    client = api_client(kh["officer"], kh["btg"])
    original = make_concern(kh["officer"], kh["btg"])
    found = post(
        client,
        "/api/v1/concerns/duplicates",
        {"text": "boi thuong giai phong mat bang duong ven bien", "unit": NINH_HOA},
    )
    assert found.status_code == 200 and found.json()[0]["concern"]["id"] == original.pk
    assert post(client, "/api/v1/concerns/duplicates", {"text": "x", "unit": "Không có"}).status_code == 400
