"""Reading organisations, focal points and members, scoped to what the caller may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from phoihop.accounts import permissions as perms
from phoihop.accounts.models import Membership, Role
from phoihop.core.errors import NotFound
from phoihop.core.search import search_filter
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import FocalPoint, Organization, OrgType

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting


def org_list(
    *,
    acting: Acting,
    q: str | None = None,
    type_code: str | None = None,
    unit_id: int | None = None,
    level: str | None = None,
    active_only: bool = False,
) -> QuerySet[Organization]:
    """The organisation directory (open to every signed-in user) with filters."""
    if not perms.can_view_org(acting, None):
        return Organization.objects.none()
    # unit and parent are fetched for the page only, and only what a list shows: joining wide rows before
    # the top-N sort costs more than the search itself on broad queries (bench: "uy ban nhan dan xa",
    # 2,600 matches); the type table is tiny and joins cheaply
    qs = Organization.objects.select_related("type").prefetch_related(
        Prefetch("unit", queryset=AdminUnit.objects.only("id", "name")),
        Prefetch("parent", queryset=Organization.objects.only("id", "name")),
    )
    if type_code:
        qs = qs.filter(type__code=type_code)
    if level:
        qs = qs.filter(level=level)
    if unit_id:
        unit = AdminUnit.objects.filter(pk=unit_id).only("path").first()
        if unit is None:
            return qs.none()
        qs = qs.filter(Q(unit_path=unit.path) | Q(unit_path__startswith=unit.path + "/"))
    if active_only:
        qs = qs.filter(active_to__isnull=True)
    if q:
        return search_filter(qs, q).order_by("rank", "sort_key", "id")
    return qs.order_by("sort_key", "id")


def org_get(*, acting: Acting, org_id) -> Organization:
    try:
        org = (
            Organization.objects.select_related("type", "unit", "unit__parent", "parent")
            .prefetch_related(
                Prefetch("focal_points", queryset=FocalPoint.objects.filter(is_active=True).select_related("user"))
            )
            .annotate(children_count=Count("children", distinct=True))
            .get(pk=int(org_id))
        )
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not perms.can_view_org(acting, org):
        raise NotFound()
    return org


def org_children(*, org: Organization) -> QuerySet[Organization]:
    return org.children.select_related("type", "unit").order_by("sort_key")


def org_members(*, acting: Acting, org: Organization) -> QuerySet[Membership]:
    """Members of `org`; collaborators are listed only to their own department's leaders."""
    if not perms.can_view_members(acting, org):
        raise NotFound()
    qs = Membership.objects.filter(organization=org).select_related("user").order_by("user__sort_key")
    if not perms.can_view_collaborators(acting, org):
        qs = qs.exclude(role=Role.COLLABORATOR)
    return qs


def org_types() -> QuerySet[OrgType]:
    return OrgType.objects.order_by("sort_order", "name")


def focal_point_get(*, acting: Acting, focal_point_id) -> FocalPoint:
    try:
        fp = FocalPoint.objects.select_related("organization__type").get(pk=int(focal_point_id))
    except (FocalPoint.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not perms.can_manage_focal_points(acting, fp.organization):
        raise NotFound()
    return fp
