"""Background jobs of information supply, run by db_worker; the scheduler enqueues them (exchanges/apps.py)."""

from django.tasks import task

from phoihop.exchanges import services


@task
def obligations_generate() -> int:
    """The obligations of the current period of every open periodic request (idempotent)."""
    return services.obligations_generate()


@task
def reminders() -> int:
    """Reminders before the due time and at it; escalation of overdue obligations to the leaders."""
    return services.reminders_send()
