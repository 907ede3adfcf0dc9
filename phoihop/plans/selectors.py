"""Reading plans, tasks and "Việc cần làm", scoped by the visibility rule."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from phoihop.core.errors import NotFound
from phoihop.core.search import search_filter
from phoihop.orgs.visibility import in_rollup, rollup_prefix, visible_orgs_q
from phoihop.plans.models import OPEN_STATUSES, Plan, PlanApproval, ProgressReport, Task, TaskParty, TaskStatus
from phoihop.plans.permissions import can_view_plan, can_view_task
from phoihop.programs.models import ProgramParty
from phoihop.programs.selectors import _visible as visible_programs

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.orgs.models import Organization

LIST_RELATED = ("lead", "owner", "content", "plan")


def visible_tasks(acting: Acting) -> QuerySet[Task]:
    if acting.is_system_admin:
        return Task.objects.all()
    parties = TaskParty.objects.filter(task=OuterRef("pk")).filter(
        visible_orgs_q(acting, "organization", path_field="unit_path")
    )
    condition = Exists(parties)
    if acting.user is not None:
        condition |= Exists(Task.assignees.through.objects.filter(task_id=OuterRef("pk"), user_id=acting.user.pk))
    return Task.objects.filter(condition)


def _rollup_covers(acting: Acting, org: Organization) -> bool:
    if acting.is_system_admin:
        return True
    if acting.org is None or rollup_prefix(acting.org) is None:
        return False
    return org.pk == acting.org.pk or in_rollup(acting.org, org)


def task_list(
    *,
    acting: Acting,
    q: str | None = None,
    status: str | None = None,
    content_id: int | None = None,
    plan_id: int | None = None,
    org: Organization | None = None,
    overdue: bool = False,
    assigned_to_me: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Task]:
    """Tasks the caller may see, filtered. `org`: tasks led by that organisation or by one in its subtree."""
    today = today or timezone.localdate()
    # the organisation filter already confines the rows to tasks the caller may see when that organisation
    # is the caller's own roll-up organisation or lies inside its roll-up: skip the visibility test then
    qs = (Task.objects if org is not None and _rollup_covers(acting, org) else visible_tasks(acting)).select_related(
        *LIST_RELATED
    )
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if content_id:
        qs = qs.filter(content_id=content_id)
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if org is not None:
        scope = Q(organization_id=org.pk)
        if org.unit_path:
            scope |= Q(unit_path__startswith=org.unit_path + "/")
        qs = qs.filter(Exists(TaskParty.objects.filter(scope, task=OuterRef("pk"), role=TaskParty.Role.LEAD)))
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=today)
    if assigned_to_me and acting.user is not None:
        qs = qs.filter(assignees=acting.user)
    if q:
        return search_filter(qs, q).order_by("rank", "deadline", "id")
    return qs.order_by("deadline", "id")


def task_get(*, acting: Acting, task_id) -> Task:
    try:
        task = (
            Task.objects.select_related("lead__unit", "owner__unit", "content", "plan__program", "series")
            .prefetch_related(
                "partners",
                "assignees",
                "status_changes__by",
                Prefetch("progress_reports", queryset=ProgressReport.objects.select_related("by", "organization")),
                "comments__by",
                "comments__organization",
            )
            .get(pk=int(task_id))
        )
    except (Task.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_task(acting, task):
        raise NotFound()
    return task


def my_work(*, acting: Acting, today: dt.date | None = None, limit: int = 50) -> dict:
    """The queues of "Việc cần làm": assigned to me, waiting for my acceptance, overdue, due within 7 days,
    and the open tasks of my organisation. Each queue: (rows, count).

    My open tasks (assigned to me, or led or partnered by my organisation) are read once as narrow rows
    through indexed lookups and sorted into the queues here; the rows shown are then fetched in one query.
    Seven queries whatever the amount of work (bench: ~150,000 tasks)."""
    today = today or timezone.localdate()
    user, org = acting.user, acting.org
    narrow = ("id", "deadline", "status")
    # a recurring task is done through its occurrences: the series itself is not work in a queue
    open_tasks = Task.objects.filter(status__in=OPEN_STATUSES).filter(Q(recurrence="") | Q(series__isnull=False))
    assigned = list(open_tasks.filter(assignees=user).values_list(*narrow)) if user else []
    party_ids = TaskParty.objects.filter(
        organization=org, role__in=[TaskParty.Role.LEAD, TaskParty.Role.PARTNER]
    ).values("task_id")
    ours = list(open_tasks.filter(pk__in=party_ids).values_list(*narrow)) if org else []

    def order(rows):  # by deadline, tasks without one last, then by id
        return sorted(rows, key=lambda r: (r[1] is None, r[1] or today, r[0]))

    mine = order({r[0]: r for r in [*assigned, *ours]}.values())
    week = today + dt.timedelta(days=7)
    queues = {
        "assigned": order(r for r in assigned if r[2] != TaskStatus.SUBMITTED),  # submitted work waits on the owner
        "overdue": [r for r in mine if r[1] is not None and r[1] < today],
        "due_soon": [r for r in mine if r[1] is not None and today <= r[1] <= week],
        "org_open": order(ours),
    }
    to_accept = (
        open_tasks.filter(owner=org, status=TaskStatus.SUBMITTED).order_by("deadline", "id")
        if org
        else Task.objects.none()
    )
    accept_ids = list(to_accept.values_list("id", flat=True)[:limit])
    shown = {r[0] for rows in queues.values() for r in rows[:limit]} | set(accept_ids)
    tasks = Task.objects.select_related(*LIST_RELATED).in_bulk(shown) if shown else {}
    result = {name: ([tasks[r[0]] for r in rows[:limit]], len(rows)) for name, rows in queues.items()}
    result["to_accept"] = (
        [tasks[i] for i in accept_ids],
        len(accept_ids) if len(accept_ids) < limit else to_accept.count(),
    )
    return {name: result[name] for name in ("assigned", "to_accept", "overdue", "due_soon", "org_open")}


def plan_list(*, acting: Acting, program_id: int | None = None, year: int | None = None) -> QuerySet[Plan]:
    qs = (
        Plan.objects.filter(program__in=visible_programs(acting))
        .select_related("program__lead")
        .annotate(tasks_count=Count("tasks", distinct=True))
    )
    if program_id:
        qs = qs.filter(program_id=program_id)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "program__sort_key", "id")


def plan_get(*, acting: Acting, plan_id) -> Plan:
    try:
        plan = (
            Plan.objects.select_related("program__lead__unit")
            .prefetch_related(
                Prefetch("program__parties", queryset=ProgramParty.objects.select_related("organization__type")),
                "program__contents",
                Prefetch("approvals", queryset=PlanApproval.objects.select_related("organization", "by")),
            )
            .get(pk=int(plan_id))
        )
    except (Plan.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_plan(acting, plan):
        raise NotFound()
    return plan


def plan_tasks(*, plan: Plan) -> QuerySet[Task]:
    """A plan's tasks (series, not their occurrences) in content order, for the table and the exports."""
    return (
        plan.tasks.filter(series__isnull=True)
        .select_related("lead", "owner", "content")
        .prefetch_related("partners", "assignees")
        .order_by("content__number", "deadline", "id")
    )
