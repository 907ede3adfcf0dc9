"""The list of proposals as an official document, "Danh sách đề nghị khen thưởng", in the proposing
organisation's format profile (DOCX, and PDF made from it), and the same list as an XLSX sheet."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from phoihop.commendations.models import Commendation, CommendationKind
from phoihop.core.text import vn_number
from phoihop.documents.rendering import OfficialDocument, Paragraph, Signer, Table, issuer_of
from phoihop.orgs.models import DocProfile, Organization
from phoihop.programs.documents import office_file, place_of

XLSX_HEADERS = [
    "STT",
    "Đối tượng",
    "Tập thể / họ và tên",
    "Chức vụ",
    "Cơ quan, đơn vị",
    "Thời gian",
    "Dịp khen thưởng",
    "Thành tích",
    "Hình thức đề nghị",
    "Trạng thái",
    "Hình thức khen thưởng",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp khen thưởng",
    "Cơ quan đề nghị",
]


def nominee_name(c: Commendation) -> str:
    return c.full_name if c.kind == CommendationKind.INDIVIDUAL else c.nominee_org.name


def decision_text(c: Commendation) -> str:
    if not c.decision_number:
        return ""
    day = f" ngày {c.decision_date:%d/%m/%Y}" if c.decision_date else ""
    return f"{c.decision_number}{day}"


def xlsx_rows(rows: Sequence[Commendation]):
    for i, c in enumerate(rows, start=1):
        yield [
            i,
            c.get_kind_display(),
            nominee_name(c),
            c.job_title,
            c.nominee_org.name,
            c.period_label,
            c.occasion,
            c.achievements,
            c.proposed_form.name if c.proposed_form_id else "",
            c.get_status_display(),
            c.award_form.name if c.award_form_id else "",
            c.decision_number,
            c.decision_date.strftime("%d/%m/%Y") if c.decision_date else "",
            c.awarding_authority,
            c.proposer.name,
        ]


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def list_document(org: Organization, rows: Sequence[Commendation]) -> OfficialDocument:
    party = org.doc_profile == DocProfile.PARTY
    collectives = sum(1 for c in rows if c.kind == CommendationKind.COLLECTIVE)
    individuals = len(rows) - collectives
    years = sorted({y for c in rows for y in (c.year_from, c.year_to)})
    period = (
        "" if not years else (f" năm {years[0]}" if years[0] == years[-1] else f" giai đoạn {years[0]} - {years[-1]}")
    )
    table_rows = [
        [
            vn_number(i),
            nominee_name(c) + (f"\n{c.job_title}" if c.job_title else ""),
            c.nominee_org.name if c.kind == CommendationKind.INDIVIDUAL else "Tập thể",
            _short(c.achievements),
            c.proposed_form.name if c.proposed_form_id else "",
            " ".join(filter(None, [c.award_form.name if c.award_form_id else "", decision_text(c)])),
        ]
        for i, c in enumerate(rows, start=1)
    ]
    blocks = [
        Paragraph(
            f"{org.name} đề nghị khen thưởng {vn_number(collectives)} tập thể và {vn_number(individuals)} cá nhân "
            f"có thành tích xuất sắc trong thực hiện Quy chế phối hợp theo Quyết định số 238-QĐ/TW{period}, cụ thể:"
        ),
        Table(
            headers=["STT", "Tập thể, cá nhân", "Cơ quan, đơn vị", "Thành tích", "Hình thức đề nghị", "Kết quả"],
            rows=table_rows,
            widths_cm=[1.1, 3.6, 3.0, 4.8, 2.0, 2.0],
            font_size=11,
        ),
    ]
    if not rows:
        blocks.append(Paragraph("Không có đề nghị nào khớp điều kiện lọc.", italic=True))
    symbol = org.doc_symbol
    head = "TRƯỞNG BAN" if org.type.code == "ban-tuyen-giao" else "THỦ TRƯỞNG CƠ QUAN"
    return OfficialDocument(
        profile=org.doc_profile,
        issuers=[issuer_of(org)],
        number_line=f"Số      -DS/{symbol}" if party else f"Số:      /DS-{symbol}",
        place=place_of(org),
        date=timezone.localdate(),
        doc_type_name="DANH SÁCH",
        title="Đề nghị khen thưởng",
        blocks=blocks,
        signers=[Signer(title=head)],
        recipients=[f"Lưu: VT, {symbol}"],
    )


def list_file(org: Organization, rows: Sequence[Commendation], fmt: str = "docx"):
    return office_file(list_document(org, rows), fmt, "danh-sach-de-nghi-khen-thuong")
