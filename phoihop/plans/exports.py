"""A plan's task table out to Excel (every field) and in from the Excel template (all rows or none)."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from phoihop.core.audit import audit_record
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.text import fold, vn_date_long
from phoihop.documents.rendering import Heading, OfficialDocument, Paragraph, Table, issuer_of
from phoihop.orgs.models import Organization
from phoihop.plans import services
from phoihop.plans.models import Recurrence, TaskKind
from phoihop.plans.selectors import plan_tasks
from phoihop.programs.documents import draft_number_line, office_file, place_of, signers_of, summary
from phoihop.programs.models import PartyRole

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.plans.models import Plan, Task

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 2000

# the import template: (header, required)
COLUMNS = [
    ("Nội dung số", True),
    ("Nhiệm vụ", True),
    ("Mô tả", False),
    ("Cơ quan chủ trì", True),
    ("Cơ quan phối hợp (cách nhau bởi ;)", False),
    ("Thời hạn (dd/mm/yyyy)", False),
    ("Sản phẩm dự kiến", False),
    ("Loại (Thường xuyên / Đột xuất)", False),
    ("Lặp lại (Không / Hàng tháng / Hàng quý / 6 tháng một lần / Hàng năm)", False),
    ("Ngày đến hạn trong kỳ (1-31)", False),
]
KINDS = {fold(label): value for value, label in TaskKind.choices}
RECURRENCES = {fold(label): value for value, label in Recurrence.choices} | {
    "khong": "",
    "": "",
    "6 thang": "half_yearly",
}


def _workbook_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _header(ws, headers: list[str], widths: list[int]) -> None:
    ws.append(headers)
    for i, cell in enumerate(ws[1], start=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[cell.column_letter].width = widths[i - 1]
    ws.freeze_panes = "A2"


def tasks_workbook(plan: Plan) -> bytes:
    """Every field of every task of the plan, occurrences of recurring tasks included."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"Nhiệm vụ {plan.year}"
    headers = [
        "Mã",
        "Nội dung số",
        "Nội dung phối hợp",
        "Nhiệm vụ",
        "Mô tả",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Người thực hiện",
        "Cơ quan theo dõi",
        "Loại",
        "Lặp lại",
        "Ngày đến hạn trong kỳ",
        "Kỳ",
        "Thời hạn",
        "Sản phẩm dự kiến",
        "Trạng thái",
        "Tiến độ (%)",
        "Ngày hoàn thành",
        "Quá hạn",
        "Cập nhật lúc",
    ]
    _header(ws, headers, [8, 10, 40, 45, 40, 32, 40, 30, 30, 12, 16, 12, 10, 12, 30, 16, 10, 14, 9, 17])
    tasks = (
        plan.tasks.select_related("lead", "owner", "content")
        .prefetch_related("partners", "assignees")
        .order_by("content__number", "deadline", "id")
    )
    for t in tasks:
        ws.append(
            [
                t.pk,
                t.content.number if t.content else None,
                t.content.title if t.content else "",
                t.title,
                t.description,
                t.lead.name,
                "; ".join(p.name for p in t.partners.all()),
                "; ".join(u.get_full_name() for u in t.assignees.all()),
                t.owner.name,
                t.get_kind_display(),
                t.get_recurrence_display() if t.recurrence else "",
                t.due_day,
                t.period,
                t.deadline,
                t.expected_output,
                t.get_status_display(),
                t.percent,
                t.completed_on,
                "Có" if t.is_overdue() else "",
                t.updated_at.replace(tzinfo=None),
            ]
        )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date | dt.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm" if isinstance(cell.value, dt.datetime) else "dd/mm/yyyy"
    return _workbook_bytes(wb)


