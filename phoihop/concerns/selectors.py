"""Reading concerns: what the acting organisation may see, filtered lists, accent-insensitive search,
likely duplicates, one concern with its history, and the public status by tracking code."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import StrIndex
from django.utils import timezone

from phoihop.concerns import permissions as perms
from phoihop.concerns.models import (
    OPEN_STATUSES,
    CommunicationResponse,
    Concern,
    ConcernParty,
    ConcernRouting,
    ConcernStatusChange,
    Topic,
)
from phoihop.core.errors import NotFound
from phoihop.core.pages import IdsFirst
from phoihop.core.text import fold, search_terms
from phoihop.core.web import parse_id
from phoihop.orgs.visibility import rollup_prefix

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.geo.models import AdminUnit

LIST_RELATED = ("topic", "topic__parent", "unit", "lead", "organization")
# what a likely duplicate shows (the form's warning, the intake answer): a summary, not the whole rows
SUMMARY_FIELDS = (
    "id", "tracking_code", "title", "topic__code", "topic__name", "topic__parent_id", "topic__parent__name",
    "channel", "unit__id", "unit__code", "unit__name", "severity", "status", "lead__id", "lead__name", "deadline",
    "received_at", "reports_count", "mass_complaint", "ethnic_religious", "security_order", "false_information",
    "merged_into_id", "version",
)  # fmt: skip
DUPLICATE_WINDOW_DAYS = 90
DUPLICATE_CANDIDATES = 300


def visible_concerns(acting: Acting) -> QuerySet[Concern]:
    """Concerns the acting organisation is party to (or whose parties are in its roll-up), and, for a
    propaganda department, every concern in its area."""
    qs = Concern.objects.all()
    if acting.is_system_admin:
        return qs
    if acting.org is None:
        return qs.none()
    if perms.reads_own_reports_only(acting):
        return qs.filter(created_by=acting.user)
    prefix = rollup_prefix(acting.org)
    if prefix == "":
        return qs
    # one sub-query per way of being party, each answered from an index alone (organisation, concern) and
    # (unit path, concern): an OR inside one sub-query makes PostgreSQL visit every party row's page
    own = ConcernParty.objects.filter(organization=acting.org).values("concern_id")
    if prefix:  # the cheap area test first: the sub-queries only matter for concerns outside the area
        own, below = _outside_parties(acting.org, prefix)
        return qs.filter(Q(unit_path__subtree=acting.org.unit_path) | Q(pk__in=own) | Q(pk__in=below))
    return qs.filter(pk__in=own)


def _outside_parties(org, prefix: str):
    """The concern ids, outside the area `prefix`, that `org` (own) or an organisation of the area (below) is
    party to: from the party table's copy of the concern's place, so both stay small on a national table."""
    elsewhere = ~Q(concern_path__startswith=prefix)
    own = ConcernParty.objects.filter(elsewhere, organization=org).values("concern_id")
    below = ConcernParty.objects.filter(elsewhere, unit_path__startswith=prefix).values("concern_id")
    return own, below


def outside_ids(org, prefix: str) -> list[int]:
    """`_outside_parties` read at once (one query, a few hundred ids): as sub-queries inside an OR they would
    make PostgreSQL read every concern."""
    own, below = _outside_parties(org, prefix)
    return sorted({i for (i,) in own.values_list("concern_id").union(below.values_list("concern_id"))})


def _words(query: str | None) -> list[str]:
    """The folded words a search looks for; a query with a word shorter than three letters is looked up as the
    whole phrase (no trigram in "o" of "o nhiem")."""
    terms = search_terms(query)
    whole = " ".join(terms)
    if any(len(t) < 3 for t in terms) and len(whole) >= 3:
        return [whole]
    return terms


def search_ids(query: str) -> Q | None:
    """A Q keeping concerns whose folded title + description contain every word of `query` (None: no query).

    PostgreSQL: `LIKE` served by the trigram index; SQLite: the FTS5 trigram table (ADR 0013)."""
    terms = _words(query)
    if not terms:
        return None
    cond = Q()
    long_terms = [t for t in terms if len(t) >= 3]
    if connection.vendor == "sqlite" and long_terms:
        from django.db.models.expressions import RawSQL

        match = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        cond &= Q(id__in=RawSQL("SELECT rowid FROM concerns_concern_fts WHERE concerns_concern_fts MATCH %s", [match]))
        for t in terms:
            if len(t) < 3:
                cond &= Q(search_text__contains=t)
        return cond
    for t in terms:
        cond &= Q(search_text__contains=t)
    return cond


def _search_rowwise(qs: QuerySet[Concern], query: str) -> QuerySet[Concern]:
    """The search tested on each row another index reads (a few ids, or a province's newest concerns when the
    words are common), PostgreSQL: `strpos` rather than `LIKE`, which the trigram index cannot serve and whose
    selectivity the planner takes as unknown (a third of the rows) instead of as a fraction of a percent per
    word; with several words it would otherwise expect no match at all and read every row of the province
    through the text index to sort them, where walking the newest ones stops after a page."""
    if connection.vendor != "postgresql":
        cond = search_ids(query)
        return qs if cond is None else qs.filter(cond)
    for i, t in enumerate(_words(query)):
        qs = qs.alias(**{f"word_{i}": StrIndex("search_text", Value(t))}).filter(**{f"word_{i}__gt": 0})
    return qs


def concern_list(
    *,
    acting: Acting,
    q: str | None = None,
    unit: AdminUnit | None = None,
    topic: Topic | None = None,
    channel: str | None = None,
    status: str | None = None,
    severity: int | None = None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    overdue: bool | None = None,
    lead_id: int | None = None,
    flag: str | None = None,
    include_merged: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Concern]:
    """The visible concerns, newest first, filtered. `unit`: its whole subtree; `topic`: a group or a topic."""
    if unit is not None and not perms.reads_own_reports_only(acting) and perms.covers_area(acting, unit.path):
        qs = Concern.objects.all()  # the whole subtree is inside the acting department's area: all visible
    else:
        qs = visible_concerns(acting)
    qs = _filtered(
        qs,
        q=q,
        unit=unit,
        topic=topic,
        channel=channel,
        status=status,
        severity=severity,
        received_from=received_from,
        received_to=received_to,
        overdue=overdue,
        lead_id=lead_id,
        flag=flag,
        include_merged=include_merged,
        today=today,
    )
    merged_code = Concern.objects.filter(pk=OuterRef("merged_into_id")).values("tracking_code")[:1]
    return (
        qs.select_related(*LIST_RELATED)
        .annotate(merged_code=Subquery(merged_code) if include_merged else Value(None, CharField()))
        .order_by("-received_at", "-id")
    )


def _filtered(
    qs: QuerySet[Concern],
    *,
    q=None,
    unit=None,
    topic=None,
    channel=None,
    status=None,
    severity=None,
    received_from=None,
    received_to=None,
    overdue=None,
    lead_id=None,
    flag=None,
    include_merged=False,
    today=None,
    rowwise=False,
) -> QuerySet[Concern]:
    """The filters of the concern list, on any set of concerns (`rowwise`: see `_search_rowwise`)."""
    if not include_merged:
        qs = qs.filter(merged_into__isnull=True)
    if unit is not None:
        qs = qs.filter(unit_path__subtree=unit.path)
    if topic is not None:
        qs = qs.filter(topic__parent=topic) if topic.parent_id is None else qs.filter(topic=topic)
    if channel:
        qs = qs.filter(channel=channel)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if received_from:
        qs = qs.filter(received_at__gte=_day_start(received_from))
    if received_to:
        qs = qs.filter(received_at__lt=_day_start(received_to + dt.timedelta(days=1)))
    if overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate())
    if lead_id:
        qs = qs.filter(lead_id=lead_id)
    if flag in ("mass_complaint", "ethnic_religious", "security_order", "false_information"):
        qs = qs.filter(**{flag: True})
    if rowwise:
        return _search_rowwise(qs, q)
    cond = search_ids(q)
    if cond is not None:
        qs = qs.filter(cond)
    return qs


def concern_parts(*, acting: Acting, **filters) -> list[tuple[QuerySet[Concern], QuerySet[Concern]]]:
    """The concerns of `concern_list(acting=acting, **filters)` as disjoint parts, unordered, each served by its
    own indexes: for a propaganda department the concerns of its area (the unit-path and text indexes) and those
    elsewhere that it or its roll-up is party to (their ids read first, the text tested row by row); one part
    otherwise. Counting or paging the parts apart keeps either from scanning the national table.

    Each part comes with its walk (`IdsFirst`): the same concerns with a search tested row by row."""
    q = filters.get("q")
    prefix = None
    if acting.org is not None and not acting.is_system_admin and not perms.reads_own_reports_only(acting):
        prefix = rollup_prefix(acting.org)
    if not prefix:
        visible = visible_concerns(acting)
        return [(_filtered(visible, **filters), _filtered(visible, rowwise=bool(q), **filters))]
    area = Q(unit_path__subtree=acting.org.unit_path)
    inside = _area(acting.org.unit_path, q)
    parts = [(_filtered(inside, **filters), _filtered(inside, rowwise=bool(q), **filters))]
    unit = filters.get("unit")
    if unit is None or not perms.covers_area(acting, unit.path):
        ids = outside_ids(acting.org, prefix)
        if ids:
            outside = _filtered(Concern.objects.filter(pk__in=ids).exclude(area), rowwise=True, **filters)
            parts.append((outside, outside))
    return parts


def _area(path: str, q: str | None) -> QuerySet[Concern]:
    """The concerns of the area `path`. A search names its province as well (PostgreSQL): the text index holds
    the province beside the trigrams, so the search reads the province's matches only, and a province's newest
    concerns have their own index (migration 0005). For a province the province alone is the area: with the
    path range beside it the planner, taking the two for independent, would expect a thirtieth of the rows."""
    if not q or connection.vendor != "postgresql":
        return Concern.objects.filter(unit_path__subtree=path)
    province, _, below = path.partition("/")
    qs, in_province = _province(Concern.objects.all(), province)
    qs = qs.filter(in_province)
    return qs.filter(unit_path__subtree=path) if below else qs


def _province(qs: QuerySet[Concern], province: str) -> tuple[QuerySet[Concern], Q]:
    """`qs` and the Q keeping its concerns in `province` (the first part of their unit path): on PostgreSQL the
    expression the text index and the province's newest-first index hold (migration 0005)."""
    if connection.vendor != "postgresql":
        return qs, Q(unit_path__subtree=province)
    split = Func(F("unit_path"), Value("/"), Value(1), function="split_part", output_field=CharField())
    return qs.alias(province=split), Q(province=province)


