"""Background work of notifications: e-mail at once, and the daily digest (enqueued hourly by the scheduler)."""

from django.tasks import task

from phoihop.notifications import services


@task
def email_notifications(notification_ids: list[int]) -> dict:
    """E-mail these notifications to recipients who want e-mail at once (enqueued by `notify`)."""
    return services.email_send_immediate(notification_ids=notification_ids)


@task
def email_digests() -> dict:
    """Send the daily digest to users whose hour has come (run every hour by the scheduler)."""
    return services.digest_send()
