"""Writing plans and tasks: planning, approval, work, acceptance, progress, comments, recurrence, reminders."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.records import record_create
from phoihop.core.text import fold
from phoihop.core.validation import check_version, validate_instance
from phoihop.plans import permissions as perms
from phoihop.plans.models import (
    OPEN_STATUSES,
    Plan,
    PlanApproval,
    PlanStatus,
    ProgressReport,
    Recurrence,
    Task,
    TaskComment,
    TaskKind,
    TaskParty,
    TaskReminder,
    TaskStatus,
    TaskStatusChange,
)
from phoihop.plans.workflows import TRANSITIONS
from phoihop.programs.models import PartyRole, ProgramStatus

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.accounts.models import User
    from phoihop.orgs.models import Organization
    from phoihop.programs.models import Program, ProgramContent

# --- plans ---------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, acting: Acting | None, program: Program, year: int, title: str = "") -> Plan:
    from phoihop.programs.permissions import can_manage_program

    if acting is not None and not can_manage_program(acting, program):
        raise NotFound()
    if program.status in (ProgramStatus.TERMINATED, ProgramStatus.SUPERSEDED, ProgramStatus.ENDED):
        raise ValidationFailed("Chương trình đã kết thúc: không lập kế hoạch mới.", field="program")
    if not program.period_start <= int(year) <= program.period_end:
        raise ValidationFailed(
            f"Năm kế hoạch phải trong thời kỳ {program.period_label} của chương trình.", field="year"
        )
    if Plan.objects.filter(program=program, year=year).exists():
        raise ValidationFailed(f"Chương trình đã có kế hoạch năm {year}.", field="year")
    plan = Plan(
        program=program,
        year=year,
        title=title.strip() or f"Kế hoạch phối hợp công tác năm {year}",
        created_by=acting.user if acting else None,
    )
    record_create(acting=acting, obj=plan, action="plan.create")
    PlanApproval.objects.bulk_create(
        [
            PlanApproval(
                plan=plan,
                organization_id=p.organization_id,
                state=PlanApproval.State.APPROVED if p.role == PartyRole.LEAD else PlanApproval.State.PENDING,
            )
            for p in program.parties.all()
        ]
    )
    return plan


@transaction.atomic
def plan_transition(*, acting: Acting | None, plan: Plan, action: str, approved_on: dt.date | None = None) -> Plan:
    """circulate (ask the parties), issue (all agreed: number and date), close (the year is over)."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("program__lead").get(pk=plan.pk)
    if acting is not None and not perms.can_manage_plan(acting, plan):
        raise NotFound()
    allowed = {
        "circulate": (PlanStatus.DRAFT,),
        "issue": (PlanStatus.DRAFT, PlanStatus.CIRCULATING),
        "close": (PlanStatus.APPROVED,),
    }
    if action not in allowed:
        raise ValidationFailed("Thao tác không hợp lệ.", field="action")
    if plan.status not in allowed[action]:
        raise ValidationFailed(f"Kế hoạch đang ở trạng thái “{plan.get_status_display()}”.", code="invalid_transition")
    before = snapshot(plan)
    if action == "circulate":
        plan.approvals.exclude(organization=plan.program.lead).update(
            state=PlanApproval.State.PENDING, note="", at=None
        )
        plan.status = PlanStatus.CIRCULATING
        partners = [a.organization_id for a in plan.approvals.exclude(organization=plan.program.lead)]
        _notify(
            partners,
            [],
            acting,
            "plan.circulated",
            f"Dự thảo kế hoạch cần ý kiến: {plan.title}",
            f"/plans/{plan.pk}/",
            plan,
        )
    elif action == "issue":
        pending = [
            a.organization.name
            for a in plan.approvals.select_related("organization").exclude(state=PlanApproval.State.APPROVED)
        ]
        if pending:
            raise ValidationFailed("Chưa đủ các bên nhất trí: " + "; ".join(pending) + ".", code="not_approved")
        if approved_on is None:
            raise ValidationFailed("Hãy nhập ngày ban hành.", field="approved_on")
        from phoihop.documents.services import number_issue, number_line

        partners = [
            p.organization.doc_symbol
            for p in plan.program.parties.select_related("organization")
            if p.role != PartyRole.LEAD
        ]
        issued = number_issue(
            acting=acting,
            organization=plan.program.lead,
            doc_type="KH",
            on=approved_on,
            joint_symbols=partners,
            obj=plan,
        )
        plan.number_line = number_line(issued)
        plan.approved_on = approved_on
        plan.status = PlanStatus.APPROVED
    else:
        plan.status = PlanStatus.CLOSED
    plan.version += 1
    plan.save()
    audit_record(acting=acting, action=f"plan.{action}", obj=plan, before=before, after=snapshot(plan))
    return plan


