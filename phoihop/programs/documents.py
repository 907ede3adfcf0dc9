"""The program as an official document in its lead body's format profile (DOCX, and PDF made from it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from phoihop.core.errors import ValidationFailed
from phoihop.core.text import fold
from phoihop.documents.rendering import (
    Heading,
    NumberedItem,
    OfficialDocument,
    Paragraph,
    Signer,
    docx_to_pdf,
    issuer_of,
    render_docx,
)
from phoihop.orgs.models import DocProfile
from phoihop.programs.models import PartyRole

if TYPE_CHECKING:
    from phoihop.orgs.models import Organization
    from phoihop.programs.models import Program

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def place_of(org: Organization) -> str:
    """The place name of the date line (địa danh): the body's administrative unit."""
    return org.unit.short_name if org.unit_id else "Hà Nội"


def draft_number_line(lead: Organization, doc_type: str, partners: list[Organization]) -> str:
    """An unsigned draft leaves the number blank, as on paper: 'Số:      /CTr-BTGTU-HĐND'."""
    symbols = "-".join([lead.doc_symbol, *(p.doc_symbol for p in partners)])
    if lead.doc_profile == DocProfile.PARTY:
        return f"Số      -{doc_type}/{symbols}"
    return f"Số:      /{doc_type}-{symbols}"


def summary(title: str, kind_word: str) -> str:
    """The trích yếu: the title without its leading document kind ('Chương trình phối hợp …' → 'Phối hợp …')."""
    words = title.split()
    kind = kind_word.split()
    if fold(" ".join(words[: len(kind)])) == fold(kind_word) and len(words) > len(kind):
        rest = " ".join(words[len(kind) :])
        return rest[0].upper() + rest[1:]
    return title


def signers_of(parties) -> list[Signer]:
    return [
        Signer(
            org_caption=p.organization.name.upper() if len(parties) > 1 else "",
            authority=p.signing_authority,
            title=p.signatory_title.upper(),
            full_name=p.signatory_name,
        )
        for p in parties
    ]


def program_document(program: Program) -> OfficialDocument:
    parties = list(program.parties.all())
    lead = program.lead
    partners = [p.organization for p in parties if p.role != PartyRole.LEAD]
    blocks: list = [Paragraph(f"Căn cứ {link.document.citation()};") for link in program.legal_basis_links.all()]
    names = (
        " và ".join([lead.name, *(o.name for o in partners)])
        if len(partners) < 2
        else (", ".join([lead.name, *(o.name for o in partners[:-1])]) + " và " + partners[-1].name)
    )
    blocks.append(
        Paragraph(
            f"{names} thống nhất ban hành Chương trình phối hợp giai đoạn {program.period_label} với những nội dung sau:"
        )
    )
    sections: list[tuple[str, list]] = []
    if program.purpose:
        sections.append(("MỤC ĐÍCH, YÊU CẦU", [Paragraph(program.purpose)]))
    sections.append(("NỘI DUNG PHỐI HỢP", [NumberedItem(c.number, text=c.title) for c in program.contents.all()]))
    methods = []
    for title, text in (
        ("Chế độ thông tin", program.info_regime),
        ("Chế độ giao ban", program.briefing_frequency),
        ("Phương thức khác", program.methods),
    ):
        if text:
            methods.append(NumberedItem(len(methods) + 1, title=title, text=text))
    focal = [
        f"{p.organization.name}: {', '.join(f'{fp.full_name} ({fp.job_title})' if fp.job_title else fp.full_name for fp in p.organization.focal_points.all() if fp.is_active)}"
        for p in parties
        if any(fp.is_active for fp in p.organization.focal_points.all())
    ]
    if focal:
        methods.append(NumberedItem(len(methods) + 1, title="Đầu mối phối hợp", text="\n".join(focal)))
    if methods:
        sections.append(("PHƯƠNG THỨC PHỐI HỢP", methods))
    duties = [
        NumberedItem(i, title=p.organization.name, text=p.responsibilities)
        for i, p in enumerate(parties, 1)
        if p.responsibilities
    ]
    if duties:
        sections.append(("TRÁCH NHIỆM CỦA CÁC BÊN", duties))
    closing = program.implementation or (
        "Chương trình có hiệu lực kể từ ngày ký. Định kỳ hằng năm các bên sơ kết, đánh giá kết quả thực hiện; "
        "trong quá trình thực hiện, nếu có vấn đề phát sinh, các bên trao đổi, thống nhất sửa đổi, bổ sung cho phù hợp."
    )
    sections.append(("TỔ CHỨC THỰC HIỆN", [Paragraph(closing)]))
    for i, (title, items) in enumerate(sections):
        blocks.append(Heading(f"{ROMAN[i]}. {title}"))
        blocks.extend(items)
    return OfficialDocument(
        profile=lead.doc_profile,
        issuers=[issuer_of(lead), *(issuer_of(o) for o in partners)],
        number_line=program.number_line or draft_number_line(lead, "CTr", partners),
        place=place_of(lead),
        date=program.signed_on or timezone.localdate(),
        doc_type_name="CHƯƠNG TRÌNH",
        title=summary(program.title, "Chương trình"),
        blocks=blocks,
        signers=signers_of(parties),
        recipients=[*(o.name for o in [lead, *partners]), f"Lưu: VT, {lead.doc_symbol}"],
    )


def office_file(doc: OfficialDocument, fmt: str, stem: str) -> tuple[bytes, str, str]:
    """(content, file name, content type) of a document as 'docx' or 'pdf'."""
    if fmt not in ("docx", "pdf"):
        raise ValidationFailed("Định dạng phải là docx hoặc pdf.", field="fmt")
    data = render_docx(doc)
    if fmt == "pdf":
        return docx_to_pdf(data), f"{stem}.pdf", PDF
    return data, f"{stem}.docx", DOCX


def program_file(program: Program, fmt: str) -> tuple[bytes, str, str]:
    return office_file(program_document(program), fmt, f"chuong-trinh-phoi-hop-{program.pk}")
