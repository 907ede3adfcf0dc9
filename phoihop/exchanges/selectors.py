"""Reading information supply: what the acting organisation may see, lists, one request / obligation /
quick report, and the on-time statistics (one function, reused by reports and the dashboard)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, Lookup, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from phoihop.core.errors import NotFound
from phoihop.core.text import search_terms
from phoihop.core.web import parse_id
from phoihop.exchanges.models import (
    InfoAsked,
    InfoObligation,
    InfoRequest,
    InfoSupply,
    ObligationEvent,
    ObligationStatus,
    QuickReport,
    QuickReportRecipient,
)
from phoihop.orgs.models import Organization
from phoihop.orgs.visibility import rollup_prefix, visible_orgs_q

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

OUTCOMES = ("on_time", "late", "missing", "not_yet_due")


def _sees_all(acting: Acting) -> bool:
    return acting.is_system_admin or (acting.org is not None and rollup_prefix(acting.org) == "" and _staff(acting))


def _staff(acting: Acting) -> bool:
    """Opinion collaborators are outside the department's staff: they read no exchanges between agencies."""
    from phoihop.accounts.models import Role

    return acting.is_system_admin or acting.role != Role.COLLABORATOR


# --- requests ------------------------------------------------------------------------------------------


def visible_requests(acting: Acting) -> QuerySet[InfoRequest]:
    """Requests made by, or asking, an organisation the acting organisation sees (itself or its roll-up)."""
    qs = InfoRequest.objects.all()
    if _sees_all(acting):
        return qs
    if acting.org is None or not _staff(acting):
        return qs.none()
    asked = InfoAsked.objects.filter(request=OuterRef("pk")).filter(
        visible_orgs_q(acting, "organization", path_field="unit_path")
    )
    return qs.filter(visible_orgs_q(acting, "requester", path_field="requester_path") | Exists(asked))


def request_list(
    *,
    acting: Acting,
    q: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    side: str | None = None,
) -> QuerySet[InfoRequest]:
    """side: "made" (by the acting organisation), "received" (asking it), None (everything visible)."""
    qs = visible_requests(acting).select_related("requester", "content").annotate(asked_count=Count("asked_rows"))
    for term in search_terms(q):
        qs = qs.filter(search_key__contains=term)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if side == "made":
        qs = qs.filter(requester=acting.org) if acting.org else qs.none()
    elif side == "received":
        mine = InfoAsked.objects.filter(request=OuterRef("pk"), organization=acting.org)
        qs = qs.filter(Exists(mine)) if acting.org else qs.none()
    return qs.order_by("-created_at", "-id")


def request_get(*, acting: Acting, request_id) -> InfoRequest:
    pk = parse_id(request_id)
    request = (
        visible_requests(acting)
        .select_related("requester", "content", "content__program", "created_by")
        .prefetch_related(Prefetch("asked_rows", queryset=InfoAsked.objects.select_related("organization")))
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if request is None:
        raise NotFound()
    return request


def request_visible_id(acting: Acting, owner_id: str) -> bool:
    pk = parse_id(owner_id)
    return bool(pk) and visible_requests(acting).filter(pk=pk).exists()


# --- obligations ---------------------------------------------------------------------------------------


class _InSubquery(Lookup):
    """`lhs IN (subquery)`, written `lhs = ANY(ARRAY(subquery))` on PostgreSQL: the subquery is then run
    once and its ids join the other indexed conditions of an OR (a BitmapOr of index scans) instead of
    being tested against every row of the table."""

    lookup_name = "in_subquery"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)


def visible_obligations(acting: Acting) -> QuerySet[InfoObligation]:
    """Obligations of an organisation the acting organisation sees, or of requests made by one."""
    qs = InfoObligation.objects.all()
    if _sees_all(acting):
        return qs
    if acting.org is None or not _staff(acting):
        return qs.none()
    requested = InfoRequest.objects.filter(visible_orgs_q(acting, "requester", path_field="requester_path"))
    return qs.filter(
        visible_orgs_q(acting, "organization", path_field="unit_path")
        | Q(_InSubquery(F("request_id"), Subquery(requested.order_by().values("pk"))))
    )


