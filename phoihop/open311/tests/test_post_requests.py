"""POST requests: the key, the mapping to a concern, locations, attributes, idempotency, errors, and what
a client can send without causing a 500."""

import pytest

from phoihop.concerns.models import Concern, ConcernContact, ConcernReport, IntakeKey
from phoihop.concerns.tests.factories import NINH_HOA
from phoihop.open311 import services
from phoihop.open311.models import ApiKey, ServiceRequest
from phoihop.open311.tests.conftest import BASE, DESCRIPTION, errors, xml

pytestmark = pytest.mark.django_db


def submit(client, data, fmt="json", **headers):
    return client.post(f"{BASE}/requests.{fmt}", data, **headers)


def test_a_request_becomes_a_concern_of_the_keys_organisation(client, form, issued, demo):
    response = submit(client, form())
    assert response.status_code == 201, response.content
    (item,) = response.json()
    concern = Concern.objects.get(tracking_code=item["service_request_id"])
    assert item["service_request_id"].startswith("PH.") and item["account_id"] == ""
    assert "113" in item["service_notice"] and "115" in item["service_notice"]
    assert ServiceRequest.objects.get(concern=concern).token == item["token"]
    assert concern.organization == demo.btg_kh and concern.created_by is None
    assert concern.topic.code == "ha-tang.dien-nuoc" and concern.channel == "other"
    assert concern.unit.code == NINH_HOA and concern.severity == 2
    assert concern.description == DESCRIPTION
    assert concern.title == DESCRIPTION  # short enough to be its own title
    report = ConcernReport.objects.get(concern=concern)
    assert report.source == f"open311:{issued[1].pk}"
    assert not ConcernContact.objects.filter(concern=concern).exists()


def test_without_a_title_the_description_gives_one(client, form):
    long = "Cử tri phản ánh " + "đường liên thôn xuống cấp nghiêm trọng, " * 10
    response = submit(client, form(description=long))
    concern = Concern.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert len(concern.title) <= 121 and concern.title.endswith("…")
    assert long.startswith(concern.title[:-1])


def test_the_answer_in_xml(client, form):
    response = submit(client, form(), fmt="xml")
    assert response.status_code == 201
    root = xml(response)
    assert root.tag == "service_requests" and len(root) == 1
    request = root.find("request")
    assert request.findtext("service_request_id").startswith("PH.")
    assert request.findtext("token") and request.findtext("account_id") in ("", None)
    assert "113" in request.findtext("service_notice")


def test_attributes_fill_our_fields(client, form):
    response = submit(
        client,
        form(
            **{
                "attribute[title]": "Đèn đường hỏng",
                "attribute[channel]": "hotline",
                "attribute[severity]": "3",
                "attribute[people_affected]": "120",
                "attribute[observed_on]": "2026-01-05T20:30:00+07:00",
                "attribute[mass_complaint]": "yes",
                "attribute[security_order]": "no",
                "attribute[source_ref]": "KHS-2026-00042",
                "lat": "12.491234",
                "long": "109.123456",
            }
        ),
    )
    assert response.status_code == 201, response.content
    concern = Concern.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert (concern.title, concern.channel, concern.severity, concern.people_affected) == (
        "Đèn đường hỏng", "hotline", 3, 120,
    )  # fmt: skip
    assert str(concern.observed_on) == "2026-01-05"
    assert concern.mass_complaint and not concern.security_order
    assert concern.source_ref == "KHS-2026-00042"
    assert str(concern.latitude) == "12.491234" and str(concern.longitude) == "109.123456"


def test_address_string_finds_the_unit_behind_a_street_address(client, form):
    response = submit(client, form(address_id=None, address_string="12 Trần Quý Cáp, Phường Ninh Hòa, Khánh Hòa"))
    assert response.status_code == 201, response.content
    concern = Concern.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert concern.unit.code == NINH_HOA
    assert concern.place_given == "12 Trần Quý Cáp, Phường Ninh Hòa, Khánh Hòa"


def test_unknown_address_string_is_400_saying_what_to_send(client, form):
    response = submit(client, form(address_id=None, address_string="Xã Không Có Thật, Tỉnh Không Có"))
    assert response.status_code == 400
    (error,) = errors(response)
    assert error["description"].startswith("address_string:") and "ví dụ" in error["description"]


def test_coordinates_alone_are_not_enough_without_a_unit(client, form):
    response = submit(client, form(address_id=None, lat="12.49", long="109.12"))
    assert response.status_code == 400
    assert "address_string" in errors(response)[0]["description"]
    response = submit(client, form(lat="12.49"))
    assert response.status_code == 400 and "long" in errors(response)[0]["description"]
    response = submit(client, form(address_id=None))
    assert response.status_code == 400 and "Thiếu vị trí" in errors(response)[0]["description"]