def concern_count(*, acting: Acting, cap: int | None = None, **filters) -> int:
    """How many concerns `concern_list(acting=acting, **filters)` holds (at most cap + 1 with `cap`), counted
    part by part (`concern_parts`)."""
    return concern_page(acting=acting, cap=cap, **filters).count()


def concern_page(*, acting: Acting, cap: int | None = None, defer=(), **filters) -> IdsFirst:
    """`concern_list` read a page at a time: the page's ids part by part (`concern_parts`), then those rows
    (without the `defer` fields); counted part by part, up to cap + 1 with `cap`. A search part with more than
    `cap` matches is paged by walking its newest rows (its words are common: the walk is short)."""
    rows = concern_list(acting=acting, **filters).defer(*defer)
    return IdsFirst(rows, parts=concern_parts(acting=acting, **filters), cap=cap)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def concern_get(*, acting: Acting, concern_id) -> Concern:
    """One visible concern by id or tracking code, with what its page shows; NotFound otherwise."""
    qs = Concern.objects.select_related(
        *LIST_RELATED, "suggested_topic", "escalated_to", "merged_into"
    ).prefetch_related(
        Prefetch("parties", queryset=ConcernParty.objects.select_related("organization__type")),
        Prefetch("history", queryset=ConcernStatusChange.objects.select_related("by", "organization")),
        Prefetch("routings", queryset=ConcernRouting.objects.select_related("organization", "suggested", "by")),
        Prefetch("responses", queryset=CommunicationResponse.objects.select_related("organization", "created_by")),
        Prefetch("reports"),
    )
    text = str(concern_id or "").strip()
    if not text.isprintable():
        raise NotFound()
    if text.upper().startswith("PH."):
        concern = qs.filter(tracking_code=text.upper()[:20]).first()
    else:
        pk = parse_id(text)
        concern = qs.filter(pk=pk).first() if pk else None
    if concern is None or acting is None or not perms.can_view_concern(acting, concern):
        raise NotFound()
    return concern


