"""Reading for Open311: the services (leaf concern topics) and the public service requests.

Public are only the concerns that came in through Open311 (a `ServiceRequest` row), never
denunciations; a request merged into another shows the status of the concern it was merged into.
Nothing personal is read here: no contact, no place as given, no names of people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from phoihop.concerns.models import OPEN_STATUSES, Channel, Topic
from phoihop.core.errors import ValidationFailed
from phoihop.open311.models import ServiceRequest

WINDOW_DAYS = 90
MAX_ROWS = 1000
MAX_IDS = 200
REQUEST_RELATED = (
    "concern__topic__parent",
    "concern__unit__parent",
    "concern__lead",
    "concern__organization",
    "concern__merged_into__lead",
    "concern__merged_into__organization",
    "concern__merged_into__merged_into__lead",
    "concern__merged_into__merged_into__organization",
)


def service_list() -> QuerySet[Topic]:
    return (
        Topic.objects.filter(is_active=True, parent__isnull=False)
        .select_related("parent")
        .order_by("parent__order", "parent__code", "order", "code")
    )


def public_requests() -> QuerySet[ServiceRequest]:
    """Every public request, with its effective status (`live_status`: that of the concern it was merged
    into, two levels deep) for filtering."""
    return (
        ServiceRequest.objects.exclude(concern__channel=Channel.DENUNCIATION)
        .select_related(*REQUEST_RELATED)
        .annotate(
            live_status=Coalesce(
                F("concern__merged_into__merged_into__status"),
                F("concern__merged_into__status"),
                F("concern__status"),
            )
        )
    )


def request_by_id(code: str) -> ServiceRequest | None:
    return public_requests().filter(concern__tracking_code=code.upper()).first() if code else None


def request_by_token(token: str) -> ServiceRequest | None:
    return ServiceRequest.objects.select_related("concern").filter(token=token).first() if token else None


@dataclass
class RequestQuery:
    ids: list[str] | None = None
    service_codes: list[str] | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    statuses: set[str] | None = None  # {"open"}, {"closed"} or both
    province: str | None = None
    page: int = 1
    page_size: int = MAX_ROWS


def window(start: dt.datetime | None, end: dt.datetime | None, now: dt.datetime | None = None):
    """The standard's window: the last 90 days by default; one bound given, 90 days from it; never longer."""
    now = now or timezone.now()
    span = dt.timedelta(days=WINDOW_DAYS)
    if start is None and end is None:
        return now - span, now
    if start is None:
        return end - span, end
    if end is None:
        return start, start + span
    if end < start:
        raise ValidationFailed("end_date: phải sau start_date.", field="end_date")
    if end - start > span:
        raise ValidationFailed(
            f"start_date, end_date: khoảng thời gian tối đa {WINDOW_DAYS} ngày; hãy chia nhỏ khoảng cần lấy.",
            field="start_date",
        )
    return start, end


def request_list(query: RequestQuery, now: dt.datetime | None = None) -> list[ServiceRequest]:
    qs = public_requests()
    if query.ids is not None:
        return list(qs.filter(concern__tracking_code__in=query.ids).order_by("-requested_at", "-id"))
    if query.service_codes:
        qs = qs.filter(concern__topic__code__in=query.service_codes)
    start, end = window(query.start, query.end, now)
    qs = qs.filter(requested_at__gte=start, requested_at__lte=end)
    if query.statuses == {"open"}:
        qs = qs.filter(live_status__in=OPEN_STATUSES)
    elif query.statuses == {"closed"}:
        qs = qs.exclude(live_status__in=OPEN_STATUSES)
    if query.province:
        qs = qs.filter(Q(concern__unit_path__startswith=query.province + "/") | Q(concern__unit_path=query.province))
    offset = (query.page - 1) * query.page_size
    return list(qs.order_by("-requested_at", "-id")[offset : offset + query.page_size])