def test_jurisdiction_must_match_the_units_province(client, form, demo):
    assert submit(client, form(jurisdiction_id="56")).status_code == 201
    thai_nguyen = demo.btg_tn.unit_path.split("/")[0]
    response = submit(client, form(jurisdiction_id=thai_nguyen))
    assert response.status_code == 400
    assert "không thuộc tỉnh" in errors(response)[0]["description"]


@pytest.mark.parametrize(
    ("overrides", "parameter"),
    [
        ({"service_code": None}, "service_code"),
        ({"service_code": "khong-co"}, "service_code"),
        ({"service_code": "dat-dai"}, "service_code"),  # a group, not a service
        ({"description": None}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"address_id": "99999999"}, "address_id"),
        ({"address_id": "abc"}, "address_id"),
        ({"attribute[severity]": "9"}, "attribute[severity]"),
        ({"attribute[people_affected]": "nhiều"}, "attribute[people_affected]"),
        ({"attribute[people_affected]": "99999999999999999999"}, "attribute[people_affected]"),
        ({"attribute[observed_on]": "2999-01-01"}, "attribute[observed_on]"),
        ({"attribute[observed_on]": "2026-13-45T99:00"}, "attribute[observed_on]"),
        ({"attribute[mass_complaint]": "maybe"}, "attribute[mass_complaint]"),
        ({"attribute[title]": "t" * 301}, "attribute[title]"),
        ({"attribute[colour]": "red"}, "attribute[colour]"),
        ({"attribute[channel]": "fax"}, "attribute[channel]"),
        ({"lat": "north", "long": "109"}, "lat"),
        ({"lat": "120", "long": "109"}, "lat"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"first_name": "A" * 150, "last_name": "B" * 150}, "first_name"),
        ({"jurisdiction_id": "zz"}, "jurisdiction_id"),
    ],
)
def test_invalid_input_is_400_naming_the_parameter(client, form, overrides, parameter):
    before = Concern.objects.count()
    response = submit(client, form(**overrides))
    assert response.status_code == 400, response.content
    (error,) = errors(response)
    assert error["code"] == 400 and error["description"].startswith(parameter), error
    assert Concern.objects.count() == before


def test_errors_in_xml(client, form):
    response = submit(client, form(service_code=None), fmt="xml")
    assert response.status_code == 400
    root = xml(response)
    assert root.tag == "errors" and root.find("error/code").text == "400"
    assert root.find("error/description").text.startswith("service_code")


def test_denunciations_never_come_through_open311(client, form):
    response = submit(client, form(**{"attribute[channel]": "denunciation"}))
    assert response.status_code == 400
    assert "tố cáo" in errors(response)[0]["description"].lower()
    response = submit(
        client, form(**{"attribute[channel]": "denunciation", "first_name": "Lan", "phone": "0905123456"})
    )
    assert response.status_code == 400
    assert not Concern.objects.filter(
        channel="denunciation", organization__isnull=False, reports__source__startswith="open311:"
    ).exists()


@pytest.mark.parametrize("key", [None, "", "o311_wrong", "x" * 5000, "o311_\x00"])
def test_a_missing_or_wrong_key_is_403(client, form, key):
    response = submit(client, form(api_key=key))
    assert response.status_code == 403
    assert errors(response)[0]["code"] == 403


def test_a_revoked_or_inactive_key_is_403(client, form, issued):
    _, key = issued
    services.api_key_revoke(acting=None, key=key)
    assert submit(client, form()).status_code == 403
    raw2, key2 = services.api_key_issue(acting=None, application="Khác", organization=key.organization)
    ApiKey.objects.filter(pk=key2.pk).update(is_active=False)
    assert submit(client, form(api_key=raw2)).status_code == 403


def test_the_key_is_checked_before_anything_else(client, form):
    response = submit(client, form(api_key="bad", service_code=None, address_id=None))
    assert response.status_code == 403


def test_last_use_is_recorded(client, form, issued):
    assert issued[1].last_used_at is None
    submit(client, form())
    issued[1].refresh_from_db()
    assert issued[1].last_used_at is not None


def test_the_same_idempotency_key_twice_files_one_request(client, form):
    first = submit(client, form(), HTTP_IDEMPOTENCY_KEY="app-7-42")
    second = submit(client, form(), HTTP_IDEMPOTENCY_KEY="app-7-42")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()[0]["service_request_id"] == second.json()[0]["service_request_id"]
    assert first.json()[0]["token"] == second.json()[0]["token"]
    code = first.json()[0]["service_request_id"]
    assert Concern.objects.filter(tracking_code=code).count() == 1
    assert ConcernReport.objects.filter(concern__tracking_code=code).count() == 1
    assert IntakeKey.objects.filter(key="app-7-42").count() == 1
    third = submit(client, form(), HTTP_IDEMPOTENCY_KEY="app-7-43")
    assert third.json()[0]["service_request_id"] != code