@transaction.atomic
def plan_respond(*, acting: Acting, plan: Plan, agree: bool, note: str = "") -> PlanApproval:
    plan = Plan.objects.select_related("program").get(pk=plan.pk)
    if not perms.can_approve_plan(acting, plan) or plan.status != PlanStatus.CIRCULATING:
        raise NotFound()
    if not agree and not note.strip():
        raise ValidationFailed("Hãy ghi nội dung ý kiến.", field="note")
    approval = PlanApproval.objects.select_for_update().get(plan=plan, organization=acting.org)
    before = snapshot(approval)
    approval.state = PlanApproval.State.APPROVED if agree else PlanApproval.State.COMMENTED
    approval.note = note.strip()
    approval.at = timezone.now()
    approval.by = acting.user
    approval.save(update_fields=["state", "note", "at", "by"])
    audit_record(acting=acting, action="plan.respond", obj=plan, before=before, after=snapshot(approval))
    _notify(
        [plan.program.lead_id],
        [],
        acting,
        "plan.responded",
        f"{acting.org.name} đã trả lời dự thảo {plan.title}",
        f"/plans/{plan.pk}/",
        plan,
    )
    return approval


# --- tasks ---------------------------------------------------------------------------------------------

TASK_FIELDS = [
    "title",
    "description",
    "content",
    "lead",
    "deadline",
    "expected_output",
    "kind",
    "recurrence",
    "due_day",
]


def _sync_parties(task: Task) -> None:
    """TaskParty rows mirror lead, owner and partners with their unit paths (fast scoping)."""
    TaskParty.objects.filter(task=task).delete()
    rows = [(task.lead, TaskParty.Role.LEAD), (task.owner, TaskParty.Role.OWNER)]
    rows += [(o, TaskParty.Role.PARTNER) for o in task.partners.all()]
    TaskParty.objects.bulk_create(
        [TaskParty(task=task, organization=o, role=r, unit_path=o.unit_path) for o, r in rows], ignore_conflicts=True
    )


def _validate_task(task: Task, partners: list[Organization], assignees: list[User]) -> None:
    errors: dict[str, list[str]] = {}
    if task.plan_id:
        if task.content_id is None:
            errors["content"] = ["Nhiệm vụ của kế hoạch phải gắn với một nội dung phối hợp."]
        elif task.content.program_id != task.plan.program_id:
            errors["content"] = ["Nội dung phối hợp không thuộc chương trình của kế hoạch."]
        if task.deadline and task.deadline.year != task.plan.year:
            errors["deadline"] = [f"Thời hạn phải trong năm {task.plan.year} của kế hoạch."]
    if task.recurrence and not task.due_day:
        errors["due_day"] = ["Nhiệm vụ lặp lại cần ngày đến hạn trong kỳ (1-31)."]
    if task.lead_id and any(p.pk == task.lead_id for p in partners):
        errors["partners"] = ["Cơ quan chủ trì không đồng thời là cơ quan phối hợp."]
    if assignees:
        from phoihop.accounts.models import Membership

        allowed = {task.lead_id, *(p.pk for p in partners)}
        members = set(Membership.objects.active().filter(organization_id__in=allowed).values_list("user_id", flat=True))
        outsiders = [u.get_full_name() for u in assignees if u.pk not in members]
        if outsiders:
            errors["assignees"] = [
                "Người thực hiện phải thuộc cơ quan chủ trì hoặc phối hợp: " + ", ".join(outsiders) + "."
            ]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    validate_instance(task, exclude=["search_key"])


