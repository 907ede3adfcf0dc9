"""Report pages: the list, a new report, the figures beside the narrative, the workflow buttons, calls and
their submissions; and who reaches what (roles × pages and API endpoints; forbidden is 404)."""

import pytest
from django.test import Client

from phoihop.accounts.models import Role
from phoihop.reports.demo import KH_CALL, PB_CALL
from phoihop.reports.models import Report, ReportCall, ReportStatus
from phoihop.tests.support import api_client, make_user, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pb(demo):
    call = ReportCall.objects.get(title=PB_CALL)
    return {
        "call": call,
        "report": Report.objects.get(call=call, organization=demo.btg_pb, rollup=False),
        "officer": make_user(org=demo.btg_pb),
        "leader": make_user(org=demo.btg_pb, role=Role.LEADER),
    }


def test_new_report_page(demo):
    user = make_user(org=demo.btg_kh)
    client = page_client(user, demo.btg_kh)
    assert "Lập báo cáo" in client.get("/reports/").content.decode()
    page = client.get("/reports/new/")
    assert page.status_code == 200 and "Số liệu tính đến ngày" in page.content.decode()
    bad = client.post(
        "/reports/new/",
        {
            "kind": "quy",
            "date_from": "2026-01-01",
            "date_to": "2026-03-31",
            "cutoff": "2026-04-30",
            "deadline": "2026-04-10",
        },
    )
    assert bad.status_code == 400 and "Ngày chốt số liệu" in bad.content.decode()
    ok = client.post(
        "/reports/new/",
        {"kind": "quy", "date_from": "2026-01-01", "date_to": "2026-03-31", "deadline": "2026-04-10", "subtree": "on"},
    )
    assert ok.status_code == 302
    report = Report.objects.get(pk=int(ok["Location"].strip("/").split("/")[-1]))
    assert report.subtree and report.title.endswith("quý I/2026")


def test_detail_page_figures_beside_the_narrative_and_workflow(pb, demo):
    officer = page_client(pb["officer"], demo.btg_pb)
    url = f"/reports/{pb['report'].pk}/"
    html = officer.get(url).content.decode()
    assert 'id="table-tasks"' in html and "<caption>Bảng 1. Kết quả thực hiện nhiệm vụ" in html
    assert "6/7 nhiệm vụ (85,7%)" in html and 'name="limitations"' in html
    resp = officer.post(
        url, {"title": pb["report"].title, "lessons": "Phân công rõ người, rõ việc.", "version": pb["report"].version}
    )
    assert resp.status_code == 302
    bad = officer.post(url, {"title": pb["report"].title, "lessons": "<b>x</b>"})
    assert bad.status_code == 400
    assert Report.objects.get(pk=pb["report"].pk).lessons == "Phân công rõ người, rõ việc."
    officer.post(f"{url}transition/", {"action": "submit"})  # not approved: refused with a message
    assert Report.objects.get(pk=pb["report"].pk).status == ReportStatus.DRAFT
    officer.post(f"{url}transition/", {"action": "request_approval"})
    leader = page_client(pb["leader"], demo.btg_pb)
    assert "Duyệt báo cáo" in leader.get(url).content.decode()
    leader.post(f"{url}transition/", {"action": "approve"})
    officer.post(f"{url}transition/", {"action": "submit"})
    assert Report.objects.get(pk=pb["report"].pk).status == ReportStatus.SUBMITTED
    assert officer.get(f"/reports/{pb['report'].pk}.docx").status_code == 200
    # the superior's submissions page shows it, with a link
    superior = page_client(make_user(org=demo.btg_tn), demo.btg_tn)
    html = superior.get(f"/reports/calls/{pb['call'].pk}/").content.decode()
    assert (
        "Ban Tuyên giáo Huyện ủy Phú Bình" in html and "Đã gửi muộn" in html and f"/reports/{pb['report'].pk}/" in html
    )