def concern_merged(*, concern: Concern) -> QuerySet[Concern]:
    return Concern.objects.filter(merged_into=concern).order_by("received_at")


def duplicate_candidates(*, acting: Acting, unit: AdminUnit, topic: Topic | None, exclude_id=None, now=None):
    """Recent concerns near `unit` the acting organisation can see: same unit in the window, and the same
    topic anywhere in the same province in the last 30 days. At most 300, newest first, as
    (id, signature, unit id, topic id, received in the last 14 days?).

    Each of the two is read newest first from its own index and stops at 300 (a busy commune's thousands of
    recent concerns are never all read), then the two are merged."""
    now = now or timezone.now()
    province = unit.path.split("/", 1)[0]
    if not perms.reads_own_reports_only(acting) and perms.covers_area(acting, province):
        qs = Concern.objects.all()  # the whole province is the acting department's area: all visible
    else:
        qs = visible_concerns(acting)
    qs = qs.filter(merged_into__isnull=True).annotate(
        recent=Case(When(received_at__gte=now - dt.timedelta(days=14), then=True), default=False)
    )
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)

    def newest(part):
        columns = ("received_at", "id", "signature", "unit_id", "topic_id", "recent")
        return list(part.order_by("-received_at", "-id").values_list(*columns)[:DUPLICATE_CANDIDATES])

    rows = newest(qs.filter(unit_id=unit.pk, received_at__gte=now - dt.timedelta(days=DUPLICATE_WINDOW_DAYS)))
    if topic is not None:
        qs, in_province = _province(qs, province)
        rows += newest(qs.filter(in_province, topic_id=topic.pk, received_at__gte=now - dt.timedelta(days=30)))
    merged = {row[1]: row for row in rows}
    return [row[1:] for row in sorted(merged.values(), reverse=True)[:DUPLICATE_CANDIDATES]]


