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


# --- pages of programs, plans and tasks ----------------------------------------------------------------


@pytest.fixture
def program_world(world, demo):
    """A signed program led by BTG Phú Bình with UBND Phú Bình as partner, a draft of the same parties,
    the 2022 plan and a task led by UBND Phú Bình (BTG Phú Bình gave it)."""
    import datetime as dt

    from phoihop.plans import services as plan_services
    from phoihop.programs.tests.factories import draft_program, plan_of, signed_program

    program, user = signed_program(demo.btg_pb, [demo.ubnd_pb], on=dt.date(2022, 6, 23))
    draft, _ = draft_program(demo.btg_pb, [demo.ubnd_pb], user=user)
    plan = plan_of(program, user)
    task = plan_services.task_create(
        acting=acting_of(user),
        plan=plan,
        title="Nhiệm vụ thử của ma trận quyền",
        lead=demo.ubnd_pb,
        content=program.contents.first(),
        deadline=dt.date(2022, 12, 1),
    )
    return world | {"program": program, "draft": draft, "plan": plan, "task": task}


SIGNED_IN = row({"anonymous": 302}, 200)
PARTY_READ = row({"anonymous": 302, "unrelated": 404}, 200)  # the parties, their roll-up, system administrators
LEAD_MANAGES = row({"anonymous": 302, "officer": 200, "leader": 200, "org_admin": 200}, 404)
GIVES_TASKS = row({"anonymous": 302, "viewer": 404, "collaborator": 404, "system_admin": 404}, 200)  # acts for an org

PROGRAM_PAGES = [
    ("/programs/", SIGNED_IN),
    ("/programs/?q=phu+binh&format=xlsx", SIGNED_IN),
    ("/programs/new/", GIVES_TASKS),
    ("/programs/legal-documents/new/", GIVES_TASKS),
    ("/programs/legal-documents/options/", SIGNED_IN),
    ("/programs/{program}/", PARTY_READ),
    ("/programs/{program}/document.docx", PARTY_READ),
    ("/programs/{program}/revisions/0/", PARTY_READ),
    ("/programs/{draft}/", PARTY_READ),
    ("/programs/{draft}/edit/", LEAD_MANAGES),
    ("/programs/{program}/edit/", row({"anonymous": 302}, 404)),  # signed: amended, not edited
    ("/programs/{program}/amend/", LEAD_MANAGES),
    ("/plans/", row({}, 302)),
    ("/plans/tasks/", SIGNED_IN),
    ("/plans/tasks/?status=open&format=xlsx", SIGNED_IN),
    ("/plans/tasks/new/", GIVES_TASKS),
    ("/plans/tasks/assignees/?lead={org}", GIVES_TASKS),
    ("/plans/{plan}/", PARTY_READ),
    ("/plans/{plan}/document.docx", PARTY_READ),
    ("/plans/{plan}/tasks.xlsx", PARTY_READ),
    ("/plans/{plan}/template.xlsx", PARTY_READ),
    ("/plans/{plan}/tasks/new/", LEAD_MANAGES),
    ("/plans/tasks/{task}/", PARTY_READ),
    ("/plans/tasks/{task}/edit/", LEAD_MANAGES),  # the owner (BTG Phú Bình) edits; the doer does not
]


@pytest.mark.parametrize(("path", "expected"), PROGRAM_PAGES, ids=[p for p, _ in PROGRAM_PAGES])
def test_program_page_matrix(program_world, path, expected):
    w = program_world
    url = path.format(
        org=w["org"].pk, program=w["program"].pk, draft=w["draft"].pk, plan=w["plan"].pk, task=w["task"].pk
    )
    got = []
    for actor in ACTORS:
        user = w["users"][actor]
        client = Client() if user is None else page_client(user)
        got.append(client.get(url).status_code)
    assert dict(zip(ACTORS, got, strict=True)) == dict(zip(ACTORS, expected, strict=True))


PROGRAM_WRITES = [
    # (path, form data, expected): only the lead's working roles run the life cycle; the partner answers
    # (a second circulation is refused as a wrong step: 400)
    (
        "/programs/{draft}/actions/circulate/",
        {},
        row({"anonymous": 302, "officer": 302, "leader": 400, "org_admin": 400}, 404),
    ),
    ("/programs/{program}/respond/", {"decision": "agree"}, row({"anonymous": 302}, 404)),  # not circulating
    (
        "/plans/{plan}/actions/circulate/",
        {},
        row({"anonymous": 302, "officer": 302, "leader": 400, "org_admin": 400}, 404),
    ),
    ("/plans/tasks/{task}/actions/start/", {}, row({"anonymous": 302, "other_org": 302}, 404)),
    (
        "/plans/tasks/{task}/comments/",
        {"text": "Ý kiến"},
        row({"anonymous": 302, "officer": 302, "leader": 302, "org_admin": 302, "other_org": 302}, 404),
    ),
]


@pytest.mark.parametrize(("path", "data", "expected"), PROGRAM_WRITES, ids=[p for p, _, _ in PROGRAM_WRITES])
def test_program_page_writes_matrix(program_world, path, data, expected):
    """Each actor tries once, in order: a refused one gets 404; after the first allowed one changed the state,
    the next allowed ones meet a wrong step (400)."""
    w = program_world
    url = path.format(program=w["program"].pk, draft=w["draft"].pk, plan=w["plan"].pk, task=w["task"].pk)
    got = []
    for actor in ACTORS:
        user = w["users"][actor]
        client = Client() if user is None else page_client(user)
        got.append(client.post(url, data).status_code)
    assert dict(zip(ACTORS, got, strict=True)) == dict(zip(ACTORS, expected, strict=True))
