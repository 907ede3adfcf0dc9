"""The programs, plans and tasks API: the whole life cycle through HTTP, errors, and a role × endpoint matrix."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from phoihop.accounts.models import Role
from phoihop.programs.tests.factories import plan_of, signed_program
from phoihop.tests.support import api_client, make_user

pytestmark = pytest.mark.django_db


def test_program_to_task_lifecycle_over_http(demo):
    btg = make_user(org=demo.btg_kh)
    hdnd = make_user(org=demo.hdnd_kh)
    ubnd = make_user(org=demo.org("Ủy ban nhân dân tỉnh Khánh Hòa"))
    api_btg, api_hdnd, api_ubnd = api_client(btg), api_client(hdnd), api_client(ubnd)
    base = api_btg.get("/api/v1/legal-documents?q=238").json()["items"][0]
    body = {
        "title": "Chương trình phối hợp thử nghiệm",
        "period_start": 2026,
        "period_end": 2030,
        "legal_bases": [base["id"]],
        "parties": [
            {
                "organization": demo.btg_kh.pk,
                "role": "lead",
                "signatory_name": "Lê Hữu Thọ",
                "signatory_title": "Trưởng ban",
            },
            {"organization": demo.hdnd_kh.pk, "signatory_name": "Nguyễn Khắc Toàn", "signatory_title": "Chủ tịch"},
            {"organization": demo.org("Ủy ban nhân dân tỉnh Khánh Hòa").pk},
        ],
        "contents": ["Một", "Hai", "Ba", "Bốn"],
    }
    created = api_btg.post("/api/v1/programs", body, content_type="application/json")
    assert created.status_code == 201, created.content
    program = created.json()
    pid = program["id"]
    assert [c["number"] for c in program["contents"]] == [1, 2, 3, 4] and program["status"] == "draft"
    # reorder the contents while a draft
    reordered = api_btg.put(
        f"/api/v1/programs/{pid}/contents",
        {"version": program["version"], "contents": ["Bốn", "Ba", "Hai", "Một"]},
        content_type="application/json",
    )
    assert [c["title"] for c in reordered.json()["contents"]] == ["Bốn", "Ba", "Hai", "Một"]
    stale = api_btg.patch(
        f"/api/v1/programs/{pid}", {"version": program["version"], "title": "Khác"}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert (
        api_btg.post(f"/api/v1/programs/{pid}/transitions/circulate", {}, content_type="application/json").status_code
        == 200
    )
    for client in (api_hdnd, api_ubnd):
        answered = client.post(f"/api/v1/programs/{pid}/respond", {"agree": True}, content_type="application/json")
        assert answered.status_code == 200
    responses = {
        p["organization"]["id"]: p["response"] for p in api_btg.get(f"/api/v1/programs/{pid}").json()["parties"]
    }
    assert set(responses.values()) == {"agreed"}
    no_date = api_btg.post(f"/api/v1/programs/{pid}/transitions/sign", {}, content_type="application/json")
    assert no_date.status_code == 400 and no_date.json()["field"] == "signed_on"
    signed = api_btg.post(
        f"/api/v1/programs/{pid}/transitions/sign",
        {"signed_on": "2026-01-09", "signed_place": "Nha Trang"},
        content_type="application/json",
    ).json()
    assert signed["status"] == "effective" and signed["number_line"].endswith("-CTr/BTGTU-HĐND-UBND")
    docx = api_btg.get(f"/api/v1/programs/{pid}/document.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert api_btg.get(f"/api/v1/programs/{pid}/document.exe").status_code == 400
    # the yearly plan, a task led by HĐND, its progress and acceptance
    plan = api_btg.post("/api/v1/plans", {"program": pid, "year": 2026}, content_type="application/json")
    assert plan.status_code == 201
    plan_id = plan.json()["id"]
    content_id = signed["contents"][0]["id"]
    outside = api_btg.post(
        "/api/v1/tasks",
        {"plan": plan_id, "title": "X", "lead": demo.hdnd_kh.pk, "content": content_id, "deadline": "2027-01-05"},
        content_type="application/json",
    )
    assert outside.status_code == 400 and outside.json()["field"] == "deadline"
    task = api_btg.post(
        "/api/v1/tasks",
        {
            "plan": plan_id,
            "title": "Tuyên truyền kỳ họp",
            "lead": demo.hdnd_kh.pk,
            "content": content_id,
            "deadline": "2026-12-20",
            "assignees": [hdnd.pk],
        },
        content_type="application/json",
    )
    assert task.status_code == 201, task.content
    tid = task.json()["id"]
    queue = api_hdnd.get("/api/v1/my-work").json()
    assert tid in [t["id"] for t in queue["assigned"]["items"]]
    progress = api_hdnd.post(f"/api/v1/tasks/{tid}/progress", {"text": "Đã đăng tin", "percent": 50})
    assert progress.status_code == 201 and progress.json()["percent"] == 50
    assert (
        api_hdnd.post(f"/api/v1/tasks/{tid}/transitions/submit", {}, content_type="application/json").json()["status"]
        == "submitted"
    )
    assert (
        api_hdnd.post(f"/api/v1/tasks/{tid}/transitions/accept", {}, content_type="application/json").status_code == 404
    )
    returned = api_btg.post(
        f"/api/v1/tasks/{tid}/transitions/return", {"reason": "Bổ sung"}, content_type="application/json"
    )
    assert returned.json()["status"] == "in_progress"
    comment = api_hdnd.post(f"/api/v1/tasks/{tid}/comments", {"text": "Đã bổ sung"}, content_type="application/json")
    assert comment.status_code == 201
    detail = api_btg.get(f"/api/v1/tasks/{tid}").json()
    assert [c["action"] for c in detail["status_changes"]] == ["start", "submit", "return"]
    assert detail["comments"][0]["text"] == "Đã bổ sung"


def _workbook(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["Nội dung số", "Nhiệm vụ", "Mô tả", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm", "Loại", "Lặp lại", "Ngày"]
    )
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(
        "nhiem-vu.xlsx",
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_excel_import_is_all_or_nothing_with_every_bad_row(demo):
    program, user = signed_program(demo.btg_kh, [demo.hdnd_kh])
    plan = plan_of(program, user)
    client = api_client(user)
    bad = _workbook(
        [
            [
                1,
                "Tuyên truyền nghị quyết",
                "",
                "Thường trực HĐND tỉnh Khánh Hòa",
                "",
                "15/07/2022",
                "Tin bài",
                "Thường xuyên",
                "Không",
                None,
            ],
            [9, "Nội dung không có", "", "Thuong truc HDND tinh Khanh Hoa", "", "15/07/2022", "", "", "", None],
            [2, "", "", "Cơ quan lạ", "", "31/02/2022", "", "Bất thường", "", None],
            [3, "Báo cáo tháng", "", "BTGTU", "HĐND", "", "", "", "Hàng tháng", None],
        ]
    )
    response = client.post(f"/api/v1/plans/{plan.pk}/tasks/import", {"file": bad})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_rejected" and set(body["errors"]) == {"dòng 3", "dòng 4", "dòng 5"}
    assert "nội dung số “9”" in body["errors"]["dòng 3"][0]
    assert (
        "thiếu tên nhiệm vụ" in body["errors"]["dòng 4"][0] and "không tìm thấy cơ quan" in body["errors"]["dòng 4"][0]
    )
    assert "cần ngày đến hạn" in body["errors"]["dòng 5"][0]
    assert plan.tasks.count() == 0
    good = _workbook(
        [
            [
                1,
                "Tuyên truyền nghị quyết",
                "",
                "Thuong truc HDND tinh Khanh Hoa",
                "BTG Tỉnh ủy Khánh Hòa",
                "15/07/2022",
                "Tin bài",
                "Thường xuyên",
                "Không",
                None,
            ],
            [3, "Báo cáo tháng", "", "BTGTU", "HĐND", "", "", "", "Hàng tháng", 25],
        ]
    )
    response = client.post(f"/api/v1/plans/{plan.pk}/tasks/import", {"file": good})
    assert response.status_code == 201 and len(response.json()) == 2
    assert (
        plan.tasks.filter(series__isnull=True).count() == 2 and plan.tasks.count() == 2 + 12
    )  # the monthly occurrences
    export = client.get(f"/api/v1/plans/{plan.pk}/tasks.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    headers = [c.value for c in sheet[1]]
    assert "Cơ quan phối hợp" in headers and "Tiến độ (%)" in headers and sheet.max_row == 1 + 14
    not_excel = SimpleUploadedFile("x.xlsx", b"not a workbook")
    assert client.post(f"/api/v1/plans/{plan.pk}/tasks/import", {"file": not_excel}).status_code == 400


ACTORS = ["anonymous", "lead_officer", "lead_viewer", "partner_officer", "superior", "outsider", "system_admin"]


@pytest.fixture
def world(demo):
    program, user = signed_program(demo.btg_pb, [demo.ubnd_pb], on=dt.date(2022, 6, 23))
    plan = plan_of(program, user)
    from phoihop.plans import services as plan_services
    from phoihop.tests.support import acting_of

    task = plan_services.task_create(
        acting=acting_of(user),
        plan=plan,
        title="Nhiệm vụ thử",
        lead=demo.ubnd_pb,
        content=program.contents.first(),
        deadline=dt.date(2022, 12, 1),
    )
    users = {
        "anonymous": None,
        "lead_officer": user,
        "lead_viewer": make_user(org=demo.btg_pb, role=Role.VIEWER),
        "partner_officer": make_user(org=demo.ubnd_pb),
        "superior": make_user(org=demo.btg_tn),
        "outsider": make_user(org=demo.hdnd_kh),
        "system_admin": make_user(superuser=True),
    }
    return {"users": users, "program": program, "plan": plan, "task": task}


def row(expected: dict, default: int) -> list[int]:
    return [expected.get(a, default) for a in ACTORS]


READ = row({"anonymous": 401, "outsider": 404}, 200)
MATRIX = [
    ("get", "/api/v1/programs", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/programs/{program}", READ),
    ("get", "/api/v1/programs/{program}/document.docx", READ),
    ("get", "/api/v1/programs/{program}/revisions/0", READ),
    ("get", "/api/v1/legal-documents", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/plans", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/plans/{plan}", READ),
    ("get", "/api/v1/plans/{plan}/tasks.xlsx", READ),
    ("get", "/api/v1/plans/{plan}/template.xlsx", READ),
    ("get", "/api/v1/tasks", row({"anonymous": 401}, 200)),
    ("get", "/api/v1/tasks/{task}", READ),
    ("get", "/api/v1/my-work", row({"anonymous": 401}, 200)),
    # writes: only the lead's officers manage the program; the partner answers; the doer reports
    (
        "post",
        "/api/v1/programs/{program}/transitions/terminate",
        row({"anonymous": 401, "lead_officer": 400, "system_admin": 404}, 404),
    ),
    ("post", "/api/v1/programs/{program}/respond", row({"anonymous": 401}, 404)),
    ("post", "/api/v1/plans/{plan}/transitions/circulate", row({"anonymous": 401, "lead_officer": 200}, 404)),
    ("post", "/api/v1/tasks/{task}/transitions/start", row({"anonymous": 401, "partner_officer": 200}, 404)),
    (
        "post",
        "/api/v1/tasks/{task}/comments",
        row({"anonymous": 401, "partner_officer": 201, "lead_officer": 201}, 404),
    ),
]


@pytest.mark.parametrize(("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_programs_api_matrix(world, method, path, expected):
    url = path.format(program=world["program"].pk, plan=world["plan"].pk, task=world["task"].pk)
    got = []
    for actor in ACTORS:
        client = api_client(world["users"][actor])
        body = {"text": "Ý kiến"} if url.endswith("comments") else {"agree": True} if url.endswith("respond") else {}
        response = (
            getattr(client, method)(url, body, content_type="application/json") if method == "post" else client.get(url)
        )
        got.append(response.status_code)
    assert dict(zip(ACTORS, got, strict=True)) == dict(zip(ACTORS, expected, strict=True))


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/tasks?limit=50", 4),
        ("/api/v1/tasks?open=true&limit=50", 4),
        ("/api/v1/programs?limit=50", 4),
        ("/api/v1/my-work", 5),
    ],
)
def test_list_queries_are_pinned(world, url, queries):
    client = api_client(world["users"]["lead_officer"])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) == queries, [q["sql"][:100] for q in ctx.captured_queries]
