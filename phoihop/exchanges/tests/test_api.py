"""/api/v1/exchanges: requests, obligations, supplies, review, quick reports, statistics; bad input is 4xx
with a Vietnamese message, never 500; list query counts pinned; the endpoints are in the OpenAPI file."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.exchanges import services
from phoihop.exchanges.models import InfoRequest, InfoSupply
from phoihop.exchanges.tests.factories import incident, monthly, people
from phoihop.tests.support import acting_of, api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def who(demo):
    return people(demo)


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_create_supply_review_through_the_api(demo, who):
    requester = api_client(who["requester"], demo.btg_kh)
    created = _post(
        requester,
        "/api/v1/exchanges/requests",
        {"subject": "Số liệu kiến nghị cử tri", "asked": [demo.hdnd_kh.pk], "kind": "incident", "within_days": 5,
         "urgency": "flash"},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["asked"] == [{"id": demo.hdnd_kh.pk, "name": demo.hdnd_kh.name}] and body["urgency"] == "flash"
    asked = api_client(who["asked"], demo.hdnd_kh)
    todo = asked.get(f"/api/v1/exchanges/obligations?to_supply=true&request={body['id']}").json()
    assert todo["count"] == 1
    obligation_id = todo["items"][0]["id"]
    supplied = _post(
        asked, f"/api/v1/exchanges/obligations/{obligation_id}/supplies", {"text": "Đã tổng hợp", "complete": True}
    )
    assert (
        supplied.status_code == 201 and supplied.json()["status"] == "supplied" and supplied.json()["on_time"] is True
    )
    assert requester.get(f"/api/v1/exchanges/obligations/{obligation_id}").json()["actions"] == [
        "acknowledge",
        "ask_more",
    ]
    review = _post(requester, f"/api/v1/exchanges/obligations/{obligation_id}/review/acknowledge", {})
    assert review.status_code == 200 and review.json()["status"] == "acknowledged"
    from django.utils import timezone

    from phoihop.exchanges.models import InfoObligation

    day = timezone.localtime(InfoObligation.objects.get(pk=obligation_id).due_at).date().isoformat()  # Vietnam day
    stats = requester.get(
        f"/api/v1/exchanges/statistics?requester={demo.btg_kh.pk}&kind=incident&due_from={day}&due_to={day}"
    ).json()  # the demo's per-incident request falls due in 2 days
    assert stats == [{"organization": {"id": demo.hdnd_kh.pk, "name": demo.hdnd_kh.name}, "period": None, "due": 1,
                      "on_time": 1, "late": 0, "missing": 0, "not_yet_due": 0, "on_time_rate": 100.0}]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "periodic", "frequency": "monthly"}, 400, "due_day"),
        ({"kind": "periodic", "frequency": "monthly", "due_day": "abc"}, 400, "due_day"),
        ({"kind": "periodic", "frequency": "monthly", "due_day": 10**20}, 400, "due_day"),
        ({"kind": "incident", "deadline": "2020-01-01T08:00:00+07:00"}, 400, "deadline"),
        ({"kind": "incident", "within_hours": 10**30}, 400, "within_hours"),
        ({"kind": "incident", "within_hours": 3, "subject": "x\u0000y"}, 400, "subject"),
        ({"kind": "incident", "within_hours": 3, "subject": "x" * 100000}, 400, "subject"),
        ({"kind": "incident", "within_hours": 3, "asked": [10**15]}, 400, "asked"),
        ({"kind": "incident", "within_hours": 3, "asked": ["abc"]}, 400, "asked"),
        ({"kind": "incident", "within_hours": 3, "asked": "abc"}, 400, "asked"),
        ({"kind": "monthly"}, 400, "kind"),
        ({"kind": "incident", "within_hours": True}, 400, "within_hours"),
    ],
)
def test_bad_request_input_is_a_vietnamese_4xx(demo, who, body, status, field):
    client = api_client(who["requester"], demo.btg_kh)
    payload = {"subject": "S", "asked": [demo.hdnd_kh.pk], **body}
    count = InfoRequest.objects.count()
    response = _post(client, "/api/v1/exchanges/requests", payload)
    assert response.status_code == status, response.content
    data = response.json()
    assert data["field"].split(".")[0] == field, data
    assert data["message"] and InfoRequest.objects.count() == count


def test_bad_supply_input(demo, who):
    obligation = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh]).obligations.get()
    asked = api_client(who["asked"], demo.hdnd_kh)
    url = f"/api/v1/exchanges/obligations/{obligation.pk}/supplies"
    assert _post(asked, url, {"text": "x"}).status_code == 400
    assert _post(asked, url, {"text": "x", "complete": "maybe"}).status_code == 400
    assert _post(asked, url, {"text": "\x00", "complete": True}).status_code == 400
    assert asked.post(url, data=b"\x00\xff", content_type="application/json").status_code == 400
    assert asked.get("/api/v1/exchanges/obligations/99999999999999999999999").status_code == 404
    assert asked.get("/api/v1/exchanges/obligations/%00").status_code == 404
    assert asked.get("/api/v1/exchanges/obligations?due_from=abc").status_code == 400
    assert asked.get("/api/v1/exchanges/obligations?organization=" + "9" * 40).status_code == 400
    assert not InfoSupply.objects.filter(obligation=obligation).exists()


def test_supply_to_a_closed_request_is_400(demo, who):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    obligation = request.obligations.get()
    closed = _post(
        api_client(who["requester"], demo.btg_kh), f"/api/v1/exchanges/requests/{request.pk}/close", {"reason": "Đủ"}
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    response = _post(
        api_client(who["asked"], demo.hdnd_kh), f"/api/v1/exchanges/obligations/{obligation.pk}/supplies",
        {"text": "Muộn", "complete": True},
    )  # fmt: skip
    assert response.status_code == 400 and "kết thúc" in response.json()["message"]


def test_quick_report_api_with_a_concern(demo, who):
    from phoihop.concerns.tests.factories import make_concern

    concern = make_concern(who["requester"], demo.btg_kh)
    client = api_client(who["requester"], demo.btg_kh)
    response = _post(
        client, "/api/v1/exchanges/quick-reports",
        {"subject": "Tụ tập đông người", "text": "Khoảng 30 người", "recipients": [demo.hdnd_kh.pk],
         "concern": concern.tracking_code},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["concern"] == concern.pk
    received = api_client(who["asked"], demo.hdnd_kh).get("/api/v1/exchanges/quick-reports?side=received").json()
    assert received["count"] == 1
    bad = _post(
        client, "/api/v1/exchanges/quick-reports", {"subject": "S", "text": "T", "recipients": [], "concern": None}
    )
    assert bad.status_code == 400


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_endpoints_pin_their_query_counts(demo, who, django_assert_max_num_queries):
    client = api_client(who["requester"], demo.btg_kh)
    incident(who["requester"], demo.btg_kh, [demo.hdnd_kh])
    services.quick_report_send(
        acting=acting_of(who["requester"], demo.btg_kh), subject="S", text="T", recipients=[demo.hdnd_kh]
    )
    urls = ["/api/v1/exchanges/requests", "/api/v1/exchanges/obligations", "/api/v1/exchanges/quick-reports",
            "/api/v1/exchanges/statistics?by_period=true"]  # fmt: skip
    before = {u: _count(client, u) for u in urls}
    monthly(
        who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb], starts_on=__import__("datetime").date(2026, 1, 1)
    )
    for i in range(3):
        incident(who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb], subject=f"Vụ {i}")
        services.quick_report_send(
            acting=acting_of(who["requester"], demo.btg_kh), subject=f"S{i}", text="T", recipients=[demo.hdnd_kh]
        )
    assert {u: _count(client, u) for u in urls} == before
    assert max(before.values()) <= 8, before


def test_endpoints_are_in_the_openapi_file(demo, who):
    schema = api_client(who["requester"], demo.btg_kh).get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    for path in [
        "/api/v1/exchanges/requests", "/api/v1/exchanges/requests/{request_id}",
        "/api/v1/exchanges/requests/{request_id}/close", "/api/v1/exchanges/obligations",
        "/api/v1/exchanges/obligations/{obligation_id}", "/api/v1/exchanges/obligations/{obligation_id}/supplies",
        "/api/v1/exchanges/obligations/{obligation_id}/review/{action}", "/api/v1/exchanges/quick-reports",
        "/api/v1/exchanges/quick-reports/{report_id}", "/api/v1/exchanges/statistics",
    ]:  # fmt: skip
        assert path in paths, path


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/exchanges/requests?q=%00&side=made",
        "/api/v1/exchanges/requests?kind=monthly",
        "/api/v1/exchanges/obligations?period=%00&outcome=on_time",
        "/api/v1/exchanges/obligations?limit=100000",
        "/api/v1/exchanges/statistics?due_from=2026-02-30",
        "/api/v1/exchanges/statistics?requester=abc",
        "/api/v1/exchanges/quick-reports?side=all",
        "/api/v1/exchanges/requests/%00",
        "/api/v1/exchanges/quick-reports/99999999999999999999999",
    ],
)
def test_odd_api_queries_are_4xx_or_200_never_500(demo, who, url):
    response = api_client(who["requester"], demo.btg_kh).get(url)
    assert response.status_code in (200, 400, 404), (url, response.status_code, response.content[:200])
    assert response.status_code != 200 or "items" in response.json() or isinstance(response.json(), list)
