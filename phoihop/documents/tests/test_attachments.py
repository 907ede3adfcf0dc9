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
