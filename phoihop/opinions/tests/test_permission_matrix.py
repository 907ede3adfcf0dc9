"""Who reaches what in opinion reports: roles × API endpoints and pages. Forbidden answers 404; the
anonymous get 401 (API) or the sign-in page (302)."""

import pytest
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.opinions import services
from phoihop.opinions.models import Collaborator, OpinionReport
from phoihop.opinions.tests.factories import collaborator, report, unit
from phoihop.tests.support import api_client, make_user, page_client

pytestmark = pytest.mark.django_db

ACTORS = [
    "collaborator",
    "other_collaborator",
    "officer",
    "leader",
    "viewer",
    "org_admin",
    "partner",
    "superior",
    "anonymous",
]

# (method, path, expected by actor) — {r} is a submitted report of "collaborator"; the superior department
# is a department itself: it reads and writes its own (empty) month, never the subordinate's report
API = [
    ("get", "/api/v1/opinion/topics", dict.fromkeys(ACTORS[:-1], 200)),
    (
        "get",
        "/api/v1/opinion/reports/{r}",
        {"collaborator": 200, "officer": 200, "leader": 200, "viewer": 200, "org_admin": 200},
    ),
    (
        "get",
        "/api/v1/opinion/compilations/{m}",
        {"officer": 200, "leader": 200, "viewer": 200, "org_admin": 200, "superior": 200},
    ),
    (
        "get",
        "/api/v1/opinion/compilations/{m}?scope=subtree",
        {"officer": 200, "leader": 200, "viewer": 200, "org_admin": 200, "superior": 200},
    ),
    (
        "get",
        "/api/v1/opinion/compilations/{m}/docx",
        {"officer": 200, "leader": 200, "viewer": 200, "org_admin": 200, "superior": 200},
    ),
    ("put", "/api/v1/opinion/compilations/{m}", {"officer": 200, "leader": 200, "superior": 200}),
    ("get", "/api/v1/opinion/participation?months=30", dict.fromkeys(ACTORS[:-1], 400)),
    ("get", "/api/v1/opinion/collaborators", {"leader": 200, "org_admin": 200}),
    ("get", "/api/v1/opinion/participation", {"leader": 200, "org_admin": 200}),
]
PAGES = [
    (
        "/opinion/",
        {
            "collaborator": 200,
            "other_collaborator": 200,
            "officer": 200,
            "leader": 200,
            "viewer": 200,
            "org_admin": 200,
            "partner": 200,
            "superior": 200,
        },
    ),
    ("/opinion/reports/new/", {"collaborator": 200, "other_collaborator": 200}),
    ("/opinion/reports/{r}/", {"collaborator": 200, "officer": 200, "leader": 200, "viewer": 200, "org_admin": 200}),
    ("/opinion/months/{m}/", {"officer": 200, "leader": 200, "viewer": 200, "org_admin": 200, "superior": 200}),
    ("/opinion/network/", {"leader": 200, "org_admin": 200}),
]


@pytest.fixture
def world(demo):
    OpinionReport.objects.all().delete()
    Collaborator.objects.all().delete()
    org = demo.btg_kh
    ward = unit("22528")
    leader = make_user(org=org, role=Role.LEADER)
    people = {
        "collaborator": collaborator(org, [ward], leader=leader),
        "other_collaborator": collaborator(org, [unit("22525")], leader=leader),
        "officer": make_user(org=org),
        "leader": leader,
        "viewer": make_user(org=org, role=Role.VIEWER),
        "org_admin": make_user(org=org, role=Role.ORG_ADMIN),
        "partner": make_user(org=demo.hdnd_kh),
        "anonymous": None,
    }
    orgs = {k: org for k in people} | {"partner": demo.hdnd_kh}
    # the superior: Thái Nguyên's department over Phú Bình (an org in Khánh Hòa has no superior department in the demo)
    people["superior"], orgs["superior"] = make_user(org=demo.btg_tn), demo.btg_tn
    r = report(people["collaborator"], org, ward, [("lv.y-te", "agree", "Đồng tình với khám bệnh từ xa.")])
    return people, orgs, r


@pytest.mark.parametrize(("method", "path", "allowed"), API)
def test_api_matrix(world, method, path, allowed):
    people, orgs, r = world
    for actor in ACTORS:
        client = api_client(people[actor], orgs[actor])
        url = path.format(r=r.pk, m=f"{services.previous_month(services.month_of(timezone.localdate())):%Y-%m}")
        response = (
            getattr(client, method)(url, data="{}", content_type="application/json")
            if method == "put"
            else client.get(url)
        )
        expected = 401 if actor == "anonymous" else allowed.get(actor, 404)
        assert response.status_code == expected, (actor, url, response.content[:200])


@pytest.mark.parametrize(("path", "allowed"), PAGES)
def test_page_matrix(world, path, allowed):
    people, orgs, r = world
    for actor in ACTORS:
        url = path.format(r=r.pk, m=f"{services.previous_month(services.month_of(timezone.localdate())):%Y-%m}")
        if actor == "anonymous":
            from django.test import Client

            assert Client().get(url).status_code == 302
            continue
        response = page_client(people[actor], orgs[actor]).get(url)
        assert response.status_code == allowed.get(actor, 404), (actor, url)
        if response.status_code == 200 and actor not in ("leader", "collaborator") and "network" not in url:
            assert people["collaborator"].full_name not in response.content.decode(), (actor, url)
