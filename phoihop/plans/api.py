import datetime as dt

from django.http import HttpResponse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from phoihop.accounts.acting import acting_for
from phoihop.accounts.models import User
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.core.errors import ValidationFailed
from phoihop.orgs.models import Organization
from phoihop.plans import exports, selectors, services
from phoihop.plans.models import Recurrence, TaskKind, TaskStatus
from phoihop.programs.models import ProgramContent
from phoihop.programs.selectors import program_get

router = Router(tags=["Kế hoạch và nhiệm vụ"])


class ApprovalOut(Schema):
    organization: Ref
    state: str
    note: str
    at: dt.datetime | None


class PlanOut(Schema):
    id: int
    program: Ref
    year: int
    title: str
    status: str
    approved_on: dt.date | None
    number_line: str
    version: int

    @staticmethod
    def resolve_program(obj):
        return {"id": obj.program_id, "name": obj.program.title}


class PlanDetail(PlanOut):
    approvals: list[ApprovalOut]

    @staticmethod
    def resolve_approvals(obj):
        return list(obj.approvals.all())


class PlanIn(Schema):
    program: int = Field(..., ge=1)
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field("", max_length=500)


class ContentRef(Schema):
    id: int
    number: int


class UserRef(Schema):
    id: int
    full_name: str


class TaskOut(Schema):
    id: int
    title: str
    plan_id: int | None
    content: ContentRef | None
    lead: Ref
    owner: Ref
    kind: str
    recurrence: str
    deadline: dt.date | None
    status: str
    percent: int
    overdue: bool
    version: int

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue()


class ProgressOut(Schema):
    id: int
    text: str
    percent: int
    at: dt.datetime
    by: UserRef | None
    organization: Ref | None


class CommentOut(Schema):
    id: int
    text: str
    at: dt.datetime
    by: UserRef | None
    organization: Ref | None


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    action: str
    at: dt.datetime
    reason: str


class TaskDetail(TaskOut):
    description: str
    expected_output: str
    due_day: int | None
    period: str
    completed_on: dt.date | None
    partners: list[Ref]
    assignees: list[UserRef]
    status_changes: list[StatusChangeOut]
    progress_reports: list[ProgressOut]
    comments: list[CommentOut]

    @staticmethod
    def resolve_partners(obj):
        return list(obj.partners.all())

    @staticmethod
    def resolve_assignees(obj):
        return list(obj.assignees.all())

    @staticmethod
    def resolve_status_changes(obj):
        return list(obj.status_changes.all())

    @staticmethod
    def resolve_progress_reports(obj):
        return list(obj.progress_reports.all())

    @staticmethod
    def resolve_comments(obj):
        return list(obj.comments.all())


class TaskFields(Schema):
    title: str | None = Field(None, min_length=1, max_length=500)
    description: str | None = Field(None, max_length=20000)
    content: int | None = Field(None, ge=1)
    lead: int | None = Field(None, ge=1)
    partners: list[int] | None = Field(None, max_length=50)
    assignees: list[int] | None = Field(None, max_length=50)
    kind: TaskKind | None = None
    recurrence: Recurrence | None = None
    due_day: int | None = Field(None, ge=1, le=31)
    deadline: dt.date | None = None
    expected_output: str | None = Field(None, max_length=500)


class TaskIn(TaskFields):
    title: str = Field(..., min_length=1, max_length=500)
    lead: int = Field(..., ge=1)
    plan: int | None = Field(None, ge=1)


class TaskPatch(TaskFields):
    version: int = Field(..., ge=1)


class ReasonIn(Schema):
    reason: str = Field("", max_length=5000)


class CommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=5000)


class RespondIn(Schema):
    agree: bool
    note: str = Field("", max_length=10000)


class PlanTransitionIn(Schema):
    approved_on: dt.date | None = None


class TaskFilters(Schema):
    q: str | None = Field(None, max_length=100)
    status: TaskStatus | None = Field(None, description="hoặc bỏ trống; dùng open=true cho các việc chưa xong")
    open: bool = False
    content: int | None = Field(None, ge=1)
    plan: int | None = Field(None, ge=1)
    organization: int | None = Field(None, ge=1, description="Nhiệm vụ do cơ quan này hoặc cơ quan cấp dưới chủ trì")
    overdue: bool = False
    assigned_to_me: bool = False


