"""Background jobs of concerns: escalation of overdue concerns, deadline reminders, deletion of contacts past
retention."""

from django.tasks import task


@task
def escalate_overdue() -> dict:
    from phoihop.concerns import services

    return services.escalate_overdue()


@task
def purge_contacts() -> dict:
    from phoihop.concerns import services

    return services.contacts_purge()


@task
def deadline_reminders() -> int:
    from phoihop.concerns import services

    return services.reminders_send()
