"""Who reaches what in meetings: roles × API endpoints and pages. A meeting is seen by its organiser, the
invited organisations and people, and the roll-up above the organiser; only the organiser's working
members manage it. Forbidden answers 404; the anonymous get 401 (API) or the sign-in page."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.meetings import services
from phoihop.tests.support import acting_of, api_client, make_user, page_client

pytestmark = pytest.mark.django_db

ACTORS = [
    "officer",
    "leader",
    "viewer",
    "collaborator",
    "invited_officer",
    "invited_person",
    "superior",
    "outsider",
    "anonymous",
]
SEE = {"officer", "leader", "viewer", "collaborator", "invited_officer", "invited_person", "superior"}
MANAGE = {"officer", "leader"}

API = [
    ("get", "/api/v1/meetings/{m}", None, SEE),
    ("get", "/api/v1/meetings/{m}/ics", None, SEE),
    ("get", "/api/v1/meetings/{m}/proposals", None, SEE),
    ("get", "/api/v1/meetings/{m}/minutes.docx", None, SEE),
    ("post", "/api/v1/meetings/{m}/conclusions", {"text": "Kết luận thử"}, MANAGE),
    ("put", "/api/v1/meetings/{m}/minutes", {"minutes": "Biên bản thử"}, MANAGE),
]
PAGES = [
    ("/meetings/{m}/", SEE),
    ("/meetings/{m}/edit/", MANAGE),
    ("/meetings/{m}.ics", SEE),
]


@pytest.fixture
def world(demo):
    org, partner = (
        demo.btg_ninhhoa if hasattr(demo, "btg_ninhhoa") else demo.org("Ban Tuyên giáo Thị ủy Ninh Hòa"),
        demo.org("Ủy ban nhân dân thị xã Ninh Hòa"),
    )
    people = {
        "officer": make_user(org=org),
        "leader": make_user(org=org, role=Role.LEADER),
        "viewer": make_user(org=org, role=Role.VIEWER),
        "collaborator": make_user(org=org, role=Role.COLLABORATOR),
        "invited_officer": make_user(org=partner),
        "invited_person": make_user(org=demo.ubnd_pb),
        "superior": make_user(org=demo.btg_kh),
        "outsider": make_user(org=demo.hdnd_kh),
        "anonymous": None,
    }
    orgs = {
        "officer": org,
        "leader": org,
        "viewer": org,
        "collaborator": org,
        "invited_officer": partner,
        "invited_person": demo.ubnd_pb,
        "superior": demo.btg_kh,
        "outsider": demo.hdnd_kh,
        "anonymous": None,
    }
    start = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=3), dt.time(8), tzinfo=timezone.get_current_timezone()
    )
    m = services.meeting_create(
        acting=acting_of(people["officer"], org),
        data={
            "kind": "briefing",
            "title": "Giao ban thử quyền",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "place": "Phòng họp",
            "program": None,
            "plan": None,
        },
        organizations=[partner.pk],
        users=[people["invited_person"].pk],
    )
    return people, orgs, m


@pytest.mark.parametrize(("method", "path", "body", "allowed"), API)
def test_api_matrix(world, method, path, body, allowed):
    people, orgs, m = world
    for actor in ACTORS:
        client = api_client(people[actor], orgs[actor])
        url = path.format(m=m.pk)
        if method == "get":
            r = client.get(url)
        else:
            r = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
        expected = 401 if actor == "anonymous" else ((201 if method == "post" else 200) if actor in allowed else 404)
        assert r.status_code == expected, (actor, method, url, r.content[:200])


@pytest.mark.parametrize(("path", "allowed"), PAGES)
def test_page_matrix(world, path, allowed):
    people, orgs, m = world
    for actor in ACTORS:
        url = path.format(m=m.pk)
        if actor == "anonymous":
            assert Client().get(url).status_code == 302
            continue
        assert page_client(people[actor], orgs[actor]).get(url).status_code == (200 if actor in allowed else 404), (
            actor,
            url,
        )


def test_only_the_invited_answer(world):
    people, orgs, m = world
    for actor in ACTORS[:-1]:
        r = api_client(people[actor], orgs[actor]).post(
            f"/api/v1/meetings/{m.pk}/answer", data='{"answer": "attend"}', content_type="application/json"
        )
        expected = 200 if actor in ("invited_officer", "invited_person") else (400 if actor in SEE else 404)
        assert r.status_code == expected, (actor, r.content[:200])
