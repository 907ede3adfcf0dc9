"""Who reaches what in commendations and good models: roles × API endpoints and pages. A proposal is seen by
the proposing organisation, the nominee's organisation and the roll-up above either; its officers and leaders
draft and submit it, its leaders decide. Published good models are read by every working user, drafts by
their organisation. Forbidden answers 404; the anonymous get 401 (API) or the sign-in page (302)."""

import json

import pytest
from django.test import Client

from phoihop.accounts.models import Role
from phoihop.commendations import services
from phoihop.tests.support import acting_of, api_client, make_org, make_user, page_client

pytestmark = pytest.mark.django_db

ACTORS = ["officer", "leader", "viewer", "collaborator", "nominee", "superior", "outsider", "anonymous"]
WORKING = set(ACTORS) - {"anonymous"}
READERS = WORKING - {"collaborator"}
SEE = {"officer", "leader", "viewer", "nominee", "superior"}
PROPOSE = {"officer", "leader"}
PROPOSERS_ANYWHERE = {"officer", "leader", "nominee", "superior", "outsider"}  # may open the "new" form


@pytest.fixture
def world(demo):
    org = demo.org("Ban Tuyên giáo Thị ủy Ninh Hòa")  # below Khánh Hòa's department
    from phoihop.geo.models import AdminUnit

    commune = AdminUnit.objects.filter(path__startswith=f"{org.unit_path}/").order_by("path").first()
    nominee_org = make_org(unit=commune, type_code="ubnd", name="Ủy ban nhân dân xã Thử Ninh Hòa")
    orgs = {
        "officer": org,
        "leader": org,
        "viewer": org,
        "collaborator": org,
        "nominee": nominee_org,
        "superior": demo.btg_kh,
        "outsider": demo.btg_pb,
        "anonymous": None,
    }
    roles = {"leader": Role.LEADER, "viewer": Role.VIEWER, "collaborator": Role.COLLABORATOR}
    people = {a: make_user(org=orgs[a], role=roles.get(a, Role.OFFICER)) for a in ACTORS if a != "anonymous"}
    people["anonymous"] = None

    def proposal(*actions):
        officer, leader = acting_of(people["officer"], org), acting_of(people["leader"], org)
        c = services.commendation_create(
            acting=officer,
            data={"kind": "collective", "nominee_org": nominee_org, "achievements": "Tốt", "year_from": 2024},
        )
        for a in actions:
            c = services.commendation_transition(
                acting=officer if a == "submit" else leader, commendation=c, action=a, reason="Lý do"
            )
        return c

    acting = acting_of(people["officer"], org)
    draft_model = services.model_create(
        acting=acting, data={"title": "Mô hình nháp", "topic": "dan-van", "description": "Cách làm"}
    )
    published = services.model_publish(
        acting=acting,
        good_model=services.model_create(
            acting=acting, data={"title": "Mô hình đã công bố", "topic": "dan-van", "description": "Cách làm"}
        ),
    )
    return people, orgs, proposal, draft_model, published


UPDATE = {"kind": "collective", "achievements": "Sửa", "year_from": 2024, "version": 1}

