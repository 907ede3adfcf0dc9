"""Writing notifications, their delivery by e-mail, preferences and calendar feed tokens.

Other apps call `notify(...)` from their services (inside their transaction): the rows are written at
once, the e-mails go out from a background task after the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from phoihop.accounts.models import User
from phoihop.core.audit import audit_record
from phoihop.core.errors import NotFound
from phoihop.core.records import record_create, record_update
from phoihop.notifications.models import (
    CalendarToken,
    EmailMode,
    Notification,
    NotificationLog,
    NotificationPreference,
)

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.orgs.models import Organization

logger = logging.getLogger("phoihop.notifications")

PENDING = Notification.EmailState.PENDING
DIGEST_MAX_ITEMS = 100


def _clean_url(url: str) -> str:
    """A link inside the site ("/plans/3/") or an http(s) address; anything else is dropped."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url[:500]
    if url.startswith(("https://", "http://")):
        return url[:500]
    return ""


def absolute_url(url: str) -> str:
    return settings.PHOIHOP_BASE_URL + url if url.startswith("/") else url


def _one_line(text: str, limit: int) -> str:
    return " ".join(str(text).split())[:limit]


def _user_id(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, models.Model):
        return value.pk
    return int(value)


# --- creating notifications ---------------------------------------------------------------------------


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | int] | models.QuerySet,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    obj: models.Model | None = None,
    organization: Organization | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """One notification per distinct active recipient (never the actor themself), logged in-app; those who
    want e-mail at once get it from a task enqueued after the commit. Three queries whatever the number.

    `recipients`: users, user ids, or a queryset of users (used as a subquery); `actor`: who caused it
    (a user, or None for the system); `obj`: the object it is about (stored as type and id)."""
    title = _one_line(title, 255)
    if not title:
        raise ValueError("notify() needs a title")
    actor_id = _user_id(actor)
    if isinstance(recipients, models.QuerySet) and recipients.model is User:  # used as a subquery
        wanted = User.objects.filter(pk__in=recipients.values("pk"))
    else:
        ids = {_user_id(r) for r in recipients} - {None}
        if not ids:
            return []
        wanted = User.objects.filter(pk__in=ids)
    if actor_id is not None:
        wanted = wanted.exclude(pk=actor_id)
    rows = (
        wanted.filter(is_active=True).order_by("pk").values_list("pk", "email", "notification_preference__email_mode")
    )
    now = timezone.now()
    kind, url = kind[:64], _clean_url(url)
    object_type, object_id = (obj._meta.label_lower, str(obj.pk)) if obj is not None else ("", "")
    notifications, immediate = [], []
    for user_id, email, mode in rows:
        mode = mode or EmailMode.IMMEDIATE
        wants_mail = bool(email) and mode != EmailMode.OFF
        n = Notification(
            recipient_id=user_id,
            kind=kind,
            title=title,
            body=body,
            url=url,
            object_type=object_type,
            object_id=object_id,
            organization=organization,
            created_at=now,
            email_state=PENDING if wants_mail else Notification.EmailState.SKIPPED,
        )
        notifications.append(n)
        if wants_mail and mode == EmailMode.IMMEDIATE:
            immediate.append(n)
    if not notifications:
        return []
    Notification.objects.bulk_create(notifications)
    NotificationLog.objects.bulk_create(
        NotificationLog(
            notification=n,
            recipient_id=n.recipient_id,
            channel=NotificationLog.Channel.IN_APP,
            subject=title,
            sent_at=now,
        )
        for n in notifications
    )
    if immediate:
        ids_to_mail = [n.pk for n in immediate]
        transaction.on_commit(lambda: _enqueue_immediate(ids_to_mail))
    return notifications


def _enqueue_immediate(notification_ids: list[int]) -> None:
    from phoihop.notifications.tasks import email_notifications

    email_notifications.enqueue(notification_ids)


# --- reading state --------------------------------------------------------------------------------------


def _own(acting: Acting, notification: Notification) -> Notification:
    if acting.user is None or notification.recipient_id != acting.user.pk:
        raise NotFound()
    return notification


@transaction.atomic
def notification_mark_read(*, acting: Acting, notification: Notification) -> Notification:
    _own(acting, notification)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, acting: Acting) -> int:
    """Marks every unread notification of the caller read; returns how many."""
    if acting.user is None:
        raise NotFound()
    return Notification.objects.filter(recipient=acting.user, read_at__isnull=True).update(read_at=timezone.now())


# --- preferences ----------------------------------------------------------------------------------------

PREFERENCE_FIELDS = ["email_mode", "digest_hour"]


