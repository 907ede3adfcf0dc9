"""Periodic jobs: one enqueue per slot, however many schedulers run and however often."""

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from phoihop.notifications import schedule
from phoihop.notifications.models import JobRun
from phoihop.notifications.schedule import periodic, run_due

VN = dt.timezone(dt.timedelta(hours=7))
PATH = "phoihop.notifications.tests.test_schedule.tick"


@task
def tick() -> str:
    return "tick"


@task
def tock() -> str:
    return "tock"


@pytest.fixture
def registry(monkeypatch):
    """Only the jobs the test registers."""
    monkeypatch.setattr(schedule, "_JOBS", {})
    return schedule._JOBS


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, second, tzinfo=VN)


def test_the_digest_job_is_registered_by_the_app():
    job = schedule._JOBS["notifications.digest"]
    assert job.task.module_path == "phoihop.notifications.tasks.email_digests"
    assert job.every == dt.timedelta(hours=1)
    assert job.slot_at(at(22, 7, 40)) == "2026-11-22T07"


def test_slots_are_named_by_their_start_in_vietnam_time(registry):
    hourly = periodic("test.hourly", tick, every=dt.timedelta(hours=1))
    quarter = periodic("test.quarter", tick, every=dt.timedelta(minutes=15))
    daily = periodic("test.daily", tick, daily_at=7)
    assert hourly.slot_at(at(22, 7, 59, 59)) == "2026-11-22T07"
    assert hourly.slot_at(dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)) == "2026-11-22T08"
    assert quarter.slot_at(at(22, 7, 44)) == "2026-11-22T07:30"
    assert daily.slot_at(at(22, 7, 0)) == "2026-11-22"
    assert daily.slot_at(at(22, 6, 59)) == "2026-11-21"  # before 07:00 the current slot is yesterday's


def test_registration_mistakes_are_refused(registry):
    with pytest.raises(ImproperlyConfigured):
        periodic("test.none", tick)
    with pytest.raises(ImproperlyConfigured):
        periodic("test.both", tick, every=dt.timedelta(hours=1), daily_at=7)
    with pytest.raises(ImproperlyConfigured):
        periodic("test.plain", lambda: None, every=dt.timedelta(hours=1))
    with pytest.raises(ImproperlyConfigured):
        periodic("test.fast", tick, every=dt.timedelta(seconds=30))
    with pytest.raises(ImproperlyConfigured):
        periodic("test.hour", tick, daily_at=24)
    periodic("test.same", tick, daily_at=7)
    periodic("test.same", tick, daily_at=7)  # the same again (ready() run twice) is harmless
    with pytest.raises(ImproperlyConfigured):
        periodic("test.same", tock, daily_at=7)


@pytest.mark.django_db
def test_a_job_is_enqueued_once_per_slot(registry):
    periodic("test.hourly", tick, every=dt.timedelta(hours=1))
    assert run_due(at(22, 7, 0, 5)) == [("test.hourly", "2026-11-22T07")]
    assert run_due(at(22, 7, 0, 25)) == []  # the next pass, 20 s later
    assert run_due(at(22, 7, 59)) == []
    assert run_due(at(22, 8, 0, 1)) == [("test.hourly", "2026-11-22T08")]
    assert DBTaskResult.objects.filter(task_path=PATH).count() == 2
    runs = list(JobRun.objects.order_by("slot").values_list("slot", "task_result_id"))
    assert [slot for slot, _ in runs] == ["2026-11-22T07", "2026-11-22T08"]
    assert {rid for _, rid in runs} == {str(r.id) for r in DBTaskResult.objects.filter(task_path=PATH)}


@pytest.mark.django_db
def test_a_slot_claimed_by_another_scheduler_is_not_enqueued_again(registry, monkeypatch):
    """Two schedulers racing: the second one's insert fails on the unique (name, slot) and enqueues nothing."""
    periodic("test.hourly", tick, every=dt.timedelta(hours=1))
    assert run_due(at(22, 7)) == [("test.hourly", "2026-11-22T07")]
    # the second scheduler read "not claimed" just before the first one committed
    with monkeypatch.context() as patched:
        patched.setattr(JobRun.objects, "filter", lambda **kw: JobRun.objects.none())
        assert run_due(at(22, 7, 0, 3)) == []
    assert JobRun.objects.count() == 1 and DBTaskResult.objects.filter(task_path=PATH).count() == 1


@pytest.mark.django_db
def test_the_scheduler_command_run_twice_enqueues_once(registry):
    periodic("test.hourly", tick, every=dt.timedelta(hours=1))
    out = io.StringIO()
    call_command("scheduler", "--once", stdout=out)
    call_command("scheduler", "--once", stdout=out)
    assert out.getvalue().count("Đã đưa vào hàng đợi: test.hourly") == 1
    assert JobRun.objects.filter(name="test.hourly").count() == 1
    result = DBTaskResult.objects.get(task_path=PATH)
    assert result.status == "READY"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scheduler_process_enqueues_the_digest_and_stops_cleanly_on_sigterm():
    from phoihop.core.tests.test_health import database_url

    proc = subprocess.Popen(
        [sys.executable, "manage.py", "scheduler", "--interval", "0.2"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not JobRun.objects.filter(name="notifications.digest").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert JobRun.objects.filter(name="notifications.digest").count() == 1
        time.sleep(0.6)  # a few more passes in the same hour
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
        assert proc.returncode == 0, err
        assert "Đã dừng lịch chạy định kỳ." in out
    finally:
        if proc.poll() is None:
            proc.kill()
    assert JobRun.objects.filter(name="notifications.digest").count() == 1
    assert DBTaskResult.objects.filter(task_path="phoihop.notifications.tasks.email_digests").count() == 1


@pytest.mark.django_db
def test_a_job_that_cannot_be_enqueued_does_not_stop_the_others(registry, monkeypatch):
    from django_tasks_db.backend import DatabaseBackend

    periodic("test.broken", tock, every=dt.timedelta(hours=1))
    periodic("test.fine", tick, every=dt.timedelta(hours=1))
    real_enqueue = DatabaseBackend.enqueue

    def enqueue(self, task, args, kwargs):
        if task.name == "tock":
            raise RuntimeError("hàng đợi từ chối")
        return real_enqueue(self, task, args, kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(DatabaseBackend, "enqueue", enqueue)
        assert run_due(at(22, 7)) == [("test.fine", "2026-11-22T07")]
    assert not JobRun.objects.filter(name="test.broken").exists()  # the slot stays free
    assert run_due(at(22, 7, 0, 20)) == [("test.broken", "2026-11-22T07")]