def outcome_q(outcome: str, now: dt.datetime) -> Q:
    """on_time: the standing complete supply came by the due time; late: after it; missing: none and the
    due time has passed; not_yet_due: none yet, still time (ADR 0016)."""
    return {
        "on_time": Q(supplied_at__isnull=False, supplied_at__lte=F("due_at")),
        "late": Q(supplied_at__isnull=False, supplied_at__gt=F("due_at")),
        "missing": Q(supplied_at__isnull=True, due_at__lt=now),
        "not_yet_due": Q(supplied_at__isnull=True, due_at__gte=now),
    }[outcome]


def _window(date_from: dt.date | None, date_to: dt.date | None) -> Q:
    q = Q()
    if date_from:
        q &= Q(due_at__gte=timezone.make_aware(dt.datetime.combine(date_from, dt.time.min)))
    if date_to:
        q &= Q(due_at__lt=timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)))
    return q


def obligation_list(
    *,
    acting: Acting,
    request_id: int | None = None,
    organization_id: int | None = None,
    requester_id: int | None = None,
    status: str | None = None,
    outcome: str | None = None,
    period: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    to_supply: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[InfoObligation]:
    """Obligations (the statistics' drill-down uses the same filters). to_supply: those the acting
    organisation still owes."""
    now = now or timezone.now()
    qs = (
        visible_obligations(acting)
        .select_related("request", "request__requester", "organization")
        .filter(_window(date_from, date_to))
    )
    if not status:
        qs = qs.exclude(status=ObligationStatus.CANCELLED)
    if request_id:
        qs = qs.filter(request_id=request_id)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if requester_id:
        qs = qs.filter(request__requester_id=requester_id)
    if status:
        qs = qs.filter(status=status)
    if outcome in OUTCOMES:
        qs = qs.filter(outcome_q(outcome, now))
    if period:
        qs = qs.filter(period=period)
    if to_supply:
        from phoihop.exchanges.models import UNSUPPLIED_STATUSES, RequestStatus

        qs = qs.filter(organization=acting.org, status__in=UNSUPPLIED_STATUSES, request__status=RequestStatus.OPEN)
    return qs.order_by("due_at", "id")


def obligation_get(*, acting: Acting, obligation_id) -> InfoObligation:
    pk = parse_id(obligation_id)
    obligation = (
        visible_obligations(acting)
        .select_related("request", "request__requester", "request__content", "organization")
        .prefetch_related(
            Prefetch("supplies", queryset=InfoSupply.objects.select_related("by", "organization")),
            Prefetch("events", queryset=ObligationEvent.objects.select_related("by", "organization")),
        )
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if obligation is None:
        raise NotFound()
    return obligation


def supply_visible_id(acting: Acting, owner_id: str) -> bool:
    pk = parse_id(owner_id)
    if not pk:
        return False
    obligation_id = InfoSupply.objects.filter(pk=pk).values_list("obligation_id", flat=True).first()
    return obligation_id is not None and visible_obligations(acting).filter(pk=obligation_id).exists()


# --- statistics ----------------------------------------------------------------------------------------


@dataclass
class SupplyStat:
    organization_id: int
    organization: str
    period: str | None
    due: int
    on_time: int
    late: int
    missing: int
    not_yet_due: int

    @property
    def counted(self) -> int:
        """Obligations already decided (due and not cancelled): the base of the on-time rate."""
        return self.due - self.not_yet_due

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.counted, 1) if self.counted else None


def supply_statistics(
    *,
    acting: Acting,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    requester_id: int | None = None,
    organization_id: int | None = None,
    kind: str | None = None,
    by_period: bool = False,
    now: dt.datetime | None = None,
) -> list[SupplyStat]:
    """On-time statistics per asked organisation (and per period with `by_period`) over the obligations
    the acting organisation sees whose due time falls in [date_from, date_to]: due (all but cancelled),
    supplied on time, late, missing, not yet due. One query; rows in Vietnamese order of the name."""
    now = now or timezone.now()
    qs = visible_obligations(acting).exclude(status=ObligationStatus.CANCELLED).filter(_window(date_from, date_to))
    if requester_id:
        qs = qs.filter(request__requester_id=requester_id)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if kind:
        qs = qs.filter(request__kind=kind)
    keys = ["organization_id"] + (["period"] if by_period else [])
    # grouped on the obligation's columns only; the name (and its sort key) of each group's organisation is
    # then looked up by its primary key, rather than joining every obligation row to the organisations
    org = Organization.objects.filter(pk=OuterRef("organization_id"))
    rows = (
        qs.values(*keys)
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=outcome_q("on_time", now)),
            late=Count("id", filter=outcome_q("late", now)),
            missing=Count("id", filter=outcome_q("missing", now)),
            not_yet_due=Count("id", filter=outcome_q("not_yet_due", now)),
        )
        .annotate(name=Subquery(org.values("name")), name_key=Subquery(org.values("sort_key")))
        .order_by()
    )
    stats = [
        SupplyStat(
            organization_id=r["organization_id"],
            organization=r["name"],
            period=r.get("period") if by_period else None,
            due=r["due"],
            on_time=r["on_time"],
            late=r["late"],
            missing=r["missing"],
            not_yet_due=r["not_yet_due"],
        )
        for r in rows
    ]
    # the names' Vietnamese order, as stored on the organisation (computing it per row is costly)
    order = {r["organization_id"]: r["name_key"] for r in rows}
    stats.sort(key=lambda s: (order[s.organization_id], s.organization_id, s.period or ""))
    return stats


