"""API behaviour: tokens, errors in Vietnamese JSON, filters, the acting organisation, query counts."""

import datetime as dt
import hashlib

import pyotp
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.accounts.models import ApiToken, Role
from phoihop.tests.support import PASSWORD, api_client, make_user

pytestmark = pytest.mark.django_db


def get_token(user, **extra):
    return Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD, **extra},
        content_type="application/json",
    )


# --- tokens ---------------------------------------------------------------------------------------------


def test_token_lifecycle(demo):
    user = make_user(org=demo.btg_pb)
    response = get_token(user, name="máy chủ tổng hợp", days=7)
    assert response.status_code == 201
    body = response.json()
    raw = body["token"]
    assert body["token_type"] == "Bearer"
    # stored hashed, never in clear
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest() and raw not in stored.key_hash
    assert dt.timedelta(days=6) < stored.expires_at - timezone.now() <= dt.timedelta(days=7)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["username"] == user.username
    assert me.json()["acting_organization"]["name"] == demo.btg_pb.name
    tokens = client.get("/api/v1/auth/tokens").json()
    assert [t["name"] for t in tokens] == ["máy chủ tổng hợp"] and "token" not in tokens[0]
    assert client.delete(f"/api/v1/auth/tokens/{body['id']}").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_expired_token_is_refused(demo):
    user = make_user(org=demo.btg_pb)
    raw = get_token(user).json()["token"]
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_token_of_a_deactivated_user_is_refused(demo):
    user = make_user(org=demo.btg_pb)
    raw = get_token(user).json()["token"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 401


def test_wrong_credentials_give_401_without_a_hint(demo):
    user = make_user()
    wrong_password = Client().post(
        "/api/v1/auth/token", {"username": user.username, "password": "x"}, content_type="application/json"
    )
    wrong_user = Client().post(
        "/api/v1/auth/token", {"username": "khong-co", "password": "x"}, content_type="application/json"
    )
    assert wrong_password.status_code == wrong_user.status_code == 401
    assert (
        wrong_password.json()
        == wrong_user.json()
        == {"code": "unauthorized", "message": "Tên đăng nhập hoặc mật khẩu không đúng."}
    )


def test_locked_account_gets_the_unlock_time(demo, settings):
    settings.LOGIN_MAX_FAILURES = 2
    user = make_user()
    for _ in range(2):
        Client().post(
            "/api/v1/auth/token", {"username": user.username, "password": "x"}, content_type="application/json"
        )
    response = get_token(user)
    assert response.status_code == 423
    body = response.json()
    assert body["code"] == "account_locked" and "Tài khoản tạm khóa" in body["message"] and body["locked_until"]


def test_system_administrator_token_needs_two_factor(demo):
    from phoihop.accounts import services
    from phoihop.tests.support import acting_of

    admin = make_user(superuser=True)
    assert get_token(admin).status_code == 403  # not enrolled yet
    secret = services.totp_begin(acting=acting_of(admin))
    admin.refresh_from_db()
    services.totp_confirm(
        acting=acting_of(admin), code=pyotp.TOTP(secret).at(timezone.now() - dt.timedelta(seconds=30))
    )
    assert get_token(admin).status_code == 401
    assert get_token(admin, otp="123456").status_code == 401
    assert get_token(admin, otp=pyotp.TOTP(secret).now()).status_code == 201


def test_session_auth_needs_csrf_for_writes(demo):
    user = make_user(org=demo.btg_pb)
    token = ApiToken.objects.create(
        user=user, prefix="x", key_hash="y" * 64, expires_at=timezone.now() + dt.timedelta(days=1)
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/v1/me").status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{token.pk}").status_code == 403


# --- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/units?level=abc", "level"),
        ("/api/v1/units?level=9", "level"),
        ("/api/v1/units?generation=future", "generation"),
        ("/api/v1/units?parent=-1", "parent"),
        ("/api/v1/units?limit=0", "limit"),
        ("/api/v1/units?limit=1000", "limit"),
        ("/api/v1/units?offset=-5", "offset"),
        ("/api/v1/orgs?unit=x", "unit"),
        ("/api/v1/orgs?level=planet", "level"),
        ("/api/v1/orgs?q=" + "a" * 101, "q"),
        ("/api/v1/audit?since=32/13/2024", "since"),
        ("/api/v1/units/abc", "unit_id"),
    ],
)
def test_malformed_parameters_get_400_in_vietnamese_naming_the_parameter(demo, url, field):
    admin = make_user(superuser=True)
    response = api_client(admin).get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid_parameter" and body["field"] == field
    assert f"“{field}”" in body["message"] and body["message"].startswith(("Tham số", "Tham số đường dẫn"))


def test_bad_json_body_is_a_400(demo):
    response = Client().post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]


