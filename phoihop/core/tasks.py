import datetime as dt

from django.tasks import task
from django.utils import timezone

HEARTBEAT_PATH = "phoihop.core.tasks.heartbeat"


@task
def heartbeat() -> str:
    """Proves a worker is running (see core.health); also forgets heartbeats older than a day."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, finished_at__lt=now - dt.timedelta(days=1)).delete()
    return now.isoformat()
