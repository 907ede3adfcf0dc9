"""The periodic jobs: obligations of each period (idempotent), reminders before and at the due time,
escalation to the asked organisation's leaders, through the scheduler and the notification machinery."""

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.core.models import AuditEvent
from phoihop.exchanges import services, tasks
from phoihop.exchanges.models import InfoObligation, ObligationReminder
from phoihop.exchanges.tests.factories import incident, monthly, people
from phoihop.notifications.models import EmailMode, Notification, NotificationLog, NotificationPreference
from phoihop.tests.support import acting_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def who(demo):
    return people(demo)


def _local(y, m, d, hh=8):
    return timezone.make_aware(dt.datetime(y, m, d, hh))


def test_generation_creates_each_period_once_even_when_run_twice(demo, who):
    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh, demo.ubnd_pb], starts_on=start, due_day=10)
    months = (today.year - start.year) * 12 + today.month  # every month from January last year to this one
    expected = 2 * months
    assert request.obligations.count() == expected
    assert services.obligations_generate(today=today) == 0
    assert services.obligations_generate(today=today) == 0
    assert request.obligations.count() == expected
    assert request.obligations.values("organization_id", "period").distinct().count() == expected


def test_generation_creates_the_new_period_when_it_starts(demo, who):
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh], starts_on=dt.date(2026, 1, 1), due_day=20)
    InfoObligation.objects.filter(request=request, period__gte="2026-03").delete()
    assert services.obligations_generate(today=dt.date(2026, 2, 28)) == 0
    assert services.obligations_generate(today=dt.date(2026, 3, 1)) == 1
    march = request.obligations.get(period="2026-03")
    assert timezone.localtime(march.due_at).date() == dt.date(2026, 3, 20)
    assert AuditEvent.objects.filter(action="exchange.obligations", object_id=str(request.pk)).exists()


def test_quarterly_and_ended_requests(demo, who):
    request = monthly(
        who["requester"], demo.btg_kh, [demo.hdnd_kh], frequency="quarterly", due_day=15,
        starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 9, 30),
    )  # fmt: skip
    assert list(request.obligations.values_list("period", flat=True).order_by("period")) == [
        "2025-Q1", "2025-Q2", "2025-Q3",
    ]  # fmt: skip
    assert timezone.localtime(request.obligations.get(period="2025-Q1").due_at).date() == dt.date(2025, 3, 15)


def test_closed_requests_get_no_new_periods(demo, who):
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh], starts_on=dt.date(2026, 1, 1), due_day=20)
    services.request_close(acting=acting_of(who["requester"], demo.btg_kh), request=request)
    InfoObligation.objects.filter(request=request, period__gte="2026-06").delete()
    assert services.obligations_generate() == 0


def test_the_job_runs_through_the_worker_task(demo, who):
    request = monthly(who["requester"], demo.btg_kh, [demo.hdnd_kh], starts_on=dt.date(2026, 1, 1), due_day=20)
    request.obligations.filter(period="2026-02").delete()
    assert tasks.obligations_generate.call() == 1


def test_the_scheduler_knows_both_jobs():
    from phoihop.notifications.schedule import jobs

    names = {j.name: j for j in jobs()}
    assert names["exchanges.obligations_generate"].daily_at == dt.time(1)
    assert names["exchanges.reminders"].every == dt.timedelta(hours=1)


def _obligation(demo, who, hours=48):
    request = incident(who["requester"], demo.btg_kh, [demo.hdnd_kh], within_hours=hours, urgency="normal")
    return request.obligations.get()


def _kinds(obligation) -> set[str]:
    return set(ObligationReminder.objects.filter(obligation=obligation).values_list("kind", flat=True))


def _told(obligation, kind):
    return Notification.objects.filter(kind=kind, object_id=str(obligation.pk))


