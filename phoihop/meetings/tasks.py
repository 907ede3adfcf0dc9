"""Background jobs of meetings: a reminder the day before to those invited who have not declined."""

from django.tasks import task


@task
def remind_tomorrow() -> dict:
    from phoihop.meetings import services

    return services.remind_tomorrow()
