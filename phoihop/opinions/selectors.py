"""Reads for opinion reports. Individual reports: their author, and the receiving department's staff
(authors shown to its leaders only). Compilations: aggregates over one department or, for a superior,
over the departments of its subtree — counts, moods and texts, never authors."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from django.db.models import Case, Count, QuerySet, When

from phoihop.core.errors import NotFound
from phoihop.core.web import parse_id
from phoihop.opinions import permissions as perms
from phoihop.opinions.models import (
    Collaborator,
    Mood,
    OpinionItem,
    OpinionMonth,
    OpinionReport,
    OpinionTopic,
)
from phoihop.opinions.services import month_end, previous_month
from phoihop.orgs.models import Organization
from phoihop.orgs.visibility import rollup_prefix

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

MOODS = list(Mood.values)
NOTABLE_LIMIT = 12
PROPOSALS_LIMIT = 20


def topics() -> QuerySet[OpinionTopic]:
    return OpinionTopic.objects.filter(is_active=True).order_by("order", "code")


def report_list(acting: Acting, *, month: dt.date | None = None, kind: str | None = None) -> QuerySet[OpinionReport]:
    """A collaborator's own reports (drafts included); the department's submitted reports for its staff."""
    qs = OpinionReport.objects.select_related("unit", "organization").annotate(items_count=Count("items"))
    if perms.is_collaborator(acting):
        qs = qs.filter(organization=acting.org, author=acting.user)
    elif perms.reads_department(acting) and acting.org is not None:
        qs = qs.filter(organization=acting.org, status=OpinionReport.Status.SUBMITTED)
    else:
        return qs.none()
    if month is not None:
        qs = qs.filter(month=month)
    if kind in OpinionReport.Kind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-month", "-submitted_at", "-pk")


def latest_month(org) -> dt.date | None:
    """The most recent month the department received a report for (the month its staff want first)."""
    return (
        OpinionReport.objects.filter(organization=org, status=OpinionReport.Status.SUBMITTED)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )


def report_get(acting: Acting, report_id) -> OpinionReport:
    pk = parse_id(report_id)
    if pk is None:
        raise NotFound()
    report = (
        OpinionReport.objects.select_related("unit", "organization", "author", "concern")
        .prefetch_related("items__topic")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFound()
    if report.author_id == acting.user.pk and perms.is_collaborator(acting) and acting.org.pk == report.organization_id:
        return report
    if (
        report.status == OpinionReport.Status.SUBMITTED
        and perms.reads_department(acting)
        and (acting.is_system_admin or (acting.org is not None and acting.org.pk == report.organization_id))
    ):
        return report
    raise NotFound()


def collaborators(acting: Acting) -> QuerySet[Collaborator]:
    from phoihop.accounts.permissions import has_action

    if acting.org is None or not (acting.is_system_admin or has_action(acting, "collaborators.view")):
        raise NotFound()
    return (
        Collaborator.objects.filter(organization=acting.org)
        .select_related("user")
        .prefetch_related("units")
        .order_by("user__full_name")
    )


def receives_reports(org: Organization) -> bool:
    """Propaganda departments (and any body that keeps a collaborator network) receive opinion reports."""
    return org.type.sees_rollup or Collaborator.objects.filter(organization=org).exists()


def subordinate_departments(acting: Acting) -> list[Organization]:
    """The acting department and the departments of its subtree that receive opinion reports."""
    if acting.org is None:
        raise NotFound()
    prefix = rollup_prefix(acting.org)
    if prefix is None or not perms.sees_subordinates(acting):
        raise NotFound()
    with_reports = Collaborator.objects.values("organization_id")
    qs = Organization.objects.filter(pk__in=with_reports).select_related("unit")
    if prefix:
        qs = qs.filter(unit_path__startswith=prefix)
    return [acting.org, *sorted((o for o in qs if o.pk != acting.org.pk), key=lambda o: o.name)]


def _counts(org_ids, month: dt.date):
    items = OpinionItem.objects.filter(
        report__organization_id__in=org_ids, report__month=month, report__status=OpinionReport.Status.SUBMITTED
    )
    by_topic_mood = items.values_list("topic_id", "mood").annotate(n=Count("pk")).order_by()
    return by_topic_mood


def month_figures(*, org_ids: list[int], month: dt.date) -> dict:
    """The numbers of a month over the reports received by `org_ids`: totals, by topic (moods, and the
    change from last month), by area, notable opinions, proposals, quick reports. No author anywhere."""
    reports = OpinionReport.objects.filter(
        organization_id__in=org_ids, month=month, status=OpinionReport.Status.SUBMITTED
    )
    kinds = dict(reports.values_list("kind").annotate(n=Count("pk")).order_by())
    authors = reports.filter(kind=OpinionReport.Kind.MONTHLY).values("author_id").distinct().count()
    active = (
        Collaborator.objects.filter(organization_id__in=org_ids, active_from__lte=month_end(month))
        .exclude(active_to__lt=month)
        .count()
    )
    topic_names = dict(OpinionTopic.objects.values_list("pk", "name"))
    topic_order = {
        pk: i for i, pk in enumerate(OpinionTopic.objects.order_by("order", "code").values_list("pk", flat=True))
    }
    now: dict[int, Counter] = defaultdict(Counter)
    for topic_id, mood, n in _counts(org_ids, month):
        now[topic_id][mood] += n
    before: dict[int, Counter] = defaultdict(Counter)
    for topic_id, mood, n in _counts(org_ids, previous_month(month)):
        before[topic_id][mood] += n
    by_topic = []
    for topic_id in sorted(set(now) | set(before), key=lambda t: (-sum(now[t].values()), topic_order.get(t, 0))):
        count, prev = sum(now[topic_id].values()), sum(before[topic_id].values())
        if not count and not prev:
            continue
        by_topic.append(
            {
                "topic": topic_names.get(topic_id, ""),
                "count": count,
                "moods": {m: now[topic_id][m] for m in MOODS},
                "previous": prev,
                "previous_moods": {m: before[topic_id][m] for m in MOODS},
                "change": count - prev,
                "uneasy": now[topic_id][Mood.WORRY] + now[topic_id][Mood.UPSET],
                "previous_uneasy": before[topic_id][Mood.WORRY] + before[topic_id][Mood.UPSET],
            }
        )
    areas: dict[str, dict] = {}
    rows = (
        OpinionItem.objects.filter(
            report__organization_id__in=org_ids, report__month=month, report__status=OpinionReport.Status.SUBMITTED
        )
        .values_list("report__unit__name", "mood")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit_name, mood, n in rows:
        entry = areas.setdefault(unit_name, {"unit": unit_name, "count": 0, "moods": dict.fromkeys(MOODS, 0)})
        entry["count"] += n
        entry["moods"][mood] += n
    from phoihop.core.text import sort_key

    by_area = sorted(areas.values(), key=lambda a: (-a["count"], sort_key(a["unit"])))
    base = OpinionItem.objects.filter(
        report__organization_id__in=org_ids, report__month=month, report__status=OpinionReport.Status.SUBMITTED
    ).select_related("topic", "report__unit")
    notable = _notable(base)
    proposals = _grouped(
        base.exclude(proposals="").order_by("-report__submitted_at", "pk")[: PROPOSALS_LIMIT * 20],
        PROPOSALS_LIMIT,
        key=lambda it: (it.topic_id, it.proposals.strip().lower()),
        entry=lambda it: {"topic": it.topic.name, "proposals": it.proposals},
    )
    quick = [
        {
            "title": r.title,
            "unit": r.unit.name,
            "happened_on": r.happened_on.isoformat() if r.happened_on else None,
            "concern": r.concern.tracking_code if r.concern_id else None,
        }
        for r in reports.filter(kind=OpinionReport.Kind.QUICK)
        .select_related("unit", "concern")
        .order_by("happened_on", "pk")
    ]
    total_moods = Counter()
    for c in now.values():
        total_moods.update(c)
    return {
        "month": month.isoformat(),
        "reports": sum(kinds.values()),
        "monthly": kinds.get(OpinionReport.Kind.MONTHLY, 0),
        "quick": kinds.get(OpinionReport.Kind.QUICK, 0),
        "items": sum(total_moods.values()),
        "moods": {m: total_moods[m] for m in MOODS},
        "collaborators_reporting": authors,
        "collaborators_active": active,
        "by_topic": by_topic,
        "by_area": by_area,
        "notable": notable,
        "proposals": proposals,
        "quick_reports": quick,
    }


def _grouped(rows, limit: int, *, key, entry) -> list[dict]:
    """The same words from several places once, with the places (up to three) and how many said them."""
    grouped: dict[tuple, dict] = {}
    for it in rows:
        k = key(it)
        found = grouped.get(k)
        if found is None:
            if len(grouped) == limit:
                continue
            grouped[k] = {**entry(it), "unit": it.report.unit.name, "times": 1, "units": [it.report.unit.name]}
        else:
            found["times"] += 1
            if it.report.unit.name not in found["units"]:
                found["units"].append(it.report.unit.name)
                found["unit"] = ", ".join(found["units"][:3]) + ("…" if len(found["units"]) > 3 else "")
    for found in grouped.values():
        del found["units"]
    return list(grouped.values())


def _notable(items) -> list[dict]:
    """Upset opinions first, then worried ones, newest first; repeated words once (_grouped)."""
    ranked = (
        items.filter(mood__in=[Mood.UPSET, Mood.WORRY])
        .annotate(rank=Case(When(mood=Mood.UPSET, then=0), default=1))
        .order_by("rank", "-report__submitted_at", "pk")[: NOTABLE_LIMIT * 20]
    )
    return _grouped(
        ranked,
        NOTABLE_LIMIT,
        key=lambda it: (it.topic_id, it.mood, it.summary.strip().lower()),
        entry=lambda it: {"topic": it.topic.name, "mood": it.mood, "summary": it.summary},
    )


def compilation(acting: Acting, month: dt.date, *, subtree: bool = False) -> dict:
    """What the compilation page and the API show: the department's own month, or (superiors) the
    aggregate of its subtree with one line per department. A closed month shows its stored figures."""
    if acting.org is None:
        raise NotFound()
    if subtree:
        departments = subordinate_departments(acting)
        ids = [d.pk for d in departments]
        figures = month_figures(org_ids=ids, month=month)
        per_department = []
        counts = dict(
            OpinionReport.objects.filter(organization_id__in=ids, month=month, status=OpinionReport.Status.SUBMITTED)
            .values_list("organization_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        closed = dict(
            OpinionMonth.objects.filter(organization_id__in=ids, month=month).values_list("organization_id", "status")
        )
        for d in departments:
            per_department.append(
                {"organization": d.name, "reports": counts.get(d.pk, 0), "status": closed.get(d.pk, "")}
            )
        return {
            "organization": acting.org,
            "month": month,
            "row": None,
            "figures": figures,
            "departments": per_department,
        }
    if not perms.reads_department(acting) or not receives_reports(acting.org):
        raise NotFound()
    row = OpinionMonth.objects.filter(organization=acting.org, month=month).first()
    if row is not None and row.status == OpinionMonth.Status.CLOSED and row.figures:
        figures = row.figures
    else:
        figures = month_figures(org_ids=[acting.org.pk], month=month)
    return {"organization": acting.org, "month": month, "row": row, "figures": figures, "departments": []}


def participation(acting: Acting, months: list[dt.date]) -> list[dict]:
    """Collaborators × months: 'on_time', 'late', 'missing' or '' (not active then). Leaders, administrators."""
    people = list(collaborators(acting))
    sent = {}
    for author_id, month, at in OpinionReport.objects.filter(
        organization=acting.org,
        kind=OpinionReport.Kind.MONTHLY,
        status=OpinionReport.Status.SUBMITTED,
        month__in=months,
    ).values_list("author_id", "month", "submitted_at"):
        sent[(author_id, month)] = at
    dues = {r.month: r.due_on for r in OpinionMonth.objects.filter(organization=acting.org, month__in=months)}
    from django.utils import timezone

    from phoihop.opinions.services import default_due

    today = timezone.localdate()
    rows = []
    for c in people:
        cells = []
        for m in months:
            due = dues.get(m) or default_due(m)
            if not c.active_in(m, month_end(m)):
                cells.append("")
            elif (c.user_id, m) in sent:
                cells.append("on_time" if timezone.localdate(sent[(c.user_id, m)]) <= due else "late")
            else:
                cells.append("missing" if today > due else "waiting")
        rows.append({"collaborator": c, "cells": cells})
    return rows