def test_missing_field_is_named(demo):
    response = Client().post("/api/v1/auth/token", {"username": "a"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "password"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/units/999999999",
        "/api/v1/orgs/999999999",
        "/api/v1/users/999999999",
        "/api/v1/orgs/99999999999999999999",
        "/api/v1/khong-co",
        "/api/v2/units",
    ],
)
def test_unknown_ids_and_paths_are_404_json(demo, url):
    response = api_client(make_user(superuser=True)).get(url)
    assert response.status_code in (400, 404)
    assert response["Content-Type"].startswith("application/json") and response.json()["message"]


def test_nothing_a_user_sends_gives_a_500(demo):
    client = api_client(make_user(org=demo.btg_pb, role=Role.ORG_ADMIN))
    odd = ["%00", "'; DROP TABLE x;--", "😀" * 20, "\u0301\u0301", "a" * 5000, "%FF%FE", "null", "[]", "{}"]
    for value in odd:
        for path in [
            "/api/v1/units?q={v}",
            "/api/v1/orgs?q={v}",
            "/api/v1/orgs?type={v}",
            "/api/v1/audit?action={v}",
            "/api/v1/units/{v}",
            "/api/v1/orgs/{v}/members",
        ]:
            response = client.get(path.format(v=value))
            assert response.status_code < 500, (path, value, response.status_code)
    for body in [
        "",
        "[]",
        '{"username": 5, "password": []}',
        '{"username": "a", "password": "b", "days": 9999}',
        "x" * 10000,
        '{"username": "a\\u0000b", "password": "b"}',
        '{"username": "admin", "password": "\\u0000"}',
    ]:
        assert Client().post("/api/v1/auth/token", body, content_type="application/json").status_code < 500


# --- behaviour ------------------------------------------------------------------------------------------


def test_unit_filters(demo):
    client = api_client(make_user(org=demo.btg_pb))
    body = client.get("/api/v1/units?level=1&generation=current&limit=100").json()
    assert body["count"] == 34 and len(body["items"]) == 34
    assert client.get("/api/v1/units?level=2&generation=legacy&limit=1").json()["count"] == 696
    tn = next(u for u in body["items"] if u["name"] == "Tỉnh Thái Nguyên")
    communes = client.get(f"/api/v1/units?parent={tn['id']}&limit=1").json()
    assert communes["count"] > 50
    found = client.get("/api/v1/units?q=dak+lak").json()["items"]
    assert found[0]["name"] == "Tỉnh Đắk Lắk"
    detail = client.get(f"/api/v1/units/{found[0]['id']}").json()
    assert detail["generation"] == "current" and {p["name"] for p in detail["predecessors"]} == {
        "Tỉnh Đắk Lắk",
        "Tỉnh Phú Yên",
    }


def test_org_filters(demo):
    client = api_client(make_user(org=demo.btg_pb))
    names = [o["name"] for o in client.get("/api/v1/orgs?q=phu+binh&limit=100").json()["items"]]
    assert "Ban Tuyên giáo Huyện ủy Phú Bình" in names and "Ủy ban nhân dân huyện Phú Bình" in names
    btg = [o["name"] for o in client.get("/api/v1/orgs?type=ban-tuyen-giao&limit=100").json()["items"]]
    assert all("Ban Tuyên giáo" in n for n in btg) and len(btg) >= 5
    tn_unit = demo.btg_tn.unit_id
    subtree = {o["name"] for o in client.get(f"/api/v1/orgs?unit={tn_unit}&limit=100").json()["items"]}
    assert {
        "Ban Tuyên giáo Tỉnh ủy Thái Nguyên",
        "Ban Tuyên giáo Huyện ủy Phú Bình",
        "Ủy ban nhân dân huyện Đại Từ",
    } <= subtree
    assert "Ban Tuyên giáo Tỉnh ủy Khánh Hòa" not in subtree
    detail = client.get(f"/api/v1/orgs/{demo.btg_pb.pk}").json()
    assert detail["focal_points"][0]["full_name"] == "Dương Văn Mưu" and detail["doc_profile"] == "party"


def test_acting_organisation_header(demo):
    user = make_user(org=demo.btg_pb)
    from phoihop.accounts.services import membership_add

    membership_add(acting=None, user=user, organization=demo.ubnd_pb, role=Role.OFFICER)
    assert api_client(user).get("/api/v1/me").json()["acting_organization"]["id"] == demo.btg_pb.pk
    assert api_client(user, demo.ubnd_pb).get("/api/v1/me").json()["acting_organization"]["id"] == demo.ubnd_pb.pk
    # a header naming an organisation the user is not in is ignored: the default is used
    assert api_client(user, demo.hdnd_kh).get("/api/v1/me").json()["acting_organization"]["id"] == demo.btg_pb.pk


