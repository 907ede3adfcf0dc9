"""Pages of annual plans and tasks: plan detail with approvals, documents and Excel; the task list, forms and
detail with the workflow, progress reports (with evidence files) and comments."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from phoihop.accounts.models import Membership, User
from phoihop.accounts.permissions import WORKING_ROLES, has_action
from phoihop.core.errors import DomainError, NotFound, ValidationFailed
from phoihop.core.web import paginate, parse_id, query_without_page, render_page, submit, xlsx_response
from phoihop.orgs.models import Organization
from phoihop.plans import exports, selectors, services
from phoihop.plans import permissions as perms
from phoihop.plans.forms import (
    CommentForm,
    ImportForm,
    IssueForm,
    ProgressForm,
    TaskForm,
    TaskReasonForm,
)
from phoihop.plans.models import PlanApproval, PlanStatus, Task, TaskKind, TaskStatus
from phoihop.plans.workflows import TRANSITIONS, available
from phoihop.programs.forms import RespondForm
from phoihop.programs.models import ProgramContent
from phoihop.programs.selectors import program_list

PLAN_ACTIONS = {
    "circulate": ("Gửi lấy ý kiến các bên", (PlanStatus.DRAFT,)),
    "issue": ("Ban hành kế hoạch (cấp số)", (PlanStatus.DRAFT, PlanStatus.CIRCULATING)),
    "close": ("Kết thúc kế hoạch", (PlanStatus.APPROVED,)),
}
PROGRESS_OWNER = "plans.progressreport"


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- plans ---------------------------------------------------------------------------------------------


def _plan_context(request, plan, **forms) -> dict:
    acting = request.acting
    manage = perms.can_manage_plan(acting, plan)
    actions = []
    if manage:
        for action, (label, sources) in PLAN_ACTIONS.items():
            if plan.status in sources:
                form = forms.get(f"action_{action}")
                if form is None and action == "issue":
                    form = IssueForm(prefix="issue")
                actions.append({"action": action, "label": label, "form": form, "open": f"action_{action}" in forms})
    approvals = list(plan.approvals.all())
    can_respond = perms.can_approve_plan(acting, plan) and plan.status == PlanStatus.CIRCULATING
    my_approval = next((a for a in approvals if acting.org and a.organization_id == acting.org.id), None)
    can_add = manage and plan.status != PlanStatus.CLOSED
    return {
        "plan": plan,
        "program": plan.program,
        "approvals": approvals,
        "pending": [a for a in approvals if a.state == PlanApproval.State.PENDING],
        "tasks": list(selectors.plan_tasks(plan=plan)),
        "can_manage": manage,
        "actions": actions,
        "can_respond": can_respond,
        "my_approval": my_approval,
        "respond_form": forms.get("respond_form") or (RespondForm() if can_respond else None),
        "can_add_task": can_add,
        "import_form": forms.get("import_form") or (ImportForm() if can_add else None),
        "import_errors": forms.get("import_errors") or [],
    }


@require_safe
def plan_detail(request, plan_id):
    plan = selectors.plan_get(acting=request.acting, plan_id=plan_id)
    return render(request, "plans/plan_detail.html", _plan_context(request, plan))


@require_POST
def plan_respond(request, plan_id):
    acting = request.acting
    plan = selectors.plan_get(acting=acting, plan_id=plan_id)
    form = RespondForm(request.POST)
    outcome = submit(
        request,
        form,
        lambda d: services.plan_respond(acting=acting, plan=plan, agree=d["decision"] == "agree", note=d["note"]),
    )
    if outcome.ok:
        messages.success(request, "Đã gửi ý kiến về dự thảo kế hoạch.")
        return redirect("plans:detail", plan_id=plan.pk)
    context = _plan_context(request, plan, respond_form=form)
    return render(request, "plans/plan_detail.html", context, status=outcome.status)


@require_POST
def plan_action(request, plan_id, action):
    acting = request.acting
    plan = selectors.plan_get(acting=acting, plan_id=plan_id)
    if action not in PLAN_ACTIONS or not perms.can_manage_plan(acting, plan):
        raise NotFound()
    label = PLAN_ACTIONS[action][0]
    if action != "issue":
        services.plan_transition(acting=acting, plan=plan, action=action)
        messages.success(request, f"Đã thực hiện: {label}.")
        return redirect("plans:detail", plan_id=plan.pk)
    form = IssueForm(request.POST, prefix="issue")
    outcome = submit(request, form, lambda d: services.plan_transition(acting=acting, plan=plan, action=action, **d))
    if outcome.ok:
        messages.success(request, f"Đã ban hành kế hoạch. {outcome.value.number_line}.")
        return redirect("plans:detail", plan_id=plan.pk)
    context = _plan_context(request, plan, action_issue=form)
    return render(request, "plans/plan_detail.html", context, status=outcome.status)


@require_POST
def plan_import(request, plan_id):
    """Tasks from the Excel template: all rows or none; every bad row is listed."""
    acting = request.acting
    plan = selectors.plan_get(acting=acting, plan_id=plan_id)
    if not perms.can_manage_plan(acting, plan) or plan.status == PlanStatus.CLOSED:
        raise NotFound()
    form = ImportForm(request.POST, request.FILES)
    row_errors: list[str] = []
    if form.is_valid():
        try:
            tasks = exports.tasks_import(acting=acting, plan=plan, upload=form.cleaned_data["file"])
        except NotFound:
            raise
        except DomainError as e:
            form.add_error("file", str(e.message))
            row_errors = [str(m) for messages_ in e.errors.values() for m in messages_ if str(m) != str(e.message)]
        else:
            messages.success(request, f"Đã nhập {len(tasks)} nhiệm vụ từ tệp Excel.")
            return redirect("plans:detail", plan_id=plan.pk)
    context = _plan_context(request, plan, import_form=form, import_errors=row_errors)
    return render(request, "plans/plan_detail.html", context, status=400)


@require_safe
def plan_document(request, plan_id, fmt):
    plan = selectors.plan_get(acting=request.acting, plan_id=plan_id)
    return _file(*exports.plan_file(plan, fmt))


@require_safe
def plan_tasks_xlsx(request, plan_id):
    plan = selectors.plan_get(acting=request.acting, plan_id=plan_id)
    return _file(exports.tasks_workbook(plan), f"ke-hoach-{plan.year}-nhiem-vu.xlsx", exports.XLSX)


@require_safe
def plan_template_xlsx(request, plan_id):
    plan = selectors.plan_get(acting=request.acting, plan_id=plan_id)
    return _file(exports.import_template(plan), f"mau-nhap-nhiem-vu-{plan.year}.xlsx", exports.XLSX)


# --- task list -----------------------------------------------------------------------------------------

STATUS_FILTERS = [("open", "Chưa xong (chưa thực hiện, đang thực hiện, chờ nghiệm thu)"), *TaskStatus.choices]


def _may_give_tasks(acting) -> bool:
    return acting.org is not None and has_action(acting, "task.accept")


def task_list(request):
    acting = request.acting
    g = request.GET
    q = g.get("q", "")[:100]
    status = g.get("status", "")
    status = status if status in dict(STATUS_FILTERS) else ""
    content_id = parse_id(g.get("content"))
    org_id = parse_id(g.get("org"))
    org = Organization.objects.filter(pk=org_id).first() if org_id else None
    overdue = g.get("overdue") == "1"
    mine = g.get("mine") == "1"
    qs = selectors.task_list(
        acting=acting,
        q=q,
        status=status or None,
        content_id=content_id,
        org=org,
        overdue=overdue,
        assigned_to_me=mine,
    )
    if g.get("format") == "xlsx":
        rows = (
            [
                t.pk,
                t.title,
                t.plan.title if t.plan else "Đột xuất (ngoài kế hoạch)",
                t.content.number if t.content else "",
                t.lead.name,
                t.owner.name,
                t.deadline.strftime("%d/%m/%Y") if t.deadline else "",
                t.get_status_display(),
                t.percent,
                "Có" if t.is_overdue() else "",
                t.expected_output,
            ]
            for t in qs[:50000]
        )
        return xlsx_response(
            "nhiem-vu",
            "Nhiệm vụ",
            [
                "Mã",
                "Nhiệm vụ",
                "Kế hoạch",
                "Nội dung số",
                "Cơ quan chủ trì",
                "Cơ quan theo dõi",
                "Thời hạn",
                "Trạng thái",
                "Tiến độ (%)",
                "Quá hạn",
                "Sản phẩm dự kiến",
            ],
            rows,
        )
    programs = program_list(acting=acting).prefetch_related(
        Prefetch("contents", queryset=ProgramContent.objects.order_by("number"))
    )[:50]
    context = {
        "page": paginate(request, qs),
        "f": {"q": q, "status": status, "content": content_id, "overdue": overdue, "mine": mine},
        "org": org,
        "statuses": STATUS_FILTERS,
        "programs": programs,
        "query": query_without_page(request),
        "can_create": _may_give_tasks(acting),
    }
    return render_page(request, "plans/task_list.html", context, partial="results")


# --- task forms ----------------------------------------------------------------------------------------

_ORG_FIELDS = ("lead", *(f"partner_{i}" for i in range(1, 11)))


def _people(org_ids, keep_ids=()) -> list[User]:
    """The plausible assignees: active officers, leaders and administrators of the organisations, plus those
    already chosen (collaborators and viewers are never offered)."""
    members = Membership.objects.active().filter(organization_id__in=[i for i in org_ids if i], role__in=WORKING_ROLES)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=members.values("user_id")) | Q(pk__in=[k for k in keep_ids if k]))
        .order_by("sort_key", "id")
    )


def _task_form(request, acting, *, plan=None, task=None):
    data = request.POST or None
    initial = None
    partner_rows = 5
    if task is not None:
        partners = list(task.partners.all())
        partner_rows = max(5, len(partners) + 1)
        initial = {
            "title": task.title,
            "description": task.description,
            "content": task.content_id,
            "lead": task.lead_id,
            "assignees": [u.pk for u in task.assignees.all()],
            "kind": task.kind,
            "recurrence": task.recurrence,
            "due_day": task.due_day,
            "deadline": task.deadline,
            "expected_output": task.expected_output,
            "version": task.version,
        } | {f"partner_{i}": o.pk for i, o in enumerate(partners, start=1)}
    if data is not None:
        chosen = [parse_id(data.get(k)) for k in _ORG_FIELDS]
        keep = [parse_id(v) for v in data.getlist("assignees")[:50]]
    else:
        chosen = [(initial or {}).get(k) for k in _ORG_FIELDS]
        keep = (initial or {}).get("assignees", [])
    orgs = Organization.objects.in_bulk([i for i in chosen if i])
    if plan is not None:
        context_orgs = [p.organization_id for p in plan.program.parties.all()]
    else:
        context_orgs = [acting.org.pk] if acting.org else []
    if initial is None and plan is None:
        initial = {"kind": TaskKind.ADHOC}  # given outside a plan: đột xuất unless said otherwise
    form = TaskForm(
        data,
        initial=initial,
        plan=plan,
        orgs=orgs,
        assignee_queryset=_people([*context_orgs, *chosen], keep),
        partner_rows=partner_rows,
    )
    return form, initial


def _partners_error_at_row(perform):
    """The service names the partner list “partners”; the form shows that next to the first partner row."""

    def run(d):
        try:
            return perform(d)
        except ValidationFailed as e:
            if "partners" in e.errors:
                e.errors["partner_1"] = e.errors.pop("partners")
            if e.field == "partners":
                e.field = "partner_1"
            raise

    return run


TASK_INPUTS = ("title", "description", "lead", "kind", "recurrence", "due_day", "deadline", "expected_output")


def _create(request, plan=None):
    acting = request.acting
    form, _ = _task_form(request, acting, plan=plan)

    def perform(d):
        extra = {"content": d["content"]} if plan is not None else {}
        return services.task_create(
            acting=acting,
            plan=plan,
            partners=d["partners"],
            assignees=list(d["assignees"]),
            **{k: d[k] for k in TASK_INPUTS},
            **extra,
        )

    outcome = submit(request, form, _partners_error_at_row(perform))
    if outcome.ok:
        messages.success(request, f"Đã giao nhiệm vụ “{outcome.value.title}”.")
        return redirect("plans:task_detail", task_id=outcome.value.pk)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan}, status=outcome.status)


def task_create(request):
    """An ad hoc task given by the organisation acted for."""
    if not _may_give_tasks(request.acting):
        raise NotFound()
    return _create(request)


def plan_task_create(request, plan_id):
    acting = request.acting
    plan = selectors.plan_get(acting=acting, plan_id=plan_id)
    if not perms.can_manage_plan(acting, plan) or plan.status == PlanStatus.CLOSED:
        raise NotFound()
    return _create(request, plan)


def task_edit(request, task_id):
    acting = request.acting
    task = selectors.task_get(acting=acting, task_id=task_id)
    if not perms.can_own_task(acting, task):
        raise NotFound()
    plan = selectors.plan_get(acting=acting, plan_id=task.plan_id) if task.plan_id else None
    form, initial = _task_form(request, acting, plan=plan, task=task)
    fields = [*TASK_INPUTS, *(["content"] if plan else [])]

    def perform(d):
        changes = {k: d[k] for k in fields if d[k] != getattr(task, k)}
        extra = {}
        if {o.pk for o in d["partners"]} != {p.pk for p in task.partners.all()}:
            extra["partners"] = d["partners"]
        if {u.pk for u in d["assignees"]} != set(initial["assignees"]):
            extra["assignees"] = list(d["assignees"])
        return services.task_update(acting=acting, task=task, version=d["version"], **changes, **extra)

    outcome = submit(request, form, _partners_error_at_row(perform))
    if outcome.ok:
        messages.success(request, "Đã lưu nhiệm vụ.")
        return redirect("plans:task_detail", task_id=task.pk)
    if outcome.status == 409:
        form.data = form.data.copy()
        form.data["version"] = Task.objects.filter(pk=task.pk).values_list("version", flat=True).first()
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task}, status=outcome.status)


@require_safe
def assignee_options(request):
    """<option>s of the plausible assignees for the organisations chosen in the task form (htmx)."""
    acting = request.acting
    if not _may_give_tasks(acting):
        raise NotFound()
    g = request.GET
    chosen = [parse_id(g.get(k)) for k in _ORG_FIELDS]
    keep = [parse_id(v) for v in g.getlist("assignees")[:50]]
    plan_id = parse_id(g.get("plan"))
    context_orgs = [acting.org.pk]
    if plan_id:
        plan = selectors.plan_get(acting=acting, plan_id=plan_id)
        context_orgs = [p.organization_id for p in plan.program.parties.all()]
    people = list(_people([*context_orgs, *chosen], keep)[:300])
    return render(request, "plans/assignee_options.html", {"people": people, "keep": set(keep)})


# --- task detail and its actions -----------------------------------------------------------------------


def _task_context(request, task, **forms) -> dict:
    acting = request.acting
    transitions = []
    for t in available(task.status):
        if perms.can_act(acting, task, t.who):
            form = forms.get(f"action_{t.action}") or TaskReasonForm(prefix=t.action, required=t.needs_reason)
            transitions.append({"t": t, "form": form, "open": f"action_{t.action}" in forms})
    reports = list(task.progress_reports.all())
    files: dict[str, list] = {}
    if reports:
        from phoihop.documents.models import Attachment

        for a in Attachment.objects.filter(owner_type=PROGRESS_OWNER, owner_id__in=[str(r.pk) for r in reports]):
            files.setdefault(a.owner_id, []).append(a)
    for r in reports:
        r.files = files.get(str(r.pk), [])
    can_report = perms.can_report_task(acting, task) and task.is_open
    can_comment = perms.can_comment_task(acting, task)
    occurrences = []
    if task.recurrence and task.series_id is None:
        occurrences = list(task.occurrences.select_related("lead").order_by("deadline", "id")[:60])
    return {
        "task": task,
        "overdue": task.is_overdue(),
        "partners": list(task.partners.all()),
        "assignees": list(task.assignees.all()),
        "transitions": transitions,
        "reports": reports,
        "comments": list(task.comments.all()),
        "status_changes": list(task.status_changes.all()),
        "occurrences": occurrences,
        "can_edit": perms.can_own_task(acting, task),
        "can_report": can_report,
        "progress_form": forms.get("progress_form")
        or (ProgressForm(initial={"percent": task.percent}) if can_report else None),
        "can_comment": can_comment,
        "comment_form": forms.get("comment_form") or (CommentForm() if can_comment else None),
    }


@require_safe
def task_detail(request, task_id):
    task = selectors.task_get(acting=request.acting, task_id=task_id)
    return render(request, "plans/task_detail.html", _task_context(request, task))


@require_POST
def task_action(request, task_id, action):
    acting = request.acting
    task = selectors.task_get(acting=acting, task_id=task_id)
    transition = TRANSITIONS.get(action)
    if transition is None or not perms.can_act(acting, task, transition.who):
        raise NotFound()
    form = TaskReasonForm(request.POST, prefix=action, required=transition.needs_reason)
    outcome = submit(
        request, form, lambda d: services.task_transition(acting=acting, task=task, action=action, reason=d["reason"])
    )
    if outcome.ok:
        messages.success(request, f"Đã thực hiện: {transition.label}.")
        return redirect("plans:task_detail", task_id=task.pk)
    context = _task_context(request, task, **{f"action_{action}": form})
    return render(request, "plans/task_detail.html", context, status=outcome.status)


@require_POST
def task_progress(request, task_id):
    acting = request.acting
    task = selectors.task_get(acting=acting, task_id=task_id)
    form = ProgressForm(request.POST, request.FILES)
    outcome = submit(
        request,
        form,
        lambda d: services.progress_report_add(
            acting=acting, task=task, text=d["text"], percent=d["percent"], files=d["file"]
        ),
    )
    if outcome.ok:
        messages.success(request, f"Đã gửi báo cáo tiến độ ({outcome.value.percent}%).")
        return redirect("plans:task_detail", task_id=task.pk)
    task = selectors.task_get(acting=acting, task_id=task_id)
    context = _task_context(request, task, progress_form=form)
    return render(request, "plans/task_detail.html", context, status=outcome.status)


@require_POST
def task_comment(request, task_id):
    acting = request.acting
    task = selectors.task_get(acting=acting, task_id=task_id)
    form = CommentForm(request.POST)
    outcome = submit(request, form, lambda d: services.task_comment_add(acting=acting, task=task, text=d["text"]))
    if outcome.ok:
        messages.success(request, "Đã gửi ý kiến.")
        return redirect("plans:task_detail", task_id=task.pk)
    context = _task_context(request, task, comment_form=form)
    return render(request, "plans/task_detail.html", context, status=outcome.status)
