"""Reading hot spots: what the acting organisation may see (docs/adr/0015-hot-spots.md), the filtered list,
one hot spot, and the concerns behind it that the reader may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from phoihop.core.errors import NotFound
from phoihop.core.web import parse_id
from phoihop.hotspots.models import OPEN_STATUSES, HotSpot, HotSpotKind, HotSpotStatus
from phoihop.orgs.visibility import rollup_prefix, visible_orgs_q

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.concerns.models import Concern

LIST_RELATED = ("topic", "area", "department")
STATUS_FILTERS = {
    "open": OPEN_STATUSES,
    HotSpotStatus.ACTIVE: (HotSpotStatus.ACTIVE,),
    HotSpotStatus.ACKNOWLEDGED: (HotSpotStatus.ACKNOWLEDGED,),
    HotSpotStatus.CLOSED: (HotSpotStatus.CLOSED,),
    "all": tuple(HotSpotStatus.values),
}


def visible_hotspots(acting: Acting) -> QuerySet[HotSpot]:
    """The responsible department and the roll-up over the area; the lead agencies of its concerns (and
    the roll-up above them). Everyone else: nothing."""
    qs = HotSpot.objects.all()
    if acting is None or not acting.is_authenticated:
        return qs.none()
    if acting.is_system_admin:
        return qs
    org = acting.org
    if org is None:
        return qs.none()
    prefix = rollup_prefix(org)
    if prefix == "":
        return qs
    leads = HotSpot.concerns.through.objects.filter(hotspot=OuterRef("pk")).filter(
        visible_orgs_q(acting, "concern__lead")
    )
    condition = Q(department_id=org.id) | Exists(leads)
    if prefix:
        condition |= Q(unit_path__startswith=prefix) | Q(unit_path=org.unit_path)
    return qs.filter(condition)


def hotspot_list(*, acting: Acting, status: str | None = None, kind: str | None = None) -> QuerySet[HotSpot]:
    """Visible hot spots, the most recently seen first. `status`: open (default: active or acknowledged),
    active, acknowledged, closed, all."""
    qs = visible_hotspots(acting).filter(status__in=STATUS_FILTERS.get(status or "open", OPEN_STATUSES))
    if kind in HotSpotKind.values:
        qs = qs.filter(kind=kind)
    return qs.select_related(*LIST_RELATED).order_by("-last_seen_at", "-id")


def hotspot_get(*, acting: Acting, hotspot_id) -> HotSpot:
    pk = parse_id(hotspot_id)
    hs = (
        visible_hotspots(acting)
        .select_related(*LIST_RELATED, "acknowledged_by", "closed_by", "area__parent")
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if hs is None:
        raise NotFound()
    return hs


def hotspot_concerns(*, acting: Acting, hotspot: HotSpot) -> tuple[QuerySet[Concern], int]:
    """The concerns behind the hot spot that the reader may see (newest first), and how many others
    are behind it but belong to organisations the reader does not see."""
    from phoihop.concerns.selectors import LIST_RELATED as CONCERN_RELATED
    from phoihop.concerns.selectors import visible_concerns

    behind = hotspot.concerns.all()
    visible = behind.filter(pk__in=visible_concerns(acting).values("pk"))
    hidden = behind.count() - visible.count()
    return visible.select_related(*CONCERN_RELATED).order_by("-received_at", "-id"), hidden
