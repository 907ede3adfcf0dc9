"""A report as paper: the DOCX opened with python-docx (profile, number, sections, tables, Vietnamese
numbers), the PDF made from it, the XLSX annex opened with openpyxl (every table, numbers as numbers)."""

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from phoihop.accounts.models import Role
from phoihop.reports import services
from phoihop.reports.demo import PB_CALL
from phoihop.reports.documents import report_tables
from phoihop.reports.models import Report, ReportCall
from phoihop.tests.support import acting_of, api_client, make_user

pytestmark = pytest.mark.django_db


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


@pytest.fixture
def submitted(demo):
    call = ReportCall.objects.get(title=PB_CALL)
    report = Report.objects.get(call=call, organization=demo.btg_pb, rollup=False)
    officer, leader = (
        make_user(org=demo.btg_pb),
        make_user(org=demo.btg_pb, role=Role.LEADER, full_name="Ngô Thị Thu Hà"),
    )
    services.report_update(
        acting=acting_of(officer, demo.btg_pb),
        report=report,
        data={"limitations": "Một số cơ quan cung cấp thông tin còn chậm.", "proposals": "Đề nghị tập huấn nghiệp vụ."},
    )
    for who, action in ((officer, "request_approval"), (leader, "approve"), (officer, "submit")):
        report = services.report_transition(acting=acting_of(who, demo.btg_pb), report=report, action=action)
    return report, officer


def test_docx_in_the_party_profile(submitted, demo):
    report, officer = submitted
    resp = api_client(officer, demo.btg_pb).get(f"/api/v1/reports/{report.pk}/docx")
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.content))
    text = _text(doc)
    header = " ".join(c.text for c in doc.tables[0].rows[0].cells) + " " + text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "CỘNG HÒA XÃ HỘI" not in header
    assert "HUYỆN ỦY PHÚ BÌNH" in header and "BAN TUYÊN GIÁO" in header
    assert report.number_line in header and report.number_line.startswith("Số ") and "-BC/BTGHU" in report.number_line
    for heading in (
        "BÁO CÁO",
        "KẾT QUẢ THỰC HIỆN",
        "HẠN CHẾ, NGUYÊN NHÂN",
        "BÀI HỌC KINH NGHIỆM",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        "ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text, heading
    assert "các cơ quan đã thực hiện 6/7 nhiệm vụ (85,7%)" in text  # Vietnamese decimal comma
    assert "(Số liệu tính đến ngày 15/12/2022)" in text
    assert "Một số cơ quan cung cấp thông tin còn chậm." in text and "Đề nghị tập huấn nghiệp vụ." in text
    assert "Ngô Thị Thu Hà" in text and "TRƯỞNG BAN" in text
    assert "Ban Tuyên giáo Tỉnh ủy Thái Nguyên (để báo cáo)" in text
    # the tasks table: one row per content, the total, the previous period
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    total = next(r for r in rows if r[0] == "Tổng cộng" and len(r) == 7)
    assert total[1:] == ["8", "5", "1", "0", "1", "1"]
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.font.name}
    assert fonts <= {"Times New Roman"}


def test_docx_in_the_state_profile_with_thousands(demo):
    """A UBND report over a year with many concerns: State header, 'Số: …/BC-UBND', 1.234-style numbers."""
    org = demo.org("Ủy ban nhân dân tỉnh Khánh Hòa")
    officer = make_user(org=org)
    report = services.report_create(
        acting=acting_of(officer, org),
        data={"kind": "nam", "date_from": "2025-12-01", "date_to": "2026-11-30", "deadline": "2026-12-10"},
    )
    # stand-in figures with thousands, as a province's year has (the tables format whatever they hold)
    report.figures["current"]["concerns"]["total"]["received"] = 12345
    report.figures["current"]["concerns"]["by_topic"].insert(
        0,
        {
            "topic": "Đất đai",
            "received": 12345,
            "joint": 1200,
            "resolved": 11000,
            "rejected": 5,
            "outstanding": 1340,
            "overdue": 17,
        },
    )
    Report.objects.filter(pk=report.pk).update(figures=report.figures)
    resp = api_client(officer, org).get(f"/api/v1/reports/{report.pk}/docx")
    text = _text(Document(io.BytesIO(resp.content)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _header(resp.content)
    assert "Số:      /BC-UBND" in _header(resp.content)
    assert "Đất đai | 12.345 | 1.200 | 11.000 | 5 | 1.340 | 17" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text


def _header(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return " ".join(c.text for t in doc.tables[:1] for r in t.rows for c in r.cells)


def test_pdf_is_made_from_the_docx(submitted, demo):
    report, officer = submitted
    resp = api_client(officer, demo.btg_pb).get(f"/api/v1/reports/{report.pk}/pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(resp.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) >= 2 and "BÁO CÁO" in text and "85,7%" in text


def test_xlsx_annex_has_every_table(submitted, demo):
    report, officer = submitted
    resp = api_client(officer, demo.btg_pb).get(f"/api/v1/reports/{report.pk}/xlsx")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    tables = report_tables(report)
    assert wb.sheetnames == ["Thông tin", *[t.title.split(".")[0] for t in tables]]
    info = {r[0]: r[1] for r in wb["Thông tin"].iter_rows(values_only=True)}
    assert info["Số, ký hiệu"] == report.number_line and info["Số liệu tính đến ngày"] == "15/12/2022"
    for t in tables:
        ws = wb[t.title.split(".")[0]]
        assert ws["A1"].value == t.title
        assert [c.value for c in ws[2]][: len(t.headers)] == t.headers
        body = [list(r)[: len(t.headers)] for r in ws.iter_rows(min_row=3, values_only=True)]
        assert body == [[None if v == "" else v for v in row] for row in t.rows]
    ws = wb[next(t for t in tables if t.key == "tasks").title.split(".")[0]]
    total = next(r for r in ws.iter_rows(min_row=3) if r[0].value == "Tổng cộng")
    assert [c.value for c in total[1:7]] == [8, 5, 1, 0, 1, 1] and total[1].number_format == "#,##0"
    assert json.dumps(report.figures)  # frozen figures are plain JSON