def import_template(plan: Plan) -> bytes:
    """The empty template, with the program's contents and parties listed on a second sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    _header(ws, [h for h, _ in COLUMNS], [10, 45, 40, 32, 40, 14, 30, 16, 22, 12])
    ws.append(
        [
            1,
            "Ví dụ: Phối hợp tuyên truyền kỳ họp HĐND (xóa dòng này)",
            "",
            plan.program.lead.name,
            "",
            f"31/12/{plan.year}",
            "Tin, bài",
            "Thường xuyên",
            "Không",
            "",
        ]
    )
    kinds = DataValidation(type="list", formula1='"Thường xuyên,Đột xuất"', allow_blank=True)
    recurrences = DataValidation(
        type="list", formula1='"Không,Hàng tháng,Hàng quý,6 tháng một lần,Hàng năm"', allow_blank=True
    )
    ws.add_data_validation(kinds)
    ws.add_data_validation(recurrences)
    kinds.add("H2:H2000")
    recurrences.add("I2:I2000")
    ref = wb.create_sheet("Danh mục")
    ref.append(["Nội dung số", "Nội dung phối hợp", "", "Cơ quan", "Tên viết tắt", "Ký hiệu"])
    contents = list(plan.program.contents.all())
    parties = [p.organization for p in plan.program.parties.select_related("organization")]
    for i in range(max(len(contents), len(parties))):
        c = contents[i] if i < len(contents) else None
        o = parties[i] if i < len(parties) else None
        ref.append(
            [
                c.number if c else None,
                c.title if c else "",
                "",
                o.name if o else "",
                o.short_name if o else "",
                o.doc_symbol if o else "",
            ]
        )
    return _workbook_bytes(wb)


class _OrgIndex:
    """Finds an organisation by full name, short name or document symbol, accents optional; the program's
    parties first, then the whole directory (exact folded name)."""

    def __init__(self, plan: Plan):
        self.parties: dict[str, list[Organization]] = {}
        for p in plan.program.parties.select_related("organization"):
            o = p.organization
            for key in {fold(o.name), fold(o.short_name), fold(o.doc_symbol)} - {""}:
                self.parties.setdefault(key, []).append(o)

    def find(self, text: str) -> tuple[Organization | None, str | None]:
        key = fold(text)
        found = self.parties.get(key)
        if found and len(found) == 1:
            return found[0], None
        if found:
            return None, f"“{text}” khớp nhiều cơ quan; hãy ghi tên đầy đủ"
        matches = list(Organization.objects.filter(search_key__startswith=key)[:3])
        exact = [o for o in matches if fold(o.name) == key]
        if len(exact) == 1:
            return exact[0], None
        return None, f"không tìm thấy cơ quan “{text}”"


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(value, year: int) -> tuple[dt.date | None, str | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = _cell_text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    return None, f"thời hạn “{text}” không phải ngày dd/mm/yyyy"


def _read_rows(upload) -> list[tuple[int, list]]:
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationFailed("Tệp Excel quá lớn (tối đa 5 MB).", field="file")
    try:
        wb = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        raise ValidationFailed("Tệp không phải bảng tính Excel (.xlsx) đọc được.", field="file") from None
    ws = wb.worksheets[0]
    rows = []
    for number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        values = list(row[: len(COLUMNS)]) + [None] * max(0, len(COLUMNS) - len(row))
        if all(v in (None, "") for v in values):
            continue
        rows.append((number, values))
        if len(rows) > MAX_IMPORT_ROWS:
            raise ValidationFailed(f"Tối đa {MAX_IMPORT_ROWS} dòng mỗi lần nhập.", field="file")
    if not rows:
        raise ValidationFailed("Tệp không có dòng nhiệm vụ nào.", field="file")
    return rows


@transaction.atomic
def tasks_import(*, acting: Acting, plan: Plan, upload) -> list[Task]:
    """Check every row; import all of them, or none and list every bad row with what is wrong."""
    if not services.perms.can_manage_plan(acting, plan):
        raise NotFound()
    rows = _read_rows(upload)
    contents = {c.number: c for c in plan.program.contents.all()}
    orgs = _OrgIndex(plan)
    errors: dict[str, list[str]] = {}
    parsed = []
    for number, values in rows:
        problems = []
        content_no, title, description, lead_text, partners_text, deadline_v, output, kind_text, rec_text, due_text = (
            values
        )
        content = contents.get(int(content_no)) if _cell_text(content_no).isdigit() else None
        if content is None:
            problems.append(f"nội dung số “{_cell_text(content_no)}” không có trong chương trình")
        if not _cell_text(title):
            problems.append("thiếu tên nhiệm vụ")
        lead, problem = orgs.find(_cell_text(lead_text)) if _cell_text(lead_text) else (None, "thiếu cơ quan chủ trì")
        if problem:
            problems.append(problem)
        partners = []
        for name in filter(None, (p.strip() for p in _cell_text(partners_text).split(";"))):
            org, problem = orgs.find(name)
            if problem:
                problems.append(problem)
            else:
                partners.append(org)
        deadline, problem = _parse_date(deadline_v, plan.year)
        if problem:
            problems.append(problem)
        elif deadline and deadline.year != plan.year:
            problems.append(f"thời hạn phải trong năm {plan.year}")
        kind = KINDS.get(fold(_cell_text(kind_text)) or fold(TaskKind.REGULAR.label))
        if kind is None:
            problems.append(f"loại “{_cell_text(kind_text)}” không hợp lệ")
        recurrence = RECURRENCES.get(fold(_cell_text(rec_text)))
        if recurrence is None:
            problems.append(f"lặp lại “{_cell_text(rec_text)}” không hợp lệ")
        due = _cell_text(due_text)
        due_day = int(due) if due.isdigit() and 1 <= int(due) <= 31 else None
        if due and due_day is None:
            problems.append(f"ngày đến hạn “{due}” phải từ 1 đến 31")
        if recurrence and not due_day:
            problems.append("nhiệm vụ lặp lại cần ngày đến hạn trong kỳ")
        if problems:
            errors[f"dòng {number}"] = [f"Dòng {number}: " + "; ".join(problems) + "."]
        else:
            parsed.append(
                dict(
                    content=content,
                    title=_cell_text(title),
                    description=_cell_text(description),
                    lead=lead,
                    partners=partners,
                    deadline=deadline,
                    expected_output=_cell_text(output),
                    kind=kind,
                    recurrence=recurrence,
                    due_day=due_day,
                )
            )
    if errors:
        raise ValidationFailed(
            f"Không nhập dòng nào: {len(errors)} dòng có lỗi (tệp có {len(rows)} dòng).",
            field="file",
            errors=errors,
            code="import_rejected",
        )
    tasks = [services.task_create(acting=acting, plan=plan, notify_people=False, **row) for row in parsed]
    audit_record(
        acting=acting, action="plan.import", obj=plan, after={"tasks": len(tasks), "file": getattr(upload, "name", "")}
    )
    return tasks


def plan_document(plan: Plan) -> OfficialDocument:
    program = plan.program
    parties = list(program.parties.select_related("organization__unit").order_by("order", "id"))
    lead = program.lead
    partners = [p.organization for p in parties if p.role != PartyRole.LEAD]
    signed = f" số {program.number_line.removeprefix('Số: ').removeprefix('Số ')}" if program.number_line else ""
    when = f", {vn_date_long(program.signed_on)}" if program.signed_on else ""
    blocks: list = [
        Paragraph(
            f"Căn cứ Chương trình phối hợp{signed}{when} giữa {', '.join(p.organization.name for p in parties)};"
        ),
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph(program.purpose or f"Cụ thể hóa các nội dung của Chương trình phối hợp trong năm {plan.year}."),
    ]
    blocks.append(Heading("II. NHIỆM VỤ CỤ THỂ"))
    rows = []
    for i, t in enumerate(plan_tasks(plan=plan), start=1):
        deadline = (
            t.deadline.strftime("%d/%m/%Y") if t.deadline else (t.get_recurrence_display() if t.recurrence else "")
        )
        rows.append(
            [
                i,
                t.content.number if t.content else "",
                t.title,
                t.lead.short_name or t.lead.name,
                ", ".join(p.short_name or p.name for p in t.partners.all()),
                deadline,
                t.expected_output,
            ]
        )
    blocks.append(
        Table(
            headers=["TT", "Nội dung số", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm"],
            rows=rows,
            widths_cm=[0.9, 1.3, 4.4, 2.6, 2.6, 2.3, 2.4],
            font_size=11,
        )
    )
    blocks += [
        Heading("III. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            "Các cơ quan chủ trì chủ động triển khai, báo cáo tiến độ trên hệ thống PhốiHợp; cơ quan thường trực theo dõi, "
            "đôn đốc, tổng hợp kết quả, báo cáo sơ kết, tổng kết theo quy định."
        ),
    ]
    return OfficialDocument(
        profile=lead.doc_profile,
        issuers=[issuer_of(lead), *(issuer_of(o) for o in partners)],
        number_line=plan.number_line or draft_number_line(lead, "KH", partners),
        place=place_of(lead),
        date=plan.approved_on or timezone.localdate(),
        doc_type_name="KẾ HOẠCH",
        title=summary(plan.title, "Kế hoạch"),
        blocks=blocks,
        signers=signers_of(parties),
        recipients=[*(p.organization.name for p in parties), f"Lưu: VT, {lead.doc_symbol}"],
    )


def plan_file(plan: Plan, fmt: str) -> tuple[bytes, str, str]:
    return office_file(plan_document(plan), fmt, f"ke-hoach-phoi-hop-{plan.year}-{plan.pk}")
