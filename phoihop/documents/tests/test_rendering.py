"""The official document layouts of both profiles, opened and checked; PDFs with Liberation Serif only."""

import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from phoihop.documents.rendering import docx_to_pdf, render_docx
from phoihop.documents.tests.samples import party_plan, state_joint_program


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for r in t.rows:
            parts += [c.text for c in r.cells]
    return "\n".join(parts)


def test_state_layout():
    doc = Document(io.BytesIO(render_docx(state_joint_program())))
    text = text_of(doc)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 05/CTr-HĐND-BTGTU" in text and "Khánh Hòa, ngày 05 tháng 01 năm 2023" in text
    section = doc.sections[0]
    assert (
        round(section.left_margin.cm) == 3
        and round(section.right_margin.cm, 1) == 1.5
        and round(section.page_width.cm) == 21
    )
    header = doc.tables[0]
    assert "THƯỜNG TRỰC" in header.rows[0].cells[0].text and "CỘNG HÒA" in header.rows[0].cells[-1].text


def test_party_layout_and_pdf_fonts():
    data = render_docx(party_plan())
    text = text_of(Document(io.BytesIO(data)))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 12-KH/BTGTU" in text and "Số:" not in text
    pdf = docx_to_pdf(data)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}
    assert fonts and all(f.startswith("LiberationSerif") for f in fonts), fonts


# --- the document as Word sees it ---------------------------------------------------------------------

import datetime as dt  # noqa: E402

import pytest  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from phoihop.documents.rendering import (  # noqa: E402
    ConversionFailed,
    Issuer,
    NumberedItem,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    issuer_of,
)

W_FONTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def open_docx(spec) -> Document:
    return Document(io.BytesIO(render_docx(spec)))


def test_every_run_and_the_defaults_are_times_new_roman():
    doc = open_docx(state_joint_program())
    runs = list(doc.element.body.iter(qn("w:r")))
    assert len(runs) > 50
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert all(fonts.get(qn(a)) == "Times New Roman" for a in W_FONTS), run.xml
    # python-docx's view of each run, in paragraphs and table cells
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert all(r.font.name == "Times New Roman" for p in paragraphs for r in p.runs)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert all(fonts.get(qn(a)) == "Times New Roman" for a in W_FONTS) and fonts.get(qn("w:asciiTheme")) is None


def test_state_header_signatures_numbered_items_and_recipients():
    spec = state_joint_program()
    doc = open_docx(spec)
    header = doc.tables[0]
    left, right = header.rows[0].cells[0].text, header.rows[0].cells[1].text
    assert left.splitlines() == [
        "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA",
        "THƯỜNG TRỰC",
        "TỈNH ỦY KHÁNH HÒA",
        "BAN TUYÊN GIÁO",
    ]
    assert right.splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.rows[1].cells[0].text == "Số: 05/CTr-HĐND-BTGTU"
    assert header.rows[1].cells[1].text == "Khánh Hòa, ngày 05 tháng 01 năm 2023"
    # a borderless header whose grid and cells carry the widths (LibreOffice reads the grid)
    grid = [c.get(qn("w:w")) for c in header._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert grid == [str(header.rows[0].cells[i].width.twips) for i in range(2)]
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    # the line under the issuer and under the motto: paragraphs with a bottom border
    ruled = [
        p
        for p in header.rows[0].cells[0].paragraphs + header.rows[0].cells[1].paragraphs
        if p._p.pPr.find(qn("w:pBdr")) is not None
    ]
    assert len(ruled) == 2

    body = [p.text for p in doc.paragraphs]
    assert body[:2] == [
        "CHƯƠNG TRÌNH PHỐI HỢP",
        "Về công tác thông tin, tuyên truyền hoạt động\ncủa Hội đồng nhân dân tỉnh giai đoạn 2023-2025",
    ]
    numbered = [t for t in body if t[:2] in {"1.", "2.", "3."}]
    assert numbered[:5] == [
        "1. Mục đích",
        "2. Yêu cầu",
        "1. Công tác thông tin, tuyên truyền",
        "2. Công tác nắm bắt dư luận xã hội",
        "3. Công tác giám sát, khảo sát",
    ]
    assert numbered[5].startswith("1. Văn phòng Đoàn đại biểu Quốc hội")
    justified = [p for p in doc.paragraphs if p.text.startswith("Các bên chủ động")]
    pf = justified[0].paragraph_format
    assert round(pf.first_line_indent.cm, 2) == 1.27 and pf.space_after.pt == 6 and pf.alignment == 3  # JUSTIFY

    content = doc.tables[1]
    assert [c.text for c in content.rows[0].cells] == ["TT", "Nội dung hoạt động", "Cơ quan chủ trì", "Thời gian"]
    assert content._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideH")).get(qn("w:val")) == "single"
    assert all(r.font.bold for r in content.rows[0].cells[1].paragraphs[0].runs)

    signatures = doc.tables[-1]
    cells = [c.text.split("\n") for c in signatures.rows[0].cells]
    assert len(cells) == len(spec.signers) == 2
    for signer, lines in zip(spec.signers, cells, strict=True):
        assert signer.full_name == lines[-1] and signer.title in lines
    assert cells[0][0] == "TM. THƯỜNG TRỰC HĐND" and cells[1][0] == "BAN TUYÊN GIÁO TỈNH ỦY"
    assert body[-6:] == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (b/c);",
        "- Thường trực HĐND tỉnh;",
        "- Các Ban của HĐND tỉnh;",
        "- Các cơ quan báo chí tỉnh;",
        "- Lưu: VT, BTGTU, VP.",
    ]
    section = doc.sections[0]
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm), round(section.left_margin.mm)) == (
        20,
        20,
        30,
    )
    assert round(section.right_margin.mm) == 15 and round(section.page_height.cm, 1) == 29.7


