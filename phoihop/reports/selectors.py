"""Reads for reports: lists scoped by the visibility rule, one report, calls and their submissions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from phoihop.accounts.permissions import has_action
from phoihop.core.errors import NotFound
from phoihop.orgs.visibility import rollup_prefix
from phoihop.reports import permissions as perms
from phoihop.reports.models import Report, ReportCall, ReportKind, ReportStatus

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

FROZEN = (ReportStatus.SUBMITTED, ReportStatus.REPLACED)


def kinds() -> QuerySet[ReportKind]:
    return ReportKind.objects.all()


def visible_reports(acting: Acting) -> QuerySet[Report]:
    """The acting organisation's own reports (every state), and the submitted reports of its subtree and
    of the calls it issued."""
    qs = Report.objects.all()
    if acting.is_system_admin:
        return qs
    if acting.org is None or not has_action(acting, "report.read"):
        return qs.none()
    q = Q(organization_id=acting.org.pk)
    prefix = rollup_prefix(acting.org)
    frozen = Q(status__in=FROZEN)
    if prefix == "":
        q |= frozen
    elif prefix:
        q |= frozen & Q(organization__unit_path__startswith=prefix)
    q |= frozen & Q(call__requester_id=acting.org.pk)
    return qs.filter(q)


def report_list(
    *,
    acting: Acting,
    kind: str | None = None,
    status: str | None = None,
    organization_id: int | None = None,
    mine: bool = False,
) -> QuerySet[Report]:
    qs = visible_reports(acting).select_related("organization", "kind", "program", "call")
    if kind:
        qs = qs.filter(kind__code=kind)
    if status:
        qs = qs.filter(status=status)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if mine and acting.org is not None:
        qs = qs.filter(organization_id=acting.org.pk)
    return qs.order_by("-date_to", "-id")


def report_get(*, acting: Acting, report_id) -> Report:
    try:
        report = (
            Report.objects.select_related("organization__type", "kind", "program", "call__requester", "approved_by")
            .filter(pk=int(report_id))
            .first()
        )
    except (TypeError, ValueError, OverflowError):
        report = None
    if report is None or not perms.reads(acting, report):
        raise NotFound
    return report


def report_history(report: Report):
    return report.history.select_related("by").order_by("at", "pk")


def call_list(*, acting: Acting) -> QuerySet[ReportCall]:
    """Calls the acting organisation issued (or its subtree issued) and calls addressed to it."""
    qs = ReportCall.objects.select_related("requester", "kind", "program")
    if acting.is_system_admin:
        return qs
    if acting.org is None or not has_action(acting, "report.read"):
        return qs.none()
    q = Q(requester_id=acting.org.pk) | Q(addressees=acting.org.pk)
    prefix = rollup_prefix(acting.org)
    if prefix:
        q |= Q(requester__unit_path__startswith=prefix)
    elif prefix == "":
        q = Q()
    return qs.filter(q).distinct().order_by("-deadline", "-id")


def call_get(*, acting: Acting, call_id) -> ReportCall:
    try:
        call = ReportCall.objects.select_related("requester", "kind", "program").filter(pk=int(call_id)).first()
    except (TypeError, ValueError, OverflowError):
        call = None
    if call is None or not perms.reads_call(acting, call):
        raise NotFound
    return call


SUBMISSION_STATES = {
    "on_time": "Đã gửi đúng hạn",
    "late": "Đã gửi muộn",
    "missing": "Chưa gửi (quá hạn)",
    "preparing": "Đang soạn",
    "not_yet_due": "Chưa đến hạn",
}


def call_submissions(call: ReportCall, today: dt.date | None = None) -> list[dict]:
    """For each organisation asked: its current report (the newest submitted version, or the one being
    prepared) and whether it was submitted on time, late, or is missing. Drafts are never shown upward:
    only their existence ("Đang soạn")."""
    today = today or timezone.localdate()
    reports: dict[int, Report] = {}
    for r in (
        Report.objects.filter(call=call, rollup=False)
        .exclude(status=ReportStatus.REPLACED)
        .select_related("organization")
        .order_by("revision", "pk")
    ):
        current = reports.get(r.organization_id)
        if current is None or (not current.frozen) or r.frozen:
            # a submitted version wins over a newer draft of a correction still being prepared
            if current is not None and current.frozen and not r.frozen:
                continue
            reports[r.organization_id] = r
    rows = []
    for org in sorted(call.addressees.all(), key=lambda o: o.sort_key or o.name):
        r = reports.get(org.pk)
        if r is not None and r.frozen:
            state = "late" if r.submitted_late else "on_time"
        elif today > call.deadline:
            state = "missing"
        elif r is not None:
            state = "preparing"
        else:
            state = "not_yet_due"
        rows.append({"organization": org, "report": r, "state": state, "label": SUBMISSION_STATES[state]})
    return rows


def call_rollup(call: ReportCall) -> Report | None:
    return (
        Report.objects.filter(call=call, rollup=True)
        .exclude(status=ReportStatus.REPLACED)
        .order_by("-revision")
        .first()
    )