class QueueOut(Schema):
    count: int
    items: list[TaskOut]


class MyWorkOut(Schema):
    assigned: QueueOut
    to_accept: QueueOut
    overdue: QueueOut
    due_soon: QueueOut
    org_open: QueueOut


def _resolve(payload: TaskFields) -> dict:
    data = payload.dict(exclude_unset=True, exclude={"version", "plan"})
    if data.get("lead") is not None:
        data["lead"] = Organization.objects.filter(pk=data["lead"]).first() or _missing("lead", "cơ quan chủ trì")
    if data.get("partners") is not None:
        found = Organization.objects.in_bulk(data["partners"])
        if len(found) != len(set(data["partners"])):
            _missing("partners", "cơ quan phối hợp")
        data["partners"] = list(found.values())
    if data.get("assignees") is not None:
        found = User.objects.in_bulk(data["assignees"])
        if len(found) != len(set(data["assignees"])):
            _missing("assignees", "người thực hiện")
        data["assignees"] = list(found.values())
    if data.get("content") is not None:
        data["content"] = ProgramContent.objects.filter(pk=data["content"]).first() or _missing(
            "content", "nội dung phối hợp"
        )
    for key in ("kind", "recurrence"):
        if data.get(key) is None:
            data.pop(key, None)
    return data


def _missing(field: str, label: str):
    raise ValidationFailed(f"Không có {label} này.", field=field)


def _task(request, task_id):
    return selectors.task_get(acting=acting_for(request), task_id=task_id)


def _plan(request, plan_id):
    return selectors.plan_get(acting=acting_for(request), plan_id=plan_id)


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- plans ---------------------------------------------------------------------------------------------


@router.get("/plans", response=Page[PlanOut], summary="Kế hoạch phối hợp hằng năm")
def list_plans(request, page: Query[PageParams], program: int | None = None, year: int | None = None):
    return paginate(selectors.plan_list(acting=acting_for(request), program_id=program, year=year), page)


@router.post(
    "/plans", response={201: PlanDetail, 400: Error, 404: Error}, summary="Lập kế hoạch năm của một chương trình"
)
def create_plan(request, payload: PlanIn):
    acting = acting_for(request)
    plan = services.plan_create(
        acting=acting,
        program=program_get(acting=acting, program_id=payload.program),
        year=payload.year,
        title=payload.title,
    )
    return Status(201, _plan(request, plan.pk))


@router.get("/plans/{plan_id}", response={200: PlanDetail, 404: Error})
def get_plan(request, plan_id: int):
    return _plan(request, plan_id)


@router.post(
    "/plans/{plan_id}/respond",
    response={200: PlanDetail, 400: Error, 404: Error},
    summary="Một bên nhất trí hoặc góp ý",
)
def respond_plan(request, plan_id: int, payload: RespondIn):
    services.plan_respond(
        acting=acting_for(request), plan=_plan(request, plan_id), agree=payload.agree, note=payload.note
    )
    return _plan(request, plan_id)


@router.post(
    "/plans/{plan_id}/transitions/{action}",
    response={200: PlanDetail, 400: Error, 404: Error},
    summary="circulate, issue, close",
)
def transition_plan(request, plan_id: int, action: str, payload: PlanTransitionIn):
    services.plan_transition(
        acting=acting_for(request), plan=_plan(request, plan_id), action=action, approved_on=payload.approved_on
    )
    return _plan(request, plan_id)


@router.get(
    "/plans/{plan_id}/tasks.xlsx", response={200: None, 404: Error}, summary="Mọi trường của các nhiệm vụ (Excel)"
)
def plan_tasks_xlsx(request, plan_id: int):
    plan = _plan(request, plan_id)
    return _file(exports.tasks_workbook(plan), f"ke-hoach-{plan.year}-nhiem-vu.xlsx", exports.XLSX)


@router.get("/plans/{plan_id}/template.xlsx", response={200: None, 404: Error}, summary="Mẫu Excel để nhập nhiệm vụ")
def plan_template_xlsx(request, plan_id: int):
    plan = _plan(request, plan_id)
    return _file(exports.import_template(plan), f"mau-nhap-nhiem-vu-{plan.year}.xlsx", exports.XLSX)


