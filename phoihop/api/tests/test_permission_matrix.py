"""Role × endpoint: every API endpoint and every page, for every role, answers the expected status.

Forbidden answers exactly like missing: 404. Anonymous API calls get 401; anonymous pages redirect
to the login page (302).
"""

import pytest
from django.test import Client

from phoihop.accounts.models import Role
from phoihop.accounts.services import token_create
from phoihop.tests.support import acting_of, api_client, make_user, page_client

pytestmark = pytest.mark.django_db

ACTORS = [
    "anonymous",
    "viewer",
    "collaborator",
    "officer",
    "leader",
    "org_admin",
    "other_org",
    "superior",
    "unrelated",
    "system_admin",
]


@pytest.fixture
def world(demo):
    """Members of BTG Phú Bình in every role, plus outsiders: a sibling agency, the superior
    department (BTG Thái Nguyên, roll-up), an unrelated province, and a system administrator."""
    btg_pb = demo.btg_pb
    users = {
        "anonymous": None,
        "viewer": make_user(org=btg_pb, role=Role.VIEWER),
        "collaborator": make_user(org=btg_pb, role=Role.COLLABORATOR),
        "officer": make_user(org=btg_pb, role=Role.OFFICER),
        "leader": make_user(org=btg_pb, role=Role.LEADER),
        "org_admin": make_user(org=btg_pb, role=Role.ORG_ADMIN),
        "other_org": make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN),
        "superior": make_user(org=demo.btg_tn, role=Role.OFFICER),
        "unrelated": make_user(org=demo.hdnd_kh, role=Role.ORG_ADMIN),
        "system_admin": make_user(superuser=True),
    }
    subject = make_user(org=btg_pb, role=Role.OFFICER)  # an officer whose record others try to read
    _raw, subject_token = token_create(acting=acting_of(subject))
    return {"users": users, "org": btg_pb, "subject": subject, "subject_token": subject_token, "unit": btg_pb.unit}


def row(expected: dict[str, int], default: int) -> list[int]:
    return [expected.get(a, default) for a in ACTORS]


API = [
    # (method, path template, expected per actor)
    ("get", "/api/v1/me", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/units?q=phu+binh", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/units/{unit}", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/orgs?q=phu+binh", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/orgs/{org}", row({"anonymous": 401}, 200)),
    (
        "get",
        "/api/v1/orgs/{org}/members",
        row({"anonymous": 401, "collaborator": 404, "other_org": 404, "unrelated": 404}, 200),
    ),
    (
        "get",
        "/api/v1/users/{subject}",
        row({"anonymous": 401, "leader": 200, "org_admin": 200, "system_admin": 200}, 404),
    ),
    (
        "get",
        "/api/v1/audit",
        row({"anonymous": 401, "org_admin": 200, "other_org": 200, "unrelated": 200, "system_admin": 200}, 404),
    ),
    ("get", "/api/v1/auth/tokens", row({"anonymous": 401}, 200)),
    ("delete", "/api/v1/auth/tokens/{subject_token}", row({"anonymous": 401}, 404)),
]


@pytest.mark.parametrize(("method", "path", "expected"), API, ids=[f"{m} {p}" for m, p, _ in API])
def test_api_matrix(world, method, path, expected):
    url = path.format(
        unit=world["unit"].pk, org=world["org"].pk, subject=world["subject"].pk, subject_token=world["subject_token"].pk
    )
    got = [getattr(api_client(world["users"][a]), method)(url).status_code for a in ACTORS]
    assert dict(zip(ACTORS, got, strict=True)) == dict(zip(ACTORS, expected, strict=True))


def test_token_owner_may_revoke_their_token(world):
    client = api_client(world["subject"])
    assert client.delete(f"/api/v1/auth/tokens/{world['subject_token'].pk}").status_code == 200


def test_token_endpoint_is_open_to_everyone_with_credentials(world):
    from phoihop.tests.support import PASSWORD

    for actor in ["viewer", "collaborator", "officer", "leader", "org_admin", "other_org", "superior", "unrelated"]:
        user = world["users"][actor]
        response = Client().post(
            "/api/v1/auth/token", {"username": user.username, "password": PASSWORD}, content_type="application/json"
        )
        assert response.status_code == 201, actor


PAGES = [
    ("/", row({"anonymous": 302}, 200)),
    ("/units/", row({"anonymous": 302}, 200)),
    ("/units/{unit}/", row({"anonymous": 302}, 200)),
    ("/orgs/", row({"anonymous": 302}, 200)),
    ("/orgs/{org}/", row({"anonymous": 302}, 200)),
    ("/orgs/options/?parent_q=phu+binh", row({"anonymous": 302}, 200)),
    ("/units/options/?unit_q=phu+binh", row({"anonymous": 302}, 200)),
    ("/orgs/{org}/edit/", row({"anonymous": 302, "org_admin": 200, "system_admin": 200}, 404)),
    ("/orgs/{org}/focal-points/new/", row({"anonymous": 302, "org_admin": 200, "system_admin": 200}, 404)),
    ("/orgs/{org}/members/add/", row({"anonymous": 302, "org_admin": 200, "system_admin": 200}, 404)),
    ("/orgs/new/", row({"anonymous": 302, "system_admin": 200, "org_admin": 200}, 404)),
    (
        "/accounts/users/",
        row({"anonymous": 302, "org_admin": 200, "other_org": 200, "unrelated": 200, "system_admin": 200}, 404),
    ),
    (
        "/accounts/users/new/",
        row({"anonymous": 302, "org_admin": 200, "other_org": 200, "unrelated": 200, "system_admin": 200}, 404),
    ),
    ("/accounts/users/{subject}/", row({"anonymous": 302, "leader": 200, "org_admin": 200, "system_admin": 200}, 404)),
    (
        "/accounts/users/{subject}/edit/",
        row({"anonymous": 302, "org_admin": 200, "system_admin": 200, "leader": 200}, 404),
    ),
    (
        "/audit/",
        row({"anonymous": 302, "org_admin": 200, "other_org": 200, "unrelated": 200, "system_admin": 200}, 404),
    ),
    ("/accounts/me/", row({"anonymous": 302}, 200)),
    ("/accounts/password/change/", row({"anonymous": 302}, 200)),
    (
        "/admin/",
        row({"anonymous": 302, "org_admin": 200, "other_org": 200, "unrelated": 200, "system_admin": 200}, 302),
    ),
    (
        "/admin/orgs/organization/{org}/change/",
        row({"anonymous": 302, "org_admin": 200, "system_admin": 200, "other_org": 302, "unrelated": 302}, 302),
    ),
]


@pytest.mark.parametrize(("path", "expected"), PAGES, ids=[p for p, _ in PAGES])
def test_page_matrix(world, path, expected):
    url = path.format(unit=world["unit"].pk, org=world["org"].pk, subject=world["subject"].pk)
    got = []
    for actor in ACTORS:
        user = world["users"][actor]
        client = Client() if user is None else page_client(user)
        got.append(client.get(url).status_code)
    assert dict(zip(ACTORS, got, strict=True)) == dict(zip(ACTORS, expected, strict=True))
