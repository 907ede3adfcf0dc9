"""Background jobs of opinion reports: reminders to collaborators before and on the due day."""

from django.tasks import task


@task
def remind_collaborators() -> dict:
    from phoihop.opinions import services

    return services.remind_collaborators()
