"""Program pages: list and search, the draft form with parties and contents, circulation and answers, signing,
reordering, editing with versions, amendment and its history, documents, the register of legal bases."""

import datetime as dt
import io
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from phoihop.accounts.models import Role
from phoihop.programs import services
from phoihop.programs.models import LegalDocument, PartyResponse, PartyRole, Program, ProgramStatus
from phoihop.programs.tests.factories import draft_program, officer, signed_program
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db

TITLE = "Chương trình phối hợp thông tin, tuyên truyền giai đoạn 2026 - 2030"


@pytest.fixture
def kh(demo):
    """The three Khánh Hòa bodies and an officer of each."""
    ubnd = demo.org("Ủy ban nhân dân tỉnh Khánh Hòa")
    return {
        "btg": demo.btg_kh,
        "hdnd": demo.hdnd_kh,
        "ubnd": ubnd,
        "btg_user": officer(demo.btg_kh),
        "hdnd_user": officer(demo.hdnd_kh),
        "ubnd_user": officer(ubnd),
        "outsider": officer(demo.btg_pb),
    }


def party_rows(rows: list[dict], total: int = 3) -> dict:
    data = {
        "parties-TOTAL_FORMS": str(total),
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "50",
    }
    for i in range(total):
        row = rows[i] if i < len(rows) else {}
        for field in ("organization", "signatory_name", "signatory_title", "signing_authority", "responsibilities"):
            data[f"parties-{i}-{field}"] = row.get(field, "")
    return data


def program_data(kh, **overrides) -> dict:
    basis = LegalDocument.objects.get(number_symbol="238-QĐ/TW")
    data = {
        "title": TITLE,
        "period_start": "2026",
        "period_end": "2030",
        "legal_bases": [basis.pk],
        "contents": "1. Tuyên truyền nghị quyết của HĐND tỉnh\nĐịnh hướng thông tin về kỳ họp\n\n"
        "- Nắm bắt dư luận xã hội\n4) Đấu tranh phản bác thông tin sai trái",
        "purpose": "Nâng cao hiệu quả phối hợp.",
        "info_regime": "",
        "briefing_frequency": "6 tháng một lần",
        "methods": "",
        "implementation": "",
        "lead-signatory_name": "Lê Hữu Thọ",
        "lead-signatory_title": "Trưởng ban",
        "lead-signing_authority": "T/M BAN THƯỜNG VỤ",
        "lead-responsibilities": "Chủ trì, theo dõi, đôn đốc.",
        **party_rows(
            [
                {"organization": kh["hdnd"].pk, "signatory_name": "Nguyễn Khắc Toàn", "signatory_title": "Chủ tịch"},
                {"organization": kh["ubnd"].pk, "signatory_name": "Người ký UBND", "signatory_title": "Chủ tịch"},
            ]
        ),
    }
    return data | overrides


def create_via_page(kh) -> Program:
    response = page_client(kh["btg_user"]).post("/programs/new/", program_data(kh))
    assert response.status_code == 302, response.content.decode()[:3000]
    return Program.objects.get(title=TITLE)


# --- list ----------------------------------------------------------------------------------------------


