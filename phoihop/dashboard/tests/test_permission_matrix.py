"""Role × endpoint for the leadership dashboard, with the actors of api/tests/test_permission_matrix.py:
members of Ban Tuyên giáo Huyện ủy Phú Bình (a roll-up organisation) in every role, a sibling agency, the
superior department, an unrelated organisation, a system administrator acting for no organisation.
Forbidden answers like missing: 404; anonymous API calls 401, anonymous pages 302."""

import pytest
from django.core.cache import cache

from phoihop.accounts.models import Role
from phoihop.tests.support import api_client, make_user, page_client

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
# own figures: every staff role of any organisation; the subtree: roll-up organisations only
OWN = {"anonymous": None, "collaborator": 404, "system_admin": 404}
SUBTREE = {**OWN, "other_org": 404, "unrelated": 404}


@pytest.fixture
def users(demo):
    cache.clear()
    btg_pb = demo.btg_pb
    return {
        "anonymous": None,
        "viewer": (make_user(org=btg_pb, role=Role.VIEWER), btg_pb),
        "collaborator": (make_user(org=btg_pb, role=Role.COLLABORATOR), btg_pb),
        "officer": (make_user(org=btg_pb, role=Role.OFFICER), btg_pb),
        "leader": (make_user(org=btg_pb, role=Role.LEADER), btg_pb),
        "org_admin": (make_user(org=btg_pb, role=Role.ORG_ADMIN), btg_pb),
        "other_org": (make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN), demo.ubnd_pb),
        "superior": (make_user(org=demo.btg_tn, role=Role.OFFICER), demo.btg_tn),
        "unrelated": (make_user(org=demo.hdnd_kh, role=Role.ORG_ADMIN), demo.hdnd_kh),
        "system_admin": (make_user(superuser=True), None),
    }


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("query", "expected"), [({}, OWN), ({"scope": "subtree"}, SUBTREE)])
def test_dashboard_matrix(users, actor, query, expected, client):
    want = expected.get(actor, 200)
    if users[actor] is None:
        assert api_client(None).get("/api/v1/dashboard", query).status_code == 401
        page = client.get("/dashboard/", query)
        assert page.status_code == 302 and "/accounts/login" in page["Location"]
        return
    user, org = users[actor]
    assert api_client(user, org).get("/api/v1/dashboard", query).status_code == want
    if actor != "system_admin":  # pages ask system administrators for two-factor enrolment first
        assert page_client(user, org).get("/dashboard/", query).status_code == want
