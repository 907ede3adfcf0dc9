"""The minutes (biên bản, BB) and the conclusions notice (thông báo kết luận, TB) of a meeting as official
documents in the organiser's format profile; DOCX, and PDF made from it."""

from __future__ import annotations

from django.utils import timezone

from phoihop.core.text import vn_date_long
from phoihop.documents.rendering import NumberedItem, OfficialDocument, Paragraph, Signer, issuer_of
from phoihop.meetings.models import Invitation, Meeting
from phoihop.orgs.models import DocProfile
from phoihop.programs.documents import office_file, place_of, summary


def _draft_number(meeting: Meeting, doc_type: str) -> str:
    symbol = meeting.organization.doc_symbol
    if meeting.organization.doc_profile == DocProfile.PARTY:
        return f"Số      -{doc_type}/{symbol}"
    return f"Số:      /{doc_type}-{symbol}"


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return f"{start:%H} giờ {start:%M}, {vn_date_long(start.date())}"


def _present(meeting: Meeting) -> list[str]:
    people = []
    for i in meeting.invitations.all():
        if i.attended is False or (i.answer == Invitation.Answer.DECLINE and i.attended is None):
            continue
        who = i.attendee or (i.deputy if i.answer == Invitation.Answer.DEPUTY else "")
        name = i.organization.name if i.organization_id else i.user.full_name
        people.append(f"{name}{f' ({who})' if who else ''}")
    return people


def _conclusion_line(c) -> str:
    extra = []
    if c.lead_id:
        extra.append(f"giao {c.lead.name} chủ trì")
    if c.deadline:
        extra.append(f"thời hạn {c.deadline:%d/%m/%Y}")
    return c.text + (f" ({'; '.join(extra)})" if extra else "")


def minutes_document(meeting: Meeting) -> OfficialDocument:
    org = meeting.organization
    end = timezone.localtime(meeting.ends_at)
    present = _present(meeting)
    blocks = [
        Paragraph(f"Thời gian bắt đầu: {_when(meeting)}."),
        Paragraph(f"Địa điểm: {meeting.place}."),
        Paragraph(f"Chủ trì: {meeting.chair or '…'}."),
        Paragraph(f"Thư ký: {meeting.secretary or '…'}."),
        Paragraph("Thành phần tham dự: " + ("; ".join(present) if present else "…") + "."),
        Paragraph("Nội dung cuộc họp:", bold=True),
        Paragraph(meeting.minutes or "…"),
    ]
    conclusions = list(meeting.conclusions.all())
    if conclusions:
        blocks.append(Paragraph("Kết luận của chủ trì:", bold=True))
        blocks += [NumberedItem(c.number, text=_conclusion_line(c)) for c in conclusions]
    blocks.append(
        Paragraph(
            f"Cuộc họp kết thúc vào lúc {end:%H} giờ {end:%M} cùng ngày, nội dung cuộc họp đã được các thành viên dự họp thông qua./."
        )
    )
    chair_name = meeting.chair.split(",")[0].strip() if meeting.chair else ""
    return OfficialDocument(
        profile=org.doc_profile,
        issuers=[issuer_of(org)],
        number_line=meeting.minutes_number_line or _draft_number(meeting, "BB"),
        place=place_of(org),
        date=timezone.localtime(meeting.starts_at).date(),
        doc_type_name="BIÊN BẢN",
        title=summary(meeting.title, "Biên bản"),
        blocks=blocks,
        signers=[Signer(title="THƯ KÝ", full_name=meeting.secretary), Signer(title="CHỦ TRÌ", full_name=chair_name)],
        recipients=[],
    )


def notice_document(meeting: Meeting) -> OfficialDocument:
    org = meeting.organization
    start = timezone.localtime(meeting.starts_at)
    present = _present(meeting)
    intro = f"Ngày {start:%d/%m/%Y}, tại {meeting.place}, {org.name} tổ chức {meeting.title[:1].lower() + meeting.title[1:]}."
    if meeting.chair:
        intro += f" Đồng chí {meeting.chair} chủ trì."
    if present:
        intro += " Tham dự có đại diện: " + "; ".join(present) + "."
    blocks = [
        Paragraph(intro),
        Paragraph("Sau khi nghe báo cáo và ý kiến của các đại biểu, đồng chí chủ trì kết luận như sau:"),
        *[NumberedItem(c.number, text=_conclusion_line(c)) for c in meeting.conclusions.all()],
        Paragraph(f"{org.name} thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./."),
    ]
    party = org.doc_profile == DocProfile.PARTY
    head = "TRƯỞNG BAN" if org.type.code == "ban-tuyen-giao" else "THỦ TRƯỞNG CƠ QUAN"
    leads = sorted({c.lead.name for c in meeting.conclusions.all() if c.lead_id})
    invited = [i.organization.name for i in meeting.invitations.all() if i.organization_id]
    return OfficialDocument(
        profile=org.doc_profile,
        issuers=[issuer_of(org)],
        number_line=meeting.notice_number_line or _draft_number(meeting, "TB"),
        place=place_of(org),
        date=meeting.notice_issued_on or timezone.localdate(),
        doc_type_name="THÔNG BÁO",
        title=f"Kết luận tại {meeting.title[:1].lower() + meeting.title[1:]}",
        blocks=blocks,
        signers=[Signer(authority=f"{'T/L' if party else 'TL.'} {head}", title="CHÁNH VĂN PHÒNG")],
        recipients=[*dict.fromkeys([*leads, *invited]), f"Lưu: VT, {org.doc_symbol}"],
    )


def meeting_file(meeting: Meeting, which: str, fmt: str):
    from phoihop.core.errors import ValidationFailed

    if which == "minutes":
        doc = minutes_document(meeting)
    elif which == "notice":
        if not meeting.conclusions.all():
            raise ValidationFailed("Chưa có kết luận nào để thông báo.")
        doc = notice_document(meeting)
    else:
        raise ValidationFailed("Văn bản: minutes hoặc notice.")
    stem = {"minutes": "bien-ban", "notice": "thong-bao-ket-luan"}[which]
    return office_file(doc, fmt, f"{stem}-{meeting.pk}")
