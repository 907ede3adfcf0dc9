"""Commendations and good models in the API (/api/v1/commendations): proposals (list, create, one, change
the draft, submit, approve, return, reject, award), the list as XLSX or as the DOCX "Danh sách đề nghị khen
thưởng", the forms of award; good models (list, search, create, one, change, publish, adopt, files)."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.commendations import selectors, services
from phoihop.commendations.documents import XLSX_HEADERS, list_file, xlsx_rows
from phoihop.commendations.models import CommendationKind, CommendationStatus, GoodModelStatus
from phoihop.core.errors import NotFound
from phoihop.core.web import xlsx_response

router = Router(tags=["Khen thưởng, mô hình hay"])

EXPORT_LIMIT = 5000


class AwardFormOut(Schema):
    id: int
    code: str
    name: str
    order: int


class TopicOut(Schema):
    id: int
    code: str
    name: str


class CommendationOut(Schema):
    id: int
    kind: CommendationKind
    status: CommendationStatus
    proposer: Ref
    nominee_org: Ref
    full_name: str
    job_title: str
    year_from: int
    year_to: int
    occasion: str
    proposed_form: str | None
    award_form: str | None
    decision_number: str
    decision_date: dt.date | None
    version: int

    @staticmethod
    def resolve_proposer(obj):
        return {"id": obj.proposer_id, "name": obj.proposer.name}

    @staticmethod
    def resolve_nominee_org(obj):
        return {"id": obj.nominee_org_id, "name": obj.nominee_org.name}

    @staticmethod
    def resolve_proposed_form(obj):
        return obj.proposed_form.code if obj.proposed_form_id else None

    @staticmethod
    def resolve_award_form(obj):
        return obj.award_form.code if obj.award_form_id else None


class CommendationDetail(CommendationOut):
    achievements: str
    program: int | None
    meeting: int | None
    reason: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    awarding_authority: str

    @staticmethod
    def resolve_program(obj):
        return obj.program_id

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting_id


class CommendationIn(Schema):
    kind: CommendationKind
    nominee_org: int = Field(..., ge=1, le=2**62, description="Tập thể được đề nghị, hoặc cơ quan của cá nhân")
    full_name: str = Field("", max_length=120, description="Cá nhân: họ và tên")
    job_title: str = Field("", max_length=200, description="Cá nhân: chức vụ")
    achievements: str = Field(..., max_length=10000)
    year_from: int = Field(..., ge=2000, le=2100)
    year_to: int | None = Field(None, ge=2000, le=2100)
    occasion: str = Field("", max_length=300, description="Ví dụ: Sơ kết 3 năm thực hiện Chương trình phối hợp")
    proposed_form: str | None = Field(None, max_length=40, description="Mã hình thức (GET /commendations/forms)")
    program: int | None = Field(None, ge=1, le=2**62)
    meeting: int | None = Field(None, ge=1, le=2**62)


class CommendationUpdate(CommendationIn):
    version: int = Field(..., ge=1, le=2**31)


class ActionIn(Schema):
    reason: str = Field("", max_length=2000)
    version: int | None = Field(None, ge=1, le=2**31)


class AwardIn(Schema):
    award_form: str = Field(..., max_length=40)
    decision_number: str = Field(..., max_length=80, description="Ví dụ: 125-QĐ/TU")
    decision_date: dt.date
    awarding_authority: str = Field(..., max_length=300, description="Ví dụ: Ban Thường vụ Tỉnh ủy Khánh Hòa")


class CommendationFilters(Schema):
    status: CommendationStatus | None = None
    kind: CommendationKind | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    q: str = Field("", max_length=200)


def _data(payload) -> dict:
    return payload.dict(exclude={"version"})


def _get(request, commendation_id):
    acting = acting_for(request)
    return acting, selectors.commendation_get(acting, commendation_id)


def _filters(f: CommendationFilters) -> dict:
    return {"status": f.status, "kind": f.kind, "year": f.year, "q": f.q or None}


@router.get("", response=Page[CommendationOut], summary="Đề nghị khen thưởng mà cơ quan xem được")
def list_commendations(request, filters: Query[CommendationFilters], page: Query[PageParams]):
    return paginate(selectors.commendation_list(acting_for(request), **_filters(filters)), page)


@router.post(
    "", response={201: CommendationDetail, 400: Error, 404: Error}, summary="Lập đề nghị khen thưởng (dự thảo)"
)
def create_commendation(request, payload: CommendationIn):
    acting = acting_for(request)
    c = services.commendation_create(acting=acting, data=_data(payload))
    return Status(201, selectors.commendation_get(acting, c.pk))


@router.get("/forms", response=list[AwardFormOut], summary="Hình thức khen thưởng")
def award_forms(request):
    return list(selectors.award_forms())


@router.get(
    "/export",
    response={200: None, 400: Error},
    summary="Xuất danh sách: xlsx (mọi đề nghị xem được) hoặc docx (Danh sách đề nghị khen thưởng của cơ quan)",
)
def export(request, filters: Query[CommendationFilters], format: Literal["xlsx", "docx"] = "xlsx"):
    acting = acting_for(request)
    if format == "docx":
        if acting.org is None:
            raise NotFound()
        rows = selectors.document_rows(acting, limit=EXPORT_LIMIT, **_filters(filters))
        content, name, ctype = list_file(acting.org, rows, "docx")
        response = HttpResponse(content, content_type=ctype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    rows = list(selectors.commendation_list(acting, **_filters(filters))[:EXPORT_LIMIT])
    return xlsx_response("danh-sach-khen-thuong", "Khen thưởng", XLSX_HEADERS, xlsx_rows(rows))


# --- good models (declared before /{commendation_id}: the paths do not overlap, the order reads better) ---


class GoodModelOut(Schema):
    id: int
    title: str
    status: GoodModelStatus
    unit: Ref
    organization: Ref
    topic: TopicOut
    area: Ref | None
    started_on: dt.date | None
    followers: int = 0
    version: int

    @staticmethod
    def resolve_unit(obj):
        return {"id": obj.unit_id, "name": obj.unit.name}

    @staticmethod
    def resolve_organization(obj):
        return {"id": obj.organization_id, "name": obj.organization.name}

    @staticmethod
    def resolve_area(obj):
        return {"id": obj.area_id, "name": obj.area.name} if obj.area_id else None

    @staticmethod
    def resolve_followers(obj):
        n = getattr(obj, "followers", None)
        return n if n is not None else len(obj.adoptions.all())


class AdoptionOut(Schema):
    id: int
    organization: Ref
    note: str
    adopted_on: dt.date

    @staticmethod
    def resolve_organization(obj):
        return {"id": obj.organization_id, "name": obj.organization.name}


class GoodModelDetail(GoodModelOut):
    description: str
    results: str
    program: int | None
    published_at: dt.datetime | None
    adoptions: list[AdoptionOut]

    @staticmethod
    def resolve_program(obj):
        return obj.program_id

    @staticmethod
    def resolve_adoptions(obj):
        return list(obj.adoptions.all())


class GoodModelIn(Schema):
    title: str = Field(..., max_length=300)
    description: str = Field(..., max_length=20000)
    results: str = Field("", max_length=10000)
    unit: int | None = Field(None, ge=1, le=2**62, description="Đơn vị thực hiện; mặc định: cơ quan nhân danh")
    topic: str = Field(..., max_length=40, description="Mã lĩnh vực (GET /commendations/good-models/topics)")
    area: int | None = Field(None, ge=1, le=2**62, description="Id đơn vị hành chính")
    started_on: dt.date | None = None
    program: int | None = Field(None, ge=1, le=2**62)


class GoodModelUpdate(GoodModelIn):
    version: int = Field(..., ge=1, le=2**31)


class AdoptIn(Schema):
    note: str = Field("", max_length=2000)
    adopted_on: dt.date | None = None


class GoodModelFilters(Schema):
    q: str = Field("", max_length=200)
    topic: str = Field("", max_length=40, description="Mã lĩnh vực")
    unit: int | None = Field(None, ge=1, le=2**62)
    status: GoodModelStatus | None = None


class FileOut(Schema):
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


def _model(request, model_id):
    acting = acting_for(request)
    return acting, selectors.model_get(acting, model_id)


@router.get("/good-models/topics", response=list[TopicOut], summary="Lĩnh vực của mô hình hay")
def model_topics(request):
    return list(selectors.model_topics())


@router.get(
    "/good-models", response={200: Page[GoodModelOut], 400: Error}, summary="Tìm mô hình hay, cách làm hiệu quả"
)
def list_models(request, filters: Query[GoodModelFilters], page: Query[PageParams]):
    topic = None
    if filters.topic:
        topic = selectors.model_topics().filter(code=filters.topic).values_list("pk", flat=True).first() or -1
    qs = selectors.model_list(
        acting_for(request), q=filters.q or None, topic=topic, unit=filters.unit, status=filters.status
    )
    return paginate(qs, page)


@router.post(
    "/good-models", response={201: GoodModelDetail, 400: Error, 404: Error}, summary="Ghi nhận mô hình (dự thảo)"
)
def create_model(request, payload: GoodModelIn):
    acting = acting_for(request)
    m = services.model_create(acting=acting, data=_data(payload))
    return Status(201, selectors.model_get(acting, m.pk))


@router.get("/good-models/{model_id}", response={200: GoodModelDetail, 404: Error}, summary="Một mô hình")
def get_model(request, model_id: int):
    return _model(request, model_id)[1]


@router.put(
    "/good-models/{model_id}",
    response={200: GoodModelDetail, 400: Error, 404: Error, 409: Error},
    summary="Sửa mô hình",
)
def update_model(request, model_id: int, payload: GoodModelUpdate):
    acting, m = _model(request, model_id)
    services.model_update(acting=acting, good_model=m, data=_data(payload), version=payload.version)
    return selectors.model_get(acting, model_id)


@router.post(
    "/good-models/{model_id}/publish",
    response={200: GoodModelDetail, 400: Error, 404: Error},
    summary="Công bố mô hình",
)
def publish_model(request, model_id: int):
    acting, m = _model(request, model_id)
    services.model_publish(acting=acting, good_model=m)
    return selectors.model_get(acting, model_id)


@router.post(
    "/good-models/{model_id}/adopt",
    response={201: AdoptionOut, 400: Error, 404: Error, 409: Error},
    summary="Áp dụng mô hình (cơ quan nhân danh)",
)
def adopt_model(request, model_id: int, payload: AdoptIn):
    acting, m = _model(request, model_id)
    return Status(
        201, services.model_adopt(acting=acting, good_model=m, note=payload.note, adopted_on=payload.adopted_on)
    )


@router.get("/good-models/{model_id}/files", response={200: list[FileOut], 404: Error}, summary="Tệp của mô hình")
def model_files(request, model_id: int):
    acting, m = _model(request, model_id)
    return list(selectors.model_files(acting, m))


@router.post(
    "/good-models/{model_id}/files",
    response={201: list[FileOut], 400: Error, 404: Error},
    summary="Đính kèm tệp (multipart, trường files)",
)
def add_model_files(request, model_id: int, files: File[list[UploadedFile]] = None):
    acting, m = _model(request, model_id)
    return Status(201, services.model_files_add(acting=acting, good_model=m, files=files or []))


# --- one proposal -------------------------------------------------------------------------------------------


@router.get("/{commendation_id}", response={200: CommendationDetail, 404: Error}, summary="Một đề nghị khen thưởng")
def get_commendation(request, commendation_id: int):
    return _get(request, commendation_id)[1]


@router.put(
    "/{commendation_id}",
    response={200: CommendationDetail, 400: Error, 404: Error, 409: Error},
    summary="Sửa đề nghị (dự thảo)",
)
def update_commendation(request, commendation_id: int, payload: CommendationUpdate):
    acting, c = _get(request, commendation_id)
    services.commendation_update(acting=acting, commendation=c, data=_data(payload), version=payload.version)
    return selectors.commendation_get(acting, commendation_id)


def _transition(request, commendation_id: int, action: str, payload: ActionIn | None):
    acting, c = _get(request, commendation_id)
    services.commendation_transition(
        acting=acting,
        commendation=c,
        action=action,
        reason=payload.reason if payload else "",
        version=payload.version if payload else None,
    )
    return selectors.commendation_get(acting, commendation_id)


@router.post(
    "/{commendation_id}/submit",
    response={200: CommendationDetail, 400: Error, 404: Error, 409: Error},
    summary="Trình lãnh đạo duyệt",
)
def submit(request, commendation_id: int, payload: ActionIn | None = None):
    return _transition(request, commendation_id, "submit", payload)


@router.post(
    "/{commendation_id}/approve",
    response={200: CommendationDetail, 400: Error, 404: Error, 409: Error},
    summary="Lãnh đạo duyệt đề nghị",
)
def approve(request, commendation_id: int, payload: ActionIn | None = None):
    return _transition(request, commendation_id, "approve", payload)


@router.post(
    "/{commendation_id}/return",
    response={200: CommendationDetail, 400: Error, 404: Error, 409: Error},
    summary="Lãnh đạo trả lại để bổ sung (có lý do)",
)
def return_(request, commendation_id: int, payload: ActionIn):
    return _transition(request, commendation_id, "return", payload)


@router.post(
    "/{commendation_id}/reject",
    response={200: CommendationDetail, 400: Error, 404: Error, 409: Error},
    summary="Lãnh đạo không đề nghị (có lý do)",
)
def reject(request, commendation_id: int, payload: ActionIn):
    return _transition(request, commendation_id, "reject", payload)


@router.post(
    "/{commendation_id}/award",
    response={200: CommendationDetail, 400: Error, 404: Error},
    summary="Ghi nhận quyết định khen thưởng",
)
def award(request, commendation_id: int, payload: AwardIn):
    acting, c = _get(request, commendation_id)
    services.commendation_award(acting=acting, commendation=c, data=payload.dict())
    return selectors.commendation_get(acting, commendation_id)