def test_openapi_document_and_docs_page(demo):
    client = api_client(make_user())
    spec = client.get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/orgs",
        "/api/v1/orgs/{org_id}",
        "/api/v1/auth/token",
        "/api/v1/audit",
        "/api/v1/reports",
        "/api/v1/reports/calls",
        "/api/v1/reports/{report_id}/transition",
        "/api/v1/reports/{report_id}/{fmt}",
        "/api/v1/commendations",
        "/api/v1/commendations/good-models",
        "/api/v1/dashboard",
    ]:
        assert path in spec["paths"], path
    assert "BearerAuth" in spec["components"]["securitySchemes"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b"swagger" in page.content.lower()


# --- query counts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/units?limit=50", 3),  # token, count, page (parent joined)
        ("/api/v1/units?q=phu+binh&limit=50", 3),
        ("/api/v1/orgs?limit=50", 5),  # token, count, page (type joined), then the page's units and parents
        ("/api/v1/orgs?q=uy+ban&limit=50", 5),
        ("/api/v1/orgs?unit={unit}&limit=50", 6),  # + the unit's path
        ("/api/v1/audit?limit=50", 3),  # token, count, page (system administrator: no scoping query)
        ("/api/v1/orgs/{org}/members", 4),  # token, organisation, its focal points, members
    ],
)
def test_list_endpoints_run_a_fixed_number_of_queries(demo, url, queries):
    """Pinned per endpoint; the same whatever the page size (no query per row)."""
    admin = make_user(superuser=True)
    client = api_client(admin)
    url = url.format(unit=demo.btg_tn.unit_id, org=demo.btg_pb.pk)
    client.get(url)  # stamps last use
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == queries, [q["sql"][:120] for q in ctx.captured_queries]
    with CaptureQueriesContext(connection) as ctx2:
        client.get(url.replace("limit=50", "limit=10"))
    assert len(ctx2.captured_queries) == len(ctx.captured_queries)


def test_pages_refuse_odd_input_without_a_500(demo):
    from phoihop.tests.support import page_client

    client = page_client(make_user(superuser=True))
    assert Client().post("/accounts/login/", {"username": "a\x00b", "password": "x"}).status_code < 500
    for url in [
        "/orgs/?q=%00",
        "/units/?q=%00&level=x&generation=y",
        "/audit/?organization=%00&kind=x",
        "/orgs/?unit=abc&page=-1",
        "/units/?page=99999",
        "/orgs/999999999/",
        "/units/options/?unit_q=%00",
    ]:
        assert client.get(url).status_code < 500, url


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/orgs/?q=phu+binh", 9),
        ("/orgs/", 9),
        ("/units/?q=phu", 6),
        ("/audit/", 6),
        ("/accounts/users/", 7),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(demo, url, queries):
    """session, user, memberships (acting org), org types or filters, count, page, prefetches: fixed."""
    from phoihop.tests.support import page_client

    client = page_client(make_user(superuser=True))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == queries, [q["sql"][:100] for q in ctx.captured_queries]


def test_a_user_who_enabled_two_factor_needs_the_code_for_a_token_too(demo):
    from phoihop.accounts import services
    from phoihop.tests.support import acting_of

    user = make_user(org=demo.btg_pb)
    secret = services.totp_begin(acting=acting_of(user))
    user.refresh_from_db()
    services.totp_confirm(acting=acting_of(user), code=pyotp.TOTP(secret).at(timezone.now() - dt.timedelta(seconds=30)))
    assert get_token(user).status_code == 401
    assert get_token(user, otp=pyotp.TOTP(secret).now()).status_code == 201


def test_wrong_method_and_oversized_body_answer_in_json(demo, settings):
    client = api_client(make_user())
    response = client.post("/api/v1/me")
    assert (
        response.status_code == 405 and response.json()["code"] == "method_not_allowed" and "GET" in response["Allow"]
    )
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = Client().post(
        "/api/v1/auth/token", '{"username": "' + "a" * 5000 + '", "password": "x"}', content_type="application/json"
    )
    assert big.status_code == 413 and big.json()["code"] == "too_large"


def test_odd_digits_are_not_ids(demo):
    from phoihop.tests.support import page_client

    client = page_client(make_user(superuser=True))
    for url in ["/audit/?organization=²", "/orgs/?unit=²", "/orgs/?unit=٣", "/units/?page=²"]:
        assert client.get(url).status_code == 200, url
    assert client.post("/orgs/new/", {"name": "X", "unit": "²"}).status_code == 400


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/audit?limit=50", 4),  # token, memberships (acting org and its roll-up), count, page
        ("/api/v1/orgs/{org}/members", 5),  # token, memberships, organisation, its focal points, members
        ("/api/v1/orgs?q=phu+binh", 5),
    ],
)
def test_scoped_list_endpoints_run_a_fixed_number_of_queries(demo, url, queries):
    """The same pins for an organisation administrator, whose answers go through the visibility rule."""
    client = api_client(make_user(org=demo.btg_tn, role=Role.ORG_ADMIN))
    url = url.format(org=demo.btg_pb.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == queries, [q["sql"][:100] for q in ctx.captured_queries]
