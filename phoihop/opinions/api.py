"""Opinion reports in the API (/api/v1/opinion/…): topics, a collaborator's reports (draft, send), the
department's reports (authors for its leaders only), the month's compilation (own or, for superiors, the
aggregate of the subtree), its DOCX/PDF, the collaborator network and participation."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse, JsonResponse
from ninja import Field, Query, Router, Schema, Status

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.core.errors import DomainError
from phoihop.opinions import permissions as perms
from phoihop.opinions import selectors, services
from phoihop.opinions.documents import month_file

router = Router(tags=["Dư luận xã hội"])


class TopicOut(Schema):
    code: str
    name: str
    kind: str


class ItemIn(Schema):
    topic: str = Field(..., max_length=40, description="Mã chủ đề (GET /opinion/topics)")
    mood: Literal["agree", "interest", "worry", "upset"]
    summary: str = Field(
        "", max_length=3000, description="Ý kiến của Nhân dân: chủ đề và tâm trạng, không ghi về người cụ thể"
    )
    proposals: str = Field("", max_length=2000)


class ReportIn(Schema):
    kind: Literal["monthly", "quick"] = "monthly"
    month: str = Field("", max_length=10, description="Tháng của báo cáo tháng: 2026-11")
    unit: str = Field("", max_length=12, description="Id đơn vị hành chính thuộc địa bàn được phân công")
    title: str = Field("", max_length=300, description="Sự việc (báo cáo nhanh)")
    happened_on: dt.date | None = None
    items: list[ItemIn] = Field(..., max_length=12)
    submit: bool = Field(False, description="Gửi ngay; nếu bị từ chối, bản nháp vẫn được lưu (draft_id)")
    open_concern: bool = Field(False, description="Báo cáo nhanh: mở luôn một vấn đề cho ban")
    severity: int = Field(2, ge=1, le=4)


class ReportUpdate(ReportIn):
    version: int


class SubmitIn(Schema):
    version: int | None = None
    open_concern: bool = False
    severity: int = Field(2, ge=1, le=4)


class ItemOut(Schema):
    topic: str
    topic_name: str
    mood: str
    summary: str
    proposals: str

    @staticmethod
    def resolve_topic(obj):
        return obj.topic.code

    @staticmethod
    def resolve_topic_name(obj):
        return obj.topic.name


class ReportOut(Schema):
    id: int
    kind: str
    status: str
    month: dt.date
    unit: Ref
    title: str
    happened_on: dt.date | None
    submitted_at: dt.datetime | None
    concern: str | None = Field(None, description="Mã theo dõi của vấn đề đã mở từ báo cáo nhanh")
    author: str | None = Field(None, description="Chỉ lãnh đạo ban nhận báo cáo (và chính tác giả) thấy")
    version: int

    @staticmethod
    def resolve_unit(obj):
        return {"id": obj.unit_id, "name": obj.unit.name}

    @staticmethod
    def resolve_concern(obj):
        return obj.concern.tracking_code if obj.concern_id else None

    @staticmethod
    def resolve_author(obj):
        return obj.author.full_name if getattr(obj, "show_author", False) else None


class ReportDetail(ReportOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class NarrativeIn(Schema):
    version: int | None = None
    due_on: dt.date | None = None
    overview: str | None = Field(None, max_length=20000)
    notable: str | None = Field(None, max_length=20000)
    forecast: str | None = Field(None, max_length=20000)
    proposals: str | None = Field(None, max_length=20000)


class CollaboratorIn(Schema):
    user: int
    units: list[int] = Field(..., max_length=200)
    sectors: list[str] = Field([], max_length=20)
    active_from: dt.date | None = None
    active_to: dt.date | None = None


class ParticipationParams(Schema):
    months: int = Field(6, ge=1, le=24, description="Số tháng gần nhất (1-24)")


class CollaboratorOut(Schema):
    id: int
    user: Ref
    units: list[Ref]
    sectors: list[str]
    active_from: dt.date
    active_to: dt.date | None
    version: int

    @staticmethod
    def resolve_user(obj):
        return {"id": obj.user_id, "name": obj.user.full_name}

    @staticmethod
    def resolve_units(obj):
        return [{"id": u.pk, "name": u.name} for u in obj.units.all()]


def _shown(acting, report):
    report.show_author = perms.sees_authors(acting, report)
    return report


def _reload(acting, report_id):
    return _shown(acting, selectors.report_get(acting, report_id))


@router.get("/topics", response=list[TopicOut], summary="Chủ đề dư luận (danh mục)")
def list_topics(request):
    acting_for(request)
    return list(selectors.topics())


@router.get("/reports", response=Page[ReportOut], summary="Báo cáo dư luận: của tôi (cộng tác viên) hoặc của ban")
def list_reports(request, page: Query[PageParams], month: str = "", kind: Literal["monthly", "quick", ""] = ""):
    acting = acting_for(request)
    m = services.parse_month(month) if month else None
    qs = selectors.report_list(acting, month=m, kind=kind or None).select_related("author", "concern")
    result = paginate(qs, page)
    result["items"] = [_shown(acting, r) for r in result["items"]]
    return result


@router.post(
    "/reports",
    response={201: ReportDetail, 400: Error, 404: Error, 409: Error},
    summary="Lập báo cáo (nháp, hoặc gửi ngay)",
)
def create_report(request, payload: ReportIn):
    acting = acting_for(request)
    data = payload.dict()
    report = services.report_save(acting=acting, data=data)
    if payload.submit:
        try:
            services.report_submit(
                acting=acting, report=report, open_concern=payload.open_concern, severity=payload.severity
            )
        except DomainError as e:
            return JsonResponse({**e.as_dict(), "draft_id": report.pk}, status=e.status)
    return Status(201, _reload(acting, report.pk))


@router.get("/reports/{report_id}", response={200: ReportDetail, 404: Error}, summary="Một báo cáo")
def get_report(request, report_id: int):
    return _reload(acting_for(request), report_id)


@router.put(
    "/reports/{report_id}", response={200: ReportDetail, 400: Error, 404: Error, 409: Error}, summary="Sửa bản nháp"
)
def update_report(request, report_id: int, payload: ReportUpdate):
    acting = acting_for(request)
    report = selectors.report_get(acting, report_id)
    services.report_save(acting=acting, report=report, data=payload.dict(), version=payload.version)
    return _reload(acting, report_id)


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportDetail, 400: Error, 404: Error, 409: Error},
    summary="Gửi bản nháp",
)
def submit_report(request, report_id: int, payload: SubmitIn):
    acting = acting_for(request)
    report = selectors.report_get(acting, report_id)
    services.report_submit(
        acting=acting,
        report=report,
        version=payload.version,
        open_concern=payload.open_concern,
        severity=payload.severity,
    )
    return _reload(acting, report_id)


@router.get(
    "/compilations/{month}", response={200: dict, 400: Error, 404: Error}, summary="Tổng hợp dư luận tháng (2026-11)"
)
def get_compilation(request, month: str, scope: Literal["own", "subtree"] = "own"):
    acting = acting_for(request)
    data = selectors.compilation(acting, services.parse_month(month), subtree=scope == "subtree")
    row = data["row"]
    return {
        "organization": {"id": data["organization"].pk, "name": data["organization"].name},
        "month": data["month"].isoformat(),
        "status": row.status if row else "open",
        "due_on": (row.due_on if row else services.default_due(data["month"])).isoformat(),
        "number_line": row.number_line if row else "",
        "narrative": {k: getattr(row, k) if row else "" for k in services.NARRATIVE},
        "version": row.version if row else None,
        "figures": data["figures"],
        "departments": data["departments"],
    }


@router.put(
    "/compilations/{month}",
    response={200: dict, 400: Error, 404: Error, 409: Error},
    summary="Sửa phần nhận định của tháng",
)
def update_compilation(request, month: str, payload: NarrativeIn):
    acting = acting_for(request)
    data = {k: v for k, v in payload.dict().items() if v is not None and k != "version"}
    services.month_update(acting=acting, month=services.parse_month(month), data=data, version=payload.version)
    return get_compilation(request, month)


@router.post(
    "/compilations/{month}/close",
    response={200: dict, 400: Error, 404: Error, 409: Error},
    summary="Chốt tháng, cấp số báo cáo",
)
def close_compilation(request, month: str, version: int | None = None):
    acting = acting_for(request)
    services.month_close(acting=acting, month=services.parse_month(month), version=version)
    return get_compilation(request, month)


@router.get(
    "/compilations/{month}/{fmt}", response={200: None, 400: Error, 404: Error}, summary="Báo cáo tháng: docx hoặc pdf"
)
def compilation_file(request, month: str, fmt: Literal["docx", "pdf"]):
    acting = acting_for(request)
    data = selectors.compilation(acting, services.parse_month(month))
    content, name, ctype = month_file(data["organization"], data["month"], data["row"], data["figures"], fmt)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/collaborators", response=Page[CollaboratorOut], summary="Mạng lưới cộng tác viên của ban")
def list_collaborators(request, page: Query[PageParams]):
    return paginate(selectors.collaborators(acting_for(request)), page)


@router.post(
    "/collaborators",
    response={201: CollaboratorOut, 400: Error, 404: Error},
    summary="Thêm cộng tác viên vào mạng lưới",
)
def add_collaborator(request, payload: CollaboratorIn):
    from phoihop.accounts.models import User

    acting = acting_for(request)
    user = User.objects.filter(pk=payload.user).first()
    c = services.collaborator_save(
        acting=acting,
        user=user,
        units=payload.units,
        sectors=payload.sectors,
        active_from=payload.active_from,
        active_to=payload.active_to,
    )
    return Status(201, selectors.collaborators(acting).get(pk=c.pk))


@router.get("/participation", response={200: dict, 404: Error}, summary="Bảng tham gia báo cáo theo tháng")
def get_participation(request, months: Query[ParticipationParams]):
    from django.utils import timezone

    acting = acting_for(request)
    last = services.month_of(timezone.localdate())
    month_list = [last]
    while len(month_list) < months.months:
        month_list.append(services.previous_month(month_list[-1]))
    month_list.reverse()
    rows = selectors.participation(acting, month_list)
    return {
        "months": [m.isoformat()[:7] for m in month_list],
        "rows": [
            {
                "collaborator": {"id": r["collaborator"].user_id, "name": r["collaborator"].user.full_name},
                "cells": r["cells"],
            }
            for r in rows
        ],
    }
