"""Notifications: who gets one, how it is e-mailed (at once or in the daily digest), reading state, preferences."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.accounts import services as account_services
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.notifications import selectors, services
from phoihop.notifications.models import EmailMode, Notification, NotificationLog, NotificationPreference
from phoihop.notifications.tasks import email_notifications
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=VN)


def test_notify_writes_one_row_per_distinct_active_recipient_and_skips_the_actor(
    demo, django_capture_on_commit_callbacks
):
    org = demo.btg_pb
    actor, wants_mail, no_address, quiet, gone = (make_user(org=org) for _ in range(5))
    account_services.user_update(acting=None, user=no_address, email="")
    account_services.user_update(acting=None, user=gone, is_active=False)
    services.preference_update(acting=acting_of(quiet), email_mode=EmailMode.OFF)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = services.notify(
            recipients=[wants_mail, wants_mail.pk, no_address, quiet, gone, actor],
            kind="task.assigned",
            title="Giao việc: chuẩn bị hội nghị\nquán triệt",
            body="Hạn 30/11/2026.",
            url="/plans/1/",
            obj=org,
            organization=org,
            actor=actor,
        )

    assert sorted(n.recipient_id for n in rows) == sorted([wants_mail.pk, no_address.pk, quiet.pk])
    everyone = [actor, wants_mail, no_address, quiet, gone]
    stored = {n.recipient_id: n for n in Notification.objects.filter(recipient__in=everyone)}
    assert set(stored) == {wants_mail.pk, no_address.pk, quiet.pk}
    assert stored[wants_mail.pk].email_state == "pending"
    assert stored[no_address.pk].email_state == stored[quiet.pk].email_state == "skipped"
    n = stored[wants_mail.pk]
    assert n.title == "Giao việc: chuẩn bị hội nghị quán triệt"  # one line
    assert (n.kind, n.url, n.object_type, n.object_id, n.organization_id) == (
        "task.assigned",
        "/plans/1/",
        "orgs.organization",
        str(org.pk),
        org.pk,
    )
    assert n.read_at is None
    in_app = NotificationLog.objects.filter(channel="in_app", recipient__in=everyone)
    assert sorted(in_app.values_list("recipient_id", flat=True)) == sorted(stored)
    assert len(callbacks) == 1  # one task for the e-mails, after the commit


def test_notify_costs_three_queries_whatever_the_number_of_recipients(demo, django_capture_on_commit_callbacks):
    users = [make_user() for _ in range(12)]
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=users, kind="x", title="Thử")
    writes = [q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(writes) == 3, [q["sql"][:80] for q in writes]  # recipients, notifications, log rows


def test_notify_takes_a_queryset_of_users_as_a_subquery(demo, django_capture_on_commit_callbacks):
    from phoihop.accounts.models import User

    actor, a, b = make_user(), make_user(), make_user()
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=False):
        rows = services.notify(
            recipients=User.objects.filter(pk__in=[actor.pk, a.pk, b.pk]), kind="x", title="Thử", actor=actor
        )
    assert sorted(n.recipient_id for n in rows) == sorted([a.pk, b.pk])
    assert len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]) == 3


def test_notify_drops_links_that_are_not_ours_or_http(demo, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=False):
        for url in ["javascript:alert(1)", "//evil.example/x", "data:text/html,x"]:
            services.notify(recipients=[user], kind="x", title="Thử", url=url)
    assert set(Notification.objects.filter(recipient=user).values_list("url", flat=True)) == {""}


def test_notify_with_nobody_left_writes_nothing(demo):
    actor = make_user()
    assert services.notify(recipients=[actor], kind="x", title="Thử", actor=actor) == []
    assert services.notify(recipients=[], kind="x", title="Thử") == []
    assert not Notification.objects.filter(recipient=actor).exists()


def test_immediate_mail_is_sent_marked_and_logged(demo, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.PHOIHOP_BASE_URL = "https://phoihop.example.vn"
    user = make_user(full_name="Nguyễn Văn An", email="an@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        (n,) = services.notify(recipients=[user], kind="task.assigned", title="Giao việc mới", url="/plans/7/")
    # the task is queued in the database; run it as the worker would
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path="phoihop.notifications.tasks.email_notifications").latest(
        "enqueued_at"
    )
    assert queued.task_result.args == [[n.pk]]
    assert queued.status == "READY"
    assert email_notifications.call(*queued.task_result.args) == {"sent": 1, "failed": 0, "skipped": 0}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["an@example.vn"] and mail.subject == "PhốiHợp: Giao việc mới"
    assert "Chào Nguyễn Văn An" in mail.body and "https://phoihop.example.vn/plans/7/" in mail.body
    n.refresh_from_db()
    assert n.email_state == "sent"
    log = NotificationLog.objects.get(channel="email", recipient=user)
    assert (log.notification_id, log.recipient_id, log.address, log.status) == (n.pk, user.pk, "an@example.vn", "sent")
    # run again (a retried task): nothing is sent twice
    assert email_notifications.call([n.pk]) == {"sent": 0, "failed": 0, "skipped": 0}
    assert len(mailoutbox) == 1


def test_a_failing_mail_server_marks_failed_and_logs_the_error(demo, monkeypatch, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=False):
        (n,) = services.notify(recipients=[user], kind="x", title="Thử")

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("máy chủ thư không trả lời")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert services.email_send_immediate(notification_ids=[n.pk]) == {"sent": 0, "failed": 1, "skipped": 0}
    n.refresh_from_db()
    assert n.email_state == "failed"
    log = NotificationLog.objects.get(channel="email", recipient=user)
    assert log.status == "failed" and "ConnectionRefusedError" in log.error


def test_a_user_who_switched_to_the_digest_is_left_for_it(demo, mailoutbox, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=False):
        (n,) = services.notify(recipients=[user], kind="x", title="Thử")
    services.preference_update(acting=acting_of(user), email_mode=EmailMode.DIGEST)
    assert services.email_send_immediate(notification_ids=[n.pk]) == {"sent": 0, "failed": 0, "skipped": 0}
    n.refresh_from_db()
    assert n.email_state == "pending" and mailoutbox == []


# --- the daily digest ----------------------------------------------------------------------------------


def test_digest_is_sent_once_at_the_users_hour(demo, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.PHOIHOP_BASE_URL = "https://phoihop.example.vn"
    user = make_user(email="binh@example.vn")
    other = make_user()  # immediate: not part of the digest
    services.preference_update(acting=acting_of(user), email_mode=EmailMode.DIGEST, digest_hour=8)
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=[user, other], kind="task.assigned", title="Việc thứ nhất", url="/plans/1/")
        services.notify(recipients=[user], kind="task.due", title="Việc thứ hai sắp đến hạn")
    Notification.objects.filter(recipient__in=[user, other]).update(created_at=at(21, 15))

    assert services.digest_send(now=at(22, 7, 59))["sent"] == 0  # not yet its hour
    assert mailoutbox == []

    assert services.digest_send(now=at(22, 8, 0)) == {"sent": 1, "failed": 0, "skipped": 0}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["binh@example.vn"] and mail.subject == "PhốiHợp: 2 thông báo mới (ngày 22/11/2026)"
    assert "Việc thứ nhất" in mail.body and "Việc thứ hai sắp đến hạn" in mail.body
    assert "https://phoihop.example.vn/plans/1/" in mail.body
    assert set(Notification.objects.filter(recipient=user).values_list("email_state", flat=True)) == {"sent"}
    assert Notification.objects.get(recipient=other).email_state == "pending"  # its own task sends it
    assert NotificationLog.objects.filter(channel="email", recipient=user, status="sent").count() == 2

    # later the same day, with something new: no second digest today
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=[user], kind="x", title="Việc thứ ba")
    Notification.objects.filter(title="Việc thứ ba").update(created_at=at(22, 9))
    assert services.digest_send(now=at(22, 10))["sent"] == 0
    assert services.digest_send(now=at(22, 23, 59))["sent"] == 0
    assert len(mailoutbox) == 1
    # the next day at its hour, the new one goes out
    assert services.digest_send(now=at(23, 8, 5))["sent"] == 1
    assert len(mailoutbox) == 2 and "Việc thứ ba" in mailoutbox[1].body and "Việc thứ nhất" not in mailoutbox[1].body


def test_digest_without_anything_waiting_sends_nothing(demo, mailoutbox):
    user = make_user()
    services.preference_update(acting=acting_of(user), email_mode=EmailMode.DIGEST, digest_hour=0)
    assert services.digest_send(now=at(22, 9)) == {"sent": 0, "failed": 0, "skipped": 0}
    assert mailoutbox == []
    assert NotificationPreference.objects.get(user=user).last_digest_on is None


def test_the_digest_task_runs_through_the_task_api(demo, mailoutbox, django_capture_on_commit_callbacks):
    from phoihop.notifications.tasks import email_digests

    user = make_user()
    services.preference_update(acting=acting_of(user), email_mode=EmailMode.DIGEST, digest_hour=0)
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=[user], kind="x", title="Thử")
    Notification.objects.filter(recipient=user).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    assert email_digests.call()["sent"] == 1
    assert len(mailoutbox) == 1


# --- reading state and preferences ---------------------------------------------------------------------


def test_marking_read(demo, django_capture_on_commit_callbacks):
    user, other = make_user(), make_user()
    with django_capture_on_commit_callbacks(execute=False):
        _first, second, _third = (services.notify(recipients=[user], kind="x", title=f"Số {i}")[0] for i in range(3))
        (others,) = services.notify(recipients=[other], kind="x", title="Của người khác")
    acting = acting_of(user)
    assert selectors.unread_count(user=user) == 3

    services.notification_mark_read(acting=acting, notification=second)
    second.refresh_from_db()
    stamp = second.read_at
    assert stamp is not None and selectors.unread_count(user=user) == 2
    services.notification_mark_read(acting=acting, notification=second)  # again: unchanged
    second.refresh_from_db()
    assert second.read_at == stamp
    # unread first, then newest first
    assert [n.title for n in selectors.notification_list(acting=acting)] == ["Số 2", "Số 0", "Số 1"]
    assert [n.title for n in selectors.notification_list(acting=acting, unread=True)] == ["Số 2", "Số 0"]

    with pytest.raises(NotFound):
        services.notification_mark_read(acting=acting, notification=others)
    with pytest.raises(NotFound):
        selectors.notification_get(acting=acting, notification_id=others.pk)

    assert services.notification_mark_all_read(acting=acting) == 2
    assert selectors.unread_count(user=user) == 0 and selectors.unread_count(user=other) == 1


def test_preferences_are_validated_and_audited(demo):
    user = make_user()
    acting = acting_of(user)
    assert selectors.preference_get(acting=acting).email_mode == "immediate"  # the default, nothing written
    assert not NotificationPreference.objects.filter(user=user).exists()

    pref = services.preference_update(acting=acting, email_mode=EmailMode.DIGEST, digest_hour=18)
    assert (pref.email_mode, pref.digest_hour) == ("digest", 18)
    pref = services.preference_update(acting=acting, digest_hour=6)
    assert (pref.email_mode, pref.digest_hour) == ("digest", 6)
    actions = list(
        AuditEvent.objects.filter(object_type="notifications.notificationpreference", object_id=str(pref.pk))
        .order_by("id")
        .values_list("action", "actor_id")
    )
    assert actions == [("notification_preference.create", user.pk), ("notification_preference.update", user.pk)]

    with pytest.raises(ValidationFailed) as bad_hour:
        services.preference_update(acting=acting, digest_hour=24)
    assert bad_hour.value.field == "digest_hour"
    with pytest.raises(ValidationFailed) as bad_mode:
        services.preference_update(acting=acting, email_mode="weekly")
    assert bad_mode.value.field == "email_mode"


def test_leaving_the_digest_sends_what_waited_or_drops_it(demo, django_capture_on_commit_callbacks):
    keen, quiet = make_user(), make_user()
    for u in (keen, quiet):
        services.preference_update(acting=acting_of(u), email_mode=EmailMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=[keen, quiet], kind="x", title="Thử")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.preference_update(acting=acting_of(keen), email_mode=EmailMode.IMMEDIATE)
    assert len(callbacks) == 1  # what waited for the digest is e-mailed now
    services.preference_update(acting=acting_of(quiet), email_mode=EmailMode.OFF)
    assert Notification.objects.get(recipient=quiet).email_state == "skipped"
