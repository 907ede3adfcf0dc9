"""Role × endpoint for information supply: every /api/v1/exchanges endpoint and page, for every role,
answers the expected status. Forbidden answers exactly like missing: 404; anonymous API calls get 401.

The world: Ban Tuyên giáo Huyện ủy Phú Bình (the roles below act for it) asks UBND huyện Phú Bình (the
"other_org" acts for it) for information twice — one answer pending, one supplied — and sends it a quick
report; the superior department (BTG Thái Nguyên) sees the roll-up; HĐND Khánh Hòa is unrelated. Opinion
collaborators read no exchanges between agencies.
"""

import json

import pytest

from phoihop.accounts.models import Role
from phoihop.exchanges import services
from phoihop.tests.support import acting_of, api_client, make_user, page_client

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "viewer", "collaborator", "officer", "leader", "org_admin", "other_org", "superior",
          "unrelated", "system_admin"]  # fmt: skip
WORKING = {"officer", "leader", "org_admin"}


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
    requester = acting_of(users["officer"], btg_pb)
    pending = services.request_create(
        acting=requester, subject="Tình hình an ninh trật tự", asked=[demo.ubnd_pb], kind="incident", within_days=3
    )
    answered = services.request_create(
        acting=requester, subject="Số liệu đơn thư", asked=[demo.ubnd_pb], kind="incident", within_days=3
    )
    supplied = answered.obligations.get()
    services.supply_add(
        acting=acting_of(users["other_org"], demo.ubnd_pb), obligation=supplied, text="Có", complete=True
    )
    quick = services.quick_report_send(acting=requester, subject="Sự việc", text="Nội dung", recipients=[demo.ubnd_pb])
    return {
        "users": users,
        "ids": {
            "{req}": pending.pk,
            "{obl}": pending.obligations.get().pk,
            "{supplied}": supplied.pk,
            "{quick}": quick.pk,
            "{third}": demo.org("Tòa án nhân dân huyện Phú Bình").pk,
        },
    }


def _client(world, actor: str, api: bool = True):
    user = world["users"][actor]
    if user is None:
        from django.test import Client

        return Client()
    org = None if actor == "system_admin" else user.memberships.first().organization
    return api_client(user, org) if api else page_client(user, org)


def _fill(world, text: str) -> str:
    for key, value in world["ids"].items():
        text = text.replace(key, str(value))
    return text


SEE = row({"anonymous": 401, "collaborator": 404, "unrelated": 404}, 200)
REQUESTER = row({"anonymous": 401, **dict.fromkeys(WORKING, 200), "system_admin": 200}, 404)

READ = [
    ("get", "/api/v1/exchanges/requests", None, row({"anonymous": 401}, 200)),
    ("get", "/api/v1/exchanges/obligations", None, row({"anonymous": 401}, 200)),
    ("get", "/api/v1/exchanges/quick-reports", None, row({"anonymous": 401}, 200)),
    ("get", "/api/v1/exchanges/statistics", None, row({"anonymous": 401}, 200)),
    ("get", "/api/v1/exchanges/requests/{req}", None, SEE),
    ("get", "/api/v1/exchanges/obligations/{obl}", None, SEE),
    ("get", "/api/v1/exchanges/quick-reports/{quick}", None, SEE),
]

WRITE = [
    # any organisation's working roles may ask and report quickly; an administrator acts for no body
    (
        "post",
        "/api/v1/exchanges/requests",
        {"subject": "Thông tin mới", "asked": ["{third}"], "kind": "incident", "within_hours": 12},
        row({"anonymous": 401, "viewer": 404, "collaborator": 404, "system_admin": 404}, 201),
    ),
    (
        "post",
        "/api/v1/exchanges/quick-reports",
        {"subject": "Báo cáo nhanh", "text": "Nội dung", "recipients": ["{third}"]},
        row({"anonymous": 401, "viewer": 404, "collaborator": 404, "system_admin": 404}, 201),
    ),
    # the requester closes and reviews
    ("post", "/api/v1/exchanges/requests/{req}/close", {"reason": ""}, REQUESTER),
    ("post", "/api/v1/exchanges/obligations/{supplied}/review/acknowledge", {}, REQUESTER),
    ("post", "/api/v1/exchanges/obligations/{supplied}/review/ask_more", {"reason": "Thiếu"}, REQUESTER),
    # the asked organisation supplies
    (
        "post",
        "/api/v1/exchanges/obligations/{obl}/supplies",
        {"text": "Tình hình ổn định", "complete": True},
        row({"anonymous": 401, "other_org": 201, "system_admin": 201}, 404),
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "expected"), READ + WRITE)
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_exchange_api_matrix(world, method, path, body, expected, index):
    actor = ACTORS[index]
    client = _client(world, actor)
    url = _fill(world, path)
    kwargs = {}
    if body is not None:
        payload = json.loads(_fill(world, json.dumps(body)))
        for key in ("asked", "recipients"):
            if key in payload:
                payload[key] = [int(v) for v in payload[key]]
        kwargs = {"data": json.dumps(payload), "content_type": "application/json"}
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == expected[index], (actor, url, response.content[:300])


PAGE_SEE = row({"anonymous": 302, "collaborator": 404, "unrelated": 404}, 200)
PAGE_WRITE = row({"anonymous": 302, "viewer": 404, "collaborator": 404, "system_admin": 404}, 200)

PAGES = [
    ("/exchanges/", row({"anonymous": 302}, 200)),
    ("/exchanges/obligations/", row({"anonymous": 302}, 200)),
    ("/exchanges/quick/", row({"anonymous": 302}, 200)),
    ("/exchanges/statistics/", row({"anonymous": 302}, 200)),
    ("/exchanges/{req}/", PAGE_SEE),
    ("/exchanges/obligations/{obl}/", PAGE_SEE),
    ("/exchanges/quick/{quick}/", PAGE_SEE),
    ("/exchanges/new/", PAGE_WRITE),
    ("/exchanges/quick/new/", PAGE_WRITE),
]


@pytest.mark.parametrize(("path", "expected"), PAGES)
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_exchange_page_matrix(world, path, expected, index):
    actor = ACTORS[index]
    response = _client(world, actor, api=False).get(_fill(world, path))
    assert response.status_code == expected[index], (actor, path)


DONE_BY_REQUESTER = row({"anonymous": 302, **dict.fromkeys(WORKING, 302), "system_admin": 302}, 404)

PAGE_POSTS = [
    ("/exchanges/obligations/{obl}/supply/", {"text": "Có", "completeness": "complete"},
     row({"anonymous": 302, "other_org": 302, "system_admin": 302}, 404)),
    ("/exchanges/obligations/{supplied}/review/acknowledge/", {}, DONE_BY_REQUESTER),
    ("/exchanges/{req}/close/", {"reason": ""}, DONE_BY_REQUESTER),
]  # fmt: skip


@pytest.mark.parametrize(("path", "data", "expected"), PAGE_POSTS)
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_exchange_page_action_matrix(world, path, data, expected, index):
    """Actions answer with a redirect when done (anonymous: to the sign-in page), 404 when forbidden."""
    actor = ACTORS[index]
    response = _client(world, actor, api=False).post(_fill(world, path), data)
    assert response.status_code == expected[index], (actor, path)
