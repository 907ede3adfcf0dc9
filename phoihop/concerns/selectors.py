"""Reading concerns: what the acting organisation may see, filtered lists, accent-insensitive search,
likely duplicates, one concern with its history, and the public status by tracking code."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Case, CharField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
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
        return qs.filter(
            Q(unit_path__startswith=prefix) | Q(unit_path=acting.org.unit_path) | Q(pk__in=own) | Q(pk__in=below)
        )
    return qs.filter(pk__in=own)


def _outside_parties(org, prefix: str):
    """The concern ids, outside the area `prefix`, that `org` (own) or an organisation of the area (below) is
    party to: from the party table's copy of the concern's place, so both stay small on a national table."""
    elsewhere = ~Q(concern_path__startswith=prefix)
    own = ConcernParty.objects.filter(elsewhere, organization=org).values("concern_id")
    below = ConcernParty.objects.filter(elsewhere, unit_path__startswith=prefix).values("concern_id")
    return own, below


def search_ids(query: str) -> Q | None:
    """A Q keeping concerns whose folded title + description contain every word of `query` (None: no query).

    PostgreSQL: `LIKE` served by the trigram index; SQLite: the FTS5 trigram table (ADR 0013). A query with
    a word shorter than three letters is looked up as the whole phrase (no trigram in "o")."""
    terms = search_terms(query)
    if not terms:
        return None
    cond = Q()
    whole = " ".join(terms)
    if any(len(t) < 3 for t in terms) and len(whole) >= 3:
        # a short word ("o" of "o nhiem") has no trigram: look for the words together as typed
        terms = [whole]
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
) -> QuerySet[Concern]:
    """The filters of the concern list, on any set of concerns."""
    if not include_merged:
        qs = qs.filter(merged_into__isnull=True)
    if unit is not None:
        qs = qs.filter(Q(unit_path=unit.path) | Q(unit_path__startswith=unit.path + "/"))
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
    cond = search_ids(q)
    if cond is not None:
        qs = qs.filter(cond)
    return qs


def concern_count(*, acting: Acting, cap: int | None = None, **filters) -> int:
    """How many concerns `concern_list(acting=acting, **filters)` holds (at most cap + 1 with `cap`).

    For a propaganda department the two halves of the visibility rule are counted apart — the concerns of
    its area (served by the unit-path index) and those outside it that it or its roll-up is party to — so
    that neither count scans the national table."""

    def counted(qs, limit):
        qs = qs.order_by().values("pk")
        return qs[:limit].count() if limit is not None else qs.count()

    limit = cap + 1 if cap is not None else None
    prefix = None
    if acting.org is not None and not acting.is_system_admin and not perms.reads_own_reports_only(acting):
        prefix = rollup_prefix(acting.org)
    if not prefix:
        return counted(concern_list(acting=acting, **filters), limit)
    area = Q(unit_path__startswith=prefix) | Q(unit_path=acting.org.unit_path)
    inside = counted(_filtered(Concern.objects.filter(area), **filters), limit)
    if limit is not None and inside >= limit:
        return inside
    own, below = _outside_parties(acting.org, prefix)
    outside_qs = Concern.objects.exclude(area).filter(Q(pk__in=own) | Q(pk__in=below))
    outside = counted(_filtered(outside_qs, **filters), limit - inside if limit is not None else None)
    return inside + outside


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
    (id, signature, unit id, topic id, received in the last 14 days?)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    near = Q(unit_id=unit.pk, received_at__gte=since)
    province = unit.path.split("/", 1)[0]
    if topic is not None:
        near |= Q(
            topic_id=topic.pk,
            unit_path__startswith=province + "/",
            received_at__gte=now - dt.timedelta(days=30),
        )
    if not perms.reads_own_reports_only(acting) and perms.covers_area(acting, province):
        qs = Concern.objects.all()  # the whole province is the acting department's area: all visible
    else:
        qs = visible_concerns(acting)
    qs = qs.filter(near, merged_into__isnull=True)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    recent = Case(When(received_at__gte=now - dt.timedelta(days=14), then=True), default=False)
    return (
        qs.annotate(recent=recent)
        .order_by("-received_at")
        .values_list("id", "signature", "unit_id", "topic_id", "recent")[:300]
    )


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
        (pk, sig, (0.06 if unit_id == unit.pk else 0.0) + (0.05 if tid == topic_id else 0.0) + (0.04 if recent else 0.0))
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