def statistics_total(stats: list[SupplyStat]) -> SupplyStat:
    return SupplyStat(
        organization_id=0,
        organization="",
        period=None,
        due=sum(s.due for s in stats),
        on_time=sum(s.on_time for s in stats),
        late=sum(s.late for s in stats),
        missing=sum(s.missing for s in stats),
        not_yet_due=sum(s.not_yet_due for s in stats),
    )


# --- quick reports -------------------------------------------------------------------------------------


def visible_quick_reports(acting: Acting) -> QuerySet[QuickReport]:
    qs = QuickReport.objects.all()
    if _sees_all(acting):
        return qs
    if acting.org is None or not _staff(acting):
        return qs.none()
    recipients = QuickReportRecipient.objects.filter(report=OuterRef("pk")).filter(
        visible_orgs_q(acting, "organization", path_field="unit_path")
    )
    return qs.filter(visible_orgs_q(acting, "sender", path_field="sender_path") | Exists(recipients))


def quick_report_list(*, acting: Acting, side: str | None = None) -> QuerySet[QuickReport]:
    qs = visible_quick_reports(acting).select_related("sender", "concern")
    if side == "sent":
        qs = qs.filter(sender=acting.org) if acting.org else qs.none()
    elif side == "received":
        mine = QuickReportRecipient.objects.filter(report=OuterRef("pk"), organization=acting.org)
        qs = qs.filter(Exists(mine)) if acting.org else qs.none()
    return qs.order_by("-sent_at", "-id")


def quick_report_get(*, acting: Acting, report_id) -> QuickReport:
    pk = parse_id(report_id)
    report = (
        visible_quick_reports(acting)
        .select_related("sender", "concern", "by")
        .prefetch_related(
            Prefetch("recipient_rows", queryset=QuickReportRecipient.objects.select_related("organization"))
        )
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if report is None:
        raise NotFound()
    return report


def quick_report_visible_id(acting: Acting, owner_id: str) -> bool:
    pk = parse_id(owner_id)
    return bool(pk) and visible_quick_reports(acting).filter(pk=pk).exists()


def files_of(owner_type: str, owner_ids) -> dict[str, list]:
    """Attachments of several owners at once (one query), by owner id."""
    from phoihop.documents.models import Attachment

    ids = [str(i) for i in owner_ids]
    out: dict[str, list] = {}
    if ids:
        for a in Attachment.objects.filter(owner_type=owner_type, owner_id__in=ids).order_by("created_at", "id"):
            out.setdefault(a.owner_id, []).append(a)
    return out
