"""Reading administrative units. Units are public reference data for every signed-in user."""

from django.db.models import Count, QuerySet

from phoihop.core.errors import NotFound
from phoihop.core.search import search_filter
from phoihop.geo.models import AdminUnit


def unit_list(
    *,
    q: str | None = None,
    level: int | None = None,
    parent_id: int | None = None,
    generation: str | None = None,
) -> QuerySet[AdminUnit]:
    qs = AdminUnit.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent_id:
        qs = qs.filter(parent_id=parent_id)
    if generation:
        qs = qs.filter(generation=generation)
    if q:
        return search_filter(qs, q).order_by("rank", "level", "generation", "sort_key", "id")
    return qs.order_by("generation", "level", "sort_key", "id")


def unit_get(*, unit_id: int) -> AdminUnit:
    try:
        return (
            AdminUnit.objects.select_related("parent", "parent__parent")
            .annotate(children_count=Count("children"))
            .get(pk=unit_id)
        )
    except (AdminUnit.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    chain, node = [], unit.parent
    while node is not None:
        chain.insert(0, node)
        node = node.parent
    return chain


def unit_successors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return unit.successors.select_related("parent").order_by("level", "sort_key")


def unit_predecessors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return unit.predecessors.select_related("parent").order_by("level", "sort_key")


def unit_children(unit: AdminUnit) -> QuerySet[AdminUnit]:
    return unit.children.order_by("sort_key")
