from django.tasks import task

from phoihop.programs import services


@task
def programs_expire() -> int:
    """Programs whose period is over end with it."""
    return services.programs_expire()