# (method, path, body, state of the proposal before each actor, expected status by actor)
API = [
    ("get", "/api/v1/commendations", None, (), dict.fromkeys(WORKING, 200)),
    ("get", "/api/v1/commendations/forms", None, (), dict.fromkeys(WORKING, 200)),
    ("get", "/api/v1/commendations/export?format=xlsx", None, (), dict.fromkeys(WORKING, 200)),
    ("get", "/api/v1/commendations/export?format=docx", None, (), dict.fromkeys(WORKING, 200)),
    ("get", "/api/v1/commendations/{c}", None, (), dict.fromkeys(SEE, 200)),
    ("put", "/api/v1/commendations/{c}", UPDATE, (), dict.fromkeys(PROPOSE, 200)),
    ("post", "/api/v1/commendations/{c}/submit", {}, (), dict.fromkeys(PROPOSE, 200)),
    ("post", "/api/v1/commendations/{c}/approve", {}, ("submit",), {"leader": 200}),
    ("post", "/api/v1/commendations/{c}/return", {"reason": "Bổ sung"}, ("submit",), {"leader": 200}),
    ("post", "/api/v1/commendations/{c}/reject", {"reason": "Không đạt"}, ("submit",), {"leader": 200}),
    (
        "post",
        "/api/v1/commendations/{c}/award",
        {
            "award_form": "giay-khen",
            "decision_number": "1-QĐ/TU",
            "decision_date": "2025-01-02",
            "awarding_authority": "A",
        },
        ("submit", "approve"),
        dict.fromkeys(PROPOSE, 200),
    ),
    ("get", "/api/v1/commendations/good-models", None, (), dict.fromkeys(WORKING, 200)),
    ("get", "/api/v1/commendations/good-models/topics", None, (), dict.fromkeys(WORKING, 200)),
    ("get", "/api/v1/commendations/good-models/{d}", None, (), {"officer": 200, "leader": 200, "viewer": 200}),
    ("get", "/api/v1/commendations/good-models/{p}", None, (), dict.fromkeys(READERS, 200)),
    ("get", "/api/v1/commendations/good-models/{p}/files", None, (), dict.fromkeys(READERS, 200)),
    ("post", "/api/v1/commendations/good-models/{d}/publish", {}, (), dict.fromkeys(PROPOSE, 200)),
    (
        "post",
        "/api/v1/commendations/good-models/{p}/adopt",
        {"note": "Áp dụng"},
        (),
        {"officer": 400, "leader": 400, "nominee": 201, "superior": 201, "outsider": 201},
    ),
]
PAGES = [
    ("/commendations/", dict.fromkeys(READERS, 200)),
    ("/commendations/new/", dict.fromkeys(PROPOSERS_ANYWHERE, 200)),
    ("/commendations/{c}/", dict.fromkeys(SEE, 200)),
    ("/commendations/{c}/edit/", dict.fromkeys(PROPOSE, 200)),
    ("/commendations/export.xlsx", dict.fromkeys(READERS, 200)),
    ("/commendations/export.docx", dict.fromkeys(READERS, 200)),
    ("/commendations/good-models/", dict.fromkeys(READERS, 200)),
    ("/commendations/good-models/new/", dict.fromkeys(PROPOSERS_ANYWHERE, 200)),
    ("/commendations/good-models/{p}/", dict.fromkeys(READERS, 200)),
    ("/commendations/good-models/{d}/", {"officer": 200, "leader": 200, "viewer": 200}),
    ("/commendations/good-models/{d}/edit/", {"officer": 200, "leader": 200}),
]


@pytest.mark.parametrize(("method", "path", "body", "state", "allowed"), API)
def test_api_matrix(world, method, path, body, state, allowed):
    people, orgs, proposal, draft_model, published = world
    for actor in ACTORS:
        c = proposal(*state)
        if "publish" in path:  # each actor meets a draft
            acting = acting_of(people["officer"], orgs["officer"])
            draft_model = services.model_create(
                acting=acting, data={"title": f"Nháp {actor}", "topic": "dan-van", "description": "Cách làm"}
            )
        url = path.format(c=c.pk, d=draft_model.pk, p=published.pk)
        client = api_client(people[actor], orgs[actor])
        if method == "put":
            body = body | {"nominee_org": orgs["nominee"].pk}
        if method == "get":
            r = client.get(url)
        else:
            r = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
        expected = 401 if actor == "anonymous" else allowed.get(actor, 404)
        assert r.status_code == expected, (actor, method, url, r.content[:200])


@pytest.mark.parametrize(("path", "allowed"), PAGES)
def test_page_matrix(world, path, allowed):
    people, orgs, proposal, draft_model, published = world
    c = proposal()
    url = path.format(c=c.pk, d=draft_model.pk, p=published.pk)
    for actor in ACTORS:
        if actor == "anonymous":
            assert Client().get(url).status_code == 302
            continue
        status = page_client(people[actor], orgs[actor]).get(url).status_code
        assert status == allowed.get(actor, 404), (actor, url, status)
