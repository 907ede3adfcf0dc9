"""Periodic jobs. `django-tasks-db` has no cron, so `manage.py scheduler` enqueues registered tasks per slot.

Registering a job — in the AppConfig.ready() of the app that owns it::

    import datetime as dt

    from django.apps import AppConfig


    class PlansConfig(AppConfig):
        name = "phoihop.plans"

        def ready(self):
            from phoihop.notifications.schedule import periodic
            from phoihop.plans import tasks

            periodic("plans.deadline_reminders", tasks.deadline_reminders, daily_at=7)  # every day, 07:00 VN time
            periodic("plans.overdue_scan", tasks.overdue_scan, every=dt.timedelta(hours=6))

The task is an ordinary `@task` (django.tasks) that takes no arguments; it runs on a `db_worker` like any
other. It should be idempotent and decide for itself what is due (a late or repeated run must do no
harm), e.g. "remind about deadlines that fall tomorrow and were not reminded yet".

How slots work: every pass (every 20 s) the scheduler computes each job's *current slot* — the latest
period start at or before now, in Asia/Ho_Chi_Minh time — named by that start: "2026-11-22T07" for an
hourly job, "2026-11-22T07:20" for one every 20 minutes, "2026-11-22" for a daily one. It claims the slot
by inserting `JobRun(name, slot)` (unique) and enqueues the task in the same transaction; the insert of a
second scheduler (another machine, or a restart) fails on the unique constraint, so a job is enqueued once
per slot however many schedulers run. Older slots missed while no scheduler ran are not replayed: after
downtime the current slot runs once, late.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

logger = logging.getLogger("phoihop.scheduler")

ORIGIN = dt.datetime(2000, 1, 1)  # slots of `every` are counted from local midnight of this day
KEEP_RUNS = dt.timedelta(days=90)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Task
    every: dt.timedelta | None = None
    daily_at: dt.time | None = None

    def slot_at(self, now: dt.datetime) -> str:
        """The name of the current slot: the latest period start ≤ `now` (local time)."""
        local = timezone.localtime(now)
        if self.daily_at is not None:
            day = local.date()
            if local.time() < self.daily_at:
                day -= dt.timedelta(days=1)
            return day.isoformat()
        assert self.every is not None
        origin = timezone.make_aware(ORIGIN, local.tzinfo)
        start = origin + ((local - origin) // self.every) * self.every
        if self.every % dt.timedelta(days=1) == dt.timedelta(0):
            return start.strftime("%Y-%m-%d")
        if self.every % dt.timedelta(hours=1) == dt.timedelta(0):
            return start.strftime("%Y-%m-%dT%H")
        return start.strftime("%Y-%m-%dT%H:%M")


_JOBS: dict[str, PeriodicJob] = {}


def periodic(
    name: str, task: Task, *, every: dt.timedelta | None = None, daily_at: int | dt.time | None = None
) -> PeriodicJob:
    """Register `task` to be enqueued once per slot: `every` (a timedelta ≥ 1 minute, whole minutes) or
    `daily_at` (an hour 0-23 or a time, Vietnam time). Call from AppConfig.ready(); see the module docstring."""
    if (every is None) == (daily_at is None):
        raise ImproperlyConfigured(f"periodic({name!r}): give exactly one of every= or daily_at=.")
    if not isinstance(task, Task):
        raise ImproperlyConfigured(f"periodic({name!r}): {task!r} is not a django.tasks Task (use @task).")
    if not name or len(name) > 100:
        raise ImproperlyConfigured(f"periodic({name!r}): the name must have 1 to 100 characters.")
    if every is not None and (every < dt.timedelta(minutes=1) or every % dt.timedelta(minutes=1)):
        raise ImproperlyConfigured(f"periodic({name!r}): every= must be whole minutes, at least one.")
    if isinstance(daily_at, int):
        if not 0 <= daily_at <= 23:
            raise ImproperlyConfigured(f"periodic({name!r}): daily_at= must be an hour from 0 to 23.")
        daily_at = dt.time(daily_at)
    job = PeriodicJob(name=name, task=task, every=every, daily_at=daily_at)
    existing = _JOBS.get(name)
    if existing is not None and existing != job:
        raise ImproperlyConfigured(f"periodic({name!r}) is already registered with another task or period.")
    _JOBS[name] = job
    return job


def jobs() -> list[PeriodicJob]:
    return list(_JOBS.values())


def run_due(now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """One pass of the scheduler: enqueue every job whose current slot is not claimed yet.

    Returns the (name, slot) pairs this call enqueued."""
    from phoihop.notifications.models import JobRun

    now = now or timezone.now()
    wanted = {job.name: (job, job.slot_at(now)) for job in jobs()}
    if not wanted:
        return []
    claimed = set(
        JobRun.objects.filter(name__in=wanted, slot__in={slot for _, slot in wanted.values()}).values_list(
            "name", "slot"
        )
    )
    enqueued = []
    for name, (job, slot) in wanted.items():
        if (name, slot) in claimed:
            continue
        try:
            with transaction.atomic():
                run = JobRun.objects.create(name=name, slot=slot, enqueued_at=now)
                result = job.task.enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another scheduler claimed this slot first
        except Exception:  # one broken job must not stop the others; the slot stays free for the next pass
            logger.exception("could not enqueue %s for slot %s", name, slot)
            continue
        logger.info("enqueued %s for slot %s", name, slot)
        enqueued.append((name, slot))
    if enqueued:
        JobRun.objects.filter(enqueued_at__lt=now - KEEP_RUNS).delete()
    return enqueued
