"""Reading notifications, preferences and the calendar feed token — always the caller's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from phoihop.core.errors import NotFound
from phoihop.core.web import parse_id
from phoihop.notifications.models import CalendarToken, Notification, NotificationPreference

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.accounts.models import User


def _user(acting: Acting) -> User:
    if acting.user is None:
        raise NotFound()
    return acting.user


def notification_list(*, acting: Acting, unread: bool | None = None) -> QuerySet[Notification]:
    """The caller's notifications: unread first, then newest first."""
    qs = Notification.objects.filter(recipient=_user(acting))
    if unread:
        qs = qs.filter(read_at__isnull=True)
    read_rank = ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField())
    return qs.annotate(read_rank=read_rank).order_by("read_rank", "-created_at", "-id")


def notification_get(*, acting: Acting, notification_id) -> Notification:
    """One of the caller's notifications; another user's answers like a missing one."""
    pk = parse_id(notification_id)
    notification = Notification.objects.filter(pk=pk, recipient=_user(acting)).first() if pk else None
    if notification is None:
        raise NotFound()
    return notification


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_get(*, acting: Acting) -> NotificationPreference:
    """The caller's preference, or the default (immediate e-mail, digest at 7:00) unsaved."""
    user = _user(acting)
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def calendar_token_active(*, acting: Acting) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=_user(acting), revoked_at__isnull=True).first()