@transaction.atomic
def preference_update(
    *, acting: Acting, email_mode: str | None = None, digest_hour: int | None = None
) -> NotificationPreference:
    """Change how the caller receives notifications by e-mail (audited).

    Leaving the daily digest: what was waiting for it is e-mailed now (immediate) or not at all (off)."""
    if acting.user is None:
        raise NotFound()
    changes = {k: v for k, v in {"email_mode": email_mode, "digest_hour": digest_hour}.items() if v is not None}
    pref = NotificationPreference.objects.select_for_update().filter(user=acting.user).first()
    if pref is None:
        pref = record_create(
            acting=acting,
            obj=NotificationPreference(user=acting.user, **changes),
            action="notification_preference.create",
        )
        return pref
    before_mode = pref.email_mode
    changes = {k: v for k, v in changes.items() if getattr(pref, k) != v}
    if not changes:
        return pref
    pref = record_update(
        acting=acting, obj=pref, changes=changes, allowed=PREFERENCE_FIELDS, action="notification_preference.update"
    )
    if before_mode == EmailMode.DIGEST and pref.email_mode != EmailMode.DIGEST:
        waiting = Notification.objects.filter(recipient=acting.user, email_state=PENDING)
        if pref.email_mode == EmailMode.OFF:
            waiting.update(email_state=Notification.EmailState.SKIPPED)
        elif ids := list(waiting.values_list("pk", flat=True)):
            transaction.on_commit(lambda: _enqueue_immediate(ids))
    return pref


# --- e-mail delivery (run by tasks on the worker) -------------------------------------------------------


def _send(*, to: str, subject: str, body: str) -> str:
    """Send one message; returns the error text, empty on success."""
    from django.core.mail import EmailMessage

    try:
        EmailMessage(subject=subject, body=body, to=[to]).send()
    except Exception as e:  # any failure of the mail system is recorded, not raised
        logger.warning("e-mail to %s failed: %s", to, e)
        return f"{e.__class__.__name__}: {e}"[:2000]
    return ""


def _footer() -> str:
    return _("Thư gửi tự động từ PhốiHợp. Đổi cách nhận thư thông báo tại: {url}").format(
        url=f"{settings.PHOIHOP_BASE_URL}/notifications/preferences/"
    )


def immediate_email(notification: Notification) -> tuple[str, str]:
    """Subject and text of the e-mail for one notification."""
    user = notification.recipient
    lines = [_("Chào {name},").format(name=user.full_name or user.username), "", notification.title]
    if notification.body:
        lines += ["", notification.body]
    if notification.url:
        lines += ["", _("Xem chi tiết: {url}").format(url=absolute_url(notification.url))]
    lines += ["", "—", _footer()]
    return _one_line(f"PhốiHợp: {notification.title}", 255), "\n".join(lines) + "\n"


def email_send_immediate(*, notification_ids: list[int]) -> dict[str, int]:
    """E-mail the given notifications that are still waiting, to recipients who want e-mail at once.

    Each notification is claimed (pending → sent) before its message goes out, so it is sent at most once
    even if two workers run this; a failure turns it to failed. Every e-mail is logged."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    waiting = (
        Notification.objects.filter(pk__in=notification_ids, email_state=PENDING)
        .select_related("recipient", "recipient__notification_preference")
        .order_by("pk")
    )
    for n in waiting:
        user = n.recipient
        pref = getattr(user, "notification_preference", None)
        mode = pref.email_mode if pref else EmailMode.IMMEDIATE
        if mode == EmailMode.DIGEST:
            continue  # the user switched to the daily digest meanwhile: it will carry this one
        if mode == EmailMode.OFF or not user.email or not user.is_active:
            Notification.objects.filter(pk=n.pk, email_state=PENDING).update(
                email_state=Notification.EmailState.SKIPPED
            )
            counts["skipped"] += 1
            continue
        if not Notification.objects.filter(pk=n.pk, email_state=PENDING).update(
            email_state=Notification.EmailState.SENT
        ):
            continue  # claimed by someone else
        subject, body = immediate_email(n)
        error = _send(to=user.email, subject=subject, body=body)
        if error:
            Notification.objects.filter(pk=n.pk).update(email_state=Notification.EmailState.FAILED)
        NotificationLog.objects.create(
            notification=n,
            recipient=user,
            channel=NotificationLog.Channel.EMAIL,
            address=user.email,
            subject=subject,
            status=NotificationLog.Status.FAILED if error else NotificationLog.Status.SENT,
            error=error,
        )
        counts["failed" if error else "sent"] += 1
    return counts


def digest_email(user: User, items: list[Notification], total: int, day: dt.date) -> tuple[str, str]:
    """Subject and text of one user's daily digest."""
    subject = _("PhốiHợp: {n} thông báo mới (ngày {day})").format(n=total, day=date_format(day, "d/m/Y"))
    lines = [
        _("Chào {name},").format(name=user.full_name or user.username),
        "",
        _("Các thông báo mới của bạn trên PhốiHợp:"),
        "",
    ]
    for n in items:
        when = date_format(timezone.localtime(n.created_at), "H:i d/m/Y")
        lines.append(f"• {when} — {n.title}")
        if n.url:
            lines.append(f"  {absolute_url(n.url)}")
    if total > len(items):
        lines += ["", _("… và {n} thông báo khác.").format(n=total - len(items))]
    lines += [
        "",
        _("Xem tất cả: {url}").format(url=f"{settings.PHOIHOP_BASE_URL}/notifications/"),
        "",
        "—",
        _footer(),
    ]
    return _one_line(subject, 255), "\n".join(lines) + "\n"