def test_list_searches_without_accents_filters_counts_and_exports(kh):
    from openpyxl import load_workbook

    program, _ = draft_program(kh["btg"], [kh["hdnd"]], user=kh["btg_user"], period=(2031, 2035))
    services.program_update(
        acting=acting_of(kh["btg_user"]), program=program, title="Chương trình phối hợp tuyên truyền biển đảo"
    )
    client = page_client(kh["btg_user"])
    page = client.get("/programs/?q=bien+dao").content.decode()
    assert "Chương trình phối hợp tuyên truyền biển đảo" in page and "1 chương trình" in page
    assert "Dự thảo" in page and "st-draft" in page  # the status as a coloured badge with its word
    assert "Soạn chương trình" in page
    assert "biển đảo" not in client.get("/programs/?status=effective").content.decode()
    assert "biển đảo" in client.get("/programs/?year=2033").content.decode()
    assert "biển đảo" not in client.get("/programs/?year=2026").content.decode()
    partial = client.get("/programs/?q=bien+dao", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "biển đảo" in partial
    sheet = load_workbook(io.BytesIO(client.get("/programs/?q=bien+dao&format=xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tên chương trình", "Giai đoạn", "Cơ quan chủ trì", "Trạng thái")
    assert rows[1][0] == "Chương trình phối hợp tuyên truyền biển đảo" and rows[1][3] == "Dự thảo"
    viewer = make_user(org=kh["btg"], role=Role.VIEWER)
    assert "Soạn chương trình" not in page_client(viewer).get("/programs/").content.decode()
    assert "biển đảo" not in page_client(kh["outsider"]).get("/programs/?q=bien+dao").content.decode()


def test_list_queries_do_not_grow_with_rows(kh):
    client = page_client(kh["btg_user"])

    def count():
        client.get("/programs/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/programs/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(4):
        draft_program(kh["btg"], [kh["hdnd"], kh["ubnd"]], user=kh["btg_user"], period=(2040 + i, 2041 + i))
    assert count() == before


# --- the draft form ------------------------------------------------------------------------------------


def test_draft_with_three_parties_and_contents_numbered_in_order(kh):
    client = page_client(kh["btg_user"])
    form = client.get("/programs/new/").content.decode()
    assert 'name="parties-TOTAL_FORMS" value="3"' in form and 'hx-get="/orgs/options/"' in form
    assert "Ban Tuyên giáo Tỉnh ủy Khánh Hòa" in form and "238-QĐ/TW" in form
    assert "Mỗi dòng một nội dung" in form
    program = create_via_page(kh)
    assert program.status == ProgramStatus.DRAFT and program.lead == kh["btg"]
    parties = list(program.parties.order_by("order"))
    assert [(p.organization, p.role) for p in parties] == [
        (kh["btg"], PartyRole.LEAD),
        (kh["hdnd"], PartyRole.PARTNER),
        (kh["ubnd"], PartyRole.PARTNER),
    ]
    assert parties[0].signatory_name == "Lê Hữu Thọ" and parties[1].signatory_name == "Nguyễn Khắc Toàn"
    assert [(c.number, c.title) for c in program.contents.order_by("number")] == [
        (1, "Tuyên truyền nghị quyết của HĐND tỉnh"),
        (2, "Định hướng thông tin về kỳ họp"),
        (3, "Nắm bắt dư luận xã hội"),
        (4, "Đấu tranh phản bác thông tin sai trái"),
    ]
    assert [link.document.number_symbol for link in program.legal_basis_links.all()] == ["238-QĐ/TW"]
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert TITLE in page and "Ủy ban nhân dân tỉnh Khánh Hòa" in page and "Quyết định số 238-QĐ/TW" in page


def test_draft_errors_are_next_to_the_fields_and_keep_what_was_typed(kh):
    client = page_client(kh["btg_user"])
    before = Program.objects.count()
    # only the lead: the service's refusal about the parties shows at the parties
    response = client.post("/programs/new/", program_data(kh, **party_rows([]), period_end="2025", contents="  \n "))
    assert response.status_code == 400
    page = response.content.decode()
    assert TITLE in page and "6 tháng một lần" in page and "Lê Hữu Thọ" in page  # nothing typed is lost
    assert "Năm kết thúc phải bằng hoặc sau năm bắt đầu." in page
    assert "Trường này là bắt buộc." in page  # the contents
    response = client.post("/programs/new/", program_data(kh, **party_rows([])))
    assert response.status_code == 400 and "Cần ít nhất hai bên." in response.content.decode()
    # a partner row with a signatory but no organisation
    response = client.post("/programs/new/", program_data(kh, **party_rows([{"signatory_name": "Ai đó"}])))
    page = response.content.decode()
    assert response.status_code == 400 and "Hãy chọn cơ quan cho dòng này" in page and "Ai đó" in page
    # the same organisation twice
    twice = party_rows([{"organization": kh["hdnd"].pk}, {"organization": kh["hdnd"].pk}])
    response = client.post("/programs/new/", program_data(kh, **twice))
    assert response.status_code == 400 and "Cơ quan này đã có ở dòng khác." in response.content.decode()
    # the chosen partner stays chosen in its select
    assert f'<option value="{kh["hdnd"].pk}" selected>Thường trực Hội đồng nhân dân tỉnh Khánh Hòa</option>' in (
        response.content.decode()
    )
    assert Program.objects.count() == before


def test_legal_basis_register_page_and_refreshed_checkboxes(kh):
    client = page_client(kh["btg_user"])
    data = {
        "kind": "Kết luận",
        "number_symbol": "21-KL/TW",
        "issued_on": "25/10/2021",
        "issuer": "Ban Chấp hành Trung ương Đảng (khóa XIII)",
        "title": "về đẩy mạnh xây dựng, chỉnh đốn Đảng",
    }
    assert client.post("/programs/legal-documents/new/", data).status_code == 302
    doc = LegalDocument.objects.get(number_symbol="21-KL/TW")
    assert doc.issued_on == dt.date(2021, 10, 25)
    again = client.post("/programs/legal-documents/new/", data)
    assert again.status_code == 400 and "Văn bản này đã có trong danh mục." in again.content.decode()
    bad = client.post("/programs/legal-documents/new/", data | {"issued_on": "31/02/2021", "number_symbol": "X"})
    assert bad.status_code == 400 and "Nhập một ngày hợp lệ" in bad.content.decode()
    options = client.get(f"/programs/legal-documents/options/?legal_bases={doc.pk}").content.decode()
    assert "<html" not in options and "21-KL/TW" in options and f'value="{doc.pk}"' in options
    assert "checked" in options.split("21-KL/TW")[0].rsplit("<label", 1)[1]


# --- circulation, answers, signing ---------------------------------------------------------------------


def test_circulation_answers_and_the_lead_sees_who_is_pending(kh):
    program = create_via_page(kh)
    lead = page_client(kh["btg_user"])
    assert lead.post(f"/programs/{program.pk}/actions/circulate/").status_code == 302
    page = lead.get(f"/programs/{program.pk}/").content.decode()
    assert "Đang lấy ý kiến" in page and "Còn 2 bên chưa trả lời" in page and 'class="pending"' in page
    assert "Ý kiến của cơ quan bạn" not in page  # the lead does not answer its own draft
    hdnd = page_client(kh["hdnd_user"])
    assert "Ý kiến của cơ quan bạn" in hdnd.get(f"/programs/{program.pk}/").content.decode()
    refused = hdnd.post(f"/programs/{program.pk}/respond/", {"decision": "comment", "note": ""})
    assert refused.status_code == 400 and "Hãy ghi nội dung ý kiến." in refused.content.decode()
    assert hdnd.post(f"/programs/{program.pk}/respond/", {"decision": "agree", "note": ""}).status_code == 302
    commented = page_client(kh["ubnd_user"]).post(
        f"/programs/{program.pk}/respond/", {"decision": "comment", "note": "Đề nghị bổ sung nội dung số 3."}
    )
    assert commented.status_code == 302
    responses = dict(program.parties.values_list("organization_id", "response"))
    assert responses[kh["hdnd"].pk] == PartyResponse.AGREED and responses[kh["ubnd"].pk] == PartyResponse.COMMENTED
    page = lead.get(f"/programs/{program.pk}/").content.decode()
    assert "Tất cả các bên đã trả lời." in page and "Đề nghị bổ sung nội dung số 3." in page
    # the partner may not run the life cycle
    assert hdnd.post(f"/programs/{program.pk}/actions/recall/").status_code == 404


def test_signing_gives_a_number_and_keeps_the_signed_text(kh):
    program = create_via_page(kh)
    client = page_client(kh["btg_user"])
    no_date = client.post(
        f"/programs/{program.pk}/actions/sign/", {"sign-signed_on": "", "sign-signed_place": "Nha Trang"}
    )
    assert no_date.status_code == 400 and "Trường này là bắt buộc." in no_date.content.decode()
    assert 'value="Nha Trang"' in no_date.content.decode()
    outside = client.post(f"/programs/{program.pk}/actions/sign/", {"sign-signed_on": "05/01/2020"})
    assert outside.status_code == 400 and "Ngày ký phải thuộc thời kỳ" in outside.content.decode()
    signed = client.post(
        f"/programs/{program.pk}/actions/sign/",
        {"sign-signed_on": "09/01/2026", "sign-signed_place": "Nha Trang", "sign-signing_meeting": "Hội nghị ký kết"},
    )
    assert signed.status_code == 302
    program.refresh_from_db()
    assert program.status == ProgramStatus.EFFECTIVE and program.signed_on == dt.date(2026, 1, 9)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert program.number_line in page and "09/01/2026" in page and "Đang hiệu lực" in page
    assert "Sửa đổi, bổ sung" in page and f"/programs/{program.pk}/edit/" not in page
    assert "Bản ký kết" in page
    revision = client.get(f"/programs/{program.pk}/revisions/0/")
    assert revision.status_code == 200 and TITLE in revision.content.decode()
    assert client.get(f"/programs/{program.pk}/revisions/7/").status_code == 404
    terminate = client.post(f"/programs/{program.pk}/actions/terminate/", {"terminate-reason": ""})
    assert terminate.status_code == 400 and "Trường này là bắt buộc." in terminate.content.decode()
    assert client.post(f"/programs/{program.pk}/actions/nonsense/").status_code == 404


# --- reordering, editing, amending ---------------------------------------------------------------------


def test_contents_move_up_and_down_with_the_version(kh):
    program = create_via_page(kh)
    client = page_client(kh["btg_user"])
    url = f"/programs/{program.pk}/contents/move/"
    moved = client.post(url, {"number": 1, "direction": "down", "version": program.version}, HTTP_HX_REQUEST="true")
    body = moved.content.decode()
    assert moved.status_code == 200 and "<html" not in body and 'id="noi-dung"' in body
    assert body.index("Định hướng thông tin về kỳ họp") < body.index("Tuyên truyền nghị quyết của HĐND tỉnh")
    assert list(program.contents.order_by("number").values_list("title", flat=True))[:2] == [
        "Định hướng thông tin về kỳ họp",
        "Tuyên truyền nghị quyết của HĐND tỉnh",
    ]
    # the old version is stale now: refused with 409, in place for htmx, as a page otherwise
    stale = client.post(url, {"number": 2, "direction": "up", "version": program.version}, HTTP_HX_REQUEST="true")
    assert (
        stale.status_code == 409
        and "người khác sửa" in stale.content.decode()
        and "<html" not in stale.content.decode()
    )
    assert client.post(url, {"number": 2, "direction": "up", "version": program.version}).status_code == 409
    program.refresh_from_db()
    back = client.post(url, {"number": 2, "direction": "up", "version": program.version})
    assert back.status_code == 302 and back["Location"].endswith("#noi-dung")
    assert program.contents.get(number=1).title == "Tuyên truyền nghị quyết của HĐND tỉnh"
    assert client.post(url, {"number": 1, "direction": "up", "version": program.version + 1}).status_code == 400


def test_edit_a_draft_and_a_stale_version_is_refused_with_the_current_values(kh):
    program = create_via_page(kh)
    client = page_client(kh["btg_user"])
    form = client.get(f"/programs/{program.pk}/edit/").content.decode()
    assert TITLE in form and "Nguyễn Khắc Toàn" in form and 'name="version" value="1"' in form
    data = program_data(
        kh,
        title="Chương trình phối hợp (bản sửa)",
        contents="Nội dung A\nNội dung B",
        version=str(program.version),
        **party_rows([{"organization": kh["hdnd"].pk, "signatory_name": "Nguyễn Khắc Toàn"}]),
    )
    assert client.post(f"/programs/{program.pk}/edit/", data).status_code == 302
    program.refresh_from_db()
    assert program.title == "Chương trình phối hợp (bản sửa)"
    assert list(program.contents.values_list("title", flat=True)) == ["Nội dung A", "Nội dung B"]
    assert set(program.parties.values_list("organization_id", flat=True)) == {kh["btg"].pk, kh["hdnd"].pk}
    # a second save from the same (stale) form
    stale = client.post(f"/programs/{program.pk}/edit/", data | {"title": "Tên khác hẳn"})
    page = stale.content.decode()
    assert stale.status_code == 409 and "Tên khác hẳn" in page
    assert "Giá trị hiện tại: Chương trình phối hợp (bản sửa)" in page
    assert f'name="version" value="{program.version}"' in page  # saving again keeps the new text knowingly
    # once circulated the draft is not edited any more
    client.post(f"/programs/{program.pk}/actions/circulate/")
    assert client.get(f"/programs/{program.pk}/edit/").status_code == 404
    assert page_client(kh["hdnd_user"]).get(f"/programs/{program.pk}/edit/").status_code == 404


def test_amendment_makes_a_new_revision_and_the_old_text_stays_readable(kh):
    program, user = signed_program(kh["btg"], [kh["hdnd"]])
    client = page_client(user)
    old_title = program.title
    form = client.get(f"/programs/{program.pk}/amend/")
    assert form.status_code == 200 and old_title in form.content.decode()
    contents = "\n".join(program.contents.order_by("number").values_list("title", flat=True))
    data = {
        "reason": "",
        "title": old_title + " (sửa đổi)",
        "period_start": "2022",
        "period_end": "2026",
        "contents": contents + "\nPhối hợp tổ chức hội nghị báo cáo viên",
        "purpose": program.purpose,
        "info_regime": "",
        "briefing_frequency": "",
        "methods": "",
        "implementation": "",
        "version": str(program.version),
    }
    missing = client.post(f"/programs/{program.pk}/amend/", data)
    assert missing.status_code == 400 and "hội nghị báo cáo viên" in missing.content.decode()
    done = client.post(f"/programs/{program.pk}/amend/", data | {"reason": "Theo kết luận hội nghị sơ kết"})
    assert done.status_code == 302
    program.refresh_from_db()
    assert program.revision == 1 and program.title.endswith("(sửa đổi)")
    assert program.contents.get(number=5).title == "Phối hợp tổ chức hội nghị báo cáo viên"
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Sửa đổi, bổ sung lần 1" in page and "Theo kết luận hội nghị sơ kết" in page
    first = client.get(f"/programs/{program.pk}/revisions/0/").content.decode()
    assert old_title in first and "hội nghị báo cáo viên" not in first
    assert "hội nghị báo cáo viên" in client.get(f"/programs/{program.pk}/revisions/1/").content.decode()
    stale = client.post(f"/programs/{program.pk}/amend/", data | {"reason": "Lần nữa", "title": "Khác"})
    assert stale.status_code == 409 and "Giá trị hiện tại:" in stale.content.decode()
    assert page_client(officer(kh["hdnd"])).get(f"/programs/{program.pk}/amend/").status_code == 404


# --- documents and plans -------------------------------------------------------------------------------


def test_the_program_document_downloads_as_docx_and_pdf(kh):
    program = create_via_page(kh)
    client = page_client(kh["hdnd_user"])  # any party may download
    response = client.get(f"/programs/{program.pk}/document.docx")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert 'attachment; filename="chuong-trinh-phoi-hop-' in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "thông tin, tuyên truyền giai đoạn 2026 - 2030" in text and "Tuyên truyền nghị quyết của HĐND tỉnh" in text
    assert client.get(f"/programs/{program.pk}/document.exe").status_code == 400
    assert page_client(kh["outsider"]).get(f"/programs/{program.pk}/document.docx").status_code == 404
    if shutil.which("soffice"):
        pdf = client.get(f"/programs/{program.pk}/document.pdf")
        assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_yearly_plan_from_the_program_page(kh):
    program, user = signed_program(kh["btg"], [kh["hdnd"]])
    client = page_client(user)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "Lập kế hoạch năm" in page and 'name="year" value="2022"' in page
    outside = client.post(f"/programs/{program.pk}/plans/new/", {"year": "2030", "title": ""})
    assert outside.status_code == 400 and "Năm kế hoạch phải trong thời kỳ 2022 - 2026" in outside.content.decode()
    created = client.post(f"/programs/{program.pk}/plans/new/", {"year": "2023", "title": ""})
    assert created.status_code == 302
    plan = program.plans.get()
    assert created["Location"] == f"/plans/{plan.pk}/" and plan.title == "Kế hoạch phối hợp công tác năm 2023"
    again = client.post(f"/programs/{program.pk}/plans/new/", {"year": "2023", "title": ""})
    assert again.status_code == 400 and "đã có kế hoạch năm 2023" in again.content.decode()
    assert (
        page_client(officer(kh["hdnd"])).post(f"/programs/{program.pk}/plans/new/", {"year": "2024"}).status_code == 404
    )


def test_choosers_send_plain_ids_whatever_the_number_format(kh):
    """Vietnamese number format writes 12345 as “12.345”: ids in <option>s must stay plain digits."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    big = SimpleNamespace(
        id=12345,
        name="Cơ quan số lớn",
        parent=None,
        is_current=True,
        full_name="Người Số Lớn",
        username="u",
        job_title="",
    )
    with translation.override("vi"):
        orgs = render_to_string("orgs/org_options.html", {"orgs": [big]})
        units = render_to_string("geo/unit_options.html", {"units": [big]})
        people = render_to_string("plans/assignee_options.html", {"people": [big], "keep": set()})
    for html in (orgs, units, people):
        assert 'value="12345"' in html and "12.345" not in html


def test_detail_queries_do_not_grow_with_parties_and_history(kh, demo):
    client = page_client(kh["btg_user"])

    def queries(program) -> int:
        client.get(f"/programs/{program.pk}/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/programs/{program.pk}/").status_code == 200
        return len(ctx.captured_queries)

    small, _ = draft_program(kh["btg"], [kh["hdnd"]], user=kh["btg_user"], contents=["Một"])
    large, _ = draft_program(
        kh["btg"],
        [kh["hdnd"], kh["ubnd"], demo.btg_pb, demo.ubnd_pb],
        user=kh["btg_user"],
        contents=["Một", "Hai", "Ba"],
    )
    acting = acting_of(kh["btg_user"])
    services.program_transition(acting=acting, program=large, action="circulate")  # a status history too
    services.program_transition(acting=acting, program=large, action="recall")
    assert queries(large) == queries(small)
