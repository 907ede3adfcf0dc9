"""The month's opinion report as an official Party document: "Báo cáo tình hình tư tưởng, dư luận xã hội
tháng …" (HD 36-HD/VPTW), DOCX and the PDF made from it. Figures come from the compilation; no author."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phoihop.core.text import vn_number, vn_percent
from phoihop.documents.rendering import Heading, OfficialDocument, Paragraph, Signer, Table, issuer_of
from phoihop.opinions.models import Mood, OpinionMonth
from phoihop.orgs.models import DocProfile, Organization
from phoihop.programs.documents import office_file, place_of

MOOD_NAMES = [str(label) for label in Mood.labels]


def _change(n: int) -> str:
    if n > 0:
        return f"tăng {vn_number(n)}"
    if n < 0:
        return f"giảm {vn_number(-n)}"
    return "không đổi"


def uneasy_share(row: dict) -> str:
    """The share of worried and upset opinions now, beside last month's: '60% (tháng trước 25%)'."""
    now = vn_percent(row.get("uneasy", 0), row["count"]) if row["count"] else "—"
    before = vn_percent(row.get("previous_uneasy", 0), row["previous"]) if row["previous"] else "—"
    return f"{now} (tháng trước {before})"


def summary_sentence(figures: dict, month: dt.date, subject: str = "Ban") -> str:
    """'Trong tháng 11/2026, Ban nhận được 126 báo cáo (118 báo cáo tháng, 8 báo cáo nhanh) của 18/20 cộng
    tác viên, với 352 ý kiến: đồng tình 40,1%, …'"""
    moods = figures["moods"]
    items = figures["items"] or 0
    parts = ", ".join(
        f"{label.lower()} {vn_percent(moods[m], items)}" for m, label in zip(Mood.values, MOOD_NAMES, strict=True)
    )
    text = (
        f"Trong tháng {month:%m/%Y}, {subject} nhận được {vn_number(figures['reports'])} báo cáo "
        f"({vn_number(figures['monthly'])} báo cáo tháng, {vn_number(figures['quick'])} báo cáo nhanh) của "
        f"{vn_number(figures['collaborators_reporting'])}/{vn_number(figures['collaborators_active'])} cộng tác viên"
    )
    if items:
        text += f", với {vn_number(items)} ý kiến: {parts}."
    else:
        text += "."
    return text


def month_document(org: Organization, month: dt.date, row: OpinionMonth | None, figures: dict) -> OfficialDocument:
    blocks: list = [
        Heading("I. TÌNH HÌNH TƯ TƯỞNG, DƯ LUẬN XÃ HỘI TRONG THÁNG"),
        Paragraph(summary_sentence(figures, month)),
    ]
    if row and row.overview:
        blocks.append(Paragraph(row.overview))
    if figures["by_topic"]:
        blocks.append(Paragraph("Dư luận theo chủ đề (số ý kiến và tâm trạng chung):", italic=True))
        blocks.append(
            Table(
                headers=["Chủ đề", "Số ý kiến", *MOOD_NAMES, "So với tháng trước", "Lo lắng, bức xúc"],
                rows=[
                    [
                        t["topic"],
                        vn_number(t["count"]),
                        *(vn_number(t["moods"][m]) for m in Mood.values),
                        _change(t["change"]),
                        uneasy_share(t),
                    ]
                    for t in figures["by_topic"]
                ],
                widths_cm=[3.9, 1.4, 1.6, 1.6, 1.5, 1.5, 2.3, 2.7],
                font_size=11,
            )
        )
    if figures["by_area"]:
        blocks.append(Paragraph("Dư luận theo địa bàn:", italic=True))
        blocks.append(
            Table(
                headers=["Địa bàn", "Số ý kiến", *MOOD_NAMES],
                rows=[
                    [a["unit"], vn_number(a["count"]), *(vn_number(a["moods"][m]) for m in Mood.values)]
                    for a in figures["by_area"]
                ],
                widths_cm=[5.7, 2.0, 2.2, 2.2, 2.2, 2.2],
                font_size=11,
            )
        )
    blocks.append(Heading("II. NHỮNG VẤN ĐỀ DƯ LUẬN NỔI LÊN"))
    if row and row.notable:
        blocks.append(Paragraph(row.notable))
    labels = dict(Mood.choices)
    for n in figures["notable"]:
        times = f", {vn_number(n['times'])} ý kiến" if n.get("times", 1) > 1 else ""
        blocks.append(
            Paragraph(f"- {n['topic']} ({n['unit']}, {str(labels[n['mood']]).lower()}{times}): {n['summary']}")
        )
    for q in figures["quick_reports"]:
        blocks.append(Paragraph(f"- Báo cáo nhanh: {q['title']} ({q['unit']})."))
    if not (row and row.notable) and not figures["notable"] and not figures["quick_reports"]:
        blocks.append(Paragraph("Trong tháng không có vấn đề dư luận nổi lên."))
    blocks.append(Heading("III. DỰ BÁO TÌNH HÌNH"))
    blocks.append(
        Paragraph(
            row.forecast if row and row.forecast else "Tình hình tư tưởng, dư luận xã hội thời gian tới cơ bản ổn định."
        )
    )
    blocks.append(Heading("IV. ĐỀ XUẤT, KIẾN NGHỊ"))
    if row and row.proposals:
        blocks.append(Paragraph(row.proposals))
    for p in figures["proposals"]:
        times = f", {vn_number(p['times'])} ý kiến" if p.get("times", 1) > 1 else ""
        blocks.append(Paragraph(f"- {p['topic']} ({p['unit']}{times}): {p['proposals']}"))
    number = row.number_line if row and row.number_line else f"Số      -BC/{org.doc_symbol}"
    sup = org.superior_name.upper()
    superior = org.name[-len(sup) :] if sup and org.name.upper().endswith(" " + sup) else ""  # "Tỉnh ủy Khánh Hòa"
    return OfficialDocument(
        profile=DocProfile.PARTY,
        issuers=[issuer_of(org)],
        number_line=number,
        place=place_of(org),
        date=(row.issued_on if row and row.issued_on else timezone.localdate()),
        doc_type_name="BÁO CÁO",
        title=f"Tình hình tư tưởng, dư luận xã hội tháng {month.month:02d} năm {month.year}",
        blocks=blocks,
        signers=[Signer(authority="", title="TRƯỞNG BAN", full_name="")],
        recipients=[
            r
            for r in (
                f"Thường trực {superior}" if superior else "",
                "Các đồng chí lãnh đạo Ban",
                f"Lưu: VT, {org.doc_symbol}",
            )
            if r
        ],
    )


def month_file(org: Organization, month: dt.date, row: OpinionMonth | None, figures: dict, fmt: str):
    return office_file(month_document(org, month, row, figures), fmt, f"du-luan-xa-hoi-{month:%Y-%m}")