@router.post(
    "/plans/{plan_id}/tasks/import",
    response={201: list[TaskOut], 400: Error, 404: Error},
    summary="Nhập nhiệm vụ từ Excel: tất cả hoặc không dòng nào",
)
def plan_import(request, plan_id: int, file: File[UploadedFile]):
    tasks = exports.tasks_import(acting=acting_for(request), plan=_plan(request, plan_id), upload=file)
    return Status(201, tasks)


@router.get(
    "/plans/{plan_id}/document.{fmt}",
    response={200: None, 400: Error, 404: Error},
    summary="Văn bản kế hoạch: docx hoặc pdf",
)
def plan_document(request, plan_id: int, fmt: str):
    return _file(*exports.plan_file(_plan(request, plan_id), fmt))


# --- tasks ---------------------------------------------------------------------------------------------


@router.get("/tasks", response=Page[TaskOut], summary="Nhiệm vụ mà cơ quan xem được, có bộ lọc")
def list_tasks(request, filters: Query[TaskFilters], page: Query[PageParams]):
    acting = acting_for(request)
    org = Organization.objects.filter(pk=filters.organization).first() if filters.organization else None
    if filters.organization and org is None:
        _missing("organization", "cơ quan")
    qs = selectors.task_list(
        acting=acting,
        q=filters.q,
        status="open" if filters.open else filters.status,
        content_id=filters.content,
        plan_id=filters.plan,
        org=org,
        overdue=filters.overdue,
        assigned_to_me=filters.assigned_to_me,
    )
    return paginate(qs, page)


@router.get("/my-work", response=MyWorkOut, summary="Việc cần làm của tôi và của cơ quan tôi")
def my_work(request):
    queues = selectors.my_work(acting=acting_for(request))
    return {name: {"count": count, "items": rows} for name, (rows, count) in queues.items()}


@router.post(
    "/tasks", response={201: TaskDetail, 400: Error, 404: Error}, summary="Giao nhiệm vụ (trong kế hoạch hoặc đột xuất)"
)
def create_task(request, payload: TaskIn):
    acting = acting_for(request)
    plan = selectors.plan_get(acting=acting, plan_id=payload.plan) if payload.plan else None
    task = services.task_create(acting=acting, plan=plan, **_resolve(payload))
    return Status(201, _task(request, task.pk))


@router.get("/tasks/{task_id}", response={200: TaskDetail, 404: Error})
def get_task(request, task_id: int):
    return _task(request, task_id)


@router.patch("/tasks/{task_id}", response={200: TaskDetail, 400: Error, 404: Error, 409: Error})
def update_task(request, task_id: int, payload: TaskPatch):
    services.task_update(
        acting=acting_for(request), task=_task(request, task_id), version=payload.version, **_resolve(payload)
    )
    return _task(request, task_id)


@router.post(
    "/tasks/{task_id}/transitions/{action}",
    response={200: TaskDetail, 400: Error, 404: Error},
    summary="start, submit, accept, return, cancel, reopen",
)
def transition_task(request, task_id: int, action: str, payload: ReasonIn):
    services.task_transition(
        acting=acting_for(request), task=_task(request, task_id), action=action, reason=payload.reason
    )
    return _task(request, task_id)


@router.post(
    "/tasks/{task_id}/progress",
    response={201: ProgressOut, 400: Error, 404: Error},
    summary="Báo cáo tiến độ (nội dung, %, tệp minh chứng)",
)
def add_progress(request, task_id: int, text: Form[str], percent: Form[int], files: File[list[UploadedFile]] = None):
    report = services.progress_report_add(
        acting=acting_for(request), task=_task(request, task_id), text=text, percent=percent, files=files or []
    )
    return Status(201, report)


@router.post("/tasks/{task_id}/comments", response={201: CommentOut, 400: Error, 404: Error}, summary="Ý kiến trao đổi")
def add_comment(request, task_id: int, payload: CommentIn):
    return Status(
        201, services.task_comment_add(acting=acting_for(request), task=_task(request, task_id), text=payload.text)
    )
