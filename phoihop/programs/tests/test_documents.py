"""The program and plan as Word documents in the lead body's profile, and PDFs made from them."""

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from phoihop.plans import services as plan_services
from phoihop.plans.exports import plan_file
from phoihop.programs.documents import program_file
from phoihop.programs.selectors import program_get
from phoihop.programs.tests.factories import CONTENTS, draft_program, plan_of, signed_program
from phoihop.tests.support import acting_of

pytestmark = pytest.mark.django_db


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def fonts(doc) -> set[str]:
    names = set()
    for p in doc.paragraphs:
        names |= {r.font.name for r in p.runs if r.text.strip()}
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    names |= {r.font.name for r in p.runs if r.text.strip()}
    return names


def test_party_profile_program(demo):
    program, user = signed_program(demo.btg_kh, [demo.hdnd_kh], on=dt.date(2026, 1, 5))
    data, name, content_type = program_file(program_get(acting=acting_of(user), program_id=program.pk), "docx")
    assert name.endswith(".docx") and content_type.endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(data))
    text = all_text(doc)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "Số 01-CTr/BTGTU-HĐND" in text and "Số:" not in text
    assert "Khánh Hòa, ngày 05 tháng 01 năm 2026" in text
    assert "CHƯƠNG TRÌNH" in text
    # the signature block: one column per party, with the signatories
    assert "Lê Hữu Thọ" in text and "Người ký 1" in text
    # numbered contents in order
    positions = [text.index(f"{i}. {c}") for i, c in enumerate(CONTENTS, 1)]
    assert positions == sorted(positions)
    assert fonts(doc) == {"Times New Roman"}


def test_state_profile_program_and_its_pdf(demo):
    program, user = signed_program(
        demo.ubnd_pb, [demo.btg_pb, demo.org("Tòa án nhân dân huyện Phú Bình")], on=dt.date(2022, 6, 23)
    )
    data, _, _ = program_file(program_get(acting=acting_of(user), program_id=program.pk), "docx")
    text = all_text(Document(io.BytesIO(data)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 01/CTr-UBND-BTGHU-TA" in text
    assert "Phú Bình, ngày 23 tháng 6 năm 2022" in text
    pdf, name, content_type = program_file(program_get(acting=acting_of(user), program_id=program.pk), "pdf")
    assert content_type == "application/pdf" and name.endswith(".pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 4
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.pdf"
        path.write_bytes(pdf)
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    font_names = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}
    assert font_names and all(f.startswith("LiberationSerif") for f in font_names), font_names


def test_a_draft_leaves_the_number_blank(demo):
    program, user = draft_program(demo.btg_kh, [demo.hdnd_kh])
    text = all_text(
        Document(io.BytesIO(program_file(program_get(acting=acting_of(user), program_id=program.pk), "docx")[0]))
    )
    assert "Số      -CTr/BTGTU-HĐND" in text


def test_plan_document_has_the_task_table(demo):
    program, user = signed_program(demo.btg_kh, [demo.hdnd_kh])
    plan = plan_of(program, user)
    plan_services.task_create(
        acting=acting_of(user),
        plan=plan,
        title="Tuyên truyền kỳ họp HĐND",
        lead=demo.hdnd_kh,
        content=program.contents.get(number=2),
        deadline=dt.date(2022, 7, 15),
        expected_output="Tin, bài",
    )
    doc = Document(io.BytesIO(plan_file(plan, "docx")[0]))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "TT")
    assert [c.text for c in table.rows[0].cells] == [
        "TT",
        "Nội dung số",
        "Nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Thời hạn",
        "Sản phẩm",
    ]
    assert table.rows[1].cells[2].text == "Tuyên truyền kỳ họp HĐND" and table.rows[1].cells[5].text == "15/07/2022"
    assert "KẾ HOẠCH" in all_text(doc)


def test_only_docx_or_pdf(demo):
    from phoihop.core.errors import ValidationFailed

    program, _user = draft_program(demo.btg_kh, [demo.hdnd_kh])
    with pytest.raises(ValidationFailed):
        program_file(program, "exe")
