"""The real path: a committed notify() queues a task; `manage.py db_worker --batch` runs it and the e-mail goes out."""

import io
import signal

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from phoihop.notifications import services
from phoihop.notifications.models import Notification, NotificationLog
from phoihop.tests.support import make_user


@pytest.fixture
def keep_signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_immediate_mail_goes_out_through_the_worker(mailoutbox, keep_signal_handlers):
    user = make_user(full_name="Lê Thị Hoa", email="hoa@example.vn")
    actor = make_user()
    with transaction.atomic():
        (n,) = services.notify(recipients=[user, actor], kind="task.assigned", title="Giao việc mới", actor=actor)
        assert not DBTaskResult.objects.filter(task_path="phoihop.notifications.tasks.email_notifications").exists()
    # committed: the task is queued
    queued = DBTaskResult.objects.get(task_path="phoihop.notifications.tasks.email_notifications")
    assert queued.status == "READY"

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-reload", "--no-startup-delay", stdout=io.StringIO())

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert [m.to for m in mailoutbox] == [["hoa@example.vn"]]
    assert mailoutbox[0].subject == "PhốiHợp: Giao việc mới" and "Chào Lê Thị Hoa" in mailoutbox[0].body
    n.refresh_from_db()
    assert n.email_state == "sent"
    log = NotificationLog.objects.get(channel="email")
    assert (log.recipient_id, log.address, log.status, log.notification_id) == (user.pk, "hoa@example.vn", "sent", n.pk)
    assert not Notification.objects.filter(recipient=actor).exists()