def digest_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """For each user on the daily digest whose hour has come today, who got no digest today and has
    notifications waiting: one e-mail listing them; they are marked sent (or failed) and logged."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    not_today = Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today)
    waiting = Notification.objects.filter(recipient=OuterRef("user"), email_state=PENDING, created_at__lte=now)
    due = (
        NotificationPreference.objects.filter(not_today, email_mode=EmailMode.DIGEST, digest_hour__lte=local.hour)
        .filter(Exists(waiting))
        .select_related("user")
        .order_by("pk")
    )
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for pref in due:
        outcome = _digest_one(pref=pref, today=today, now=now)
        if outcome:
            counts[outcome] += 1
    return counts


def _digest_one(*, pref: NotificationPreference, today: dt.date, now: dt.datetime) -> str | None:
    user = pref.user
    with transaction.atomic():
        # the claim: one digest per user and day, whichever worker gets here first
        claimed = (
            NotificationPreference.objects.filter(pk=pref.pk, email_mode=EmailMode.DIGEST)
            .filter(Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today))
            .update(last_digest_on=today)
        )
        if not claimed:
            return None
        pending = Notification.objects.filter(recipient=user, email_state=PENDING, created_at__lte=now)
        ids = list(pending.order_by("created_at", "pk").values_list("pk", flat=True))
        if not ids:
            return None
        if not user.email or not user.is_active:
            Notification.objects.filter(pk__in=ids).update(email_state=Notification.EmailState.SKIPPED)
            return "skipped"
        Notification.objects.filter(pk__in=ids).update(email_state=Notification.EmailState.SENT)
    items = list(Notification.objects.filter(pk__in=ids[:DIGEST_MAX_ITEMS]).order_by("created_at", "pk"))
    subject, body = digest_email(user, items, len(ids), today)
    error = _send(to=user.email, subject=subject, body=body)
    if error:
        Notification.objects.filter(pk__in=ids).update(email_state=Notification.EmailState.FAILED)
    sent_at = timezone.now()
    NotificationLog.objects.bulk_create(
        NotificationLog(
            notification_id=pk,
            recipient=user,
            channel=NotificationLog.Channel.EMAIL,
            address=user.email,
            subject=subject,
            sent_at=sent_at,
            status=NotificationLog.Status.FAILED if error else NotificationLog.Status.SENT,
            error=error,
        )
        for pk in ids
    )
    return "failed" if error else "sent"


# --- the private calendar feed ---------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _revoke_active(user: User, now: dt.datetime) -> int:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


@transaction.atomic
def calendar_token_create(*, acting: Acting) -> tuple[str, CalendarToken]:
    """A new secret feed address for the caller (the previous one stops working). The raw token is
    returned once and never stored."""
    if acting.user is None:
        raise NotFound()
    now = timezone.now()
    revoked = _revoke_active(acting.user, now)
    raw = secrets.token_urlsafe(32)
    token = CalendarToken.objects.create(user=acting.user, key_hash=_hash(raw), created_at=now)
    audit_record(
        acting=acting, action="calendar.token_create", kind="auth", obj=token, after={"revoked_previous": revoked}
    )
    return raw, token


@transaction.atomic
def calendar_token_revoke(*, acting: Acting) -> int:
    """The caller's feed address stops working. Returns how many addresses were revoked (0 or 1)."""
    if acting.user is None:
        raise NotFound()
    active = list(CalendarToken.objects.filter(user=acting.user, revoked_at__isnull=True))
    now = timezone.now()
    for token in active:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(acting=acting, action="calendar.token_revoke", kind="auth", obj=token)
    return len(active)


def calendar_token_use(*, raw: str) -> User | None:
    """The active user behind a feed token, or None (unknown, revoked, or the account is locked out).
    Last use is written at most once an hour."""
    if not raw or len(raw) > 100:
        return None
    token = CalendarToken.objects.select_related("user").filter(key_hash=_hash(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(hours=1):
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
