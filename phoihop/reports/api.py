"""Reports in the API (/api/v1/reports/…): kinds, reports (create, read, edit the narrative, compile again,
the approval workflow and submission, new versions, DOCX/PDF/XLSX), calls for reports with the
submissions of each organisation asked, and roll-ups."""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.reports import selectors, services
from phoihop.reports.documents import report_file
from phoihop.reports.sentences import period_name, sentences
from phoihop.reports.workflows import available

router = Router(tags=["Báo cáo"])


class KindOut(Schema):
    code: str
    name: str
    period: str


class ReportIn(Schema):
    kind: str = Field("", max_length=30, description="Mã loại báo cáo (GET /reports/kinds); bỏ trống khi theo kỳ")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    cutoff: dt.date | None = Field(None, description="Số liệu tính đến ngày (mặc định: hết kỳ)")
    deadline: dt.date | None = None
    program: int | None = Field(None, description="Báo cáo về một chương trình phối hợp")
    subtree: bool = Field(False, description="Tính cả các cơ quan thuộc địa bàn cấp dưới")
    call: int | None = Field(None, description="Trả lời kỳ báo cáo cấp trên yêu cầu")
    rollup: bool = Field(False, description="Báo cáo tổng hợp của cơ quan yêu cầu, cộng số liệu cấp dưới đã gửi")
    title: str = Field("", max_length=400)


class ReportUpdate(Schema):
    version: int | None = None
    title: str | None = Field(None, max_length=400)
    results: str | None = Field(None, max_length=50000)
    limitations: str | None = Field(None, max_length=50000)
    lessons: str | None = Field(None, max_length=50000)
    directions: str | None = Field(None, max_length=50000)
    proposals: str | None = Field(None, max_length=50000)
    signer_name: str | None = Field(None, max_length=120)
    signer_title: str | None = Field(None, max_length=160)


class TransitionIn(Schema):
    action: Literal["request_approval", "approve", "return", "reopen", "submit"]
    reason: str = Field("", max_length=2000)
    version: int | None = None


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class ReportOut(Schema):
    id: int
    organization: Ref
    kind: KindOut
    title: str
    date_from: dt.date
    date_to: dt.date
    cutoff: dt.date
    deadline: dt.date
    status: str
    rollup: bool
    subtree: bool
    program: Ref | None
    call: int | None = Field(None, description="Kỳ báo cáo")
    number_line: str
    submitted_at: dt.datetime | None
    submitted_late: bool
    revision: int
    version: int

    @staticmethod
    def resolve_organization(obj):
        return {"id": obj.organization_id, "name": obj.organization.name}

    @staticmethod
    def resolve_program(obj):
        return {"id": obj.program_id, "name": obj.program.title} if obj.program_id else None

    @staticmethod
    def resolve_call(obj):
        return obj.call_id


class ReportDetail(ReportOut):
    results: str
    limitations: str
    lessons: str
    directions: str
    proposals: str
    signer_name: str
    signer_title: str
    revision_reason: str
    compiled_at: dt.datetime | None
    figures: dict = Field(..., description="Số liệu: current (kỳ này), previous (kỳ trước), submissions (tổng hợp)")
    sentences: dict
    actions: list[str]

    @staticmethod
    def resolve_sentences(obj):
        return sentences(obj.figures or {}, period_name(obj.date_from, obj.date_to))

    @staticmethod
    def resolve_actions(obj):
        return [t.action for t in available(obj.status)]


class CallIn(Schema):
    kind: str = Field(..., max_length=30)
    title: str = Field(..., max_length=300)
    date_from: dt.date
    date_to: dt.date
    cutoff: dt.date | None = None
    deadline: dt.date
    program: int | None = None
    instructions: str = Field("", max_length=5000)
    addressees: list[int] = Field(..., max_length=500)


class CallOut(Schema):
    id: int
    requester: Ref
    kind: KindOut
    title: str
    date_from: dt.date
    date_to: dt.date
    cutoff: dt.date
    deadline: dt.date
    instructions: str

    @staticmethod
    def resolve_requester(obj):
        return {"id": obj.requester_id, "name": obj.requester.name}


class SubmissionOut(Schema):
    organization: Ref
    state: Literal["on_time", "late", "missing", "preparing", "not_yet_due"]
    label: str
    report: int | None = Field(None, description="Báo cáo đã gửi (id); bản dự thảo không hiện cho cấp trên")
    submitted_at: dt.datetime | None = None


class CallDetail(CallOut):
    submissions: list[SubmissionOut]
    rollup: int | None = Field(None, description="Báo cáo tổng hợp của kỳ (id)")


class ListParams(PageParams):
    kind: str = Field("", max_length=30)
    status: Literal["draft", "pending", "approved", "submitted", "replaced", ""] = ""
    organization: int | None = Field(None, ge=1, le=2**31 - 1)
    mine: bool = False


