"""Plan and task pages and "Việc cần làm": approvals, documents and Excel (import all-or-nothing), the task list
and its filters, task forms, the workflow buttons, progress with evidence files, comments, versions."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from openpyxl import Workbook, load_workbook

from phoihop.accounts.models import Role
from phoihop.documents.models import Attachment
from phoihop.documents.owners import owner_can_view
from phoihop.plans import services
from phoihop.plans.models import PlanStatus, ProgressReport, Task, TaskStatus
from phoihop.programs import services as program_services
from phoihop.programs.tests.factories import draft_program, officer, plan_of, signed_program
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(demo):
    """A signed Khánh Hòa program (BTG leads, HĐND is party), its 2022 plan, an officer of each body."""
    program, btg = signed_program(demo.btg_kh, [demo.hdnd_kh])
    plan = plan_of(program, btg)
    return {
        "demo": demo,
        "program": program,
        "plan": plan,
        "btg": btg,
        "hdnd": officer(demo.hdnd_kh),
        "outsider": officer(demo.btg_pb),
    }


def add_task(s, **kw) -> Task:
    data = {
        "title": "Tuyên truyền kỳ họp thứ 4 HĐND tỉnh",
        "lead": s["demo"].hdnd_kh,
        "content": s["program"].contents.get(number=2),
        "deadline": dt.date(2022, 7, 15),
        "expected_output": "Tin, bài, phóng sự",
    } | kw
    return services.task_create(acting=acting_of(s["btg"]), plan=s["plan"], **data)


def workbook(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(
        ["Nội dung số", "Nhiệm vụ", "Mô tả", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm", "Loại", "Lặp lại", "Ngày"]
    )
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("nhiem-vu.xlsx", buf.getvalue())


def xlsx_bytes() -> bytes:
    wb = Workbook()
    wb.active.append(["Tin bài đã đăng", 3])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# --- plan page -----------------------------------------------------------------------------------------


def test_plan_approvals_pending_highlighted_then_issued_with_a_number(s):
    plan = s["plan"]
    lead, hdnd = page_client(s["btg"]), page_client(s["hdnd"])
    assert lead.post(f"/plans/{plan.pk}/actions/circulate/").status_code == 302
    page = lead.get(f"/plans/{plan.pk}/").content.decode()
    assert "Đang lấy ý kiến" in page and 'class="pending"' in page and "Chưa trả lời" in page
    assert "Ý kiến của cơ quan bạn" not in page
    early = lead.post(f"/plans/{plan.pk}/actions/issue/", {"issue-approved_on": "20/03/2022"})
    assert (
        early.status_code == 400 and "Chưa đủ các bên nhất trí: Thường trực Hội đồng nhân dân" in early.content.decode()
    )
    assert "Ý kiến của cơ quan bạn" in hdnd.get(f"/plans/{plan.pk}/").content.decode()
    refused = hdnd.post(f"/plans/{plan.pk}/respond/", {"decision": "comment", "note": " "})
    assert refused.status_code == 400 and "Hãy ghi nội dung ý kiến." in refused.content.decode()
    assert hdnd.post(f"/plans/{plan.pk}/respond/", {"decision": "agree"}).status_code == 302
    assert "Tất cả các bên đã trả lời." in lead.get(f"/plans/{plan.pk}/").content.decode()
    no_date = lead.post(f"/plans/{plan.pk}/actions/issue/", {"issue-approved_on": ""})
    assert no_date.status_code == 400 and "Trường này là bắt buộc." in no_date.content.decode()
    assert lead.post(f"/plans/{plan.pk}/actions/issue/", {"issue-approved_on": "20/03/2022"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_on == dt.date(2022, 3, 20)
    page = lead.get(f"/plans/{plan.pk}/").content.decode()
    assert plan.number_line in page and "20/03/2022" in page and "Đã thống nhất ban hành" in page
    # the partner neither runs the plan nor adds tasks
    assert hdnd.post(f"/plans/{plan.pk}/actions/close/").status_code == 404
    assert hdnd.get(f"/plans/{plan.pk}/tasks/new/").status_code == 404
    assert "Thêm nhiệm vụ" not in hdnd.get(f"/plans/{plan.pk}/").content.decode()
    assert page_client(s["outsider"]).get(f"/plans/{plan.pk}/").status_code == 404


def test_plan_downloads_are_real_documents_and_workbooks(s):
    task = add_task(s, partners=[s["demo"].btg_kh])
    client = page_client(s["hdnd"])
    docx = client.get(f"/plans/{s['plan'].pk}/document.docx")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(docx.content))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "KẾ HOẠCH" in "\n".join(p.text for p in doc.paragraphs) and task.title in cells
    tasks = load_workbook(io.BytesIO(client.get(f"/plans/{s['plan'].pk}/tasks.xlsx").content)).active
    assert tasks["D2"].value == task.title and "Cơ quan phối hợp" in [c.value for c in tasks[1]]
    template = load_workbook(io.BytesIO(client.get(f"/plans/{s['plan'].pk}/template.xlsx").content))
    assert template.sheetnames == ["Nhiệm vụ", "Danh mục"] and template.active["A1"].value == "Nội dung số"
    assert client.get(f"/plans/{s['plan'].pk}/document.txt").status_code == 400
    assert page_client(s["outsider"]).get(f"/plans/{s['plan'].pk}/tasks.xlsx").status_code == 404


def test_import_lists_every_bad_row_and_imports_nothing(s):
    plan = s["plan"]
    client = page_client(s["btg"])
    bad = workbook(
        [
            [
                1,
                "Tuyên truyền nghị quyết",
                "",
                "Thường trực HĐND tỉnh Khánh Hòa",
                "",
                "15/07/2022",
                "Tin bài",
                "",
                "",
                None,
            ],
            [9, "Nội dung không có", "", "Thuong truc HDND tinh Khanh Hoa", "", "15/07/2022", "", "", "", None],
            [2, "", "", "Cơ quan lạ", "", "31/02/2022", "", "Bất thường", "", None],
            [3, "Báo cáo tháng", "", "BTGTU", "HĐND", "", "", "", "Hàng tháng", None],
        ]
    )
    response = client.post(f"/plans/{plan.pk}/import/", {"file": bad})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Không nhập dòng nào: 3 dòng có lỗi (tệp có 4 dòng)." in page and "3 dòng cần sửa" in page
    assert "Dòng 3: nội dung số “9”" in page and "Dòng 4: thiếu tên nhiệm vụ" in page and "Dòng 5:" in page
    assert "Dòng 2:" not in page
    assert plan.tasks.count() == 0
    not_excel = client.post(f"/plans/{plan.pk}/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert not_excel.status_code == 400 and "Tệp không phải bảng tính Excel" in not_excel.content.decode()
    assert client.post(f"/plans/{plan.pk}/import/", {}).status_code == 400
    good = workbook(
        [
            [
                1,
                "Tuyên truyền nghị quyết",
                "",
                "Thuong truc HDND tinh Khanh Hoa",
                "BTGTU",
                "15/07/2022",
                "Tin bài",
                "",
                "",
                None,
            ],
            [2, "Định hướng thông tin kỳ họp", "", "BTGTU", "", "30/11/2022", "", "", "", None],
        ]
    )
    assert client.post(f"/plans/{plan.pk}/import/", {"file": good}).status_code == 302
    assert plan.tasks.count() == 2
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Nội dung 1" in page and "Nội dung 2" in page and "Tuyên truyền nghị quyết" in page
    assert page.index("Tuyên truyền nghị quyết") < page.index("Định hướng thông tin kỳ họp")  # in content order
    assert page_client(s["hdnd"]).post(f"/plans/{plan.pk}/import/", {"file": good}).status_code == 404


# --- task forms ----------------------------------------------------------------------------------------


def task_data(s, **over) -> dict:
    return {
        "title": "Tuyên truyền kết quả kỳ họp cuối năm",
        "description": "Tin, bài trên báo Khánh Hòa",
        "content": s["program"].contents.get(number=2).pk,
        "lead": s["demo"].hdnd_kh.pk,
        "partner_1": s["demo"].btg_kh.pk,
        "assignees": [s["hdnd"].pk],
        "kind": "regular",
        "recurrence": "",
        "due_day": "",
        "deadline": "20/12/2022",
        "expected_output": "Tin, bài",
    } | over


def test_plan_task_form_checks_content_and_year_and_keeps_input(s):
    client = page_client(s["btg"])
    url = f"/plans/{s['plan'].pk}/tasks/new/"
    form = client.get(url).content.decode()
    assert 'name="content"' in form and "Phối hợp định hướng thông tin" in form
    assert s["hdnd"].full_name in form  # the parties' officers may be assigned
    assert 'hx-get="/plans/tasks/assignees/"' in form
    no_content = client.post(url, task_data(s, content=""))
    assert no_content.status_code == 400 and "Trường này là bắt buộc." in no_content.content.decode()
    wrong_year = client.post(url, task_data(s, deadline="05/01/2023"))
    page = wrong_year.content.decode()
    assert wrong_year.status_code == 400 and "Thời hạn phải trong năm 2022 của kế hoạch." in page
    assert "Tuyên truyền kết quả kỳ họp cuối năm" in page and "Tin, bài trên báo Khánh Hòa" in page
    assert f'<option value="{s["demo"].hdnd_kh.pk}" selected>' in page  # the chosen lead stays chosen
    same = client.post(url, task_data(s, partner_1=s["demo"].hdnd_kh.pk))
    assert same.status_code == 400 and "Cơ quan chủ trì không đồng thời là cơ quan phối hợp." in same.content.decode()
    stranger = make_user(org=s["demo"].btg_pb)
    assignees = client.post(url, task_data(s, assignees=[stranger.pk]))
    assert (
        assignees.status_code == 400 and not Task.objects.filter(title="Tuyên truyền kết quả kỳ họp cuối năm").exists()
    )
    created = client.post(url, task_data(s))
    assert created.status_code == 302
    task = Task.objects.get(title="Tuyên truyền kết quả kỳ họp cuối năm")
    assert created["Location"] == f"/plans/tasks/{task.pk}/"
    assert task.plan == s["plan"] and task.owner == s["demo"].btg_kh and task.deadline == dt.date(2022, 12, 20)
    assert list(task.partners.all()) == [s["demo"].btg_kh] and list(task.assignees.all()) == [s["hdnd"]]


def test_ad_hoc_task_given_by_the_acting_organisation(s):
    client = page_client(s["btg"])
    form = client.get("/plans/tasks/new/").content.decode()
    assert 'name="content"' not in form and "Giao nhiệm vụ đột xuất" in form
    data = task_data(s, title="Nắm tình hình dư luận về dự án đường ven biển", deadline="30/06/2027")
    data.pop("content")
    assert client.post("/plans/tasks/new/", data).status_code == 302
    task = Task.objects.get(title="Nắm tình hình dư luận về dự án đường ven biển")
    assert task.plan is None and task.owner == s["demo"].btg_kh and task.lead == s["demo"].hdnd_kh
    viewer = make_user(org=s["demo"].btg_kh, role=Role.VIEWER)
    assert page_client(viewer).get("/plans/tasks/new/").status_code == 404
    assert page_client(viewer).post("/plans/tasks/new/", data).status_code == 404


def test_assignee_options_follow_the_chosen_organisations(s):
    client = page_client(s["btg"])
    hdnd_leader = make_user(org=s["demo"].hdnd_kh, role=Role.LEADER, full_name="Lãnh Đạo HĐND")
    collaborator = make_user(org=s["demo"].hdnd_kh, role=Role.COLLABORATOR, full_name="Cộng Tác Viên Ẩn")
    body = client.get(f"/plans/tasks/assignees/?lead={s['demo'].hdnd_kh.pk}&assignees={s['hdnd'].pk}").content.decode()
    assert "<html" not in body and "Lãnh Đạo HĐND" in body and "Cộng Tác Viên Ẩn" not in body
    assert f'<option value="{s["hdnd"].pk}" selected>' in body and f'value="{hdnd_leader.pk}"' in body
    assert (
        collaborator.pk
        and page_client(make_user(org=s["demo"].hdnd_kh, role=Role.VIEWER)).get("/plans/tasks/assignees/").status_code
        == 404
    )


def test_task_edit_by_the_owner_and_a_stale_version_is_refused(s):
    task = add_task(s)
    client = page_client(s["btg"])
    form = client.get(f"/plans/tasks/{task.pk}/edit/").content.decode()
    assert task.title in form and 'name="version" value="1"' in form
    data = task_data(s, title="Tuyên truyền kỳ họp thứ 4 (sửa)", version="1", partner_1="", assignees=[s["hdnd"].pk])
    assert client.post(f"/plans/tasks/{task.pk}/edit/", data).status_code == 302
    task.refresh_from_db()
    assert task.title == "Tuyên truyền kỳ họp thứ 4 (sửa)" and list(task.assignees.all()) == [s["hdnd"]]
    stale = client.post(f"/plans/tasks/{task.pk}/edit/", data | {"title": "Tên khác"})
    page = stale.content.decode()
    assert (
        stale.status_code == 409 and "Tên khác" in page and "Giá trị hiện tại: Tuyên truyền kỳ họp thứ 4 (sửa)" in page
    )
    assert page_client(s["hdnd"]).get(f"/plans/tasks/{task.pk}/edit/").status_code == 404  # the doer is not the owner


# --- task detail: workflow, progress, comments ---------------------------------------------------------


def test_workflow_buttons_follow_role_and_status(s):
    task = add_task(s, assignees=[s["hdnd"]])
    doer, owner = page_client(s["hdnd"]), page_client(s["btg"])
    page = doer.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "Bắt đầu thực hiện" in page and "Gửi nghiệm thu" in page and "Nghiệm thu, hoàn thành" not in page
    assert "Hủy nhiệm vụ" in owner.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert doer.post(f"/plans/tasks/{task.pk}/actions/accept/").status_code == 404
    assert doer.post(f"/plans/tasks/{task.pk}/actions/submit/").status_code == 302
    page = owner.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "Chờ nghiệm thu" in page and "Nghiệm thu, hoàn thành" in page and "Trả lại" in page
    no_reason = owner.post(f"/plans/tasks/{task.pk}/actions/return/", {"return-reason": ""})
    assert no_reason.status_code == 400 and "Trường này là bắt buộc." in no_reason.content.decode()
    assert owner.post(f"/plans/tasks/{task.pk}/actions/return/", {"return-reason": "Bổ sung ảnh"}).status_code == 302
    doer.post(f"/plans/tasks/{task.pk}/actions/submit/")
    assert owner.post(f"/plans/tasks/{task.pk}/actions/accept/").status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.percent == 100
    page = owner.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "Bổ sung ảnh" in page and "Hoàn thành" in page and "Mở lại" in page
    assert owner.post(f"/plans/tasks/{task.pk}/actions/fly/").status_code == 404
    assert page_client(s["outsider"]).get(f"/plans/tasks/{task.pk}/").status_code == 404


def test_progress_with_evidence_files_and_refused_files_store_nothing(s, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = add_task(s, assignees=[s["hdnd"]])
    client = page_client(s["hdnd"])
    url = f"/plans/tasks/{task.pk}/progress/"
    refused = client.post(
        url,
        {
            "text": "Đã đăng 3 tin bài",
            "percent": "40",
            "file": [
                SimpleUploadedFile("bang-ke.xlsx", xlsx_bytes()),
                SimpleUploadedFile("chay-toi.exe", b"MZ\x90\x00virus"),
            ],
        },
    )
    page = refused.content.decode()
    assert refused.status_code == 400 and "Chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG." in page
    assert "Đã đăng 3 tin bài" in page and 'value="40"' in page
    assert not ProgressReport.objects.filter(task=task).exists() and not Attachment.objects.exists()
    bad_percent = client.post(url, {"text": "x", "percent": "140"})
    assert bad_percent.status_code == 400 and "Tiến độ là số phần trăm từ 0 đến 100." in bad_percent.content.decode()
    done = client.post(
        url,
        {
            "text": "Đã đăng 3 tin bài",
            "percent": "40",
            "file": [SimpleUploadedFile("bang-ke.xlsx", xlsx_bytes()), SimpleUploadedFile("bao-cao.pdf", pdf_bytes())],
        },
    )
    assert done.status_code == 302
    report = ProgressReport.objects.get(task=task)
    files = list(Attachment.objects.filter(owner_type="plans.progressreport", owner_id=str(report.pk)))
    assert sorted(a.original_name for a in files) == ["bang-ke.xlsx", "bao-cao.pdf"]
    task.refresh_from_db()
    assert task.percent == 40 and task.status == TaskStatus.IN_PROGRESS  # the first report starts the task
    page = page_client(s["btg"]).get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "Đã đăng 3 tin bài" in page and f'href="/files/{files[0].pk}/"' in page and "bao-cao.pdf" in page
    # who may fetch the files: whoever may see the task (registered with the documents app)
    assert owner_can_view(acting_of(s["btg"]), "plans.progressreport", str(report.pk))
    assert not owner_can_view(acting_of(s["outsider"]), "plans.progressreport", str(report.pk))
    assert not owner_can_view(acting_of(s["btg"]), "plans.progressreport", "999999")
    assert page_client(s["outsider"]).post(url, {"text": "x", "percent": "1"}).status_code == 404


def test_comments_on_a_task(s):
    task = add_task(s)
    client = page_client(s["hdnd"])
    empty = client.post(f"/plans/tasks/{task.pk}/comments/", {"text": ""})
    assert empty.status_code == 400 and "Trường này là bắt buộc." in empty.content.decode()
    assert client.post(f"/plans/tasks/{task.pk}/comments/", {"text": "Đề nghị lùi hạn 5 ngày"}).status_code == 302
    assert "Đề nghị lùi hạn 5 ngày" in page_client(s["btg"]).get(f"/plans/tasks/{task.pk}/").content.decode()
    viewer = make_user(org=s["demo"].hdnd_kh, role=Role.VIEWER)
    assert page_client(viewer).post(f"/plans/tasks/{task.pk}/comments/", {"text": "x"}).status_code == 404


# --- task list -----------------------------------------------------------------------------------------


def test_task_list_filters_and_export(s):
    today = timezone.localdate()
    add_task(s, title="Việc đã quá hạn của HĐND", assignees=[s["hdnd"]])  # deadline in 2022
    add_task(s, title="Việc của Ban Tuyên giáo", lead=s["demo"].btg_kh, content=s["program"].contents.get(number=3))
    client = page_client(s["btg"])
    page = client.get("/plans/tasks/?q=qua+han").content.decode()
    assert "Việc đã quá hạn của HĐND" in page and "1 nhiệm vụ" in page and "Quá hạn" in page
    assert "Chưa thực hiện" in page and "st-not_started" in page
    led_by = client.get(f"/plans/tasks/?q=viec&org={s['demo'].btg_kh.pk}").content.decode()
    assert "Việc của Ban Tuyên giáo" in led_by and "Việc đã quá hạn của HĐND" not in led_by
    assert f'<option value="{s["demo"].btg_kh.pk}" selected>' in led_by  # the chosen organisation stays chosen
    content = s["program"].contents.get(number=3)
    by_content = client.get(f"/plans/tasks/?content={content.pk}").content.decode()
    assert "Việc của Ban Tuyên giáo" in by_content and "Việc đã quá hạn của HĐND" not in by_content
    assert "Việc của Ban Tuyên giáo" not in client.get("/plans/tasks/?q=viec&status=done").content.decode()
    assert "Việc của Ban Tuyên giáo" in client.get("/plans/tasks/?q=viec&status=open").content.decode()
    overdue = client.get("/plans/tasks/?q=viec&overdue=1").content.decode()
    assert "Việc đã quá hạn của HĐND" in overdue
    partial = client.get("/plans/tasks/?q=ban+tuyen+giao", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Việc của Ban Tuyên giáo" in partial
    hdnd = page_client(s["hdnd"])
    mine = hdnd.get("/plans/tasks/?mine=1").content.decode()
    assert "Việc đã quá hạn của HĐND" in mine and "1 nhiệm vụ" in mine
    assert "Việc của Ban Tuyên giáo" not in hdnd.get("/plans/tasks/?q=viec").content.decode()  # not a party to it
    rows = list(load_workbook(io.BytesIO(hdnd.get("/plans/tasks/?mine=1&format=xlsx").content)).active.values)
    assert rows[0][:3] == ("Mã", "Nhiệm vụ", "Kế hoạch") and [r[1] for r in rows[1:]] == ["Việc đã quá hạn của HĐND"]
    assert rows[1][6] == "15/07/2022" and (rows[1][9] == "Có") == (today > dt.date(2022, 7, 15))
    assert "Việc của Ban Tuyên giáo" not in page_client(s["outsider"]).get("/plans/tasks/?q=viec").content.decode()


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_task_list_queries_do_not_grow_with_rows(s):
    client = page_client(s["btg"])
    add_task(s, assignees=[s["hdnd"]], partners=[s["demo"].btg_kh])
    before = _queries(client, "/plans/tasks/")
    for i in range(6):
        add_task(s, title=f"Nhiệm vụ {i}", assignees=[s["hdnd"]], partners=[s["demo"].btg_kh])
    assert _queries(client, "/plans/tasks/") == before
    plan_before = _queries(client, f"/plans/{s['plan'].pk}/")
    add_task(s, title="Thêm một việc", content=s["program"].contents.get(number=4))
    assert _queries(client, f"/plans/{s['plan'].pk}/") == plan_before


# --- "Việc cần làm" ------------------------------------------------------------------------------------


def test_home_shows_my_queues_with_counts(s):
    today = timezone.localdate()
    program, btg = draft_program(s["demo"].btg_kh, [s["demo"].hdnd_kh], period=(today.year, today.year + 1))
    program_services.program_transition(acting=acting_of(btg), program=program, action="sign", signed_on=today)
    plan = plan_of(program, btg, year=today.year)
    services.task_create(
        acting=acting_of(btg),
        plan=plan,
        title="Việc sắp đến hạn",
        lead=s["demo"].hdnd_kh,
        content=program.contents.first(),
        deadline=min(today + dt.timedelta(days=3), dt.date(today.year, 12, 31)),
        assignees=[s["hdnd"]],
    )
    add_task(s, title="Việc cũ đã quá hạn", assignees=[s["hdnd"]])
    page = page_client(s["hdnd"]).get("/").content.decode()
    assert "Việc cần làm" in page and "Giao cho tôi" in page
    queue = {key: page.split(f'id="q-{key}"')[1].split("</section>")[0] for key in ("assigned", "overdue", "due_soon")}
    assert "Việc cũ đã quá hạn" in queue["assigned"] and "Việc sắp đến hạn" in queue["assigned"]
    assert "Việc cũ đã quá hạn" in queue["overdue"] and "Việc sắp đến hạn" not in queue["overdue"]
    assert "Việc sắp đến hạn" in queue["due_soon"] and "Việc cũ đã quá hạn" not in queue["due_soon"]
    assert "Không có việc nào chờ cơ quan bạn nghiệm thu." in page
    newcomer = make_user(org=s["demo"].ubnd_pb)
    empty = page_client(newcomer).get("/").content.decode()
    assert "Chưa có việc nào giao cho bạn hoặc cơ quan của bạn." in empty
    assert "Không có việc nào đang giao cho bạn." in empty


def test_home_queries_do_not_grow_with_work(s):
    client = page_client(s["hdnd"])
    add_task(s, assignees=[s["hdnd"]])
    before = _queries(client, "/")
    for i in range(8):
        add_task(s, title=f"Việc {i}", assignees=[s["hdnd"]], partners=[s["demo"].btg_kh])
    assert _queries(client, "/") == before
    assert before <= 20, before


def test_task_detail_queries_do_not_grow_with_its_history(s, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = add_task(s, assignees=[s["hdnd"]], partners=[s["demo"].btg_kh])
    doer = acting_of(s["hdnd"])

    def report(n):
        evidence = SimpleUploadedFile(f"bao-cao-{n}.pdf", pdf_bytes())
        services.progress_report_add(acting=doer, task=task, text=f"Lần {n}", percent=10 * n, files=[evidence])
        services.task_comment_add(acting=doer, task=task, text=f"Ý kiến {n}")

    report(1)
    client = page_client(s["btg"])
    before = _queries(client, f"/plans/tasks/{task.pk}/")
    for n in range(2, 6):
        report(n)
    assert _queries(client, f"/plans/tasks/{task.pk}/") == before
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "bao-cao-5.pdf" in page and "Ý kiến 5" in page
