"""Concerns in from an Excel summary of a voter meeting (tiếp xúc cử tri) or a citizen reception (tiếp công
dân): the template, and the import (every row checked first; all rows or none, every bad row listed)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING

from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from phoihop.concerns import permissions as perms
from phoihop.concerns import services
from phoihop.concerns.models import Channel, Severity, Topic
from phoihop.core.audit import audit_record
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.text import fold

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.concerns.models import Concern

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "mau-nhap-van-de.xlsx"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 2000
SHEET = "Vấn đề"

# the import template, in column order: (header, key in the intake data, width)
COLUMNS = [
    ("Tiêu đề", "title", 40),
    ("Nội dung ý kiến, kiến nghị", "description", 60),
    ("Mã lĩnh vực", "topic", 24),
    ("Nguồn tiếp nhận", "channel", 20),
    ("Địa bàn (xã, phường; có thể ghi thêm tỉnh)", "unit", 30),
    ("Địa danh cụ thể (thôn, tổ dân phố…)", "place_given", 26),
    ("Mức độ (1-4)", "severity", 10),
    ("Số người liên quan", "people_affected", 12),
    ("Ngày phát hiện (dd/mm/yyyy)", "observed_on", 14),
    ("Số hồ sơ, tham chiếu", "source_ref", 18),
    ("Khiếu kiện đông người (x)", "mass_complaint", 12),
    ("Dân tộc, tôn giáo (x)", "ethnic_religious", 12),
    ("An ninh, trật tự (x)", "security_order", 12),
    ("Thông tin sai sự thật (x)", "false_information", 12),
    ("Người phản ánh: họ tên", "contact.name", 22),
    ("Người phản ánh: điện thoại", "contact.phone", 16),
    ("Người phản ánh: thư điện tử", "contact.email", 22),
    ("Người phản ánh: địa chỉ", "contact.address", 28),
]
HEADERS = [h for h, _, _ in COLUMNS]
EXAMPLE = [
    "Ví dụ (dòng này không được nhập): chậm chi trả bồi thường dự án đường ven biển",
    "Cử tri tổ dân phố 3 phản ánh đã bàn giao mặt bằng từ đầu năm nhưng chưa nhận đủ tiền bồi thường, hỗ trợ; "
    "đề nghị UBND tỉnh chỉ đạo chi trả dứt điểm.",
    "dat-dai.thu-hoi",
    str(Channel.VOTER_MEETING.label),
    "Phường Ninh Hòa, Khánh Hòa",
    "Tổ dân phố 3",
    2,
    45,
    "",
    "TXCT-2026-01",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
]
SEVERITY_WORDS = {fold(str(label).split(" - ", 1)[-1]): value for value, label in Severity.choices}


def _workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_xlsx() -> bytes:
    """The empty template: the header row and one example row (ignored on import), then a sheet of
    instructions listing the topic codes, the channels and the severity values."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    for i, cell in enumerate(ws[1]):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[cell.column_letter].width = COLUMNS[i][2]
    ws.freeze_panes = "A2"
    ws.append(EXAMPLE)
    for cell in ws[2]:
        cell.font = Font(italic=True, color="808080")
    channels = DataValidation(
        type="list",
        formula1=f"'Hướng dẫn'!$E$2:$E${len(Channel.choices) + 1}",
        allow_blank=True,
        errorTitle="Nguồn tiếp nhận",
        error="Hãy chọn một nguồn trong danh mục (trang Hướng dẫn).",
    )
    severities = DataValidation(type="whole", operator="between", formula1="1", formula2="4", allow_blank=True)
    ws.add_data_validation(channels)
    ws.add_data_validation(severities)
    channels.add(f"D2:D{MAX_IMPORT_ROWS + 1}")
    severities.add(f"G2:G{MAX_IMPORT_ROWS + 1}")

    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Mã lĩnh vực", "Lĩnh vực", "Nhóm", "", "Nguồn tiếp nhận", "", "Mức độ", "Ý nghĩa"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    topics = list(
        Topic.objects.filter(is_active=True, parent__isnull=False).select_related("parent").order_by("order", "code")
    )
    channel_labels = [str(label) for _, label in Channel.choices]
    severities_rows = [(value, str(label).split(" - ", 1)[-1]) for value, label in Severity.choices]
    for i in range(max(len(topics), len(channel_labels), len(severities_rows))):
        t = topics[i] if i < len(topics) else None
        s = severities_rows[i] if i < len(severities_rows) else None
        guide.append(
            [
                t.code if t else "",
                t.name if t else "",
                t.parent.name if t else "",
                "",
                channel_labels[i] if i < len(channel_labels) else "",
                "",
                s[0] if s else "",
                s[1] if s else "",
            ]
        )
    for letter, width in zip("ABCDEFGH", [26, 52, 30, 3, 30, 3, 8, 16], strict=True):
        guide.column_dimensions[letter].width = width
    notes = [
        "Cách điền:",
        f"- Mỗi dòng của trang “{SHEET}” là một ý kiến, kiến nghị; giữ nguyên dòng tiêu đề; tối đa "
        f"{MAX_IMPORT_ROWS:,} dòng mỗi lần nhập.".replace(",", "."),
        "- Bắt buộc: Tiêu đề, Nội dung, Mã lĩnh vực, Địa bàn; Nguồn tiếp nhận bắt buộc nếu khi nhập không chọn "
        "nguồn mặc định.",
        "- Địa bàn: tên xã, phường hiện nay (ví dụ “Xã Cam Lâm”), có thể ghi thêm tỉnh (“Xã Phú Bình, Thái Nguyên”); "
        "tên trước sắp xếp năm 2025 được chuyển sang đơn vị kế thừa.",
        "- Mức độ: 1 đến 4 (để trống: 2 - Trung bình). Các cột cờ: ghi “x” nếu đúng.",
        "- Thông tin người phản ánh không bắt buộc; được mã hóa và chỉ cán bộ xử lý xem được. "
        "Không ghi thông tin người tố cáo với nguồn “Đơn tố cáo”.",
        "- Dòng ví dụ (in nghiêng) không được nhập; có thể xóa.",
        "- Mọi dòng được kiểm tra trước: nếu có dòng sai thì không dòng nào được nhập và mọi dòng sai được liệt kê.",
    ]
    guide.cell(row=1, column=10, value=notes[0]).font = Font(bold=True)
    for i, note in enumerate(notes[1:], start=2):
        guide.cell(row=i, column=10, value=note)
    guide.column_dimensions["J"].width = 110
    return _workbook_bytes(wb)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _read_rows(data: bytes) -> list[tuple[int, list]]:
    """The non-empty rows below the header, as (row number, values), after checking the file and its header."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise ValidationFailed("Hãy chọn tệp Excel (.xlsx) theo mẫu.", field="file")
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed("Tệp Excel quá lớn (tối đa 5 MB).", field="file")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationFailed(
            "Tệp không phải bảng tính Excel (.xlsx): hãy lưu tệp dưới dạng .xlsx theo mẫu rồi tải lên lại.",
            field="file",
        )
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows_iter = ws.iter_rows(values_only=True)
        header = next(rows_iter, None)
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        raise ValidationFailed("Tệp không phải bảng tính Excel (.xlsx) đọc được.", field="file") from None
    if header is None or all(v in (None, "") for v in header):
        raise ValidationFailed("Tệp trống: trang đầu không có dòng tiêu đề và dòng dữ liệu nào.", field="file")
    got = [_cell_text(v) for v in header[: len(COLUMNS)]] + [""] * max(0, len(COLUMNS) - len(header))
    wrong = [
        f"cột {_column_letter(i)} phải là “{expected}” (đang là “{got[i][:40]}”)"
        for i, expected in enumerate(HEADERS)
        if fold(got[i]) != fold(expected)
    ]
    if wrong:
        shown = "; ".join(wrong[:4]) + ("…" if len(wrong) > 4 else "")
        raise ValidationFailed(
            f"Dòng tiêu đề không đúng mẫu: {shown}. Hãy tải mẫu mới và chép dữ liệu vào.", field="file"
        )
    rows = []
    example = fold(EXAMPLE[0])
    try:
        for number, row in enumerate(rows_iter, start=2):
            values = list(row[: len(COLUMNS)]) + [None] * max(0, len(COLUMNS) - len(row))
            if all(_cell_text(v) == "" for v in values):
                continue
            if fold(_cell_text(values[0])) == example:
                continue
            rows.append((number, values))
            if len(rows) > MAX_IMPORT_ROWS:
                raise ValidationFailed(
                    f"Tệp có hơn {MAX_IMPORT_ROWS:,} dòng: hãy chia thành nhiều tệp, mỗi tệp tối đa {MAX_IMPORT_ROWS:,} "
                    "dòng.".replace(",", "."),
                    field="file",
                )
    except ValidationFailed:
        raise
    except Exception:
        raise ValidationFailed("Tệp Excel bị hỏng, không đọc hết được các dòng.", field="file") from None
    if not rows:
        raise ValidationFailed("Tệp không có dòng ý kiến, kiến nghị nào dưới dòng tiêu đề.", field="file")
    return rows


def _severity(text: str):
    """'3', '3 - Cao', 'cao' → 3; anything else is passed on for the service to refuse."""
    head = text.split("-", 1)[0].strip()
    if head.isdigit():
        return head
    return SEVERITY_WORDS.get(fold(text), text)


def _row_data(values: list, channel_default: str | None) -> tuple[dict, dict]:
    data: dict = {}
    contact: dict = {}
    for (_, key, _), value in zip(COLUMNS, values, strict=True):
        if key in ("observed_on",) and isinstance(value, dt.date | dt.datetime):
            data[key] = value
            continue
        text = _cell_text(value)
        if key.startswith("contact."):
            contact[key.removeprefix("contact.")] = text
        else:
            data[key] = text
    if not data["channel"] and channel_default:
        data["channel"] = channel_default
    if data["severity"]:
        data["severity"] = _severity(data["severity"])
    return data, contact


def _row_message(number: int, error: ValidationFailed) -> str:
    message = str(error.message).rstrip()
    if not message.endswith((".", "!", "?", "…")):
        message += "."
    return f"Dòng {number}: {message}"


@transaction.atomic
def concern_import(*, acting: Acting, data: bytes, channel_default: str | None = None) -> list[Concern]:
    """Check every row of the workbook; record all of them as concerns (source "import"), or none and list
    every bad row ("Dòng 5: …")."""
    if acting is None or not perms.can_report(acting):
        raise NotFound()
    if channel_default:
        channel_default = services.resolve_channel(channel_default)
    rows = _read_rows(data)
    errors: list[str] = []
    parsed: list[tuple[int, dict, dict]] = []
    for number, values in rows:
        row, contact = _row_data(values, channel_default)
        try:
            fields = services.concern_fields(row)
            services.clean_contact(contact, fields["channel"])
        except ValidationFailed as e:
            errors.append(_row_message(number, e))
            continue
        parsed.append((number, row, contact))
    if errors:
        _reject(errors, len(rows))
    concerns = []
    for number, row, contact in parsed:
        try:
            concern, _ = services.concern_intake(acting=acting, data=row, source="import", contact=contact or None)
        except ValidationFailed as e:
            errors.append(_row_message(number, e))
            continue
        concerns.append(concern)
    if errors:  # raising here undoes the rows already recorded
        _reject(errors, len(rows))
    audit_record(
        acting=acting,
        action="concern.import",
        obj=None,
        object_type="concerns.concern",
        after={"concerns": len(concerns), "channel_default": channel_default or ""},
    )
    return concerns


def _reject(errors: list[str], total: int):
    raise ValidationFailed(
        f"Không nhập dòng nào: {len(errors)} dòng có lỗi (tệp có {total} dòng). Hãy sửa các dòng dưới đây rồi tải lên lại.",
        field="file",
        errors={"file": errors},
        code="import_rejected",
    )
