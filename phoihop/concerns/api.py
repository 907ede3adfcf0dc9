"""/api/v1/concerns: intake (with Idempotency-Key and duplicate check), lists and search, routing,
handling transitions, escalation, merges, the communication response, sealed contacts, topics."""

import datetime as dt
from typing import Literal

from ninja import Field, Header, Query, Router, Schema, Status

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref
from phoihop.concerns import selectors, services
from phoihop.concerns.models import Channel, CommunicationResponse, ConcernStatus, SlaRule, Topic
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.web import parse_id
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import Organization

router = Router(tags=["Vấn đề nổi cộm, bức xúc"])


class TopicRef(Schema):
    code: str
    name: str
    group: str | None = None

    @staticmethod
    def resolve_group(obj):
        return obj.parent.name if obj.parent_id else None


class UnitRef(Schema):
    id: int
    code: str
    name: str


class ConcernOut(Schema):
    id: int
    tracking_code: str
    title: str
    topic: TopicRef
    channel: str
    unit: UnitRef
    severity: int
    status: str
    status_label: str
    lead: Ref | None
    deadline: dt.date | None
    overdue: bool
    received_at: dt.datetime
    reports_count: int
    flags: list[str]
    merged_into: str | None = None
    version: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue()

    @staticmethod
    def resolve_merged_into(obj):
        if not obj.merged_into_id:
            return None
        return getattr(obj, "merged_code", None) or obj.merged_into.tracking_code


class HistoryOut(Schema):
    action: str
    from_status: str
    to_status: str
    at: dt.datetime
    organization: Ref | None
    reason: str


class RoutingOut(Schema):
    kind: str
    organization: Ref
    suggested: Ref | None
    deadline: dt.date | None
    reason: str
    at: dt.datetime


class ResponseOut(Schema):
    id: int
    phase: str
    message: str
    spokesperson: str
    channel: str
    planned_on: dt.date | None
    done_on: dt.date | None
    claim: str
    facts: str
    official_answer: str
    published_at: str
    organization: Ref | None


class ConcernDetail(ConcernOut):
    description: str
    suggested_topic: TopicRef | None
    place_given: str
    latitude: float | None
    longitude: float | None
    people_affected: int | None
    mass_complaint: bool
    ethnic_religious: bool
    security_order: bool
    false_information: bool
    observed_on: dt.date | None
    source_ref: str
    organization: Ref
    partners: list[Ref]
    escalated_to: Ref | None
    result: str
    public_answer: str
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    history: list[HistoryOut]
    routings: list[RoutingOut]
    responses: list[ResponseOut]
    actions: list[str]

    @staticmethod
    def resolve_partners(obj):
        return [p.organization for p in obj.parties.all() if p.role == "partner"]

    @staticmethod
    def resolve_history(obj):
        return list(obj.history.all())

    @staticmethod
    def resolve_routings(obj):
        return list(obj.routings.all())

    @staticmethod
    def resolve_responses(obj):
        return list(obj.responses.all())

    @staticmethod
    def resolve_actions(obj, context):
        from phoihop.concerns.workflows import available

        return [t.action for t in available(obj.status)]


class DuplicateOut(Schema):
    concern: ConcernOut
    score: float


class ContactIn(Schema):
    name: str = Field("", max_length=200)
    phone: str = Field("", max_length=200)
    email: str = Field("", max_length=200)
    address: str = Field("", max_length=200)


class ConcernIn(Schema):
    title: str = Field(..., max_length=300)
    description: str = Field(..., max_length=4000)
    topic: str = Field(..., max_length=40, description="Mã lĩnh vực, ví dụ dat-dai.thu-hoi (GET /concern-topics)")
    channel: Channel
    unit: str = Field(
        ..., max_length=200, description="Mã, id hoặc tên đơn vị hành chính; tên trước sắp xếp 2025 được chuyển đổi"
    )
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    people_affected: int | None = Field(None, ge=0, le=10_000_000)
    severity: int = Field(2, ge=1, le=4)
    mass_complaint: bool = False
    ethnic_religious: bool = False
    security_order: bool = False
    false_information: bool = False
    observed_on: dt.date | None = None
    source_ref: str = Field("", max_length=100)
    contact: ContactIn | None = Field(None, description="Không được gửi với nguồn đơn tố cáo (denunciation)")
    attach_to: str | None = Field(None, max_length=20, description="Ghi thêm một lượt phản ánh vào vấn đề này")


