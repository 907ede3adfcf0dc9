"""/api/v1/exchanges: information requests (periodic or per incident), the obligations of each asked
organisation, supplies and the requester's review, quick reports, and the on-time statistics.

Files are attached on the pages (multipart); the API carries text and reads the files' ids."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.core.errors import ValidationFailed
from phoihop.exchanges import selectors, services
from phoihop.exchanges.models import (
    Frequency,
    ObligationStatus,
    RequestKind,
    RequestStatus,
    Urgency,
)
from phoihop.exchanges.workflows import available
from phoihop.orgs.models import Organization

router = Router(tags=["Cung cấp thông tin"])

MAX_ID = 2**62  # larger numbers are no ids: refused before they reach the database


class RequestOut(Schema):
    id: int
    subject: str
    requester: Ref
    kind: str
    kind_label: str
    frequency: str
    due_day: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    deadline: dt.datetime | None
    urgency: str
    status: str
    created_at: dt.datetime
    version: int

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class ContentRef(Schema):
    id: int
    number: int
    title: str


class RequestDetail(RequestOut):
    details: str
    content: ContentRef | None
    asked: list[Ref]
    can_manage: bool

    @staticmethod
    def resolve_asked(obj):
        return [row.organization for row in obj.asked_rows.all()]

    @staticmethod
    def resolve_can_manage(obj, context):
        from phoihop.exchanges.permissions import can_manage_request

        return can_manage_request(acting_for(context["request"]), obj)


class RequestRef(Schema):
    id: int
    subject: str
    requester: Ref
    kind: str
    urgency: str
    status: str


class ObligationOut(Schema):
    id: int
    request: RequestRef
    organization: Ref
    period: str
    due_at: dt.datetime
    status: str
    status_label: str
    supplied_at: dt.datetime | None
    on_time: bool | None
    overdue: bool
    escalated_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue()


class SupplyOut(Schema):
    id: int
    text: str
    completeness: str
    at: dt.datetime
    organization: Ref | None
    files: list[int]

    @staticmethod
    def resolve_files(obj):
        return [a.pk for a in getattr(obj, "files", [])]


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    reason: str
    at: dt.datetime
    organization: Ref | None


class ObligationDetail(ObligationOut):
    supplies: list[SupplyOut]
    history: list[EventOut]
    actions: list[str]

    @staticmethod
    def resolve_supplies(obj):
        supplies = list(obj.supplies.all())
        files = selectors.files_of(services.SUPPLY_OWNER, [s.pk for s in supplies])
        for s in supplies:
            s.files = files.get(str(s.pk), [])
        return supplies

    @staticmethod
    def resolve_history(obj):
        return list(obj.events.all())

    @staticmethod
    def resolve_actions(obj, context):
        from phoihop.exchanges.permissions import can_act

        acting = acting_for(context["request"])
        if not obj.request.is_open:
            return [
                t.action
                for t in available(obj.status, "requester")
                if t.action == "acknowledge" and can_act(acting, obj, "requester")
            ]
        return [
            t.action for who in ("asked", "requester") for t in available(obj.status, who) if can_act(acting, obj, who)
        ]


class RequestIn(Schema):
    subject: str = Field(..., max_length=300)
    details: str = Field("", max_length=20000)
    asked: list[int] = Field(..., min_length=1, max_length=200, description="id các cơ quan được yêu cầu")
    kind: RequestKind
    content: int | None = Field(None, ge=1, le=MAX_ID, description="id nội dung phối hợp (tùy chọn)")
    frequency: Frequency | None = Field(None, description="bắt buộc với yêu cầu định kỳ")
    due_day: int | None = Field(
        None, strict=True, description="ngày đến hạn trong tháng cuối của kỳ (1-31), yêu cầu định kỳ"
    )
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    deadline: dt.datetime | None = Field(None, description="thời hạn (theo vụ việc), hoặc within_hours / within_days")
    within_hours: int | None = Field(None, strict=True)
    within_days: int | None = Field(None, strict=True)
    urgency: Urgency = Urgency.NORMAL


class ReasonIn(Schema):
    reason: str = Field("", max_length=4000)


class SupplyIn(Schema):
    text: str = Field(..., max_length=20000)
    complete: bool


class QuickReportIn(Schema):
    subject: str = Field(..., max_length=300)
    text: str = Field(..., max_length=20000)
    recipients: list[int] = Field(..., min_length=1, max_length=100)
    urgency: Urgency = Urgency.NORMAL
    concern: str | None = Field(None, max_length=20, description="id hoặc mã theo dõi của vấn đề liên quan")


class QuickReportOut(Schema):
    id: int
    subject: str
    sender: Ref
    urgency: str
    sent_at: dt.datetime
    concern: int | None

    @staticmethod
    def resolve_concern(obj):
        return obj.concern_id


class QuickReportDetail(QuickReportOut):
    text: str
    recipients: list[Ref]
    files: list[int]

    @staticmethod
    def resolve_recipients(obj):
        return [row.organization for row in obj.recipient_rows.all()]

    @staticmethod
    def resolve_files(obj):
        return [a.pk for a in selectors.files_of(services.QUICK_OWNER, [obj.pk]).get(str(obj.pk), [])]


class RequestFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Tìm không dấu")
    kind: RequestKind | None = None
    status: RequestStatus | None = None
    side: Literal["made", "received"] | None = Field(
        None, description="made: cơ quan mình yêu cầu; received: được yêu cầu"
    )


class ObligationFilters(Schema):
    request: int | None = Field(None, ge=1, le=MAX_ID)
    organization: int | None = Field(None, ge=1, le=MAX_ID, description="cơ quan cung cấp")
    requester: int | None = Field(None, ge=1, le=MAX_ID)
    status: ObligationStatus | None = None
    outcome: Literal["on_time", "late", "missing", "not_yet_due"] | None = None
    period: str | None = Field(None, max_length=10)
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    to_supply: bool = Field(False, description="chỉ những nghĩa vụ cơ quan mình còn phải cung cấp")


class StatisticsFilters(Schema):
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    requester: int | None = Field(None, ge=1, le=MAX_ID, description="chỉ các yêu cầu của cơ quan này")
    organization: int | None = Field(None, ge=1, le=MAX_ID)
    kind: RequestKind | None = None
    by_period: bool = False


class StatOut(Schema):
    organization: Ref
    period: str | None
    due: int
    on_time: int
    late: int
    missing: int
    not_yet_due: int
    on_time_rate: float | None

    @staticmethod
    def resolve_organization(obj):
        return {"id": obj.organization_id, "name": obj.organization}


def _orgs(ids: list[int], field: str) -> list[Organization]:
    if any(not 1 <= i <= MAX_ID for i in ids):
        raise ValidationFailed("Không có cơ quan này.", field=field)
    found = {o.pk: o for o in Organization.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(f"Không có cơ quan id {missing[0]}.", field=field)
    return [found[i] for i in ids]


def _content(pk):
    from phoihop.programs.models import ProgramContent

    if pk is None:
        return None
    content = ProgramContent.objects.filter(pk=pk).first()
    if content is None:
        raise ValidationFailed("Không có nội dung phối hợp này.", field="content")
    return content


def _obligation_detail(request, obligation_id):
    return selectors.obligation_get(acting=acting_for(request), obligation_id=obligation_id)


@router.get("/requests", response=Page[RequestOut], summary="Danh sách yêu cầu cung cấp thông tin")
def list_requests(request, filters: Query[RequestFilters], page: Query[PageParams]):
    qs = selectors.request_list(acting=acting_for(request), **filters.dict())
    return paginate(qs, page)


@router.post(
    "/requests", response={201: RequestDetail, 400: Error, 404: Error}, summary="Gửi yêu cầu cung cấp thông tin"
)
def create_request(request, payload: RequestIn):
    acting = acting_for(request)
    data = payload.dict()
    data["asked"] = _orgs(data["asked"], "asked")
    data["content"] = _content(data["content"])
    data["frequency"] = data["frequency"] or ""
    info_request = services.request_create(acting=acting, **data)
    return Status(201, selectors.request_get(acting=acting, request_id=info_request.pk))


@router.get("/requests/{request_id}", response={200: RequestDetail, 404: Error}, summary="Một yêu cầu")
def get_request(request, request_id: str):
    return selectors.request_get(acting=acting_for(request), request_id=request_id)


@router.post(
    "/requests/{request_id}/close", response={200: RequestDetail, 400: Error, 404: Error}, summary="Kết thúc yêu cầu"
)
def close_request(request, request_id: str, payload: ReasonIn):
    acting = acting_for(request)
    info_request = selectors.request_get(acting=acting, request_id=request_id)
    services.request_close(acting=acting, request=info_request, reason=payload.reason)
    return selectors.request_get(acting=acting, request_id=info_request.pk)


@router.get("/obligations", response=Page[ObligationOut], summary="Nghĩa vụ cung cấp (cũng là chi tiết của thống kê)")
def list_obligations(request, filters: Query[ObligationFilters], page: Query[PageParams]):
    f = filters.dict()
    qs = selectors.obligation_list(
        acting=acting_for(request),
        request_id=f["request"],
        organization_id=f["organization"],
        requester_id=f["requester"],
        status=f["status"],
        outcome=f["outcome"],
        period=f["period"],
        date_from=f["due_from"],
        date_to=f["due_to"],
        to_supply=f["to_supply"],
    )
    return paginate(qs, page)


@router.get(
    "/obligations/{obligation_id}", response={200: ObligationDetail, 404: Error}, summary="Một nghĩa vụ cung cấp"
)
def get_obligation(request, obligation_id: str):
    return _obligation_detail(request, obligation_id)


@router.post(
    "/obligations/{obligation_id}/supplies",
    response={201: ObligationDetail, 400: Error, 404: Error},
    summary="Cung cấp thông tin (đầy đủ hoặc một phần)",
)
def add_supply(request, obligation_id: str, payload: SupplyIn):
    acting = acting_for(request)
    obligation = selectors.obligation_get(acting=acting, obligation_id=obligation_id)
    services.supply_add(acting=acting, obligation=obligation, text=payload.text, complete=payload.complete)
    return Status(201, _obligation_detail(request, obligation.pk))


@router.post(
    "/obligations/{obligation_id}/review/{action}",
    response={200: ObligationDetail, 400: Error, 404: Error},
    summary="Cơ quan yêu cầu: acknowledge (tiếp nhận) hoặc ask_more (đề nghị bổ sung, cần lý do)",
)
def review_obligation(request, obligation_id: str, action: Literal["acknowledge", "ask_more"], payload: ReasonIn):
    acting = acting_for(request)
    obligation = selectors.obligation_get(acting=acting, obligation_id=obligation_id)
    services.obligation_review(acting=acting, obligation=obligation, action=action, reason=payload.reason)
    return _obligation_detail(request, obligation.pk)


@router.get("/quick-reports", response=Page[QuickReportOut], summary="Báo cáo nhanh")
def list_quick_reports(request, page: Query[PageParams], side: Literal["sent", "received"] | None = None):
    return paginate(selectors.quick_report_list(acting=acting_for(request), side=side), page)


@router.post("/quick-reports", response={201: QuickReportDetail, 400: Error, 404: Error}, summary="Gửi báo cáo nhanh")
def send_quick_report(request, payload: QuickReportIn):
    acting = acting_for(request)
    concern = None
    if payload.concern:
        from phoihop.concerns.selectors import concern_get
        from phoihop.core.errors import NotFound

        try:
            concern = concern_get(acting=acting, concern_id=payload.concern)
        except NotFound:
            raise ValidationFailed("Không có vấn đề này hoặc bạn không xem được.", field="concern") from None
    report = services.quick_report_send(
        acting=acting,
        subject=payload.subject,
        text=payload.text,
        recipients=_orgs(payload.recipients, "recipients"),
        urgency=payload.urgency,
        concern=concern,
    )
    return Status(201, selectors.quick_report_get(acting=acting, report_id=report.pk))


@router.get("/quick-reports/{report_id}", response={200: QuickReportDetail, 404: Error}, summary="Một báo cáo nhanh")
def get_quick_report(request, report_id: str):
    return selectors.quick_report_get(acting=acting_for(request), report_id=report_id)


@router.get(
    "/statistics",
    response=list[StatOut],
    summary="Thống kê cung cấp thông tin đúng hạn theo cơ quan (và theo kỳ)",
    description="Chi tiết từng dòng: GET /exchanges/obligations?organization=…&outcome=on_time|late|missing|not_yet_due",
)
def statistics(request, filters: Query[StatisticsFilters]):
    f = filters.dict()
    return selectors.supply_statistics(
        acting=acting_for(request),
        date_from=f["due_from"],
        date_to=f["due_to"],
        requester_id=f["requester"],
        organization_id=f["organization"],
        kind=f["kind"],
        by_period=f["by_period"],
    )
