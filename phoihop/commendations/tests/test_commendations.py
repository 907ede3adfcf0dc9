"""Commendations: the workflow (draft → submitted → approved → awarded; returned to draft with a reason;
rejected), the subtree rule, visibility (404 for outsiders), stale edits, bad input through the API, the XLSX
and DOCX lists, and pinned query counts of the list."""

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from phoihop.commendations import selectors, services
from phoihop.commendations.models import Commendation
from phoihop.core.errors import Conflict, NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.programs.models import Program
from phoihop.tests.support import acting_of, api_client, make_user, page_client

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_a_proposal_goes_from_draft_to_awarded(world):
    c = world.propose(kind="individual", occasion="Tổng kết năm 2023")
    assert c.status == "draft" and c.proposer == world.dept and c.nominee_path == world.commune.unit_path
    c = world.move(c, "submit")
    assert c.status == "submitted" and c.submitted_at is not None
    c = world.move(c, "approve")
    assert c.status == "approved" and c.decided_by == world.leader
    c = world.award(c, form="bang-khen-tinh", day=dt.date(2024, 1, 5), number="Quyết định số 125-QĐ/TU")
    c.refresh_from_db()
    assert (c.status, c.award_form.code, c.decision_number, c.decision_date) == (
        "awarded",
        "bang-khen-tinh",
        "Quyết định số 125-QĐ/TU",
        dt.date(2024, 1, 5),
    )
    actions = list(
        AuditEvent.objects.filter(object_type="commendations.commendation", object_id=str(c.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "commendation.create",
        "commendation.submit",
        "commendation.approve",
        "commendation.award",
    ]


def test_the_leader_returns_with_a_reason_and_the_draft_is_edited_again(world):
    c = world.move(world.propose(), "submit")
    with pytest.raises(ValidationFailed, match="Lý do"):
        world.move(c, "return")
    c = world.move(c, "return", reason="Bổ sung số liệu cụ thể")
    assert c.status == "draft" and c.reason == "Bổ sung số liệu cụ thể"
    c = services.commendation_update(
        acting=world.acting("officer"), commendation=c, data={"achievements": "Đã bổ sung số liệu"}, version=c.version
    )
    c = world.move(c, "submit")
    assert c.status == "submitted" and c.reason == ""
    c = world.move(c, "reject", reason="Chưa đủ tiêu chuẩn")
    assert c.status == "rejected"
    with pytest.raises(ValidationFailed, match="Không thể"):
        world.move(c, "approve")


def test_only_the_leader_decides_and_only_drafts_are_edited(world):
    c = world.move(world.propose(), "submit")
    with pytest.raises(NotFound):  # an officer may not approve: answered like missing
        services.commendation_transition(acting=world.acting("officer"), commendation=c, action="approve")
    with pytest.raises(ValidationFailed, match="dự thảo"):
        services.commendation_update(acting=world.acting("officer"), commendation=c, data={"achievements": "Khác"})
    with pytest.raises(ValidationFailed, match="Không thể"):
        world.award(c)  # not approved yet


def test_a_stale_edit_is_refused_with_409(world):
    c = world.propose()
    services.commendation_update(acting=world.acting("officer"), commendation=c, data={"occasion": "A"}, version=1)
    with pytest.raises(Conflict):
        services.commendation_update(acting=world.acting("leader"), commendation=c, data={"occasion": "B"}, version=1)
    r = api_client(world.officer, world.dept).put(
        f"/api/v1/commendations/{c.pk}",
        data=json.dumps(
            {
                "kind": "collective",
                "nominee_org": world.commune.pk,
                "achievements": "X",
                "year_from": 2023,
                "version": 1,
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "conflict"


def test_only_organisations_of_the_subtree_are_proposed(world):
    for nominee in (world.other, world.same_level):
        with pytest.raises(ValidationFailed, match="phạm vi quản lý") as e:
            world.propose(nominee=nominee)
        assert e.value.code == "out_of_scope"
    # a commune's committee (no roll-up) proposes only itself
    commune = world.acting("commune_officer")
    data = {"kind": "collective", "achievements": "Tốt", "year_from": 2023}
    with pytest.raises(ValidationFailed, match="phạm vi quản lý"):
        services.commendation_create(acting=commune, data=data | {"nominee_org": world.dept})
    assert services.commendation_create(acting=commune, data=data | {"nominee_org": world.commune}).pk
    r = post(
        api_client(world.officer, world.dept),
        "/api/v1/commendations",
        data | {"nominee_org": world.other.pk},
    )
    assert r.status_code == 400 and "phạm vi quản lý" in r.json()["message"]


def test_a_partner_of_a_program_is_proposed_at_its_review(demo):
    btg, hdnd = demo.btg_kh, demo.hdnd_kh
    officer = make_user(org=btg)
    acting = acting_of(officer, btg)
    data = {"kind": "collective", "nominee_org": hdnd, "achievements": "Phối hợp tốt", "year_from": 2024}
    with pytest.raises(ValidationFailed, match="phạm vi quản lý"):
        services.commendation_create(acting=acting, data=data)
    program = Program.objects.filter(lead=btg).first()
    c = services.commendation_create(acting=acting, data=data | {"program": program})
    assert c.nominee_org == hdnd and c.program == program


def test_outsiders_get_404_and_the_nominee_and_rollup_see_it(world, demo):
    c = world.propose()
    assert selectors.commendation_get(world.acting("commune_officer"), c.pk) == c
    assert selectors.commendation_get(world.acting("viewer"), c.pk) == c
    for who in ("other_officer", "commune2_officer", "collaborator"):
        with pytest.raises(NotFound):
            selectors.commendation_get(world.acting(who), c.pk)
        assert c not in selectors.commendation_list(world.acting(who))
    assert api_client(world.other_officer, world.other).get(f"/api/v1/commendations/{c.pk}").status_code == 404
    # the demo's Phú Bình proposal: the province department above sees it, Khánh Hòa's does not
    pb = Commendation.objects.get(proposer=demo.btg_pb, nominee_org=demo.ubnd_pb)
    tn = make_user(org=demo.btg_tn)
    assert api_client(tn, demo.btg_tn).get(f"/api/v1/commendations/{pb.pk}").status_code == 200
    kh = make_user(org=demo.btg_kh)
    assert api_client(kh, demo.btg_kh).get(f"/api/v1/commendations/{pb.pk}").status_code == 404


def test_the_api_runs_the_workflow(world):
    officer, leader = api_client(world.officer, world.dept), api_client(world.leader, world.dept)
    r = post(
        officer,
        "/api/v1/commendations",
        {
            "kind": "individual",
            "nominee_org": world.commune.pk,
            "full_name": "Phạm Thị Thử",
            "job_title": "Công chức Văn hóa - Xã hội",
            "achievements": "Tuyên truyền tốt",
            "year_from": 2022,
            "year_to": 2024,
            "proposed_form": "giay-khen",
        },
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert post(officer, f"/api/v1/commendations/{cid}/submit").json()["status"] == "submitted"
    assert post(officer, f"/api/v1/commendations/{cid}/approve").status_code == 404
    assert post(leader, f"/api/v1/commendations/{cid}/return", {"reason": ""}).status_code == 400
    assert post(leader, f"/api/v1/commendations/{cid}/approve").json()["status"] == "approved"
    r = post(
        officer,
        f"/api/v1/commendations/{cid}/award",
        {
            "award_form": "giay-khen",
            "decision_number": "Quyết định số 15-QĐ/TU",
            "decision_date": "2025-01-05",
            "awarding_authority": "Ban Thường vụ Thành ủy",
        },
    )
    assert r.status_code == 200 and r.json()["status"] == "awarded" and r.json()["award_form"] == "giay-khen"
    listed = officer.get("/api/v1/commendations?status=awarded&kind=individual&year=2023&q=pham thi thu").json()
    assert [i["id"] for i in listed["items"]] == [cid]
    assert officer.get("/api/v1/commendations?year=2021").json()["count"] == 0
    forms = officer.get("/api/v1/commendations/forms").json()
    assert [f["code"] for f in forms][:2] == ["giay-khen", "bang-khen-tinh"]


GOOD = {"kind": "collective", "achievements": "Tốt", "year_from": 2023}
HUGE = 2**70


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "nhom"}, "kind"),
        ({"kind": 5}, "kind"),
        ({"nominee_org": "abc"}, "nominee_org"),
        ({"nominee_org": HUGE}, "nominee_org"),
        ({"nominee_org": 99_999_999}, "nominee_org"),
        ({"achievements": "Có ký tự \x00 lạ"}, "achievements"),
        ({"achievements": "<script>alert(1)</script>"}, "achievements"),
        ({"achievements": "a" * 10001}, "achievements"),
        ({"achievements": "   "}, "achievements"),
        ({"year_from": 1800}, "year_from"),
        ({"year_from": "năm ngoái"}, "year_from"),
        ({"year_from": 2024, "year_to": 2020}, "year_to"),
        ({"kind": "individual", "full_name": ""}, "full_name"),
        ({"program": 99_999_999}, "program"),
        ({"meeting": 99_999_999}, "meeting"),
        ({"proposed_form": "huy-chuong-vang"}, "proposed_form"),
        ({"occasion": ["danh", "sach"]}, "occasion"),
    ],
)
def test_bad_input_is_refused_in_vietnamese(world, change, field):
    body = GOOD | {"nominee_org": world.commune.pk} | change
    r = post(api_client(world.officer, world.dept), "/api/v1/commendations", body)
    assert r.status_code == 400, r.content
    data = r.json()
    assert data["field"] == field and data["message"] and data["message"].isascii() is False


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/v1/commendations?year=abc", None),
        ("get", "/api/v1/commendations?status=xyz", None),
        ("get", "/api/v1/commendations/99999999", None),
        ("get", "/api/v1/commendations/export?format=pdf", None),
        (
            "post",
            "/api/v1/commendations/{c}/award",
            {"award_form": "x", "decision_number": "1", "decision_date": "2025-01-01", "awarding_authority": "A"},
        ),
        (
            "post",
            "/api/v1/commendations/{c}/award",
            {
                "award_form": "giay-khen",
                "decision_number": "1",
                "decision_date": "3025-01-01",
                "awarding_authority": "A",
            },
        ),
        (
            "post",
            "/api/v1/commendations/{c}/award",
            {
                "award_form": "giay-khen",
                "decision_number": "<b>1</b>",
                "decision_date": "2025-01-01",
                "awarding_authority": "A",
            },
        ),
        ("post", "/api/v1/commendations/{c}/reject", {"reason": "x" * 3000}),
        ("post", "/api/v1/commendations/{c}/submit", {"version": "mot"}),
    ],
)
def test_other_bad_requests_answer_4xx(world, method, url, body):
    c = world.move(world.propose(), "submit", "approve")
    client = api_client(world.leader, world.dept)
    url = url.format(c=c.pk)
    r = client.get(url) if method == "get" else post(client, url, body)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.content[:200])
    assert "message" in r.json()