class IntakeOut(Schema):
    created: bool
    concern: ConcernOut
    duplicates: list[DuplicateOut]


class ConcernPatch(Schema):
    version: int = Field(..., ge=1)
    title: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=4000)
    topic: str | None = Field(None, max_length=40)
    unit: str | None = Field(None, max_length=200)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    people_affected: int | None = Field(None, ge=0, le=10_000_000)
    severity: int | None = Field(None, ge=1, le=4)
    mass_complaint: bool | None = None
    ethnic_religious: bool | None = None
    security_order: bool | None = None
    false_information: bool | None = None
    observed_on: dt.date | None = None
    source_ref: str | None = Field(None, max_length=100)
    public_answer: str | None = Field(None, max_length=4000)


class DuplicateQuery(Schema):
    text: str = Field(..., max_length=4300)
    unit: str = Field(..., max_length=200)
    topic: str | None = Field(None, max_length=40)
    exclude: int | None = Field(None, ge=1)


class RouteIn(Schema):
    lead: int = Field(..., ge=1)
    partners: list[int] = Field([], max_length=30)
    deadline: dt.date | None = None
    note: str = Field("", max_length=4000)


class RefuseIn(Schema):
    reason: str = Field(..., max_length=4000)
    suggested: int | None = Field(None, ge=1)


class EscalateIn(Schema):
    reason: str = Field(..., max_length=4000)
    to: int | None = Field(None, ge=1)


class TransitionIn(Schema):
    reason: str = Field("", max_length=4000)
    result: str = Field("", max_length=4000)
    public_answer: str = Field("", max_length=4000)


class MergeIn(Schema):
    duplicate: str = Field(..., max_length=20, description="id hoặc mã theo dõi của vấn đề trùng")


class ResponseIn(Schema):
    phase: Literal["before", "during", "after"]
    message: str = Field(..., max_length=4000)
    spokesperson: str = Field("", max_length=200)
    channel: str = Field("", max_length=200)
    planned_on: dt.date | None = None
    done_on: dt.date | None = None
    claim: str = Field("", max_length=4000)
    facts: str = Field("", max_length=4000)
    official_answer: str = Field("", max_length=4000)
    published_at: str = Field("", max_length=500)


class ResponsePatch(Schema):
    phase: Literal["before", "during", "after"] | None = None
    message: str | None = Field(None, max_length=4000)
    spokesperson: str | None = Field(None, max_length=200)
    channel: str | None = Field(None, max_length=200)
    planned_on: dt.date | None = None
    done_on: dt.date | None = None
    claim: str | None = Field(None, max_length=4000)
    facts: str | None = Field(None, max_length=4000)
    official_answer: str | None = Field(None, max_length=4000)
    published_at: str | None = Field(None, max_length=500)


class ContactOut(Schema):
    name: str
    phone: str
    email: str
    address: str
    report_at: dt.datetime
    channel: str


class ConcernFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Tìm không dấu: 'dat dai' thấy 'đất đai'")
    unit: int | None = Field(None, ge=1, description="Địa bàn (cả các đơn vị trực thuộc)")
    topic: str | None = Field(None, max_length=40, description="Mã lĩnh vực hoặc nhóm")
    channel: Channel | None = None
    status: ConcernStatus | Literal["open"] | None = None
    severity: int | None = Field(None, ge=1, le=4)
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    overdue: bool = False
    lead: int | None = Field(None, ge=1)
    flag: Literal["mass_complaint", "ethnic_religious", "security_order", "false_information"] | None = None


class TopicNode(Schema):
    code: str
    name: str
    topics: list[TopicRef]


class SuggestOut(Schema):
    topic: TopicRef
    score: float


class SlaOut(Schema):
    severity: int
    working_days: int
    escalate_after: int


def filters_to_kwargs(filters: ConcernFilters) -> dict:
    data = filters.dict()
    if data.get("unit"):
        data["unit"] = AdminUnit.objects.filter(pk=data["unit"]).first() or _missing("unit", "địa bàn")
    if data.get("topic"):
        data["topic"] = Topic.objects.filter(code=data["topic"]).first() or _missing("topic", "lĩnh vực")
    data["lead_id"] = data.pop("lead")
    return data


def _missing(field: str, label: str):
    raise ValidationFailed(f"Không có {label} này.", field=field)


def _org(pk, field: str, label: str) -> Organization:
    return Organization.objects.select_related("type").filter(pk=pk).first() or _missing(field, label)