def concern_duplicates(
    *,
    acting: Acting,
    text: str,
    unit: AdminUnit,
    topic: Topic | None = None,
    exclude_id=None,
    limit: int = 5,
    now=None,
    text_signature: str | None = None,
) -> list[tuple[Concern, float]]:
    """Likely duplicates of a concern being written: same or neighbouring unit, recent, similar text
    (accent-insensitive). Best first, with their similarity score. `text_signature`: the text's signature
    when it is already known (a concern just recorded)."""
    from phoihop.concerns.similarity import rank, signature

    if not fold(text):
        return []
    now = now or timezone.now()
    rows = duplicate_candidates(acting=acting, unit=unit, topic=topic, exclude_id=exclude_id, now=now)
    topic_id = topic.pk if topic is not None else None
    candidates = [
        (
            pk,
            sig,
            (0.06 if unit_id == unit.pk else 0.0) + (0.05 if tid == topic_id else 0.0) + (0.04 if recent else 0.0),
        )
        for pk, sig, unit_id, tid, recent in rows
    ]
    ranked = rank(text_signature or signature(text), candidates, limit=limit)
    if not ranked:
        return []
    found = Concern.objects.select_related("topic__parent", "unit", "lead").only(*SUMMARY_FIELDS)
    by_id = {c.pk: c for c in found.filter(pk__in=[pk for pk, _ in ranked])}
    return [(by_id[pk], score) for pk, score in ranked if pk in by_id]


def public_status(*, tracking_code: str) -> Concern | None:
    """For the public page: the concern's status and public answer, nothing else (merged → the original)."""
    code = str(tracking_code or "").strip().upper()[:20]
    if not code.startswith("PH.") or not code.isprintable():
        return None
    concern = (
        Concern.objects.only("tracking_code", "status", "public_answer", "merged_into", "updated_at")
        .filter(tracking_code=code)
        .first()
    )
    if concern is not None and concern.merged_into_id:
        concern = Concern.objects.only("tracking_code", "status", "public_answer", "updated_at").get(
            pk=concern.merged_into_id
        )
    return concern


def topic_tree() -> list[tuple[Topic, list[Topic]]]:
    topics = list(Topic.objects.filter(is_active=True).order_by("order", "code"))
    groups = [t for t in topics if t.parent_id is None]
    return [(g, [t for t in topics if t.parent_id == g.pk]) for g in groups]
