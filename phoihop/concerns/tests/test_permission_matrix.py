"""Role × endpoint for concerns: every /api/v1/concerns endpoint and page, for every role, answers the
expected status. Forbidden answers exactly like missing: 404; anonymous API calls get 401.

The world: a concern recorded by Ban Tuyên giáo Huyện ủy Phú Bình in a commune that succeeded the former
Phú Bình district, routed to UBND huyện Phú Bình (the "other_org" acts for the lead agency); the superior
department (BTG Thái Nguyên) covers the area; HĐND Khánh Hòa is unrelated.
"""

import json

import pytest

from phoihop.accounts.models import Role
from phoihop.concerns import services
from phoihop.concerns.tests.factories import concern_data
from phoihop.geo.models import AdminUnit
from phoihop.tests.support import acting_of, api_client, make_user, page_client

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "viewer", "collaborator", "officer", "leader", "org_admin", "other_org", "superior",
          "unrelated", "system_admin"]  # fmt: skip


def row(expected: dict[str, int], default: int) -> list[int]:
    return [expected.get(a, default) for a in ACTORS]


@pytest.fixture
def world(demo):
    btg_pb = demo.btg_pb
    users = {
        "anonymous": None,
        "viewer": make_user(org=btg_pb, role=Role.VIEWER),
        "collaborator": make_user(org=btg_pb, role=Role.COLLABORATOR),
        "officer": make_user(org=btg_pb, role=Role.OFFICER),
        "leader": make_user(org=btg_pb, role=Role.LEADER),
        "org_admin": make_user(org=btg_pb, role=Role.ORG_ADMIN),
        "other_org": make_user(org=demo.ubnd_pb, role=Role.OFFICER),
        "superior": make_user(org=demo.btg_tn, role=Role.OFFICER),
        "unrelated": make_user(org=demo.hdnd_kh, role=Role.ORG_ADMIN),
        "system_admin": make_user(superuser=True),
    }
    commune = AdminUnit.objects.filter(
        generation=AdminUnit.Generation.CURRENT, predecessors__path__startswith=btg_pb.unit.path + "/"
    ).first()
    assert commune is not None
    acting = acting_of(users["officer"], btg_pb)
    routed, _ = services.concern_intake(
        acting=acting,
        data=concern_data(unit=commune.code, channel="petition"),
        contact={"phone": "0912000111"},
    )
    routed = services.concern_route(acting=acting, concern=routed, lead=demo.ubnd_pb)
    fresh, _ = services.concern_intake(acting=acting, data=concern_data(unit=commune.code, title="Đường ngập"))
    return {"users": users, "org": btg_pb, "routed": routed, "fresh": fresh, "lead": demo.ubnd_pb}


def _client(world, actor: str, api: bool = True):
    user = world["users"][actor]
    if user is None:
        from django.test import Client

        return Client()
    org = None if actor == "system_admin" else user.memberships.first().organization
    return api_client(user, org) if api else page_client(user, org)


READ = [
    ("get", "/api/v1/concerns", None, row({"anonymous": 401}, 200)),
    ("get", "/api/v1/concern-topics", None, row({"anonymous": 401}, 200)),
    ("get", "/api/v1/concerns/{routed}", None, row({"anonymous": 401, "collaborator": 404, "unrelated": 404}, 200)),
    (
        "get",
        "/api/v1/concerns/{routed}/responses",
        None,
        row({"anonymous": 401, "collaborator": 404, "unrelated": 404}, 200),
    ),
    (
        "get",
        "/api/v1/concerns/{routed}/contacts",
        None,
        row({"anonymous": 401, "officer": 200, "leader": 200, "other_org": 200}, 404),
    ),
]

WRITE = [
    # coordinators (the intake organisation's working roles, the superior over the area)
    (
        "post",
        "/api/v1/concerns/{fresh}/transitions/verify",
        {},
        row(
            {"anonymous": 401, "officer": 200, "leader": 200, "org_admin": 200, "superior": 200, "system_admin": 200},
            404,
        ),
    ),
    (
        "post",
        "/api/v1/concerns/{fresh}/route",
        {"lead": "{lead}"},
        row(
            {"anonymous": 401, "officer": 200, "leader": 200, "org_admin": 200, "superior": 200, "system_admin": 200},
            404,
        ),
    ),
    (
        "patch",
        "/api/v1/concerns/{fresh}",
        {"version": 1, "severity": 3},
        row(
            {"anonymous": 401, "officer": 200, "leader": 200, "org_admin": 200, "superior": 200, "system_admin": 200},
            404,
        ),
    ),
    # the lead agency handles
    (
        "post",
        "/api/v1/concerns/{routed}/transitions/start",
        {},
        row({"anonymous": 401, "other_org": 200, "system_admin": 200}, 404),
    ),
    (
        "post",
        "/api/v1/concerns/{routed}/refuse",
        {"reason": "Không thuộc thẩm quyền"},
        row({"anonymous": 401, "other_org": 200, "system_admin": 200}, 404),
    ),
    # the communication response: coordinators and the lead
    (
        "post",
        "/api/v1/concerns/{routed}/responses",
        {"phase": "before", "message": "Thông tin ban đầu"},
        row(
            {
                "anonymous": 401,
                "officer": 201,
                "leader": 201,
                "org_admin": 201,
                "other_org": 201,
                "superior": 201,
                "system_admin": 201,
            },
            404,
        ),
    ),
    # anyone working for an organisation may report; viewers may not
    (
        "post",
        "/api/v1/concerns",
        concern_data(unit="22528"),
        row({"anonymous": 401, "viewer": 404, "system_admin": 400}, 201),  # an administrator acts for no body
    ),
]


def _fill(world, text: str) -> str:
    return (
        text.replace("{routed}", str(world["routed"].pk))
        .replace("{fresh}", str(world["fresh"].pk))
        .replace("{lead}", str(world["lead"].pk))
    )


@pytest.mark.parametrize(("method", "path", "body", "expected"), READ + WRITE)
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_concern_api_matrix(world, method, path, body, expected, index):
    actor = ACTORS[index]
    client = _client(world, actor)
    url = _fill(world, path)
    kwargs = {}
    if body is not None:
        payload = json.loads(_fill(world, json.dumps(body)))
        if "lead" in payload:
            payload["lead"] = int(payload["lead"])
        kwargs = {"data": json.dumps(payload), "content_type": "application/json"}
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == expected[index], (actor, url, response.content[:300])


PAGES = [
    ("/concerns/", row({"anonymous": 302}, 200)),
    ("/concerns/{routed}/", row({"anonymous": 302, "collaborator": 404, "unrelated": 404}, 200)),
    ("/concerns/new/", row({"anonymous": 302, "viewer": 404, "collaborator": 404}, 200)),  # collaborators: quick
    ("/concerns/quick/", row({"anonymous": 302, "viewer": 404}, 200)),
    ("/concerns/track/", row({}, 200)),
]


@pytest.mark.parametrize(("path", "expected"), PAGES)
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_concern_page_matrix(world, path, expected, index):
    actor = ACTORS[index]
    response = _client(world, actor, api=False).get(_fill(world, path))
    assert response.status_code == expected[index], (actor, path)