def _concern(request, concern_id):
    return selectors.concern_get(acting=acting_for(request), concern_id=concern_id)


def _detail(request, concern):
    return selectors.concern_get(acting=acting_for(request), concern_id=concern.pk)


SEARCH_COUNT_CAP = 1_000


@router.get(
    "/concerns",
    response=Page[ConcernOut],
    summary="Danh sách vấn đề (lọc, tìm không dấu)",
    description=f"Với tham số q, count dừng ở {SEARCH_COUNT_CAP + 1:,} (nghĩa là “hơn {SEARCH_COUNT_CAP:,}”).".replace(
        ",", "."
    ),
)
def list_concerns(request, filters: Query[ConcernFilters], page: Query[PageParams]):
    acting, kwargs = acting_for(request), filters_to_kwargs(filters)
    # a broad word ("dat") matches a quarter of a national table: count only so far
    pages = selectors.concern_page(
        acting=acting, defer=LIST_DEFERRED, cap=SEARCH_COUNT_CAP if filters.q else None, **kwargs
    )
    return {
        "count": pages.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": pages[page.offset : page.offset + page.limit],
    }


# the list shows none of these: do not carry kilobytes per row
LIST_DEFERRED = ("description", "search_text", "signature", "result", "public_answer", "place_given")


@router.post(
    "/concerns",
    response={200: IntakeOut, 201: IntakeOut, 400: Error, 404: Error},
    summary="Ghi nhận vấn đề (gửi lại cùng Idempotency-Key không tạo bản mới)",
)
def create_concern(request, payload: ConcernIn, idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    acting = acting_for(request)
    data = payload.dict(exclude={"contact", "attach_to"})
    attach_to = selectors.concern_get(acting=acting, concern_id=payload.attach_to) if payload.attach_to else None
    concern, created = services.concern_intake(
        acting=acting,
        data=data,
        source="api",
        idempotency_key=idempotency_key,
        attach_to=attach_to,
        contact=payload.contact.dict() if payload.contact else None,
    )
    duplicates = []
    if created:
        duplicates = selectors.concern_duplicates(
            acting=acting, text=f"{concern.title}. {concern.description}", unit=concern.unit, topic=concern.topic,
            exclude_id=concern.pk, text_signature=concern.signature,
        )  # fmt: skip
    body = {
        "created": created,
        "concern": concern,
        "duplicates": [{"concern": c, "score": round(s, 3)} for c, s in duplicates],
    }
    return Status(201 if created else 200, body)


@router.post("/concerns/duplicates", response={200: list[DuplicateOut], 400: Error}, summary="Vấn đề có thể trùng")
def find_duplicates(request, payload: DuplicateQuery):
    unit, _ = services.resolve_unit(payload.unit)
    topic = services.resolve_topic(payload.topic) if payload.topic else None
    text = services.clean_text(payload.text, "text", "Nội dung", required=False, limit=4300)
    found = selectors.concern_duplicates(
        acting=acting_for(request), text=text, unit=unit, topic=topic, exclude_id=payload.exclude
    )
    return [{"concern": c, "score": round(s, 3)} for c, s in found]


@router.get("/concern-topics", response=list[TopicNode], summary="Danh mục lĩnh vực (hai cấp)")
def list_topics(request):
    return [{"code": g.code, "name": g.name, "topics": children} for g, children in selectors.topic_tree()]


@router.get("/concern-topics/suggest", response={200: list[SuggestOut]}, summary="Gợi ý lĩnh vực từ nội dung")
def suggest_topic(request, text: str = Query(..., max_length=4300)):
    from phoihop.concerns.classifier import suggest_topics

    ranked = suggest_topics(text, limit=3)
    topics = {t.code: t for t in Topic.objects.select_related("parent").filter(code__in=[c for c, _ in ranked])}
    return [{"topic": topics[c], "score": round(s, 3)} for c, s in ranked if c in topics]


@router.get("/concern-sla", response=list[SlaOut], summary="Thời hạn xử lý theo mức độ (ngày làm việc)")
def list_sla(request):
    return list(SlaRule.objects.all())


@router.get("/concerns/{concern_id}", response={200: ConcernDetail, 404: Error}, summary="Một vấn đề (id hoặc mã)")
def get_concern(request, concern_id: str):
    return _concern(request, concern_id)


@router.patch("/concerns/{concern_id}", response={200: ConcernDetail, 400: Error, 404: Error, 409: Error})
def update_concern(request, concern_id: str, payload: ConcernPatch):
    concern = _concern(request, concern_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    services.concern_update(acting=acting_for(request), concern=concern, data=data, version=version)
    return _detail(request, concern)


@router.post("/concerns/{concern_id}/route", response={200: ConcernDetail, 400: Error, 404: Error})
def route_concern(request, concern_id: str, payload: RouteIn):
    concern = _concern(request, concern_id)
    lead = _org(payload.lead, "lead", "cơ quan chủ trì")
    partners = [_org(p, "partners", "cơ quan phối hợp") for p in payload.partners]
    services.concern_route(
        acting=acting_for(request), concern=concern, lead=lead, partners=partners, deadline=payload.deadline,
        note=payload.note,
    )  # fmt: skip
    return _detail(request, concern)


@router.post("/concerns/{concern_id}/refuse", response={200: ConcernDetail, 400: Error, 404: Error})
def refuse_concern(request, concern_id: str, payload: RefuseIn):
    concern = _concern(request, concern_id)
    suggested = _org(payload.suggested, "suggested", "cơ quan đề nghị") if payload.suggested else None
    services.concern_refuse(acting=acting_for(request), concern=concern, reason=payload.reason, suggested=suggested)
    return _detail(request, concern)


@router.post("/concerns/{concern_id}/escalate", response={200: ConcernDetail, 400: Error, 404: Error})
def escalate_concern(request, concern_id: str, payload: EscalateIn):
    concern = _concern(request, concern_id)
    to = _org(payload.to, "to", "cơ quan cấp trên") if payload.to else None
    services.concern_escalate(acting=acting_for(request), concern=concern, reason=payload.reason, to=to)
    return _detail(request, concern)


@router.post(
    "/concerns/{concern_id}/transitions/{action}",
    response={200: ConcernDetail, 400: Error, 404: Error},
    summary="verify, start, resolve, close, reject, reopen",
)
def transition_concern(
    request,
    concern_id: str,
    action: Literal["verify", "start", "resolve", "close", "reject", "reopen"],
    payload: TransitionIn,
):
    concern = _concern(request, concern_id)
    services.concern_transition(acting=acting_for(request), concern=concern, action=action, **payload.dict())
    return _detail(request, concern)


@router.post("/concerns/{concern_id}/merge", response={200: ConcernDetail, 400: Error, 404: Error})
def merge_concern(request, concern_id: str, payload: MergeIn):
    acting = acting_for(request)
    original = _concern(request, concern_id)
    duplicate = selectors.concern_get(acting=acting, concern_id=payload.duplicate)
    original = services.concern_merge(acting=acting, original=original, duplicate=duplicate)
    return _detail(request, original)


@router.post("/concerns/{concern_id}/unmerge", response={200: ConcernDetail, 400: Error, 404: Error})
def unmerge_concern(request, concern_id: str):
    concern = _concern(request, concern_id)
    services.concern_unmerge(acting=acting_for(request), duplicate=concern)
    return _detail(request, concern)


@router.get("/concerns/{concern_id}/responses", response={200: list[ResponseOut], 404: Error})
def list_responses(request, concern_id: str):
    return list(_concern(request, concern_id).responses.all())


@router.post("/concerns/{concern_id}/responses", response={201: ResponseOut, 400: Error, 404: Error})
def add_response(request, concern_id: str, payload: ResponseIn):
    concern = _concern(request, concern_id)
    response = services.response_add(acting=acting_for(request), concern=concern, data=payload.dict())
    return Status(201, response)


@router.patch("/concern-responses/{response_id}", response={200: ResponseOut, 400: Error, 404: Error})
def update_response(request, response_id: str, payload: ResponsePatch):
    acting = acting_for(request)
    pk = parse_id(response_id)
    response = CommunicationResponse.objects.select_related("concern").filter(pk=pk).first() if pk else None
    if response is None:
        raise NotFound()
    selectors.concern_get(acting=acting, concern_id=response.concern_id)
    return services.response_update(acting=acting, response=response, data=payload.dict(exclude_unset=True))


@router.get(
    "/concerns/{concern_id}/contacts",
    response={200: list[ContactOut], 404: Error},
    summary="Liên hệ người phản ánh (chỉ cán bộ xử lý; mỗi lần xem được ghi nhật ký)",
)
def get_contacts(request, concern_id: str):
    concern = _concern(request, concern_id)
    return services.contact_read(acting=acting_for(request), concern=concern)
