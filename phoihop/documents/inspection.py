"""What an uploaded file really is, and whether it carries a state-secret mark.

The type is read from the content (magic bytes, ZIP entries), never from the name. Documents with text
(PDF, DOCX, XLSX) are opened and every line is compared with the secrecy marks of the Law on Protection
of State Secrets ("MẬT", "TỐI MẬT", "TUYỆT MẬT"); such files must not enter the system. Any failure to
open a file of a known type is reported as `Unreadable`, never as an unexpected error.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str  # "pdf", "docx", "xlsx", "jpg", "png"
    label: str
    content_type: str


PDF = Kind("pdf", "PDF", "application/pdf")
DOCX = Kind("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
JPEG = Kind("jpg", "JPG", "image/jpeg")
PNG = Kind("png", "PNG", "image/png")

SECRECY_MARKS = ("TUYỆT MẬT", "TỐI MẬT", "MẬT")
_MARKS = {unicodedata.normalize("NFC", m).casefold(): m for m in SECRECY_MARKS}
_SPACES = re.compile(r"\s+")

# limits for ZIP containers (DOCX, XLSX): what a genuine office file never exceeds
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_UNCOMPRESSED = 250 * 1024 * 1024
ZIP_MAX_RATIO = 200


class Unsupported(Exception):
    """Not one of the accepted types."""


class Unreadable(Exception):
    """A known type that cannot be opened (corrupt, password-protected, a ZIP bomb …)."""

    def __init__(self, kind: Kind, reason: str = ""):
        super().__init__(reason or kind.label)
        self.kind = kind
        self.reason = reason


def detect(data: bytes) -> Kind:
    """The kind of `data` by its content; `Unsupported` otherwise (also for macro-enabled Office files)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        names = set(_zip_names(data))
        if "word/document.xml" in names and "word/vbaProject.bin" not in names:
            return DOCX
        if "xl/workbook.xml" in names and "xl/vbaProject.bin" not in names:
            return XLSX
    raise Unsupported


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return []


def _check_zip(data: bytes, kind: Kind) -> None:
    """Refuse ZIP containers that would expand beyond reason before any library reads them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise Unreadable(kind) from e
    if len(infos) > ZIP_MAX_ENTRIES:
        raise Unreadable(kind, "quá nhiều thành phần")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise Unreadable(kind, "tỷ lệ nén bất thường")
    if total > ZIP_MAX_UNCOMPRESSED:
        raise Unreadable(kind, "dung lượng giải nén quá lớn")


def text_lines(data: bytes, kind: Kind) -> Iterator[str]:
    """The lines of text of a document (nothing for images); raises `Unreadable` if it cannot be opened."""
    if kind in (DOCX, XLSX):
        _check_zip(data, kind)
    reader = {PDF: _pdf_lines, DOCX: _docx_lines, XLSX: _xlsx_lines, JPEG: _jpeg_check, PNG: _png_check}[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield from reader(data)
    except Unreadable:
        raise
    except Exception as e:
        raise Unreadable(kind) from e


def secrecy_mark(lines: Iterable[str]) -> str | None:
    """The secrecy mark ("MẬT", "TỐI MẬT", "TUYỆT MẬT") if one line consists of it alone."""
    for line in lines:
        key = _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip().casefold()
        if key in _MARKS:
            return _MARKS[key]
    return None


def _pdf_lines(data: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as e:
            raise Unreadable(PDF, "có mật khẩu") from e
        if not opened:
            raise Unreadable(PDF, "có mật khẩu")
    pages = reader.pages
    if len(pages) == 0:
        raise Unreadable(PDF, "không có trang nào")
    for page in pages:
        yield from (page.extract_text() or "").splitlines()


def _docx_lines(data: bytes) -> Iterator[str]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    parts = [document.element.body]
    for section in document.sections:
        for hf in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    # every paragraph: body, table cells (nested too), text boxes, headers and footers
    for part in parts:
        for p in part.iter(qn("w:p")):
            text = []
            for node in p.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")):
                if node.tag == qn("w:t"):
                    text.append(node.text or "")
                elif node.tag == qn("w:tab"):
                    text.append("\t")
                else:
                    text.append("\n")
            yield from "".join(text).splitlines()


def _xlsx_lines(data: bytes) -> Iterator[str]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        yield from value.splitlines()
    finally:
        wb.close()


def _png_check(data: bytes) -> Iterator[str]:
    """Walk the chunks: header first, valid lengths, an end chunk. (A generator, like the text readers.)"""
    import struct
    import zlib

    yield from ()
    pos, first = 8, True
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data) or (first and ctype != b"IHDR"):
            break
        crc = struct.unpack(">I", data[end - 4 : end])[0]
        if zlib.crc32(data[pos + 4 : end - 4]) != crc:
            break
        if ctype == b"IEND":
            return
        pos, first = end, False
    raise Unreadable(PNG)


def _jpeg_check(data: bytes) -> Iterator[str]:
    """A frame header and an end marker after it (phones may append data after the end marker)."""
    frame = re.search(rb"\xff[\xc0-\xc3\xc5-\xc7\xc9-\xcb\xcd-\xcf]", data)
    if frame is None or data.find(b"\xff\xd9", frame.end()) < 0:
        raise Unreadable(JPEG)
    yield from ()
