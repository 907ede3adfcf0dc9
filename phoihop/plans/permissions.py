"""Who may read and act on plans and tasks.

A task is visible to its lead, owner and partner organisations, to the people assigned, and to the
roll-up above those organisations (docs/visibility.md). Doers (lead's officers, assignees) report and
submit; the owner (who gave the task: the program's lead for plan tasks) accepts, returns, cancels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import has_action
from phoihop.orgs.visibility import org_visible
from phoihop.plans.models import Task
from phoihop.programs.permissions import can_manage_program, can_view_program

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.plans.models import Plan


def can_view_plan(acting: Acting, plan: Plan) -> bool:
    return can_view_program(acting, plan.program)


def can_manage_plan(acting: Acting, plan: Plan) -> bool:
    return can_manage_program(acting, plan.program)


def can_edit_plan(acting: Acting, plan: Plan) -> bool:
    return plan.is_editable and can_manage_plan(acting, plan)


def can_approve_plan(acting: Acting, plan: Plan) -> bool:
    return (
        acting.org is not None
        and has_action(acting, "program.respond")
        and any(p.organization_id == acting.org.id for p in plan.program.parties.all())
        and acting.org.id != plan.program.lead_id
    )


def _is_assignee(acting: Acting, task: Task) -> bool:
    return acting.user is not None and any(u.pk == acting.user.pk for u in task.assignees.all())


def can_view_task(acting: Acting, task: Task) -> bool:
    if acting.is_system_admin or _is_assignee(acting, task):
        return True
    orgs = [task.lead, task.owner, *task.partners.all()]
    return any(org_visible(acting, o) for o in orgs)


def can_work_task(acting: Acting, task: Task) -> bool:
    """Start, report progress, submit: the lead organisation's officers, or a person assigned."""
    if _is_assignee(acting, task):
        return True
    return acting.org is not None and acting.org.id == task.lead_id and has_action(acting, "task.work")


def can_report_task(acting: Acting, task: Task) -> bool:
    """Progress may also come from a partner organisation."""
    if can_work_task(acting, task):
        return True
    return (
        acting.org is not None
        and has_action(acting, "task.work")
        and any(p.pk == acting.org.id for p in task.partners.all())
    )


def can_own_task(acting: Acting, task: Task) -> bool:
    """Accept, return, cancel, reopen, edit: the owner organisation's officers."""
    return acting.org is not None and acting.org.id == task.owner_id and has_action(acting, "task.accept")


def can_comment_task(acting: Acting, task: Task) -> bool:
    return can_report_task(acting, task) or can_own_task(acting, task)


def can_act(acting: Acting, task: Task, who: str) -> bool:
    return can_own_task(acting, task) if who == "owner" else can_work_task(acting, task)
