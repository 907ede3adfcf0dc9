"""Commendation figures for reports and the dashboard (reports/scope.py): what the organisations of the scope
proposed and what was awarded to their proposals in the period. Additive: one proposal is one row, counted
once, by its proposing organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q

from phoihop.commendations.models import AwardForm, Commendation, CommendationKind, CommendationStatus

if TYPE_CHECKING:
    from phoihop.reports.scope import Scope

S = CommendationStatus
PROPOSED = (S.SUBMITTED, S.APPROVED, S.REJECTED, S.AWARDED)  # a returned proposal is a draft again


def commendation_figures(scope: Scope) -> dict:
    """{"proposed": submitted in the period (and not sent back to draft), "awarded": decided in the period,
    "collective"/"individual": the awarded by kind, "by_form": [{"form", "count"}] in the forms' order}."""
    rows = Commendation.objects.filter(scope.orgs_q("proposer", path_field="proposer_path"))
    awarded_q = Q(status=S.AWARDED, decision_date__gte=scope.date_from, decision_date__lte=scope.date_to)
    totals = rows.aggregate(
        proposed=Count("pk", filter=Q(status__in=PROPOSED, submitted_at__gte=scope.start, submitted_at__lt=scope.end)),
        awarded=Count("pk", filter=awarded_q),
        collective=Count("pk", filter=awarded_q & Q(kind=CommendationKind.COLLECTIVE)),
        individual=Count("pk", filter=awarded_q & Q(kind=CommendationKind.INDIVIDUAL)),
    )
    per_form = dict(rows.filter(awarded_q).values_list("award_form").annotate(n=Count("pk")).order_by())
    by_form = [
        {"form": f.name, "count": per_form.get(f.pk, 0)}
        for f in AwardForm.objects.order_by("order", "code")
        if f.is_active or per_form.get(f.pk)
    ]
    return {**totals, "by_form": by_form}
