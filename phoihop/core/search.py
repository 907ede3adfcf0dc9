"""Accent-insensitive search over a folded `search_key` column, ranked exact → name after its kind → prefix → contains."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from phoihop.core.text import fold, search_terms


def search_filter(qs: QuerySet, query: str | None, field: str = "search_key") -> QuerySet:
    """Keep rows whose folded text contains every word of `query`; annotate `rank` (0 best)."""
    terms = search_terms(query)
    if not terms:
        return qs.annotate(rank=Value(0, output_field=IntegerField()))
    cond = Q()
    for t in terms:
        cond &= Q(**{f"{field}__contains": t})
    whole = fold(query)
    return qs.filter(cond).annotate(
        rank=Case(
            When(**{field: whole}, then=Value(0)),
            When(**{f"{field}__endswith": " " + whole}, then=Value(1)),  # "tinh khanh hoa" for "khanh hoa"
            When(**{f"{field}__startswith": whole}, then=Value(2)),
            When(**{f"{field}__contains": " " + whole}, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        )
    )
