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
