"""Reads for meetings: the visible ones (organiser, invited organisations and people, the roll-up above the
organiser), one meeting with its invitations and conclusions, calendar events of a user or organisation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from phoihop.core.errors import NotFound
from phoihop.core.web import parse_id
from phoihop.meetings import permissions as perms
from phoihop.meetings.models import Conclusion, Invitation, Meeting, MeetingStatus
from phoihop.notifications.calendar_feed import CalendarEvent
from phoihop.orgs.visibility import visible_orgs_q

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting


def visible_meetings(acting: Acting) -> QuerySet[Meeting]:
    qs = Meeting.objects.all()
    if acting.is_system_admin:
        return qs
    if acting.org is None:
        return qs.none()
    invited = Invitation.objects.filter(meeting=OuterRef("pk")).filter(Q(organization=acting.org) | Q(user=acting.user))
    return qs.filter(visible_orgs_q(acting, "organization", path_field="unit_path") | Q(Exists(invited)))


def meeting_list(
    acting: Acting, *, kind: str | None = None, when: str | None = None, q: str | None = None
) -> QuerySet[Meeting]:
    qs = visible_meetings(acting).select_related("organization")
    if kind:
        qs = qs.filter(kind=kind)
    now = timezone.now()
    if when == "upcoming":
        qs = qs.filter(ends_at__gte=now).exclude(status=MeetingStatus.CANCELLED).order_by("starts_at", "pk")
    elif when == "past":
        qs = qs.filter(ends_at__lt=now)
    if q:
        from phoihop.core.search import search_filter

        qs = search_filter(qs, q)
    return qs


def meeting_get(acting: Acting, meeting_id) -> Meeting:
    pk = parse_id(meeting_id)
    meeting = (
        Meeting.objects.filter(pk=pk)
        .select_related("organization__type", "organization__unit", "program", "plan__program")
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.select_related("organization", "user", "answered_by")),
            Prefetch("conclusions", queryset=Conclusion.objects.select_related("lead", "task")),
        )
        .first()
        if pk
        else None
    )
    if meeting is None or not perms.can_view(acting, meeting):
        raise NotFound()
    return meeting


def meeting_documents(acting: Acting, meeting: Meeting):
    """The files attached to a meeting the caller sees (checked again by the documents app)."""
    from phoihop.documents.selectors import attachment_list

    return attachment_list(acting=acting, owner_type="meetings.meeting", owner_id=meeting.pk)


def _event(m: Meeting) -> CalendarEvent:
    status = "" if m.status == MeetingStatus.PLANNED else f" ({m.get_status_display().lower()})"
    return CalendarEvent(
        uid=f"meeting-{m.pk}@phoihop",
        summary=f"{m.title}{status}",
        start=m.starts_at,
        end=m.ends_at,
        description=f"{m.get_kind_display()}. Địa điểm: {m.place}. Cơ quan tổ chức: {m.organization.name}."
        + (f" Chủ trì: {m.chair}." if m.chair else ""),
        url=f"/meetings/{m.pk}/",
    )


def meeting_event(m: Meeting) -> CalendarEvent:
    return _event(m)


def _window(qs):
    now = timezone.now()
    return (
        qs.filter(starts_at__gte=now - dt.timedelta(days=90), starts_at__lte=now + dt.timedelta(days=400))
        .select_related("organization")
        .order_by("starts_at")[:500]
    )


def user_meeting_events(user) -> list[CalendarEvent]:
    """The user's meetings for their private feed: invited themselves, or their organisations organise or are invited."""
    org_ids = list(user.memberships.active().values_list("organization_id", flat=True))
    invited = Invitation.objects.filter(meeting=OuterRef("pk")).filter(Q(user=user) | Q(organization_id__in=org_ids))
    return [_event(m) for m in _window(Meeting.objects.filter(Q(organization_id__in=org_ids) | Q(Exists(invited))))]


def org_meeting_events(org) -> list[CalendarEvent]:
    invited = Invitation.objects.filter(meeting=OuterRef("pk"), organization=org)
    return [_event(m) for m in _window(Meeting.objects.filter(Q(organization=org) | Q(Exists(invited))))]
