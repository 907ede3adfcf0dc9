"""GET requests, requests/{id} and tokens/{token}: the public subset, the fields, merges, the window,
filters, paging, and that nothing personal is ever answered."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from phoihop.concerns import services as concern_services
from phoihop.concerns.models import Concern
from phoihop.concerns.tests.factories import make_concern
from phoihop.open311.models import ServiceRequest
from phoihop.open311.tests.conftest import BASE, errors, xml
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db

FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}  # fmt: skip


@pytest.fixture
def file(client, form):
    def make(**overrides) -> str:
        response = client.post(f"{BASE}/requests.json", form(**overrides))
        assert response.status_code == 201, response.content
        return response.json()[0]["service_request_id"]

    return make


@pytest.fixture
def admin():
    return make_user(superuser=True)


def listing(client, **params):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_filed_request_is_listed_with_every_field(client, file, demo):
    code = file(lat="12.49", long="109.12")
    (item,) = [r for r in listing(client) if r["service_request_id"] == code]
    assert set(item) == FIELDS
    assert item["status"] == "open" and item["status_notes"].startswith("Mới tiếp nhận")
    assert item["service_code"] == "ha-tang.dien-nuoc" and item["service_name"]
    assert item["agency_responsible"] == demo.btg_kh.name
    assert item["address"].startswith("Phường Ninh Hòa") and item["address_id"] == "22528"
    assert item["requested_datetime"].endswith("+07:00") and item["updated_datetime"].endswith("+07:00")
    assert item["expected_datetime"] is None and item["zipcode"] == "" and item["media_url"] == ""
    assert (item["lat"], item["long"]) == (12.49, 109.12)
    assert dt.datetime.fromisoformat(item["requested_datetime"]).utcoffset() == dt.timedelta(hours=7)


def test_the_list_and_one_request_in_xml(client, file):
    code = file()
    root = xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    item = next(r for r in root if r.findtext("service_request_id") == code)
    assert item.tag == "request" and {c.tag for c in item} == FIELDS
    assert item.findtext("status") == "open"
    one = xml(client.get(f"{BASE}/requests/{code}.xml"))
    assert len(one) == 1 and one.find("request/service_request_id").text == code
    assert one.find("request/expected_datetime").text is None


def test_one_request_is_a_one_item_list_and_the_code_is_case_insensitive(client, file):
    code = file()
    body = client.get(f"{BASE}/requests/{code}.json").json()
    assert [r["service_request_id"] for r in body] == [code]
    assert client.get(f"{BASE}/requests/{code.lower()}.json").json()[0]["service_request_id"] == code


def test_only_requests_filed_through_open311_are_public(client, file, demo):
    code = file()
    other = make_concern(demo.user("btg.khanhhoa"), demo.btg_kh)  # taken in at a voter meeting
    denunciation = make_concern(demo.user("btg.khanhhoa"), demo.btg_kh, channel="denunciation", source_ref="TC-12/2026")
    codes = {r["service_request_id"] for r in listing(client)}
    assert code in codes and other.tracking_code not in codes and denunciation.tracking_code not in codes
    for hidden in (other, denunciation):
        response = client.get(f"{BASE}/requests/{hidden.tracking_code}.json")
        assert response.status_code == 404 and errors(response)[0]["code"] == 404
        assert listing(client, service_request_id=hidden.tracking_code) == []


@pytest.mark.parametrize("code", ["PH.20990101.0001", "khong-co", "PH.%00", "x" * 500, "1"])
def test_unknown_request_is_404(client, demo, code):
    response = client.get(f"{BASE}/requests/{code}.json")
    assert response.status_code == 404
    assert errors(client.get(f"{BASE}/requests/{code}.xml"))[0]["code"] == 404


def test_personal_data_never_leaves_through_get(client, file):
    personal = {"first_name": "Trần Văn", "last_name": "Bình", "email": "binh.tran@example.vn", "phone": "0914 777 888"}
    code = file(**personal, address_id=None, address_string="45 Hùng Vương, Phường Ninh Hòa, Khánh Hòa")
    bodies = [
        client.get(f"{BASE}/requests.json").content,
        client.get(f"{BASE}/requests.xml").content,
        client.get(f"{BASE}/requests/{code}.json").content,
        client.get(f"{BASE}/requests/{code}.xml").content,
        client.get(f"{BASE}/requests.json", {"service_request_id": code}).content,
    ]
    for body in bodies:
        text = body.decode()
        assert code in text
        for value in ("Bình", "binh.tran", "0914", "777 888", "45 Hùng Vương", "first_name", "email", "phone"):
            assert value not in text, value
    item = json.loads(bodies[2])[0]
    assert set(item) == FIELDS


def test_a_merged_request_shows_the_status_of_the_concern_it_joined(client, file, admin, demo):
    code = file()
    original = make_concern(demo.user("btg.khanhhoa"), demo.btg_kh)
    acting = acting_of(admin)
    concern_services.concern_merge(acting=acting, original=original, duplicate=Concern.objects.get(tracking_code=code))
    concern_services.concern_transition(
        acting=acting, concern=original, action="reject", reason="Không thuộc thẩm quyền"
    )
    (item,) = client.get(f"{BASE}/requests/{code}.json").json()
    assert item["service_request_id"] == code
    assert item["status"] == "closed" and "Không thụ lý" in item["status_notes"]
    assert original.tracking_code not in json.dumps(item)
    assert code in {r["service_request_id"] for r in listing(client, status="closed")}
    assert code not in {r["service_request_id"] for r in listing(client, status="open")}


def test_routing_gives_the_agency_and_the_expected_time(client, file, admin, demo):
    code = file()
    deadline = timezone.localdate() + dt.timedelta(days=10)
    concern_services.concern_route(
        acting=acting_of(admin), concern=Concern.objects.get(tracking_code=code), lead=demo.hdnd_kh, deadline=deadline
    )
    (item,) = client.get(f"{BASE}/requests/{code}.json").json()
    assert item["agency_responsible"] == demo.hdnd_kh.name
    assert item["expected_datetime"] == f"{deadline.isoformat()}T17:00:00+07:00"
    assert item["status"] == "open" and item["status_notes"].startswith("Đã giao xử lý")
    assert deadline.strftime("%d/%m/%Y") in item["service_notice"]


def test_the_public_answer_is_in_the_status_notes(client, file, admin):
    code = file()
    concern = Concern.objects.get(tracking_code=code)
    concern_services.concern_update(
        acting=acting_of(admin), concern=concern, data={"public_answer": "Đã thay bóng đèn ngày 20/11."}
    )
    (item,) = client.get(f"{BASE}/requests/{code}.json").json()
    assert "Đã thay bóng đèn ngày 20/11." in item["status_notes"]


def test_service_request_id_overrides_every_other_filter(client, file):
    a, b = file(), file()
    ServiceRequest.objects.filter(concern__tracking_code=a).update(requested_at=timezone.now() - dt.timedelta(days=400))
    body = listing(client, service_request_id=f"{a}, {b},PH.bad", status="closed", service_code="khac.khac")
    assert {r["service_request_id"] for r in body} == {a, b}


def test_the_default_window_is_the_last_90_days(client, file):
    recent, old = file(), file()
    long_ago = timezone.now() - dt.timedelta(days=120)
    ServiceRequest.objects.filter(concern__tracking_code=old).update(requested_at=long_ago)
    codes = {r["service_request_id"] for r in listing(client)}
    assert recent in codes and old not in codes
    start = (long_ago - dt.timedelta(days=1)).isoformat()
    end = (long_ago + dt.timedelta(days=1)).isoformat()
    assert {r["service_request_id"] for r in listing(client, start_date=start, end_date=end)} == {old}
    # one bound: 90 days from it
    assert old in {r["service_request_id"] for r in listing(client, start_date=start)}
    assert recent not in {r["service_request_id"] for r in listing(client, start_date=start)}
    assert old not in {r["service_request_id"] for r in listing(client, end_date=timezone.now().isoformat())}


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # > 90 days
        {"start_date": "2026-03-01", "end_date": "2026-02-01"},  # end before start
        {"start_date": "hôm qua"},
        {"end_date": "2026-02-30T00:00:00Z"},
        {"start_date": "0001-01-01T00:00:00Z"},
        {"start_date": "9999-12-31"},
        {"status": "pending"},
        {"service_code": "khong-co"},
        {"page": "0"},
        {"page": "-1"},
        {"page_size": "1001"},
        {"page_size": "1e3"},
        {"page": "²"},
        {"jurisdiction_id": "x"},
        {"service_request_id": ",".join(f"PH.20260101.{i:04d}" for i in range(201))},
        {"service_code": "dat-dai\x00"},
        {"start_date": "2026-01-01\x00"},
    ],
)
def test_bad_filters_are_400(client, demo, params):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400, response.content
    assert errors(response)[0]["code"] == 400


def test_repeated_filters_are_400(client, demo):
    response = client.get(f"{BASE}/requests.json?status=open&status=closed")
    assert response.status_code == 400 and errors(response)[0]["description"].startswith("status")


def test_non_utf8_query_does_not_cause_500(client, demo):
    response = client.get(f"{BASE}/requests.json?service_code=%FF%FE&status=%C3%28")
    assert response.status_code == 400


def test_filters_by_service_status_and_jurisdiction(client, file, demo):
    power, land = file(), file(service_code="dat-dai.thu-hoi")
    codes = lambda **p: {r["service_request_id"] for r in listing(client, **p)}  # noqa: E731
    assert codes(service_code="ha-tang.dien-nuoc") >= {power} and land not in codes(service_code="ha-tang.dien-nuoc")
    assert {power, land} <= codes(service_code="ha-tang.dien-nuoc,dat-dai.thu-hoi")
    assert land in codes(service_code="dat-dai") and power not in codes(service_code="dat-dai")  # a group
    assert {power, land} <= codes(status="open") and not ({power, land} & codes(status="closed"))
    assert {power, land} <= codes(status="open,closed")
    assert {power, land} <= codes(jurisdiction_id="56") and not (
        {power, land} & codes(jurisdiction_id=demo.btg_tn.unit_path.split("/")[0])
    )


def test_page_and_page_size(client, file):
    filed = [file() for _ in range(3)]
    newest_first = list(reversed(filed))
    page1 = [r["service_request_id"] for r in listing(client, page_size="2")]
    page2 = [r["service_request_id"] for r in listing(client, page_size="2", page="2")]
    assert page1 == newest_first[:2] and page2[:1] == newest_first[2:]
    assert listing(client, page_size="2", page="999") == []


def test_the_list_has_a_fixed_number_of_queries(client, file, django_assert_num_queries):
    for _ in range(3):
        file()
    with django_assert_num_queries(1):
        assert len(listing(client)) >= 3


def test_tokens_lead_to_the_request(client, form):
    response = client.post(f"{BASE}/requests.json", form())
    item = response.json()[0]
    body = client.get(f"{BASE}/tokens/{item['token']}.json").json()
    assert body == [{"service_request_id": item["service_request_id"], "token": item["token"]}]
    root = xml(client.get(f"{BASE}/tokens/{item['token']}.xml"))
    assert root.find("request/service_request_id").text == item["service_request_id"]
    for bad in ("nope", "%00", "a" * 100):
        response = client.get(f"{BASE}/tokens/{bad}.json")
        assert response.status_code == 404 and errors(response)[0]["code"] == 404