def test_idempotency_keys_are_per_application(client, form, demo):
    other_raw, _ = services.api_key_issue(acting=None, application="Ứng dụng khác", organization=demo.btg_kh)
    a = submit(client, form(), HTTP_IDEMPOTENCY_KEY="same")
    b = submit(client, form(api_key=other_raw), HTTP_IDEMPOTENCY_KEY="same")
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()[0]["service_request_id"] != b.json()[0]["service_request_id"]


def test_a_bad_idempotency_key_is_400(client, form):
    response = submit(client, form(), HTTP_IDEMPOTENCY_KEY="k" * 121)
    assert response.status_code == 400
    assert errors(response)[0]["description"].startswith("Idempotency-Key")


def test_contact_details_are_sealed_apart_from_the_concern(client, form):
    response = submit(
        client,
        form(first_name="Nguyễn Thị", last_name="Lan", email="lan.nguyen@example.vn", phone="0905 123 456"),
    )
    assert response.status_code == 201
    code = response.json()[0]["service_request_id"]
    contact = ConcernContact.objects.get(concern__tracking_code=code)
    sealed = bytes(contact.sealed)
    for secret in (b"0905 123 456", b"0905123456", b"lan.nguyen", "Nguyễn Thị".encode()):
        assert secret not in sealed
    from phoihop.concerns.crypto import unseal

    assert unseal(sealed) == {
        "name": "Nguyễn Thị Lan", "phone": "0905 123 456", "email": "lan.nguyen@example.vn", "address": "",
    }  # fmt: skip
    concern = Concern.objects.get(tracking_code=code)
    assert "0905" not in concern.description + concern.title + concern.place_given


def test_media_url_is_not_taken_and_the_notice_says_so(client, form):
    response = submit(client, form(media_url="https://example.vn/anh.jpg"))
    assert response.status_code == 201
    assert "media_url" in response.json()[0]["service_notice"]
    concern = Concern.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert "example.vn" not in concern.description


@pytest.mark.parametrize(
    "overrides",
    [
        {"description": "Nội dung\x00có NUL"},
        {"service_code": "dat-dai\x00.thu-hoi"},
        {"address_string": "Phường\x00Ninh Hòa", "address_id": None},
        {"address_id": "225\x0028"},
        {"attribute[title]": "a\x00b"},
        {"first_name": "\x00"},
        {"jurisdiction_id": "5\x006"},
        {"device_id": "\x00"},
        {"attribute[x][y]": "1"},
        {"attribute[]": "1"},
        {"address_string": "Ninh Hòa, " * 50, "address_id": None},
        {"service_code": "s" * 100_000},
    ],
)
def test_hostile_input_is_400_never_500(client, form, overrides):
    response = submit(client, form(**overrides))
    assert response.status_code == 400, response.content
    assert errors(response)[0]["code"] == 400


def test_repeated_parameters_are_refused(client, form):
    data = form()
    data["description"] = [DESCRIPTION, "Một nội dung khác"]
    response = submit(client, data)
    assert response.status_code == 400 and errors(response)[0]["description"].startswith("description")
    data = form()
    data["api_key"] = [data["api_key"], data["api_key"]]
    assert submit(client, data).status_code == 403


def test_bodies_that_are_not_forms_do_not_cause_500(client, form):
    path = f"{BASE}/requests.json"
    raw = form()["api_key"]
    cases = [
        (b"api_key=" + raw.encode() + b"&service_code=%FF%FE&description=%C3%28", "application/x-www-form-urlencoded"),
        (b'{"api_key": "x"}', "application/json"),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b'--zz\r\nContent-Disposition: form-data; name="api_key"\r\n\r\n', "multipart/form-data; boundary=zz"),
        (b"x", "multipart/form-data"),
    ]
    for body, content_type in cases:
        response = client.generic("POST", path, body, content_type=content_type)
        assert response.status_code in (400, 403), (body, response.status_code, response.content)
        assert errors(response)[0]["code"] in (400, 403)


def test_too_many_fields_is_400(client, form, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20
    data = form()
    data.update({f"f{i}": "x" for i in range(50)})
    response = submit(client, data)
    assert response.status_code == 400
    assert errors(response)[0]["code"] == 400


def test_a_post_stays_cheap(client, form, django_assert_max_num_queries):
    submit(client, form())  # warm caches (topic classifier, content types)
    with django_assert_max_num_queries(40):
        assert submit(client, form()).status_code == 201