def test_a_nul_byte_in_a_search_is_harmless(world):
    client = api_client(world.officer, world.dept)
    for url in ("/api/v1/commendations?q=%00", "/api/v1/commendations/good-models?q=d%00an"):
        assert client.get(url).status_code in (200, 400)
    assert page_client(world.officer, world.dept).get("/commendations/?q=%00").status_code in (200, 400)


def test_the_xlsx_lists_what_the_caller_sees(world):
    awarded = world.award(world.move(world.propose(), "submit", "approve"), day=dt.date(2023, 1, 5))
    world.propose(kind="individual", full_name="Đỗ Thị Thử", job_title="Phó Chủ tịch")
    r = api_client(world.officer, world.dept).get("/api/v1/commendations/export?format=xlsx&year=2023")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("STT", "Đối tượng", "Tập thể / họ và tên", "Chức vụ", "Cơ quan, đơn vị")
    by_name = {row[2]: row for row in rows[1:]}
    assert set(by_name) == {"Ủy ban nhân dân phường Thử Nhất", "Đỗ Thị Thử"}
    row = by_name["Ủy ban nhân dân phường Thử Nhất"]
    assert row[9] == "Đã khen thưởng" and row[10] == "Giấy khen" and row[11] == awarded.decision_number
    assert row[12] == "05/01/2023"
    assert by_name["Đỗ Thị Thử"][3] == "Phó Chủ tịch"
    # an outsider's export is empty
    other = api_client(world.other_officer, world.other).get("/api/v1/commendations/export?format=xlsx")
    assert len(list(load_workbook(io.BytesIO(other.content)).active.iter_rows())) == 1


