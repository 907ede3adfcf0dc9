"""Attachments: type by content, size limit, classified stamps refused, nothing stored when refused, 404 for outsiders."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.documents.models import Attachment
from phoihop.documents.owners import register_owner
from phoihop.documents.services import attachment_store
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db
OWNER = "documents.testowner"
ALLOWED: set[str] = set()
register_owner(OWNER, lambda acting, owner_id: acting.user.username in ALLOWED)


def docx_bytes(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx_bytes(*cells: str) -> bytes:
    wb = Workbook()
    for c in cells:
        wb.active.append([c])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def uploader(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = make_user(org=demo.btg_pb)
    ALLOWED.clear()
    ALLOWED.add(user.username)
    return user


def store(user, name, data):
    return attachment_store(
        acting=acting_of(user), upload=SimpleUploadedFile(name, data), owner_type=OWNER, owner_id="1"
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        (
            "bao cao/../../tiến độ.docx",
            docx_bytes("Báo cáo tiến độ"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("so-lieu.xlsx", xlsx_bytes("Số liệu"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("anh.png", png_bytes(), "image/png"),
        ("anh-khong-duoi", png_bytes(), "image/png"),
    ],
)
def test_accepted_types_by_content(uploader, name, data, content_type):
    attachment = store(uploader, name, data)
    assert attachment.content_type == content_type and attachment.size == len(data)
    assert "/" not in attachment.original_name and ".." not in attachment.original_name
    assert attachment.file.name.startswith("attachments/") and attachment.file.storage.exists(attachment.file.name)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("chuong-trinh.pdf", b"MZ\x90\x00 not a pdf at all", "Chỉ nhận tệp"),
        ("van-ban.docx", docx_bytes("UBND TỈNH", "MẬT", "Nội dung"), "dấu mật"),
        ("van-ban.docx", docx_bytes("  tối mật  "), "dấu mật"),
        ("bang.xlsx", xlsx_bytes("TUYỆT MẬT"), "dấu mật"),
        ("hong.docx", b"PK\x03\x04broken zip", ""),
    ],
)
def test_refused_files_store_nothing(uploader, name, data, words, tmp_path):
    with pytest.raises(ValidationFailed) as caught:
        store(uploader, name, data)
    assert words in str(caught.value.message)
    assert not Attachment.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_the_word_mat_inside_a_sentence_is_fine(uploader):
    assert store(uploader, "bien-ban.docx", docx_bytes("Giữ bí mật thông tin cá nhân của người khiếu nại.")).pk


def test_size_limit(uploader, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationFailed) as caught:
        store(uploader, "lon.docx", docx_bytes("x" * 5000))
    assert "quá lớn" in str(caught.value.message)


def test_outsiders_cannot_attach_or_download(uploader, demo):
    attachment = store(uploader, "bao-cao.docx", docx_bytes("Báo cáo"))
    stranger = make_user(org=demo.hdnd_kh)
    with pytest.raises(NotFound):
        store(stranger, "x.docx", docx_bytes("x"))
    assert page_client(stranger).get(f"/files/{attachment.pk}/").status_code == 404
    response = page_client(uploader).get(f"/files/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert page_client(uploader).get("/files/999999/").status_code == 404


# --- more kinds, more refusals ---------------------------------------------------------------------------

import zipfile  # noqa: E402

from phoihop.core.models import AuditEvent  # noqa: E402
from phoihop.documents.rendering import docx_to_pdf  # noqa: E402
from phoihop.documents.services import clean_filename  # noqa: E402
from phoihop.tests.support import api_client  # noqa: E402

JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00"
    + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00\xd2\xcf\x20"
    + b"\xff\xd9"
)


@pytest.fixture(scope="module")
def pdfs():
    """Real PDFs made by LibreOffice: an ordinary report and one stamped MẬT."""
    return {
        "plain": docx_to_pdf(docx_bytes("Báo cáo kết quả tuyên truyền quý I")),
        "secret": docx_to_pdf(docx_bytes("UBND HUYỆN PHÚ BÌNH", "Mật", "Báo cáo tình hình")),
    }


def test_a_real_pdf_and_a_jpeg_are_accepted_and_audited(uploader, pdfs):
    pdf = store(uploader, "Báo cáo quý I.pdf", pdfs["plain"])
    jpg = store(uploader, "ảnh hội nghị.JPG", JPEG)
    assert (pdf.content_type, jpg.content_type) == ("application/pdf", "image/jpeg")
    assert pdf.file.name.endswith(".pdf") and jpg.file.name.endswith(".jpg")
    import hashlib

    assert pdf.sha256 == hashlib.sha256(pdfs["plain"]).hexdigest() and pdf.uploaded_by == uploader
    assert pdf.organization == uploader.memberships.get().organization  # the organisation acted for
    event = AuditEvent.objects.get(action="attachment.upload", object_id=str(pdf.pk))
    assert event.actor == uploader and event.after["file"] == pdf.file.name and event.after["size"] == pdf.size


def test_a_stamped_pdf_is_refused(uploader, pdfs, tmp_path):
    with pytest.raises(ValidationFailed) as caught:
        store(uploader, "bao-cao.pdf", pdfs["secret"])
    assert caught.value.message == (
        "Tài liệu có dấu mật (MẬT) không được tải lên hệ thống (Luật Bảo vệ bí mật nhà nước)."
    )
    assert caught.value.errors == {"file": [caught.value.message]}
    assert not Attachment.objects.exists() and not any(p.is_file() for p in tmp_path.rglob("*"))


def docx_with_stamp_in_table_and_header() -> tuple[bytes, bytes]:
    in_table = Document()
    in_table.add_table(rows=1, cols=2).cell(0, 1).text = "TỐI MẬT"
    in_header = Document()
    in_header.sections[0].header.paragraphs[0].text = "Tuyệt  mật"
    out = []
    for d in (in_table, in_header):
        buf = io.BytesIO()
        d.save(buf)
        out.append(buf.getvalue())
    return out[0], out[1]


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("trong-bang.docx", docx_with_stamp_in_table_and_header()[0], "dấu mật (TỐI MẬT)"),
        ("dau-trang.docx", docx_with_stamp_in_table_and_header()[1], "dấu mật (TUYỆT MẬT)"),
        ("rong.pdf", b"", "Tệp rỗng"),
        ("hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "Tệp PDF bị hỏng"),
        ("cat-ngang.png", png_bytes()[:30], "Tệp PNG bị hỏng"),
        ("cat-ngang.jpg", JPEG[:-2], "Tệp JPG bị hỏng"),
        ("khong-phai.xlsx", zip_bytes({"xl/workbook.xml": b"<not xml"}), "Tệp XLSX bị hỏng"),
        ("macro.docx", zip_bytes({"word/document.xml": b"<x/>", "word/vbaProject.bin": b"\0"}), "Chỉ nhận tệp"),
        ("bom.docx", zip_bytes({"word/document.xml": b"<x/>", "word/media/a.bin": b"\0" * 5_000_000}), "tỷ lệ nén"),
        ("ghi-chu.txt", "MẬT\nvăn bản thường".encode(), "Chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG"),
        ("trang.html", b"<html><script>alert(1)</script></html>", "Chỉ nhận tệp"),
    ],
)
def test_more_refusals_store_nothing(uploader, name, data, words, tmp_path):
    with pytest.raises(ValidationFailed) as caught:
        store(uploader, name, data)
    assert words in str(caught.value.message) and caught.value.field == "file"
    assert not Attachment.objects.exists() and not any(p.is_file() for p in tmp_path.rglob("*"))


def test_oversized_message_names_the_limit(uploader, settings):
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationFailed) as caught:
        attachment_store(acting=acting_of(uploader), upload=big, owner_type=OWNER, owner_id="1")
    assert caught.value.message == "Tệp quá lớn (tối đa 20 MB)."


def test_unknown_owner_types_are_refused_and_never_served(uploader):
    with pytest.raises(ValidationFailed):
        attachment_store(
            acting=acting_of(uploader),
            upload=SimpleUploadedFile("a.png", png_bytes()),
            owner_type="x.unknown",
            owner_id="1",
        )
    attachment = store(uploader, "a.png", png_bytes())
    Attachment.objects.filter(pk=attachment.pk).update(owner_type="x.unknown")
    assert page_client(uploader).get(f"/files/{attachment.pk}/").status_code == 404


def test_download_headers_and_the_api(uploader, demo):
    attachment = store(uploader, 'C:\\Users\\cán bộ\\Báo cáo "tiến độ"\x07', docx_bytes("Báo cáo"))
    assert attachment.original_name == 'Báo cáo "tiến độ"' and attachment.download_name == 'Báo cáo "tiến độ".docx'
    response = page_client(uploader).get(f"/files/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bao-cao-_tien-do_.docx"')
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22ti%E1%BA%BFn%20%C4%91%E1%BB%99%22.docx" in disposition
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Length"] == str(attachment.size)
    assert page_client(uploader).get("/files/abc/").status_code == 404
    assert page_client(uploader).get("/files/99999999999999999999999/").status_code == 404

    assert api_client(uploader).get(f"/api/v1/files/{attachment.pk}").status_code == 200
    stranger = make_user(org=demo.hdnd_kh)
    refused = api_client(stranger).get(f"/api/v1/files/{attachment.pk}")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    assert api_client(None).get(f"/api/v1/files/{attachment.pk}").status_code == 401


def test_file_names_are_cleaned():
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\x00b\u202ec.pdf") == "abc.pdf"
    assert clean_filename("   ", ext="pdf") == "tep-dinh-kem.pdf"
    long = clean_filename("x" * 300 + ".xlsx")
    assert len(long) == 200 and long.endswith(".xlsx")
    assert clean_filename("Ke hoach") == "Ke hoach"
