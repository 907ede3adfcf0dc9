"""Writes for meetings: create and change, invite, answers, attendance, minutes and conclusions,
conclusions turned into tasks, the HĐND session's communication tasks, numbers for the minutes and the
conclusions notice, organisation calendar tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.concerns.services import clean_text
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.text import fold
from phoihop.core.validation import check_version
from phoihop.meetings import permissions as perms
from phoihop.meetings.models import (
    Conclusion,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    OrgCalendarToken,
)
from phoihop.meetings.workflows import TRANSITIONS
from phoihop.orgs.models import Organization

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "chair", "agenda", "program", "plan")
MAX_INVITED = 200


def _moment(value: Any, field: str, label: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            raise ValidationFailed(f"{label}: hãy ghi ngày giờ, ví dụ 2026-12-15 08:00.", field=field) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # a time typed without zone is Vietnam time
    return moment


def _fields(data: dict, current: Meeting | None = None) -> dict:
    def get(name, default=None):
        return data[name] if name in data else (getattr(current, name) if current is not None else default)

    kind = str(get("kind") or "")
    if kind not in MeetingKind.values:
        raise ValidationFailed("Loại cuộc họp không hợp lệ.", field="kind")
    out = {
        "kind": kind,
        "title": clean_text(get("title"), "title", "Tên cuộc họp", required=True, limit=300),
        "place": clean_text(get("place"), "place", "Địa điểm", required=True, limit=300),
        "chair": clean_text(get("chair", ""), "chair", "Chủ trì", required=False, limit=300),
        "agenda": clean_text(get("agenda", ""), "agenda", "Chương trình họp", required=False, limit=10000),
        "starts_at": _moment(get("starts_at"), "starts_at", "Bắt đầu"),
        "ends_at": _moment(get("ends_at"), "ends_at", "Kết thúc"),
        "program": get("program"),
        "plan": get("plan"),
    }
    if out["ends_at"] < out["starts_at"]:
        raise ValidationFailed("Giờ kết thúc phải sau giờ bắt đầu.", field="ends_at")
    if out["ends_at"] - out["starts_at"] > dt.timedelta(days=14):
        raise ValidationFailed("Một cuộc họp kéo dài tối đa 14 ngày.", field="ends_at")
    return out


def _check_links(acting: Acting, fields: dict) -> None:
    from phoihop.plans.permissions import can_manage_plan
    from phoihop.programs.permissions import can_view_program

    program, plan = fields["program"], fields["plan"]
    if program is not None and not can_view_program(acting, program):
        raise ValidationFailed("Chương trình không tồn tại hoặc bạn không xem được.", field="program")
    if plan is not None:
        if not can_manage_plan(acting, plan):
            raise ValidationFailed("Kế hoạch nhận nhiệm vụ phải là kế hoạch cơ quan bạn quản lý.", field="plan")
        if program is not None and plan.program_id != program.pk:
            raise ValidationFailed("Kế hoạch không thuộc chương trình đã chọn.", field="plan")


def _resolve_invitees(organizations, users) -> tuple[list[Organization], list[User]]:
    org_ids = [int(o.pk if isinstance(o, Organization) else o) for o in organizations or []]
    user_ids = [int(u.pk if isinstance(u, User) else u) for u in users or []]
    if len(org_ids) + len(user_ids) > MAX_INVITED:
        raise ValidationFailed(f"Mời tối đa {MAX_INVITED} cơ quan và người.", field="invited")
    orgs = list(Organization.objects.filter(pk__in=org_ids).exclude(active_to__lt=timezone.localdate()))
    people = list(User.objects.filter(pk__in=user_ids, is_active=True))
    if len(orgs) != len(set(org_ids)):
        raise ValidationFailed("Có cơ quan được mời không tồn tại.", field="organizations")
    if len(people) != len(set(user_ids)):
        raise ValidationFailed("Có người được mời không tồn tại.", field="users")
    return orgs, people


def _invite(meeting: Meeting, orgs: list[Organization], people: list[User], acting: Acting | None) -> list[Invitation]:
    have_orgs = set(meeting.invitations.exclude(organization=None).values_list("organization_id", flat=True))
    have_users = set(meeting.invitations.exclude(user=None).values_list("user_id", flat=True))
    new = [
        Invitation(meeting=meeting, organization=o)
        for o in orgs
        if o.pk not in have_orgs and o.pk != meeting.organization_id
    ]
    new += [Invitation(meeting=meeting, user=u) for u in people if u.pk not in have_users]
    Invitation.objects.bulk_create(new)
    if new:
        local = timezone.localtime(meeting.starts_at)
        title = f"Giấy mời: {meeting.title} ({local:%H:%M} ngày {local:%d/%m/%Y})"
        _notify_invited(meeting, new, kind="meeting.invited", title=title, body=meeting.place, acting=acting)
    return new


def _notify_invited(
    meeting: Meeting, invitations, *, kind: str, title: str, body: str = "", acting: Acting | None = None
) -> int:
    """Tell the people of the invited organisations, then the invited people; how many were told."""
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    org_ids = [i.organization_id for i in invitations if i.organization_id]
    user_ids = [i.user_id for i in invitations if i.user_id]
    sent = 0
    for recipients in (organization_recipients(org_ids) if org_ids else None, user_ids or None):
        if recipients is not None:
            sent += len(
                notify(
                    recipients=recipients,
                    kind=kind,
                    title=title,
                    body=body,
                    url=f"/meetings/{meeting.pk}/",
                    obj=meeting,
                    organization=meeting.organization,
                    actor=acting.user if acting and acting.user else None,
                )
            )
    return sent


@transaction.atomic
def meeting_create(*, acting: Acting, data: dict, organizations=(), users=()) -> Meeting:
    if not perms.can_manage(acting):
        raise NotFound()
    fields = _fields(data)
    _check_links(acting, fields)
    orgs, people = _resolve_invitees(organizations, users)
    meeting = Meeting.objects.create(
        **fields,
        organization=acting.org,
        unit_path=acting.org.unit_path or "",
        search_key=fold(fields["title"]),
        created_by=acting.user,
    )
    _invite(meeting, orgs, people, acting)
    audit_record(
        acting=acting,
        action="meeting.create",
        obj=meeting,
        after=snapshot(meeting) | {"invited": len(orgs) + len(people)},
    )
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)


def _managed(acting: Acting, meeting: Meeting) -> Meeting:
    """The meeting locked for a change by its organiser (anyone else: NotFound)."""
    meeting = _locked(meeting)
    if not perms.can_manage(acting, meeting):
        raise NotFound()
    return meeting


@transaction.atomic
def meeting_update(
    *, acting: Acting, meeting: Meeting, data: dict, version: int | None = None, organizations=(), users=()
) -> Meeting:
    meeting = _managed(acting, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationFailed("Cuộc họp đã hủy: khôi phục trước khi sửa.", code="cancelled")
    fields = _fields(data, meeting)
    _check_links(acting, fields)
    check_version(meeting, version, {k: v for k, v in fields.items() if k in data})
    before = snapshot(meeting)
    moved = fields["starts_at"] != meeting.starts_at or fields["place"] != meeting.place
    for k, v in fields.items():
        setattr(meeting, k, v)
    meeting.search_key = fold(meeting.title)
    meeting.version += 1
    meeting.save()
    orgs, people = _resolve_invitees(organizations, users)
    _invite(meeting, orgs, people, acting)
    if moved:
        _tell_invitees(meeting, acting, f"Thay đổi thời gian, địa điểm: {meeting.title}")
    audit_record(acting=acting, action="meeting.update", obj=meeting, before=before, after=snapshot(meeting))
    return meeting


def _tell_invitees(meeting: Meeting, acting: Acting | None, title: str) -> None:
    _notify_invited(meeting, meeting.invitations.all(), kind="meeting.changed", title=title, acting=acting)


@transaction.atomic
def meeting_transition(*, acting: Acting, meeting: Meeting, action: str, reason: str = "") -> Meeting:
    meeting = _managed(acting, meeting)
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationFailed("Thao tác không hợp lệ.", field="action")
    if meeting.status not in t.sources:
        raise ValidationFailed(f"Không thể “{t.label}” khi cuộc họp ở trạng thái “{meeting.get_status_display()}”.")
    if action == "hold" and timezone.now() < meeting.starts_at:
        raise ValidationFailed("Cuộc họp chưa đến giờ bắt đầu.")
    reason = clean_text(reason, "reason", "Lý do", required=action == "cancel", limit=2000)
    before = meeting.status
    meeting.status = t.target
    meeting.version += 1
    meeting.save(update_fields=["status", "version", "updated_at"])
    if action == "cancel":
        _tell_invitees(meeting, acting, f"Hủy cuộc họp: {meeting.title}")
    audit_record(
        acting=acting,
        action=f"meeting.{action}",
        obj=meeting,
        before={"status": before},
        after={"status": meeting.status},
        reason=reason,
    )
    return meeting


@transaction.atomic
def invitation_answer(*, acting: Acting, meeting: Meeting, answer: str, deputy: str = "") -> Invitation:
    """Attend, send a deputy (named) or decline — by the invited person or the invited organisation."""
    if not perms.can_view(acting, meeting):
        raise NotFound()
    invitation = perms.my_invitation(acting, meeting)
    if invitation is None:
        raise ValidationFailed(
            "Bạn (và cơ quan bạn đang nhân danh) không có trong danh sách mời của cuộc họp này.", code="not_invited"
        )
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationFailed("Cuộc họp đã diễn ra hoặc đã hủy: không trả lời giấy mời được nữa.")
    if answer not in (Invitation.Answer.ATTEND, Invitation.Answer.DEPUTY, Invitation.Answer.DECLINE):
        raise ValidationFailed("Trả lời: tham dự, cử người dự thay hoặc không tham dự.", field="answer")
    deputy = clean_text(deputy, "deputy", "Người dự thay", required=answer == Invitation.Answer.DEPUTY, limit=200)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.answer = answer
    invitation.deputy = deputy if answer == Invitation.Answer.DEPUTY else ""
    invitation.answered_at = timezone.now()
    invitation.answered_by = acting.user
    invitation.save(update_fields=["answer", "deputy", "answered_at", "answered_by"])
    audit_record(
        acting=acting,
        action="meeting.answer",
        obj=meeting,
        after={"invitation": invitation.pk, "answer": answer, "deputy": invitation.deputy},
    )
    return invitation


@transaction.atomic
def attendance_record(*, acting: Acting, meeting: Meeting, rows: dict[int, tuple[bool, str]]) -> int:
    """On the day: for each invitation id, present or not, and who came."""
    meeting = _managed(acting, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationFailed("Cuộc họp đã hủy.")
    if timezone.localdate() < timezone.localtime(meeting.starts_at).date():
        raise ValidationFailed("Điểm danh vào ngày họp hoặc sau đó.")
    invitations = {i.pk: i for i in meeting.invitations.select_for_update()}
    unknown = [k for k in rows if k not in invitations]
    if unknown:
        raise ValidationFailed(
            "Có người, cơ quan không có trong danh sách mời: không điểm danh được.",
            code="not_invited",
            field="attendance",
        )
    for pk, (present, who) in rows.items():
        inv = invitations[pk]
        inv.attended = bool(present)
        inv.attendee = clean_text(who, "attendance", "Người dự", required=False, limit=200)
    Invitation.objects.bulk_update([invitations[k] for k in rows], ["attended", "attendee"])
    audit_record(
        acting=acting,
        action="meeting.attendance",
        obj=meeting,
        after={"present": sum(1 for p, _ in rows.values() if p), "rows": len(rows)},
    )
    return len(rows)


def _conclusion_fields(meeting: Meeting, data: dict) -> dict:
    lead = data.get("lead")
    if lead is not None and not isinstance(lead, Organization):
        text = str(lead).strip()
        lead = Organization.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else None
        if lead is None:
            raise ValidationFailed("Cơ quan chủ trì không tồn tại.", field="lead")
    deadline = data.get("deadline")
    if deadline not in (None, "") and not isinstance(deadline, dt.date):
        try:
            deadline = dt.date.fromisoformat(str(deadline)[:10])
        except ValueError:
            raise ValidationFailed("Thời hạn: hãy ghi ngày dạng 2026-12-31.", field="deadline") from None
    return {
        "text": clean_text(data.get("text"), "text", "Nội dung kết luận", required=True, limit=5000),
        "lead": lead,
        "deadline": deadline or None,
    }


@transaction.atomic
def minutes_save(
    *, acting: Acting, meeting: Meeting, minutes: str, secretary: str = "", version: int | None = None
) -> Meeting:
    meeting = _managed(acting, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationFailed("Cuộc họp đã hủy.")
    minutes = clean_text(minutes, "minutes", "Biên bản", required=False, limit=50000)
    secretary = clean_text(secretary, "secretary", "Thư ký", required=False, limit=200)
    check_version(meeting, version, {"minutes": minutes, "secretary": secretary})
    meeting.minutes, meeting.secretary = minutes, secretary
    meeting.version += 1
    meeting.save(update_fields=["minutes", "secretary", "version", "updated_at"])
    audit_record(acting=acting, action="meeting.minutes", obj=meeting, after={"minutes_length": len(minutes)})
    return meeting


@transaction.atomic
def conclusion_add(*, acting: Acting, meeting: Meeting, data: dict) -> Conclusion:
    meeting = _managed(acting, meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationFailed("Cuộc họp đã hủy.")
    fields = _conclusion_fields(meeting, data)
    number = (meeting.conclusions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    c = Conclusion.objects.create(meeting=meeting, number=number, **fields)
    audit_record(
        acting=acting, action="meeting.conclusion_add", obj=meeting, after={"number": number, "text": c.text[:200]}
    )
    return c


@transaction.atomic
def conclusion_update(*, acting: Acting, conclusion: Conclusion, data: dict) -> Conclusion:
    meeting = _managed(acting, conclusion.meeting)
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    if conclusion.task_id:
        raise ValidationFailed("Kết luận đã thành nhiệm vụ: sửa ở nhiệm vụ.", code="has_task")
    fields = _conclusion_fields(
        meeting, {**{"text": conclusion.text, "lead": conclusion.lead, "deadline": conclusion.deadline}, **data}
    )
    for k, v in fields.items():
        setattr(conclusion, k, v)
    conclusion.save()
    audit_record(acting=acting, action="meeting.conclusion_update", obj=meeting, after={"number": conclusion.number})
    return conclusion


@transaction.atomic
def conclusion_to_task(
    *, acting: Acting, conclusion: Conclusion, content=None, assignees=(), partners=(), earliest: dt.date | None = None
) -> Conclusion:
    """The conclusion becomes a task of the meeting's plan (or of the organiser), with its lead and deadline;
    the task links back to the conclusion. The deadline may not precede `earliest` (default: the meeting's day)."""
    from phoihop.plans.services import task_create

    meeting = _managed(acting, conclusion.meeting)
    conclusion = Conclusion.objects.select_for_update(of=("self",)).select_related("lead").get(pk=conclusion.pk)
    if conclusion.task_id:
        raise ValidationFailed("Kết luận này đã thành nhiệm vụ.", code="has_task")
    if conclusion.lead is None:
        raise ValidationFailed(
            "Hãy chọn cơ quan chủ trì thực hiện kết luận trước khi giao thành nhiệm vụ.", field="lead"
        )
    if conclusion.deadline is None:
        raise ValidationFailed("Hãy ghi thời hạn thực hiện kết luận trước khi giao thành nhiệm vụ.", field="deadline")
    if earliest is None and conclusion.deadline < timezone.localtime(meeting.starts_at).date():
        raise ValidationFailed("Thời hạn thực hiện không thể trước ngày họp.", field="deadline")
    if earliest is not None and conclusion.deadline < earliest:
        raise ValidationFailed(f"Thời hạn đã qua: hãy chọn từ ngày {earliest:%d/%m/%Y}.", field="deadline")
    plan = meeting.plan
    if plan is not None and content is None:
        content = plan.program.contents.first()
    local = timezone.localtime(meeting.starts_at)
    task = task_create(
        acting=acting,
        title=conclusion.text[:300] if len(conclusion.text) <= 300 else conclusion.text[:297] + "…",
        description=f"Kết luận số {conclusion.number} của {meeting.get_kind_display().lower()} “{meeting.title}” ngày {local:%d/%m/%Y}.\n{conclusion.text}",
        lead=conclusion.lead,
        plan=plan,
        content=content if plan is not None else None,
        deadline=conclusion.deadline,
        assignees=list(assignees),
        partners=list(partners),
        kind="adhoc",
    )
    conclusion.task = task
    conclusion.save(update_fields=["task"])
    audit_record(
        acting=acting,
        action="meeting.conclusion_task",
        obj=meeting,
        after={"number": conclusion.number, "task": task.pk},
    )
    return conclusion


# --- the HĐND session: communication before, during and after (seed 001, content 2) ----------------------

HDND_PROPOSALS = [
    ("before", -10, "Xây dựng kế hoạch tuyên truyền trước, trong và sau kỳ họp “{title}”"),
    ("before", -7, "Định hướng báo chí, hệ thống thông tin cơ sở tuyên truyền nội dung dự kiến trình kỳ họp"),
    ("before", -3, "Cung cấp thông tin cho báo chí về chương trình, nội dung kỳ họp (họp báo trước kỳ họp)"),
    ("during", 0, "Tường thuật trực tiếp phiên khai mạc, bế mạc và phiên chất vấn, trả lời chất vấn"),
    ("during", 0, "Nắm bắt dư luận xã hội, ý kiến cử tri trong thời gian diễn ra kỳ họp"),
    ("after", 5, "Tổng hợp, báo cáo dư luận xã hội về kết quả kỳ họp"),
    ("after", 15, "Tuyên truyền các nghị quyết được kỳ họp thông qua"),
    ("after", 30, "Tuyên truyền kết quả giải quyết ý kiến, kiến nghị của cử tri sau kỳ họp"),
]
PHASES = {"before": "Trước kỳ họp", "during": "Trong kỳ họp", "after": "Sau kỳ họp"}


def hdnd_proposals(meeting: Meeting) -> list[dict]:
    """The communication tasks proposed for a HĐND session, each with its phase and a deadline."""
    if meeting.kind != MeetingKind.HDND_SESSION:
        return []
    start = timezone.localtime(meeting.starts_at).date()
    end = timezone.localtime(meeting.ends_at).date()
    out = []
    for i, (phase, days, title) in enumerate(HDND_PROPOSALS):
        base = start if phase in ("before", "during") else end
        deadline = base + dt.timedelta(days=days) if phase != "during" else end
        out.append(
            {
                "key": i,
                "phase": phase,
                "phase_label": PHASES[phase],
                "title": title.format(title=meeting.title),
                "deadline": deadline,
            }
        )
    return out


@transaction.atomic
def hdnd_confirm(*, acting: Acting, meeting: Meeting, items: list[dict]) -> list[Conclusion]:
    """The officer's adjusted proposals become conclusions with a lead and a deadline, then tasks."""
    if not perms.can_manage(acting, meeting):
        raise NotFound()
    if meeting.kind != MeetingKind.HDND_SESSION:
        raise ValidationFailed("Chỉ kỳ họp HĐND có đề xuất nhiệm vụ tuyên truyền.")
    if not items:
        raise ValidationFailed("Hãy chọn ít nhất một nhiệm vụ.", field="items")
    made = []
    for i, item in enumerate(items):
        try:
            c = conclusion_add(acting=acting, meeting=meeting, data=item)
            made.append(conclusion_to_task(acting=acting, conclusion=c, earliest=timezone.localdate()))
        except ValidationFailed as e:
            raise ValidationFailed(
                f"Nhiệm vụ thứ {i + 1}: {e.message}", field=f"items-{i}-{e.field or 'text'}"
            ) from None
    return made


# --- documents of the meeting (invitation letter, reports, slides…) ----------------------------------------

OWNER_TYPE = "meetings.meeting"


@transaction.atomic
def documents_add(*, acting: Acting, meeting: Meeting, files) -> list:
    """Attach files to the meeting (types by content, size limit, classified stamps refused: documents app).
    All or nothing: a refused file stores none of them."""
    from phoihop.documents.services import attachment_store

    meeting = _managed(acting, meeting)
    files = list(files or [])
    if not files:
        raise ValidationFailed("Hãy chọn ít nhất một tệp.", field="file")
    if len(files) > 20:
        raise ValidationFailed("Mỗi lần tải lên tối đa 20 tệp.", field="file")
    stored = []
    try:
        for upload in files:
            stored.append(
                attachment_store(
                    acting=acting,
                    upload=upload,
                    owner_type=OWNER_TYPE,
                    owner_id=str(meeting.pk),
                    organization=meeting.organization,
                )
            )
    except Exception:
        for attachment in stored:  # the rows roll back with the transaction; the files go too
            attachment.file.delete(save=False)
        raise
    audit_record(acting=acting, action="meeting.documents_add", obj=meeting, after={"files": [a.pk for a in stored]})
    return stored


# --- numbers ----------------------------------------------------------------------------------------------

DOC_TYPES = {"minutes": "BB", "notice": "TB"}


@transaction.atomic
def document_issue(*, acting: Acting, meeting: Meeting, which: str) -> Meeting:
    """Give the minutes (BB) or the conclusions notice (TB) its number from the organiser's register."""
    from phoihop.documents.services import number_issue, number_line

    meeting = _managed(acting, meeting)
    if which not in DOC_TYPES:
        raise ValidationFailed("Văn bản: minutes (biên bản) hoặc notice (thông báo kết luận).", field="which")
    if meeting.status != MeetingStatus.HELD:
        raise ValidationFailed("Chỉ ban hành biên bản, thông báo kết luận sau khi đã ghi nhận cuộc họp đã diễn ra.")
    field = f"{which}_number_line"
    if getattr(meeting, field):
        raise ValidationFailed("Văn bản này đã có số.", code="issued")
    if which == "notice" and not meeting.conclusions.exists():
        raise ValidationFailed("Chưa có kết luận nào để thông báo.")
    if which == "minutes" and not meeting.minutes:
        raise ValidationFailed("Chưa có nội dung biên bản.")
    today = timezone.localdate()
    issued = number_issue(
        acting=acting, organization=meeting.organization, doc_type=DOC_TYPES[which], on=today, obj=meeting
    )
    setattr(meeting, field, number_line(issued))
    updates = [field, "updated_at"]
    if which == "notice":
        meeting.notice_issued_on = today
        updates.append("notice_issued_on")
    meeting.save(update_fields=updates)
    audit_record(acting=acting, action=f"meeting.{which}_issue", obj=meeting, after={field: getattr(meeting, field)})
    return meeting


# --- organisation calendar feeds --------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def org_feed_token_create(*, acting: Acting) -> str:
    """A new secret address of the acting organisation's meeting feed (the previous one stops working)."""
    if not perms.can_manage(acting):
        raise NotFound()
    now = timezone.now()
    OrgCalendarToken.objects.filter(organization=acting.org, revoked_at=None).update(revoked_at=now)
    raw = secrets.token_urlsafe(32)
    token = OrgCalendarToken.objects.create(organization=acting.org, token_hash=_hash(raw), created_by=acting.user)
    audit_record(acting=acting, action="meeting.org_feed_token", kind="auth", obj=token)
    return raw


@transaction.atomic
def org_feed_token_revoke(*, acting: Acting) -> int:
    if not perms.can_manage(acting):
        raise NotFound()
    n = OrgCalendarToken.objects.filter(organization=acting.org, revoked_at=None).update(revoked_at=timezone.now())
    audit_record(
        acting=acting,
        action="meeting.org_feed_revoke",
        kind="auth",
        object_type="orgs.organization",
        object_id=str(acting.org.pk),
        after={"revoked": n},
    )
    return n


def org_feed_token_use(raw: str) -> Organization | None:
    if not raw or len(raw) > 100:
        return None
    token = (
        OrgCalendarToken.objects.filter(token_hash=_hash(raw), revoked_at=None).select_related("organization").first()
    )
    return token.organization if token else None


def remind_tomorrow(today: dt.date | None = None) -> dict[str, int]:
    """The day before: remind invited organisations and people that have not declined."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    sent = 0
    meetings = (
        Meeting.objects.filter(status=MeetingStatus.PLANNED)
        .select_related("organization")
        .prefetch_related("invitations")
    )
    for m in meetings.filter(
        starts_at__date__gte=tomorrow - dt.timedelta(days=1), starts_at__date__lte=tomorrow + dt.timedelta(days=1)
    ):
        if timezone.localtime(m.starts_at).date() != tomorrow:
            continue
        going = [i for i in m.invitations.all() if i.answer != Invitation.Answer.DECLINE]
        local = timezone.localtime(m.starts_at)
        title = f"Ngày mai {local:%H:%M}: {m.title}"
        sent += _notify_invited(m, going, kind="meeting.reminder", title=title, body=m.place)
    return {"reminded": sent}