def _docx_text(content: bytes):
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    return doc, "\n".join(paragraphs)


def test_the_docx_is_the_departments_list_of_proposals(world):
    a = world.award(world.move(world.propose(), "submit", "approve"), day=dt.date(2023, 2, 3), number="7-QĐ/TU")
    world.move(world.propose(kind="individual", full_name="Vũ Văn Thử", job_title="Chuyên viên"), "submit")
    world.propose(nominee=world.commune2)  # a draft: not in the document
    world.move(
        world.propose(nominee=world.commune2, year_from=2022, year_to=2022), "submit", "reject", reason="Chưa đạt"
    )
    r = api_client(world.officer, world.dept).get("/api/v1/commendations/export?format=docx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    doc, text = _docx_text(r.content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "THÀNH ỦY THỬ" in text and "BAN TUYÊN GIÁO" in text
    assert "DANH SÁCH" in text and "Đề nghị khen thưởng" in text
    assert f"ngày {timezone.localdate():%d}" in text
    nominees = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in nominees.rows[0].cells] == [
        "STT",
        "Tập thể, cá nhân",
        "Cơ quan, đơn vị",
        "Thành tích",
        "Hình thức đề nghị",
        "Kết quả",
    ]
    body = [[c.text for c in row.cells] for row in nominees.rows[1:]]
    assert len(body) == 2
    assert (
        body[0][1] == "Ủy ban nhân dân phường Thử Nhất"
        and body[0][5] == f"Giấy khen {a.decision_number} ngày 03/02/2023"
    )
    assert body[1][1].startswith("Vũ Văn Thử") and body[1][2] == "Ủy ban nhân dân phường Thử Nhất"
    assert "1 tập thể và 1 cá nhân" in text


