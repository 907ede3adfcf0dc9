"""Reads for commendations and good models, scoped by the visibility rule (permissions.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from phoihop.commendations import permissions as perms
from phoihop.commendations.models import (
    Adoption,
    AwardForm,
    Commendation,
    CommendationKind,
    CommendationStatus,
    GoodModel,
    GoodModelStatus,
    GoodModelTopic,
)
from phoihop.core.errors import NotFound
from phoihop.core.search import search_filter
from phoihop.core.web import parse_id
from phoihop.orgs.visibility import visible_orgs_q

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

MIN_YEAR, MAX_YEAR = 2000, 2100


def award_forms() -> QuerySet[AwardForm]:
    return AwardForm.objects.filter(is_active=True)


def model_topics() -> QuerySet[GoodModelTopic]:
    return GoodModelTopic.objects.filter(is_active=True)


def visible_commendations(acting: Acting) -> QuerySet[Commendation]:
    qs = Commendation.objects.all()
    if acting.is_system_admin:
        return qs
    if not perms.can_read(acting):
        return qs.none()
    return qs.filter(
        visible_orgs_q(acting, "proposer", path_field="proposer_path")
        | visible_orgs_q(acting, "nominee_org", path_field="nominee_path")
    )


def commendation_list(
    acting: Acting,
    *,
    status: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    q: str | None = None,
    own: bool = False,
) -> QuerySet[Commendation]:
    qs = visible_commendations(acting).select_related(
        "proposer", "nominee_org", "proposed_form", "award_form", "program"
    )
    if own and acting.org is not None:
        qs = qs.filter(proposer=acting.org)
    if status in CommendationStatus.values:
        qs = qs.filter(status=status)
    if kind in CommendationKind.values:
        qs = qs.filter(kind=kind)
    if year is not None and MIN_YEAR <= year <= MAX_YEAR:
        qs = qs.filter(year_from__lte=year, year_to__gte=year)
    if q:
        qs = search_filter(qs, q).order_by("rank", "-year_to", "-pk")
    return qs


def commendation_get(acting: Acting, commendation_id) -> Commendation:
    pk = parse_id(commendation_id)
    c = (
        Commendation.objects.filter(pk=pk)
        .select_related(
            "proposer__type",
            "proposer__unit",
            "nominee_org__type",
            "proposed_form",
            "award_form",
            "program",
            "meeting",
            "decided_by",
            "created_by",
        )
        .first()
        if pk
        else None
    )
    if c is None or not perms.can_view(acting, c):
        raise NotFound()
    return c


# --- good models ----------------------------------------------------------------------------------------


def visible_models(acting: Acting) -> QuerySet[GoodModel]:
    qs = GoodModel.objects.all()
    if acting.is_system_admin:
        return qs
    if not perms.can_read(acting):
        return qs.none()
    return qs.filter(Q(status=GoodModelStatus.PUBLISHED) | Q(organization=acting.org) | Q(unit=acting.org))


def model_list(
    acting: Acting,
    *,
    q: str | None = None,
    topic: int | None = None,
    unit: int | None = None,
    status: str | None = None,
) -> QuerySet[GoodModel]:
    qs = (
        visible_models(acting)
        .select_related("unit", "organization", "topic", "area")
        .annotate(followers=Count("adoptions"))
    )
    if topic:
        qs = qs.filter(topic_id=topic)
    if unit:
        qs = qs.filter(unit_id=unit)
    if status in GoodModelStatus.values:
        qs = qs.filter(status=status)
    if q:
        qs = search_filter(qs, q).order_by("rank", "sort_key", "pk")
    return qs


def model_get(acting: Acting, model_id) -> GoodModel:
    pk = parse_id(model_id)
    m = (
        GoodModel.objects.filter(pk=pk)
        .select_related("unit", "organization", "topic", "area", "program", "created_by")
        .prefetch_related(
            Prefetch("adoptions", queryset=Adoption.objects.select_related("organization").order_by("adopted_on", "pk"))
        )
        .first()
        if pk
        else None
    )
    if m is None or not perms.can_view_model(acting, m):
        raise NotFound()
    return m


def model_files(acting: Acting, m: GoodModel):
    from phoihop.documents.selectors import attachment_list

    return attachment_list(acting=acting, owner_type="commendations.goodmodel", owner_id=m.pk)


def document_rows(acting: Acting, *, limit: int = 5000, **filters) -> list[Commendation]:
    """The rows of the DOCX list: the acting organisation's own proposals; without a status filter, those
    sent to the leader and beyond (drafts and refused proposals are not proposals of the organisation)."""
    qs = commendation_list(acting, own=True, **filters)
    if not filters.get("status"):
        qs = qs.exclude(status__in=[CommendationStatus.DRAFT, CommendationStatus.REJECTED])
    return list(qs.order_by("kind", "year_from", "pk")[:limit])
