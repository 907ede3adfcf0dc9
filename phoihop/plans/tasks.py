"""Background jobs of plans, run by db_worker; the scheduler enqueues them daily (plans/apps.py)."""

from django.tasks import task

from phoihop.plans import services


@task
def deadline_reminders() -> int:
    """Reminders 3 and 1 days before a deadline and once when overdue (each sent once)."""
    return services.reminders_send()


@task
def occurrences_extend() -> int:
    """Occurrences of recurring tasks given outside a plan, for the coming month."""
    return services.recurring_tasks_extend()