def test_reminder_before_the_due_time_once(demo, who):
    obligation = _obligation(demo, who, hours=48)  # notice: a quarter of 48 h = 12 h
    assert services.notice(obligation) == dt.timedelta(hours=12)
    services.reminders_send(now=obligation.due_at - dt.timedelta(hours=13))
    assert _kinds(obligation) == set()
    assert services.reminders_send(now=obligation.due_at - dt.timedelta(hours=11)) >= 1
    assert _kinds(obligation) == {"before"}
    services.reminders_send(now=obligation.due_at - dt.timedelta(hours=10))
    n = _told(obligation, "exchange.reminder").get(recipient=who["asked"])
    assert "Sắp đến hạn" in n.title and n.url == f"/exchanges/obligations/{obligation.pk}/"
    assert NotificationLog.objects.filter(notification=n).exists()
    assert not _told(obligation, "exchange.reminder").filter(recipient=who["requester"]).exists()


def test_reminder_at_the_due_time_then_escalation_to_the_leader(demo, who):
    obligation = _obligation(demo, who, hours=48)
    services.reminders_send(now=obligation.due_at + dt.timedelta(minutes=5))
    assert _kinds(obligation) == {"due"}
    assert _told(obligation, "exchange.due").filter(recipient=who["asked"]).count() == 1
    assert not _told(obligation, "exchange.overdue").exists()
    services.reminders_send(now=obligation.due_at + dt.timedelta(hours=13))
    assert _kinds(obligation) == {"due", "escalate"}
    escalated = _told(obligation, "exchange.overdue")
    assert set(escalated.values_list("recipient_id", flat=True)) == {who["asked_leader"].pk}
    obligation.refresh_from_db()
    assert obligation.escalated_at is not None
    assert AuditEvent.objects.filter(action="exchange.escalate", object_id=str(obligation.pk)).exists()
    told = _told(obligation, "exchange.due").count()
    services.reminders_send(now=obligation.due_at + dt.timedelta(hours=20))
    assert _told(obligation, "exchange.overdue").count() == 1 and _told(obligation, "exchange.due").count() == told


def test_supplied_obligations_are_not_reminded(demo, who):
    obligation = _obligation(demo, who, hours=48)
    services.supply_add(acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="Xong", complete=True)
    services.reminders_send(now=obligation.due_at + dt.timedelta(days=1))
    assert _kinds(obligation) == set()


def test_partial_supply_still_escalates(demo, who):
    obligation = _obligation(demo, who, hours=48)
    services.supply_add(
        acting=acting_of(who["asked"], demo.hdnd_kh), obligation=obligation, text="Một phần", complete=False
    )
    services.reminders_send(now=obligation.due_at + dt.timedelta(days=1))
    assert _kinds(obligation) == {"due", "escalate"}
    assert _told(obligation, "exchange.overdue").filter(recipient=who["asked_leader"]).exists()


def test_old_overdue_items_are_left_to_the_statistics(demo, who):
    obligation = _obligation(demo, who, hours=48)
    services.reminders_send(now=obligation.due_at + dt.timedelta(days=31))
    assert _kinds(obligation) == set()


def test_digest_settings_are_respected(demo, who):
    NotificationPreference.objects.update_or_create(user=who["asked"], defaults={"email_mode": EmailMode.DIGEST})
    obligation = _obligation(demo, who, hours=48)
    services.reminders_send(now=obligation.due_at - dt.timedelta(hours=1))
    n = _told(obligation, "exchange.reminder").get(recipient=who["asked"])
    assert n.email_state == Notification.EmailState.PENDING  # waits for the daily digest
    assert not NotificationLog.objects.filter(notification=n, channel=NotificationLog.Channel.EMAIL).exists()


def test_the_reminder_task_runs_the_same_service(demo, who):
    obligation = _obligation(demo, who, hours=1)
    obligation.due_at = timezone.now() - dt.timedelta(minutes=1)
    obligation.save(update_fields=["due_at"])
    assert tasks.reminders.call() >= 1
    assert Notification.objects.filter(kind="exchange.due", object_id=str(obligation.pk)).exists()