def test_pages_show_the_list_the_form_and_the_workflow(world):
    c = world.move(world.propose(), "submit")
    leader = page_client(world.leader, world.dept)
    page = leader.get("/commendations/?q=thu nhat").content.decode()
    assert "Ủy ban nhân dân phường Thử Nhất" in page and "Chờ lãnh đạo duyệt" in page
    detail = leader.get(f"/commendations/{c.pk}/").content.decode()
    assert "Duyệt đề nghị" in detail and "Trả lại để bổ sung" in detail
    r = leader.post(f"/commendations/{c.pk}/action/", {"action": "return", "reason": ""})
    assert r.status_code == 400 and "Lý do" in r.content.decode()
    r = leader.post(f"/commendations/{c.pk}/action/", {"action": "approve"})
    assert r.status_code == 302
    officer = page_client(world.officer, world.dept)
    assert "Ghi nhận quyết định khen thưởng" in officer.get(f"/commendations/{c.pk}/").content.decode()
    r = officer.post(
        f"/commendations/{c.pk}/award/",
        {
            "award_form": "giay-khen",
            "decision_number": "9-QĐ/TU",
            "decision_date": "2024-03-01",
            "awarding_authority": "Thành ủy",
        },
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.status == "awarded"
    r = officer.post(
        "/commendations/new/",
        {"kind": "collective", "nominee_org": world.other.pk, "achievements": "Tốt", "year_from": 2024},
    )
    assert r.status_code == 400 and "phạm vi quản lý" in r.content.decode()
    r = officer.post(
        "/commendations/new/",
        {"kind": "collective", "nominee_org": world.commune2.pk, "achievements": "Tốt", "year_from": 2024},
    )
    assert r.status_code == 302
    xlsx = officer.get("/commendations/export.xlsx")
    assert xlsx.status_code == 200
    assert officer.get("/commendations/export.docx").status_code == 200


def test_the_list_pins_its_query_count(world, django_assert_max_num_queries):
    client = api_client(world.officer, world.dept)
    client.get("/api/v1/commendations")  # warm the token and the session

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/commendations?limit=100").status_code == 200
        return len(ctx.captured_queries)

    world.propose(proposed_form="giay-khen")
    few = count()
    for _ in range(6):
        world.award(world.move(world.propose(proposed_form="giay-khen"), "submit", "approve"))
    assert count() == few
    with django_assert_max_num_queries(8):
        client.get("/api/v1/commendations?limit=100&q=thu")
