from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def can_view_progress_report(acting, owner_id: str) -> bool:
    """Who may see a progress report's evidence files: whoever may see its task (a missing report: nobody)."""
    from phoihop.core.web import parse_id
    from phoihop.plans.models import ProgressReport
    from phoihop.plans.permissions import can_view_task

    pk = parse_id(owner_id)
    report = (
        ProgressReport.objects.select_related("task__lead", "task__owner")
        .prefetch_related("task__partners", "task__assignees")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    return report is not None and can_view_task(acting, report.task)


class PlansConfig(AppConfig):
    name = "phoihop.plans"
    label = "plans"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self):
        from phoihop.documents.owners import register_owner
        from phoihop.notifications.calendar_feed import calendar_source
        from phoihop.notifications.schedule import periodic
        from phoihop.plans import calendar, tasks

        register_owner("plans.progressreport", can_view_progress_report)
        periodic("plans.deadline_reminders", tasks.deadline_reminders, daily_at=7)
        periodic("plans.occurrences_extend", tasks.occurrences_extend, daily_at=2)
        calendar_source(calendar.deadline_events)
