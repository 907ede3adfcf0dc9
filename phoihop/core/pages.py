"""Reading a long list a page at a time, the page's ids first."""

from __future__ import annotations

import heapq

from django.db.models import QuerySet


class IdsFirst:
    """`qs` read a page at a time in two steps: the page's ids (a covering index answers them, filters and
    order included, without visiting the table), then only those rows with what the page shows.

    `parts`: disjoint querysets whose union is `qs`, each as (part, walk), `walk` being the same rows asked so
    that the database reads them in `qs`'s order (for a search: the newest rows, each tested). The ids of a page
    are the first ones of every part, merged in `qs`'s order (every ordering field in the same direction).

    Without `cap`, each part is counted and paged by the database as it chooses. With `cap`, the count stops
    past `cap` (at most cap + 1: "more than cap"): each part's keys are read as the count goes, in whatever
    order the database finds them fastest; a part read whole is then paged from those keys, without a second
    query, and a part with more rows is paged through `walk`. Sliced like a queryset (a list of rows)."""

    ordered = True

    def __init__(self, qs: QuerySet, *, parts: list[tuple[QuerySet, QuerySet]] | None = None, cap: int | None = None):
        self.qs = qs
        self.parts = [(qs, qs)] if parts is None else parts
        self.cap = cap
        order = list(qs.query.order_by)
        directions = {o.startswith("-") for o in order}
        assert len(directions) == 1, "every ordering field in the same direction"
        self.order, self.descending = order, directions.pop()
        self.fields = [o.lstrip("-") for o in order]
        self._count: int | None = None
        self._keys: list[list | None] | None = None

    def count(self) -> int:
        if self._count is None:
            if self.cap is None:
                self._count = sum(part.order_by().count() for part, _ in self.parts)
            else:
                self._read_keys()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        ids = self._ids(key.start or 0, key.stop)
        if not ids:
            return []
        by_id = {row.pk: row for row in self.qs.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def _read_keys(self) -> None:
        """Count up to cap + 1, keeping each part's keys (sorted) when the part was read whole."""
        limit, total, self._keys = self.cap + 1, 0, []
        for part, _ in self.parts:
            room = limit - total
            keys = list(part.order_by().values_list(*self.fields, "pk")[:room]) if room > 0 else []
            total += len(keys)
            self._keys.append(sorted(keys, reverse=self.descending) if len(keys) < room else None)
        self._count = total

    def _ids(self, start: int, stop: int | None) -> list:
        if self.cap is not None and self._keys is None:
            self._read_keys()
        # capped: a part not read whole has more rows than the cap, so walking it in order stops early; without
        # a cap nothing is known of a part's size and the database chooses
        sources = [
            keys if keys is not None else (walk if self.cap is not None else part)
            for (part, walk), keys in zip(self.parts, self._keys or [None] * len(self.parts), strict=True)
        ]
        if len(sources) == 1 and isinstance(sources[0], QuerySet):
            return list(sources[0].order_by(*self.order).values_list("pk", flat=True)[start:stop])
        lists = [
            source[:stop] if isinstance(source, list)
            else list(source.order_by(*self.order).values_list(*self.fields, "pk")[:stop])
            for source in sources
        ]  # fmt: skip
        return [row[-1] for row in list(heapq.merge(*lists, reverse=self.descending))[start:stop]]