def test_call_pages(demo):
    user = make_user(org=demo.btg_kh)
    client = page_client(user, demo.btg_kh)
    form = client.get("/reports/calls/new/").content.decode()
    assert "Ban Tuyên giáo Huyện ủy Khánh Sơn" in form
    call = ReportCall.objects.get(title=KH_CALL)
    html = client.get(f"/reports/calls/{call.pk}/").content.decode()
    assert html.count("Đã gửi đúng hạn") >= 5 and "Đã gửi muộn" in html and "Chưa gửi (quá hạn)" in html
    assert "Mở báo cáo tổng hợp" in html
    resp = client.post(f"/reports/calls/{call.pk}/report/", {"rollup": "1"})
    assert resp.status_code == 302 and Report.objects.get(pk=int(resp["Location"].strip("/").split("/")[-1])).rollup


ACTORS = ["officer", "leader", "viewer", "collaborator", "org_admin", "superior", "outsider", "anonymous"]


@pytest.fixture
def world(pb, demo):
    people = {
        "officer": pb["officer"],
        "leader": pb["leader"],
        "viewer": make_user(org=demo.btg_pb, role=Role.VIEWER),
        "collaborator": make_user(org=demo.btg_pb, role=Role.COLLABORATOR),
        "org_admin": make_user(org=demo.btg_pb, role=Role.ORG_ADMIN),
        "superior": make_user(org=demo.btg_tn),
        "outsider": make_user(org=demo.btg_kh),
        "anonymous": None,
    }
    orgs = dict.fromkeys(people, demo.btg_pb) | {"superior": demo.btg_tn, "outsider": demo.btg_kh}
    return people, orgs, pb


STAFF = {"officer": 200, "leader": 200, "viewer": 200, "org_admin": 200}
API = [
    ("get", "/api/v1/reports", {**STAFF, "superior": 200, "outsider": 200, "collaborator": 200}),
    ("get", "/api/v1/reports/kinds", dict.fromkeys(ACTORS[:-1], 200)),
    ("get", "/api/v1/reports/{r}", STAFF),  # a draft: its organisation only
    ("get", "/api/v1/reports/{r}/xlsx", STAFF),
    ("put", "/api/v1/reports/{r}", {"officer": 200, "leader": 200, "org_admin": 200}),
    ("get", "/api/v1/reports/calls/{c}", {**STAFF, "superior": 200}),
]
PAGES = [
    ("/reports/", {**STAFF, "superior": 200, "outsider": 200, "collaborator": 200}),
    ("/reports/new/", {"officer": 200, "leader": 200, "org_admin": 200, "superior": 200, "outsider": 200}),
    ("/reports/{r}/", STAFF),
    ("/reports/calls/{c}/", {**STAFF, "superior": 200}),
    ("/reports/calls/new/", {"officer": 200, "leader": 200, "org_admin": 200, "superior": 200, "outsider": 200}),
]


@pytest.mark.parametrize(("method", "path", "allowed"), API)
def test_api_matrix(world, method, path, allowed):
    people, orgs, pb = world
    url = path.format(r=pb["report"].pk, c=pb["call"].pk)
    for actor in ACTORS:
        client = api_client(people[actor], orgs[actor])
        resp = client.put(url, "{}", content_type="application/json") if method == "put" else client.get(url)
        expected = 401 if actor == "anonymous" else allowed.get(actor, 404)
        assert resp.status_code == expected, (actor, url, resp.content[:200])


@pytest.mark.parametrize(("path", "allowed"), PAGES)
def test_page_matrix(world, path, allowed):
    people, orgs, pb = world
    url = path.format(r=pb["report"].pk, c=pb["call"].pk)
    for actor in ACTORS:
        if actor == "anonymous":
            assert Client().get(url).status_code == 302
            continue
        resp = page_client(people[actor], orgs[actor]).get(url)
        assert resp.status_code == allowed.get(actor, 404), (actor, url)


def test_transition_matrix(world):
    """Only a leader of the reporting organisation approves (its other staff are told so); outsiders get 404."""
    people, orgs, pb = world
    url = f"/api/v1/reports/{pb['report'].pk}/transition"
    api_client(people["officer"], orgs["officer"]).post(
        url, {"action": "request_approval"}, content_type="application/json"
    )
    codes = {}
    for actor in ("viewer", "officer", "superior", "outsider", "leader"):
        codes[actor] = (
            api_client(people[actor], orgs[actor])
            .post(url, {"action": "approve"}, content_type="application/json")
            .status_code
        )
    assert codes == {"viewer": 400, "officer": 400, "superior": 404, "outsider": 404, "leader": 200}
