"""Meetings in the API (/api/v1/meetings): list and create, one meeting, change, invitations and answers,
attendance, minutes and conclusions, conclusions into tasks, the HĐND session's proposals, status, the
.ics of a meeting, the minutes and the conclusions notice as DOCX/PDF."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.core.errors import NotFound
from phoihop.meetings import selectors, services
from phoihop.meetings.documents import meeting_file
from phoihop.meetings.models import Conclusion, MeetingKind
from phoihop.notifications.calendar_feed import build_calendar

router = Router(tags=["Hội nghị, giao ban"])


class InvitationOut(Schema):
    id: int
    organization: Ref | None
    user: Ref | None
    answer: str
    deputy: str
    answered_at: dt.datetime | None
    attended: bool | None
    attendee: str

    @staticmethod
    def resolve_organization(obj):
        return {"id": obj.organization_id, "name": obj.organization.name} if obj.organization_id else None

    @staticmethod
    def resolve_user(obj):
        return {"id": obj.user_id, "name": obj.user.full_name} if obj.user_id else None


class ConclusionOut(Schema):
    id: int
    number: int
    text: str
    lead: Ref | None
    deadline: dt.date | None
    task: int | None = Field(None, description="Nhiệm vụ được giao từ kết luận")

    @staticmethod
    def resolve_lead(obj):
        return {"id": obj.lead_id, "name": obj.lead.name} if obj.lead_id else None

    @staticmethod
    def resolve_task(obj):
        return obj.task_id


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    chair: str
    status: str
    organization: Ref
    version: int

    @staticmethod
    def resolve_organization(obj):
        return {"id": obj.organization_id, "name": obj.organization.name}


class MeetingDetail(MeetingOut):
    agenda: str
    minutes: str
    secretary: str
    program: int | None
    plan: int | None
    minutes_number_line: str
    notice_number_line: str
    invitations: list[InvitationOut]
    conclusions: list[ConclusionOut]

    @staticmethod
    def resolve_program(obj):
        return obj.program_id

    @staticmethod
    def resolve_plan(obj):
        return obj.plan_id

    @staticmethod
    def resolve_invitations(obj):
        return list(obj.invitations.all())

    @staticmethod
    def resolve_conclusions(obj):
        return list(obj.conclusions.all())


class MeetingIn(Schema):
    kind: MeetingKind
    title: str = Field(..., max_length=300)
    starts_at: dt.datetime = Field(..., description="Giờ Việt Nam nếu không ghi múi giờ")
    ends_at: dt.datetime
    place: str = Field(..., max_length=300)
    chair: str = Field("", max_length=300)
    agenda: str = Field("", max_length=10000)
    program: int | None = None
    plan: int | None = Field(None, description="Kế hoạch nhận các nhiệm vụ từ kết luận")
    organizations: list[int] = Field([], max_length=200, description="Cơ quan được mời")
    users: list[int] = Field([], max_length=200, description="Người được mời")


class MeetingUpdate(MeetingIn):
    version: int


class AnswerIn(Schema):
    answer: Literal["attend", "deputy", "decline"]
    deputy: str = Field("", max_length=200)


class AttendanceRow(Schema):
    invitation: int
    present: bool
    attendee: str = Field("", max_length=200)


class AttendanceIn(Schema):
    rows: list[AttendanceRow] = Field(..., max_length=400)


class MinutesIn(Schema):
    minutes: str = Field("", max_length=50000)
    secretary: str = Field("", max_length=200)
    version: int | None = None


class ConclusionIn(Schema):
    text: str = Field(..., max_length=5000)
    lead: int | None = None
    deadline: dt.date | None = None


class ToTaskIn(Schema):
    content: int | None = Field(None, description="Nội dung phối hợp của chương trình (nhiệm vụ thuộc kế hoạch)")
    assignees: list[int] = Field([], max_length=50)


class ProposalOut(Schema):
    key: int
    phase: str
    phase_label: str
    title: str
    deadline: dt.date


class ProposalIn(Schema):
    text: str = Field(..., max_length=5000)
    lead: int
    deadline: dt.date


class ConfirmIn(Schema):
    items: list[ProposalIn] = Field(..., max_length=30)


class TransitionIn(Schema):
    action: Literal["hold", "cancel", "reopen"]
    reason: str = Field("", max_length=2000)


class MeetingFilters(Schema):
    kind: MeetingKind | None = None
    when: Literal["upcoming", "past", ""] = ""
    q: str = Field("", max_length=200)


def _get(request, meeting_id):
    acting = acting_for(request)
    return acting, selectors.meeting_get(acting, meeting_id)


def _resolve(acting, payload):
    from phoihop.plans.models import Plan
    from phoihop.programs.models import Program

    data = payload.dict(exclude={"organizations", "users", "version"})
    data["program"] = Program.objects.filter(pk=payload.program).first() if payload.program else None
    data["plan"] = Plan.objects.select_related("program").filter(pk=payload.plan).first() if payload.plan else None
    if payload.program and data["program"] is None:
        raise NotFound()
    if payload.plan and data["plan"] is None:
        raise NotFound()
    return data


@router.get("", response=Page[MeetingOut], summary="Cuộc họp mà cơ quan xem được")
def list_meetings(request, filters: Query[MeetingFilters], page: Query[PageParams]):
    qs = selectors.meeting_list(acting_for(request), kind=filters.kind, when=filters.when or None, q=filters.q or None)
    return paginate(qs, page)


@router.post("", response={201: MeetingDetail, 400: Error, 404: Error}, summary="Tạo cuộc họp và gửi giấy mời")
def create_meeting(request, payload: MeetingIn):
    acting = acting_for(request)
    meeting = services.meeting_create(
        acting=acting, data=_resolve(acting, payload), organizations=payload.organizations, users=payload.users
    )
    return Status(201, selectors.meeting_get(acting, meeting.pk))


@router.get("/{meeting_id}", response={200: MeetingDetail, 404: Error}, summary="Một cuộc họp")
def get_meeting(request, meeting_id: int):
    return _get(request, meeting_id)[1]


@router.put(
    "/{meeting_id}", response={200: MeetingDetail, 400: Error, 404: Error, 409: Error}, summary="Sửa cuộc họp, mời thêm"
)
def update_meeting(request, meeting_id: int, payload: MeetingUpdate):
    acting, meeting = _get(request, meeting_id)
    services.meeting_update(
        acting=acting,
        meeting=meeting,
        data=_resolve(acting, payload),
        version=payload.version,
        organizations=payload.organizations,
        users=payload.users,
    )
    return selectors.meeting_get(acting, meeting_id)


@router.post(
    "/{meeting_id}/transition", response={200: MeetingDetail, 400: Error, 404: Error}, summary="Đã họp, hủy, khôi phục"
)
def transition_meeting(request, meeting_id: int, payload: TransitionIn):
    acting, meeting = _get(request, meeting_id)
    services.meeting_transition(acting=acting, meeting=meeting, action=payload.action, reason=payload.reason)
    return selectors.meeting_get(acting, meeting_id)


@router.post("/{meeting_id}/answer", response={200: InvitationOut, 400: Error, 404: Error}, summary="Trả lời giấy mời")
def answer_meeting(request, meeting_id: int, payload: AnswerIn):
    acting, meeting = _get(request, meeting_id)
    return services.invitation_answer(acting=acting, meeting=meeting, answer=payload.answer, deputy=payload.deputy)


@router.post("/{meeting_id}/attendance", response={200: MeetingDetail, 400: Error, 404: Error}, summary="Điểm danh")
def attendance(request, meeting_id: int, payload: AttendanceIn):
    acting, meeting = _get(request, meeting_id)
    services.attendance_record(
        acting=acting, meeting=meeting, rows={r.invitation: (r.present, r.attendee) for r in payload.rows}
    )
    return selectors.meeting_get(acting, meeting_id)


@router.put(
    "/{meeting_id}/minutes", response={200: MeetingDetail, 400: Error, 404: Error, 409: Error}, summary="Ghi biên bản"
)
def save_minutes(request, meeting_id: int, payload: MinutesIn):
    acting, meeting = _get(request, meeting_id)
    services.minutes_save(
        acting=acting, meeting=meeting, minutes=payload.minutes, secretary=payload.secretary, version=payload.version
    )
    return selectors.meeting_get(acting, meeting_id)


@router.post(
    "/{meeting_id}/conclusions", response={201: ConclusionOut, 400: Error, 404: Error}, summary="Thêm kết luận"
)
def add_conclusion(request, meeting_id: int, payload: ConclusionIn):
    acting, meeting = _get(request, meeting_id)
    return Status(201, services.conclusion_add(acting=acting, meeting=meeting, data=payload.dict()))


def _conclusion(meeting, conclusion_id) -> Conclusion:
    c = next((c for c in meeting.conclusions.all() if c.pk == conclusion_id), None)
    if c is None:
        raise NotFound()
    return c


@router.post(
    "/{meeting_id}/conclusions/{conclusion_id}/task",
    response={200: ConclusionOut, 400: Error, 404: Error},
    summary="Giao kết luận thành nhiệm vụ",
)
def conclusion_task(request, meeting_id: int, conclusion_id: int, payload: ToTaskIn):
    from phoihop.accounts.models import User
    from phoihop.programs.models import ProgramContent

    acting, meeting = _get(request, meeting_id)
    c = _conclusion(meeting, conclusion_id)
    content = None
    if payload.content:
        content = ProgramContent.objects.filter(
            pk=payload.content, program_id=meeting.plan.program_id if meeting.plan_id else None
        ).first()
        if content is None:
            raise NotFound()
    assignees = list(User.objects.filter(pk__in=payload.assignees, is_active=True))
    services.conclusion_to_task(acting=acting, conclusion=c, content=content, assignees=assignees)
    return Conclusion.objects.select_related("lead", "task").get(pk=c.pk)


@router.get(
    "/{meeting_id}/proposals",
    response={200: list[ProposalOut], 404: Error},
    summary="Kỳ họp HĐND: nhiệm vụ tuyên truyền đề xuất",
)
def proposals(request, meeting_id: int):
    return services.hdnd_proposals(_get(request, meeting_id)[1])


@router.post(
    "/{meeting_id}/proposals",
    response={201: list[ConclusionOut], 400: Error, 404: Error},
    summary="Kỳ họp HĐND: xác nhận nhiệm vụ",
)
def confirm_proposals(request, meeting_id: int, payload: ConfirmIn):
    acting, meeting = _get(request, meeting_id)
    made = services.hdnd_confirm(acting=acting, meeting=meeting, items=[i.dict() for i in payload.items])
    return Status(201, list(Conclusion.objects.filter(pk__in=[c.pk for c in made]).select_related("lead", "task")))


class DocumentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_name(obj):
        return obj.download_name

    @staticmethod
    def resolve_url(obj):
        return f"/files/{obj.pk}/"


@router.get("/{meeting_id}/documents", response={200: list[DocumentOut], 404: Error}, summary="Tài liệu của cuộc họp")
def list_documents(request, meeting_id: int):
    acting, meeting = _get(request, meeting_id)
    return list(selectors.meeting_documents(acting, meeting))


@router.post(
    "/{meeting_id}/documents",
    response={201: list[DocumentOut], 400: Error, 404: Error},
    summary="Đính kèm tài liệu (multipart, trường files)",
)
def add_documents(request, meeting_id: int, files: File[list[UploadedFile]] = None):
    acting, meeting = _get(request, meeting_id)
    return Status(201, services.documents_add(acting=acting, meeting=meeting, files=files or []))


@router.get("/{meeting_id}/ics", response={200: None, 404: Error}, summary="Tệp lịch (.ics) của cuộc họp")
def meeting_ics(request, meeting_id: int):
    meeting = _get(request, meeting_id)[1]
    response = HttpResponse(
        build_calendar(name=meeting.title, events=[selectors.meeting_event(meeting)]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="cuoc-hop-{meeting.pk}.ics"'
    return response


@router.post(
    "/{meeting_id}/issue/{which}",
    response={200: MeetingDetail, 400: Error, 404: Error},
    summary="Cấp số biên bản (minutes) hoặc thông báo kết luận (notice)",
)
def issue_document(request, meeting_id: int, which: Literal["minutes", "notice"]):
    acting, meeting = _get(request, meeting_id)
    services.document_issue(acting=acting, meeting=meeting, which=which)
    return selectors.meeting_get(acting, meeting_id)


@router.get(
    "/{meeting_id}/{which}.{fmt}",
    response={200: None, 400: Error, 404: Error},
    summary="Biên bản / thông báo kết luận: docx hoặc pdf",
)
def meeting_document(request, meeting_id: int, which: Literal["minutes", "notice"], fmt: Literal["docx", "pdf"]):
    meeting = _get(request, meeting_id)[1]
    content, name, ctype = meeting_file(meeting, which, fmt)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