def test_party_header_and_signature_beside_the_recipients():
    spec = party_plan()
    doc = open_docx(spec)
    header = doc.tables[0]
    assert header.rows[0].cells[0].text.splitlines() == ["TỈNH ỦY KHÁNH HÒA", "BAN TUYÊN GIÁO", "*"]
    national = header.rows[0].cells[1].paragraphs[0]
    assert national.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and national.runs[0].font.underline and national.runs[0].font.bold
    assert national.runs[0].font.size.pt == 15
    assert header.rows[1].cells[0].text == "Số 12-KH/BTGTU"
    date = header.rows[1].cells[1].paragraphs[0]
    assert date.text == "Khánh Hòa, ngày 15 tháng 3 năm 2023" and date.runs[0].font.italic
    last = doc.tables[-1].rows[0].cells
    assert last[0].text.startswith("Nơi nhận:") and last[0].paragraphs[0].runs[0].font.underline
    assert last[1].text.split("\n")[0] == "K/T TRƯỞNG BAN" and last[1].text.endswith("Lê Văn Cường")


def test_issuer_lines_of_an_organisation(demo):
    assert issuer_of(demo.btg_kh) == Issuer("TỈNH ỦY KHÁNH HÒA", "BAN TUYÊN GIÁO")
    assert issuer_of(demo.ubnd_pb) == Issuer("", "ỦY BAN NHÂN DÂN HUYỆN PHÚ BÌNH")


def test_text_users_typed_never_breaks_the_file():
    spec = OfficialDocument(
        profile="state",
        issuers=[("", "ỦY BAN\x00 NHÂN DÂN")],
        number_line="Số: 01/KH-UBND",
        place="",
        date=dt.date(2024, 2, 29),
        doc_type_name="kế hoạch",
        title="Tab\tand\x07bell\r\nand a new line",
        blocks=[
            Paragraph("\x0b\ufffe"),
            NumberedItem("7.", "", ""),
            Table(headers=[], rows=[]),
            Table(headers=["A"], rows=[["1", "2", "3"]], widths_cm=[40, 40]),
        ],
        signers=[Signer(full_name="Người ký \x1f")],
        recipients=["", "-  Lưu: VT;"],
    )
    doc = open_docx(spec)
    text = text_of(doc)
    assert "ỦY BAN NHÂN DÂN" in text and "Ngày 29 tháng 02 năm 2024" in text and "7." in text
    assert "- Lưu: VT." in text and "Người ký" in text


def test_state_pdf_is_three_pages_in_liberation_serif():
    pdf = docx_to_pdf(render_docx(state_joint_program()))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}
    assert fonts == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
    assert "DejaVu" not in out
    assert "Độc lập - Tự do - Hạnh phúc" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_pdf_conversion_failures_are_clear(settings):
    settings.SOFFICE_BIN = "/nonexistent/soffice"
    with pytest.raises(ConversionFailed) as caught:
        docx_to_pdf(render_docx(party_plan()))
    assert "LibreOffice" in str(caught.value.message) and caught.value.status == 503


def test_pdf_conversion_times_out_and_leaves_nothing_running(settings):
    settings.PDF_TIMEOUT_SECONDS = 0.05
    with pytest.raises(ConversionFailed) as caught:
        docx_to_pdf(render_docx(party_plan()))
    assert "quá lâu" in str(caught.value.message)
    # the whole process group was killed: no LibreOffice left working in a (deleted) temporary profile
    left = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and b"phoihop-pdf-" in (proc / "cmdline").read_bytes():
                left.append(proc.name)
        except OSError:
            continue
    assert not left