@transaction.atomic
def task_create(
    *,
    acting: Acting | None,
    title: str,
    lead: Organization,
    plan: Plan | None = None,
    content: ProgramContent | None = None,
    owner: Organization | None = None,
    partners: list[Organization] = (),
    assignees: list[User] = (),
    description: str = "",
    kind: str = TaskKind.REGULAR,
    recurrence: str = Recurrence.NONE,
    due_day: int | None = None,
    deadline: dt.date | None = None,
    expected_output: str = "",
    notify_people: bool = True,
) -> Task:
    """A plan task (owner: the program's lead) or a task given by the organisation acted for."""
    if plan is not None:
        if acting is not None and not perms.can_manage_plan(acting, plan):
            raise NotFound()
        if plan.status == PlanStatus.CLOSED:
            raise ValidationFailed("Kế hoạch đã kết thúc.", field="plan")
        owner = plan.program.lead
    elif owner is None:
        if acting is None or acting.org is None:
            raise ValidationFailed("Cần cơ quan giao nhiệm vụ.", field="owner")
        owner = acting.org
    if acting is not None and plan is None:
        from phoihop.accounts.permissions import has_action

        if acting.org is None or acting.org.pk != owner.pk or not has_action(acting, "task.accept"):
            raise NotFound()
    partners, assignees = list(partners), list(assignees)
    task = Task(
        plan=plan,
        content=content,
        title=(title or "").strip(),
        description=description.strip(),
        lead=lead,
        owner=owner,
        kind=kind,
        recurrence=recurrence or "",
        due_day=due_day,
        deadline=deadline,
        expected_output=(expected_output or "").strip(),
        created_by=acting.user if acting else None,
    )
    task.search_key = fold(task.title)
    _validate_task(task, partners, assignees)
    task.save()
    task.partners.set(partners)
    task.assignees.set(assignees)
    _sync_parties(task)
    audit_record(acting=acting, action="task.create", obj=task, after=_task_snapshot(task))
    if task.recurrence and plan is not None:
        occurrences_generate(series=task, until=dt.date(plan.year, 12, 31))
    if notify_people:
        _notify(
            [lead.pk, *(p.pk for p in partners)],
            assignees,
            acting,
            "task.assigned",
            f"Nhiệm vụ mới: {task.title}",
            f"/plans/tasks/{task.pk}/",
            task,
        )
    return task


def _task_snapshot(task: Task) -> dict:
    return snapshot(task) | {
        "partners": sorted(p.pk for p in task.partners.all()),
        "assignees": sorted(u.pk for u in task.assignees.all()),
    }


@transaction.atomic
def task_update(
    *,
    acting: Acting,
    task: Task,
    version: int | None = None,
    partners: list[Organization] | None = None,
    assignees: list[User] | None = None,
    **changes,
) -> Task:
    task = Task.objects.select_for_update(of=("self",)).select_related("plan", "content").get(pk=task.pk)
    if not perms.can_own_task(acting, task):
        raise NotFound()
    if set(changes) - set(TASK_FIELDS):
        raise ValidationFailed("Trường không sửa được.")
    check_version(task, version, changes)
    before = _task_snapshot(task)
    for name, value in changes.items():
        setattr(task, name, value.strip() if isinstance(value, str) else value)
    task.search_key = fold(task.title)
    new_partners = list(task.partners.all()) if partners is None else list(partners)
    new_assignees = list(task.assignees.all()) if assignees is None else list(assignees)
    _validate_task(task, new_partners, new_assignees)
    task.version += 1
    task.save()
    added = [u for u in new_assignees if u.pk not in set(before["assignees"])]
    task.partners.set(new_partners)
    task.assignees.set(new_assignees)
    _sync_parties(task)
    audit_record(acting=acting, action="task.update", obj=task, before=before, after=_task_snapshot(task))
    if added:
        _notify([], added, acting, "task.assigned", f"Bạn được giao: {task.title}", f"/plans/tasks/{task.pk}/", task)
    return task