def _detail(acting, report_id):
    return selectors.report_get(acting=acting, report_id=report_id)


@router.get("/reports/kinds", response=list[KindOut], summary="Loại báo cáo (danh mục)")
def list_kinds(request):
    acting_for(request)
    return list(selectors.kinds())


@router.get("/reports", response=Page[ReportOut], summary="Báo cáo của cơ quan và báo cáo cấp dưới đã gửi")
def list_reports(request, params: Query[ListParams]):
    acting = acting_for(request)
    qs = selectors.report_list(
        acting=acting,
        kind=params.kind or None,
        status=params.status or None,
        organization_id=params.organization,
        mine=params.mine,
    )
    return paginate(qs, params)


@router.post(
    "/reports", response={201: ReportDetail, 400: Error, 404: Error}, summary="Lập báo cáo (số liệu tự tổng hợp)"
)
def create_report(request, payload: ReportIn):
    acting = acting_for(request)
    report = services.report_create(acting=acting, data=payload.dict())
    return Status(201, _detail(acting, report.pk))


@router.get("/reports/calls", response=Page[CallOut], summary="Kỳ báo cáo: đã yêu cầu và được yêu cầu")
def list_calls(request, page: Query[PageParams]):
    return paginate(selectors.call_list(acting=acting_for(request)), page)


@router.post("/reports/calls", response={201: CallDetail, 400: Error, 404: Error}, summary="Yêu cầu cấp dưới báo cáo")
def create_call(request, payload: CallIn):
    acting = acting_for(request)
    call = services.call_create(acting=acting, data=payload.dict())
    return Status(201, get_call(request, call.pk))


@router.get("/reports/calls/{call_id}", response={200: CallDetail, 404: Error}, summary="Kỳ báo cáo và tình hình gửi")
def get_call(request, call_id: int):
    acting = acting_for(request)
    call = selectors.call_get(acting=acting, call_id=call_id)
    rollup = selectors.call_rollup(call)
    call.submissions = [
        {
            "organization": {"id": r["organization"].pk, "name": r["organization"].name},
            "state": r["state"],
            "label": r["label"],
            "report": r["report"].pk if r["report"] is not None and r["report"].frozen else None,
            "submitted_at": r["report"].submitted_at if r["report"] is not None and r["report"].frozen else None,
        }
        for r in selectors.call_submissions(call)
    ]
    call.rollup = rollup.pk if rollup and selectors.perms.reads(acting, rollup) else None
    return call


@router.get("/reports/{report_id}", response={200: ReportDetail, 404: Error}, summary="Một báo cáo với số liệu")
def get_report(request, report_id: int):
    return _detail(acting_for(request), report_id)


@router.put(
    "/reports/{report_id}", response={200: ReportDetail, 400: Error, 404: Error, 409: Error}, summary="Sửa dự thảo"
)
def update_report(request, report_id: int, payload: ReportUpdate):
    acting = acting_for(request)
    report = _detail(acting, report_id)
    data = {k: v for k, v in payload.dict().items() if v is not None and k != "version"}
    services.report_update(acting=acting, report=report, data=data, version=payload.version)
    return _detail(acting, report_id)


@router.post(
    "/reports/{report_id}/compile",
    response={200: ReportDetail, 400: Error, 404: Error},
    summary="Tổng hợp lại số liệu (dự thảo)",
)
def compile_report(request, report_id: int):
    acting = acting_for(request)
    services.report_compile(acting=acting, report=_detail(acting, report_id))
    return _detail(acting, report_id)


@router.post(
    "/reports/{report_id}/transition",
    response={200: ReportDetail, 400: Error, 404: Error, 409: Error},
    summary="Trình duyệt, duyệt, trả lại, mở lại, gửi",
)
def transition_report(request, report_id: int, payload: TransitionIn):
    acting = acting_for(request)
    services.report_transition(
        acting=acting,
        report=_detail(acting, report_id),
        action=payload.action,
        reason=payload.reason,
        version=payload.version,
    )
    return _detail(acting, report_id)


@router.post(
    "/reports/{report_id}/new-version",
    response={201: ReportDetail, 400: Error, 404: Error},
    summary="Lập bản mới của báo cáo đã gửi (ghi lý do)",
)
def new_version(request, report_id: int, payload: ReasonIn):
    acting = acting_for(request)
    new = services.report_new_version(acting=acting, report=_detail(acting, report_id), reason=payload.reason)
    return Status(201, _detail(acting, new.pk))


@router.get(
    "/reports/{report_id}/{fmt}",
    response={200: None, 400: Error, 404: Error},
    summary="Báo cáo: docx, pdf hoặc phụ lục xlsx",
)
def export_report(request, report_id: int, fmt: Literal["docx", "pdf", "xlsx"]):
    report = _detail(acting_for(request), report_id)
    content, name, content_type = report_file(report, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
