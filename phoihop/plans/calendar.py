"""Task deadlines in each user's private iCal feed (notifications.calendar_feed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from phoihop.notifications.calendar_feed import CalendarEvent
from phoihop.plans.models import OPEN_STATUSES, Task


def deadline_events(user) -> list[CalendarEvent]:
    """Open tasks with a deadline that the user is assigned to or that an organisation of theirs leads,
    from 60 days ago to a year ahead."""
    today = timezone.localdate()
    org_ids = list(user.memberships.active().values_list("organization_id", flat=True))
    tasks = (
        Task.objects.filter(
            status__in=OPEN_STATUSES,
            deadline__gte=today - dt.timedelta(days=60),
            deadline__lte=today + dt.timedelta(days=366),
        )
        .filter(Q(assignees=user) | Q(lead_id__in=org_ids))
        .select_related("lead")
        .distinct()
        .order_by("deadline")[:500]
    )
    return [
        CalendarEvent(
            uid=f"task-{t.pk}@phoihop",
            summary=f"Hạn: {t.title}",
            start=t.deadline,
            description=f"Chủ trì: {t.lead.name}. Trạng thái: {t.get_status_display()}.",
            url=f"/plans/tasks/{t.pk}/",
        )
        for t in tasks
    ]
