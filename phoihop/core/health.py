"""Is the system able to work: the database answers, and a background worker runs tasks."""

import datetime as dt
import time

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from phoihop.core.tasks import HEARTBEAT_PATH, heartbeat


def database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as e:
        return {"ok": False, "vendor": connection.vendor, "error": e.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _last_beat(since: dt.datetime):
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status="SUCCESSFUL", finished_at__gte=since)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )


def worker_state(wait_seconds: float | None = None) -> dict:
    """A heartbeat task finished recently → up. Otherwise queue one and wait briefly for a worker to run it."""
    from django_tasks_db.models import DBTaskResult

    wait = settings.HEALTH_WORKER_WAIT_SECONDS if wait_seconds is None else wait_seconds
    now = timezone.now()
    fresh = now - dt.timedelta(seconds=settings.HEALTH_WORKER_FRESH_SECONDS)
    if beat := _last_beat(fresh):
        return {"ok": True, "last_heartbeat": beat.isoformat()}
    pending = (
        DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status="READY")
        .order_by("enqueued_at")
        .values_list("id", "enqueued_at")
        .first()
    )
    if pending and pending[1] < now - dt.timedelta(seconds=max(wait, 1) * 3):
        return {"ok": False, "error": "Không có tiến trình nền nào nhận việc.", "waiting_since": pending[1].isoformat()}
    task_id = pending[0] if pending else heartbeat.enqueue().id
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.2)
        done = (
            DBTaskResult.objects.filter(id=task_id, status="SUCCESSFUL").values_list("finished_at", flat=True).first()
        )
        if done:
            return {"ok": True, "last_heartbeat": done.isoformat()}
    return {"ok": False, "error": "Tiến trình nền không trả lời."}