@transaction.atomic
def task_transition(
    *, acting: Acting | None, task: Task, action: str, reason: str = "", on: dt.date | None = None
) -> Task:
    """Move a task along plans/workflows.py. `on` backdates the change (records entered after the fact,
    e.g. last year's paper plan); it may not be in the future."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationFailed("Thao tác không hợp lệ.", field="action")
    task = Task.objects.select_for_update(of=("self",)).get(pk=task.pk)
    if acting is not None and not perms.can_act(acting, task, transition.who):
        raise NotFound()
    if task.status not in transition.sources:
        raise ValidationFailed(
            f"Không thể “{transition.label}” khi nhiệm vụ đang “{task.get_status_display()}”.",
            code="invalid_transition",
        )
    if transition.needs_reason and not reason.strip():
        raise ValidationFailed("Hãy ghi lý do.", field="reason")
    today = timezone.localdate()
    if on is not None and on > today:
        raise ValidationFailed("Ngày ghi nhận không được ở tương lai.", field="on")
    at = timezone.make_aware(dt.datetime.combine(on, dt.time(12))) if on else timezone.now()
    before = snapshot(task)
    TaskStatusChange.objects.create(
        at=at,
        task=task,
        from_status=task.status,
        to_status=transition.target,
        action=action,
        reason=reason.strip(),
        by=acting.user if acting else None,
        organization=acting.org if acting else None,
    )
    task.status = transition.target
    task.completed_on = (on or today) if task.status == TaskStatus.DONE else None
    if task.status == TaskStatus.DONE:
        task.percent = 100
    task.version += 1
    task.save(update_fields=["status", "completed_on", "percent", "version", "updated_at"])
    audit_record(acting=acting, action=f"task.{action}", obj=task, before=before, after=snapshot(task), reason=reason)
    url = f"/plans/tasks/{task.pk}/"
    if action == "submit":
        _notify([task.owner_id], [], acting, "task.submitted", f"Nhiệm vụ chờ nghiệm thu: {task.title}", url, task)
    elif action in ("accept", "return", "cancel", "reopen"):
        words = {"accept": "Đã nghiệm thu", "return": "Bị trả lại", "cancel": "Đã hủy", "reopen": "Được mở lại"}[action]
        body = reason.strip()
        _notify(
            [task.lead_id],
            list(task.assignees.all()),
            acting,
            f"task.{action}",
            f"{words}: {task.title}",
            url,
            task,
            body,
        )
    return task


def _store_files(acting: Acting, files, owner_type: str, owner_id) -> list:
    from phoihop.documents.services import attachment_store

    stored = []
    try:
        for upload in files:
            stored.append(
                attachment_store(
                    acting=acting, upload=upload, owner_type=owner_type, owner_id=str(owner_id), organization=acting.org
                )
            )
    except Exception:
        for attachment in stored:  # the transaction rolls back the rows; the files go too
            attachment.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def progress_report_add(*, acting: Acting, task: Task, text: str, percent: int, files=()) -> ProgressReport:
    task = Task.objects.select_for_update(of=("self",)).get(pk=task.pk)
    if not perms.can_report_task(acting, task):
        raise NotFound()
    errors = {}
    if not (text or "").strip():
        errors["text"] = ["Hãy ghi nội dung báo cáo."]
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        percent = -1
    if not 0 <= percent <= 100:
        errors["percent"] = ["Tiến độ là số phần trăm từ 0 đến 100."]
    if not task.is_open:
        errors["__all__"] = [f"Nhiệm vụ đang “{task.get_status_display()}”: không báo cáo tiến độ được."]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    report = ProgressReport.objects.create(
        task=task, text=text.strip(), percent=percent, by=acting.user, organization=acting.org
    )
    _store_files(acting, files, "plans.progressreport", report.pk)
    task.percent = percent
    task.save(update_fields=["percent", "updated_at"])
    audit_record(
        acting=acting,
        action="task.progress",
        obj=task,
        after={"text": report.text, "percent": percent, "files": len(files)},
    )
    if task.status == TaskStatus.NOT_STARTED and perms.can_work_task(acting, task):
        task_transition(acting=acting, task=task, action="start")
    _notify(
        [task.owner_id],
        [],
        acting,
        "task.progress",
        f"Báo cáo tiến độ ({percent}%): {task.title}",
        f"/plans/tasks/{task.pk}/",
        task,
    )
    return report


@transaction.atomic
def task_comment_add(*, acting: Acting, task: Task, text: str) -> TaskComment:
    if not perms.can_comment_task(acting, task):
        raise NotFound()
    if not (text or "").strip():
        raise ValidationFailed("Hãy ghi ý kiến.", field="text")
    if len(text) > 5000:
        raise ValidationFailed("Ý kiến dài quá 5.000 ký tự.", field="text")
    comment = record_create(
        acting=acting,
        obj=TaskComment(task=task, text=text.strip(), by=acting.user, organization=acting.org),
        action="task.comment",
    )
    orgs = {task.lead_id, task.owner_id, *(p.pk for p in task.partners.all())} - {acting.org.pk if acting.org else None}
    _notify(
        list(orgs),
        list(task.assignees.all()),
        acting,
        "task.comment",
        f"Ý kiến mới về: {task.title}",
        f"/plans/tasks/{task.pk}/",
        task,
        comment.text[:300],
    )
    return comment


# --- recurrence ----------------------------------------------------------------------------------------

_MONTHS_PER_PERIOD = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.HALF_YEARLY: 6, Recurrence.YEARLY: 12}


def periods(recurrence: str, year: int) -> list[tuple[str, dt.date]]:
    """(period label, last day of the period) for every period of a year."""
    step = _MONTHS_PER_PERIOD[recurrence]
    out = []
    for index, first in enumerate(range(1, 13, step), start=1):
        last_month = first + step - 1
        label = {1: f"{year}-{first:02d}", 3: f"{year}-Q{index}", 6: f"{year}-H{index}", 12: f"{year}"}[step]
        out.append((label, dt.date(year, last_month, calendar.monthrange(year, last_month)[1])))
    return out


def occurrence_deadline(series: Task, period_end: dt.date) -> dt.date:
    """The due day of the period's last month, clipped to the month's length (31 → 28/29/30)."""
    day = min(series.due_day or period_end.day, period_end.day)
    return period_end.replace(day=day)


@transaction.atomic
def occurrences_generate(*, series: Task, until: dt.date) -> int:
    """Create the missing occurrences of a recurring task up to `until` (idempotent)."""
    if not series.recurrence:
        return 0
    existing = set(series.occurrences.values_list("period", flat=True))
    start_year = series.plan.year if series.plan_id else series.created_at.year
    created = 0
    for year in range(start_year, until.year + 1):
        for label, period_end in periods(series.recurrence, year):
            if label in existing or period_end - dt.timedelta(days=31) > until:
                continue
            if series.plan_id and year != series.plan.year:
                continue
            occurrence = Task.objects.create(
                plan=series.plan,
                content=series.content,
                title=f"{series.title} ({_period_name(label)})",
                description=series.description,
                lead=series.lead,
                owner=series.owner,
                kind=series.kind,
                series=series,
                period=label,
                deadline=occurrence_deadline(series, period_end),
                expected_output=series.expected_output,
                search_key=fold(series.title),
            )
            occurrence.partners.set(series.partners.all())
            occurrence.assignees.set(series.assignees.all())
            _sync_parties(occurrence)
            created += 1
    if created:
        audit_record(acting=None, action="task.occurrences", obj=series, after={"created": created})
    return created


def _period_name(label: str) -> str:
    if "-Q" in label:
        return f"quý {label[-1]}/{label[:4]}"
    if "-H" in label:
        return f"6 tháng {'đầu' if label[-1] == '1' else 'cuối'} năm {label[:4]}"
    if "-" in label:
        return f"tháng {int(label[5:])}/{label[:4]}"
    return f"năm {label}"


def recurring_tasks_extend(*, today: dt.date | None = None) -> int:
    """Daily job: occurrences of recurring tasks outside plans for the coming month."""
    today = today or timezone.localdate()
    total = 0
    for series in Task.objects.filter(plan__isnull=True, series__isnull=True, status__in=OPEN_STATUSES).exclude(
        recurrence=""
    ):
        total += occurrences_generate(series=series, until=today + dt.timedelta(days=31))
    return total


# --- reminders -----------------------------------------------------------------------------------------

REMINDER_DAYS = (3, 1)


def reminders_send(*, today: dt.date | None = None) -> int:
    """Daily job: remind before the deadline (3 and 1 days) and once when overdue; each reminder once."""
    today = today or timezone.localdate()
    sent = 0
    open_tasks = Task.objects.filter(status__in=(TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)).exclude(deadline=None)
    plans = [
        (f"due-{d}", open_tasks.filter(deadline=today + dt.timedelta(days=d)), f"Còn {d} ngày đến hạn")
        for d in REMINDER_DAYS
    ]
    plans.append(("overdue", open_tasks.filter(deadline__lt=today), "Quá hạn"))
    for kind, qs, words in plans:
        for task in qs.prefetch_related("assignees").iterator(chunk_size=500):
            with transaction.atomic():
                _, created = TaskReminder.objects.get_or_create(task=task, kind=kind, defaults={"sent_on": today})
                if not created:
                    continue
                deadline = task.deadline.strftime("%d/%m/%Y")
                orgs = [task.lead_id] + ([task.owner_id] if kind == "overdue" else [])
                _notify(
                    orgs,
                    list(task.assignees.all()),
                    None,
                    f"task.{kind.split('-')[0]}",
                    f"{words}: {task.title} (hạn {deadline})",
                    f"/plans/tasks/{task.pk}/",
                    task,
                )
                sent += 1
    return sent


# --- notifications -------------------------------------------------------------------------------------


def _notify(org_ids, users, acting, kind: str, title: str, url: str, obj, body: str = "") -> None:
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    recipients = list(users)
    if org_ids:
        recipients += list(organization_recipients(org_ids))
    if recipients:
        notify(
            recipients=recipients,
            kind=kind,
            title=title,
            body=body,
            url=url,
            obj=obj,
            organization=acting.org if acting else None,
            actor=acting.user if acting else None,
        )
