"""A report as an official document (type BC, in the issuing body's profile: NĐ 30/2020 or HD 36-HD/VPTW),
as DOCX, as PDF made from it, and its XLSX annex with every table. The tables are defined once
(`report_tables`) and written to both, so the paper and the annex always agree."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from phoihop.core.text import vn_number, vn_percent
from phoihop.documents.rendering import Heading, NumberedItem, OfficialDocument, Paragraph, Signer, Table, issuer_of
from phoihop.orgs.models import DocProfile
from phoihop.programs.documents import office_file, place_of
from phoihop.reports.models import Report
from phoihop.reports.sentences import period_name, sentences

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetml.sheet"


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str  # "Bảng 1. Kết quả thực hiện nhiệm vụ theo nội dung phối hợp"
    headers: list[str]
    rows: list[list]  # numbers stay numbers (formatted by each writer)
    widths_cm: list[float]


def _pct(part: int, whole: int) -> str:
    return vn_percent(part, whole) if whole else "—"


def report_tables(report: Report) -> list[ReportTable]:
    f = report.figures or {}
    cur, prev = f.get("current", {}), f.get("previous", {})
    tables: list[ReportTable] = []

    def add(key, title, headers, rows, widths):
        if not any(isinstance(v, int | float) and v for row in rows for v in row[1:]) and key != "submissions":
            return  # nothing to show: the sentence already says so
        tables.append(ReportTable(key, f"Bảng {len(tables) + 1}. {title}", headers, rows, widths))

    if "tasks" in cur:
        rows = [
            [
                (f"{r['number']}. " if r["number"] else "") + r["content"],
                r["planned"],
                r["done_on_time"],
                r["done_late"],
                r["overdue"],
                r["open"],
                r["cancelled"],
            ]
            for r in cur["tasks"]["by_content"]
        ]
        t = cur["tasks"]["total"]
        rows.append(
            ["Tổng cộng", t["planned"], t["done_on_time"], t["done_late"], t["overdue"], t["open"], t["cancelled"]]
        )
        if prev.get("tasks"):
            p = prev["tasks"]["total"]
            rows.append(
                ["Kỳ trước", p["planned"], p["done_on_time"], p["done_late"], p["overdue"], p["open"], p["cancelled"]]
            )
        add(
            "tasks",
            "Kết quả thực hiện nhiệm vụ theo nội dung phối hợp",
            ["Nội dung phối hợp", "Kế hoạch", "Đúng hạn", "Chậm", "Quá hạn", "Chưa đến hạn", "Hủy"],
            rows,
            [6.6, 1.6, 1.6, 1.4, 1.6, 1.9, 1.2],
        )
    if "supply" in cur:
        rows = []
        for label, key in (("Định kỳ", "periodic"), ("Theo vụ việc", "incident"), ("Tổng cộng", "total")):
            s = cur["supply"][key]
            rows.append(
                [
                    label,
                    s["due"],
                    s["on_time"],
                    s["late"],
                    s["missing"],
                    _pct(s["on_time"], s["due"] - s["not_yet_due"]),
                ]
            )
        if prev.get("supply"):
            s = prev["supply"]["total"]
            rows.append(
                [
                    "Kỳ trước",
                    s["due"],
                    s["on_time"],
                    s["late"],
                    s["missing"],
                    _pct(s["on_time"], s["due"] - s["not_yet_due"]),
                ]
            )
        add(
            "supply",
            "Cung cấp thông tin",
            ["", "Phải cung cấp", "Đúng hạn", "Chậm", "Chưa cung cấp", "Tỷ lệ đúng hạn"],
            rows,
            [3.4, 2.6, 2.4, 2.0, 2.8, 3.3],
        )
    if "meetings" in cur:
        from phoihop.meetings.models import MeetingKind

        names = dict(MeetingKind.choices)
        rows = [
            [str(names[k]), n, (prev.get("meetings") or {}).get("by_kind", {}).get(k, 0)]
            for k, n in cur["meetings"]["by_kind"].items()
            if n or (prev.get("meetings") or {}).get("by_kind", {}).get(k)
        ]
        rows.append(["Tổng cộng", cur["meetings"]["total"], (prev.get("meetings") or {}).get("total", 0)])
        add(
            "meetings",
            "Hội nghị, giao ban, cuộc họp đã tổ chức",
            ["Loại", "Trong kỳ", "Kỳ trước"],
            rows,
            [9.5, 3.5, 3.5],
        )
    if "concerns" in cur:
        c = cur["concerns"]
        cols = ["received", "joint", "resolved", "rejected", "outstanding", "overdue"]
        heads = ["Tiếp nhận", "Phối hợp xử lý", "Có kết quả", "Không thụ lý", "Đang xử lý", "Quá hạn"]
        rows = [[r["topic"], *(r[k] for k in cols)] for r in c["by_topic"]]
        rows.append(["Tổng cộng", *(c["total"][k] for k in cols)])
        if prev.get("concerns"):
            rows.append(["Kỳ trước", *(prev["concerns"]["total"][k] for k in cols)])
        add(
            "concerns_topic",
            "Vấn đề nổi cộm, bức xúc theo lĩnh vực",
            ["Lĩnh vực", *heads],
            rows,
            [4.5, 1.9, 2.0, 1.8, 1.9, 2.0, 1.6],
        )
        add(
            "concerns_area",
            "Vấn đề nổi cộm, bức xúc theo địa bàn",
            ["Địa bàn", "Tiếp nhận"],
            [[a["area"], a["received"]] for a in c["by_area"]],
            [11.0, 5.5],
        )
    if "hotspots" in cur and cur["hotspots"]["items"]:
        add(
            "hotspots",
            "Điểm nóng được cảnh báo trong kỳ",
            ["Loại", "Lĩnh vực", "Địa bàn", "Từ ngày", "Số vấn đề", "Tình trạng"],
            [
                [h["kind"], h["topic"], h["area"], _vn_day(h["opened_on"]), h["concerns"], h["status"]]
                for h in cur["hotspots"]["items"]
            ],
            [2.8, 3.2, 3.2, 2.2, 1.8, 3.3],
        )
    if "opinions" in cur:
        from phoihop.opinions.models import Mood

        o, po = cur["opinions"], prev.get("opinions") or {}
        rows = [
            ["Báo cáo tháng", o["monthly"], po.get("monthly", 0)],
            ["Báo cáo nhanh", o["quick"], po.get("quick", 0)],
            ["Số ý kiến", o["items"], po.get("items", 0)],
            *[[str(label), o["moods"][m], (po.get("moods") or {}).get(m, 0)] for m, label in Mood.choices],
            ["Tỷ lệ lo lắng, bức xúc", _pct(o["uneasy"], o["items"]), _pct(po.get("uneasy", 0), po.get("items", 0))],
        ]
        add("opinions", "Báo cáo dư luận xã hội của cộng tác viên", ["", "Trong kỳ", "Kỳ trước"], rows, [9.5, 3.5, 3.5])
    if "commendations" in cur:
        k = cur["commendations"]
        rows = [[r["form"], r["count"]] for r in k.get("by_form", []) if r.get("count")]
        rows.append(["Tập thể", k.get("collective", 0)])
        rows.append(["Cá nhân", k.get("individual", 0)])
        rows.append(["Tổng số được khen thưởng", k.get("awarded", 0)])
        add("commendations", "Khen thưởng", ["Hình thức", "Số lượng"], rows, [11.0, 5.5])
    if f.get("submissions"):
        from phoihop.reports.selectors import SUBMISSION_STATES

        add(
            "submissions",
            "Tình hình gửi báo cáo của các cơ quan",
            ["Cơ quan", "Tình trạng", "Số, ký hiệu", "Nhiệm vụ hoàn thành"],
            [
                [
                    s["organization"],
                    SUBMISSION_STATES[s["state"]],
                    s["number_line"],
                    s["tasks_done"] if s["tasks_done"] is not None else "—",
                ]
                for s in f["submissions"]
            ],
            [6.5, 3.6, 3.6, 2.8],
        )
    return tables


def _vn_day(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso and len(iso) >= 10 else ""


def _cell(value) -> str:
    return vn_number(value) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


DEFAULT_SIGNERS = {
    "ubnd": ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "thuong-truc-hdnd": ("TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH"),
    "ban-tuyen-giao": ("", "TRƯỞNG BAN"),
}


def report_document(report: Report) -> OfficialDocument:
    org = report.organization
    period = period_name(report.date_from, report.date_to)
    said = sentences(report.figures or {}, period)
    tables = {t.key: t for t in report_tables(report)}

    def table(key):
        t = tables.get(key)
        if t is None:
            return []
        return [
            Paragraph(t.title, italic=True),
            Table(
                headers=t.headers, rows=[[_cell(v) for v in row] for row in t.rows], widths_cm=t.widths_cm, font_size=11
            ),
        ]

    blocks: list = [Heading("Phần thứ nhất"), Heading("KẾT QUẢ THỰC HIỆN", level=2)]
    if report.cutoff < report.date_to:
        blocks.append(Paragraph(f"(Số liệu tính đến ngày {report.cutoff:%d/%m/%Y})", italic=True))
    blocks.append(Heading("I. KẾT QUẢ ĐẠT ĐƯỢC", level=2))
    sections = [
        ("1. Chương trình, kế hoạch phối hợp", "programs", []),
        ("2. Thực hiện các nội dung phối hợp", "tasks", ["tasks"]),
        ("3. Cung cấp thông tin", "supply", ["supply"]),
        ("4. Hội nghị, giao ban", "meetings", ["meetings"]),
        ("5. Nắm bắt, xử lý vấn đề nổi cộm, bức xúc", "concerns", ["concerns_topic", "concerns_area", "hotspots"]),
        ("6. Tình hình tư tưởng, dư luận xã hội", "opinions", ["opinions"]),
        ("7. Khen thưởng", "commendations", ["commendations"]),
    ]
    if report.rollup:
        blocks.append(Paragraph("Tình hình gửi báo cáo của các cơ quan:", italic=True))
        blocks += table("submissions")
    for heading, key, keys in sections:
        if key not in said:
            continue
        blocks.append(Heading(heading, level=3))
        blocks.append(Paragraph(said[key]))
        for k in keys:
            blocks += table(k)
    if report.results:
        blocks.append(Heading("8. Đánh giá chung", level=3))
        blocks.append(Paragraph(report.results))
    blocks.append(Heading("II. HẠN CHẾ, NGUYÊN NHÂN", level=2))
    blocks.append(Paragraph(report.limitations or "…"))
    blocks.append(Heading("III. BÀI HỌC KINH NGHIỆM", level=2))
    blocks.append(Paragraph(report.lessons or "…"))
    blocks.append(Heading("Phần thứ hai"))
    blocks.append(Heading("PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", level=2))
    blocks.append(Paragraph(report.directions or "…"))
    blocks.append(Heading("Phần thứ ba"))
    blocks.append(Heading("ĐỀ XUẤT, KIẾN NGHỊ", level=2))
    blocks.append(Paragraph(report.proposals or "…"))
    if report.revision > 1 and report.revision_reason:
        blocks.append(
            NumberedItem("", f"Báo cáo này thay thế báo cáo đã gửi trước đó. Lý do: {report.revision_reason}")
        )
    profile = org.doc_profile
    authority, title = DEFAULT_SIGNERS.get(org.type.code, ("", "THỦ TRƯỞNG CƠ QUAN"))
    if report.signer_title:
        title = report.signer_title.upper()
    if report.number_line:
        number = report.number_line
    elif profile == DocProfile.PARTY:
        number = f"Số      -BC/{org.doc_symbol}"
    else:
        number = f"Số:      /BC-{org.doc_symbol}"
    recipients = []
    if report.call_id:
        recipients.append(report.call.requester.name + " (để báo cáo)")
    recipients += ["Các cơ quan phối hợp", f"Lưu: VT, {org.doc_symbol}" if profile == DocProfile.PARTY else "Lưu: VT."]
    return OfficialDocument(
        profile=profile,
        issuers=[issuer_of(org)],
        number_line=number,
        place=place_of(org),
        date=report.issued_on or timezone.localdate(),
        doc_type_name="BÁO CÁO",
        title=report.title,
        blocks=blocks,
        signers=[Signer(authority=authority, title=title, full_name=report.signer_name)],
        recipients=recipients,
    )


def report_file(report: Report, fmt: str) -> tuple[bytes, str, str]:
    if fmt == "xlsx":
        return report_annex(report), f"bao-cao-{report.pk}-phu-luc.xlsx", XLSX
    return office_file(report_document(report), fmt, f"bao-cao-{report.pk}")


def report_annex(report: Report) -> bytes:
    """Every table of the report, one sheet each, numbers as numbers (shown 1.234 in a Vietnamese Excel)."""
    wb = Workbook()
    wb.remove(wb.active)
    info = wb.create_sheet("Thông tin")
    for row in (
        ["Báo cáo", report.title],
        ["Cơ quan", report.organization.name],
        ["Số, ký hiệu", report.number_line or "(chưa gửi)"],
        ["Kỳ báo cáo", f"{report.date_from:%d/%m/%Y} - {report.date_to:%d/%m/%Y}"],
        ["Số liệu tính đến ngày", f"{report.cutoff:%d/%m/%Y}"],
        [
            "Tổng hợp số liệu lúc",
            timezone.localtime(report.compiled_at).strftime("%H:%M %d/%m/%Y") if report.compiled_at else "",
        ],
    ):
        info.append(row)
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 90
    for t in report_tables(report):
        ws = wb.create_sheet(t.title.split(".")[0])  # "Bảng 1"
        ws.append([t.title])
        ws["A1"].font = Font(bold=True)
        ws.append(t.headers)
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in t.rows:
            ws.append(row)
        for col, width in zip("ABCDEFGH", t.widths_cm, strict=False):
            ws.column_dimensions[col].width = max(10, width * 5)
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, int | float):
                    cell.number_format = "#,##0"
        ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
