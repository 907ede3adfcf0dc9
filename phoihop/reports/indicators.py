"""One function per indicator (issue: reports, roll-ups, dashboard). Each takes a `Scope` and returns plain
numbers (JSON-ready: a submitted report stores them as they were). The report, its roll-up and the
leadership dashboard call these functions and nothing else, so one question never gets two answers.

Definitions (docs/adr/0019-reports.md):
- tasks: work items (single tasks and the occurrences of recurring ones) with a deadline in the period, of
  the program (program scope) or with an organisation of the scope among their parties; done on time =
  completed by the deadline and by the cut-off; done late = completed after the deadline, by the cut-off;
  overdue = not done by the cut-off and the deadline passed; open = not yet due; cancelled.
- information supply: obligations due in the period between the scope's organisations (asked or asking);
  on time / late / missing / not yet due as at the end of the cut-off day (exchanges.selectors.outcome_q).
- meetings: held, starting in the period, organised by or inviting an organisation of the scope; by kind.
- concerns: received in the period (merged duplicates not counted) with an organisation of the scope among
  their parties, or in the area of a roll-up scope; jointly handled = handled by another agency than the one
  that took it in, or with co-operating agencies; resolved = result or closing by the cut-off; rejected;
  outstanding = the rest; overdue = outstanding past its handling deadline at the cut-off.
- hot spots: warnings of the scope's area or department open at some time in the period.
- opinion reports: submitted reports received by the scope's departments for the months of the period.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Exists, F, OuterRef, Q

from phoihop.reports.scope import Scope

# --- programs and plans ------------------------------------------------------------------------------


def program_figures(scope: Scope) -> dict:
    """Programs signed and annual plans issued in the period by the scope's organisations."""
    from phoihop.plans.models import Plan
    from phoihop.programs.models import Program, ProgramParty

    if scope.program_id:
        programs = Program.objects.filter(pk=scope.program_id)
    else:
        programs = Program.objects.filter(
            pk__in=ProgramParty.objects.filter(scope.orgs_q("organization")).values("program_id")
        )
    signed = programs.filter(signed_on__gte=scope.date_from, signed_on__lte=scope.date_to).count()
    effective = programs.filter(signed_on__lte=scope.date_to).exclude(ended_on__lt=scope.date_from).count()
    plans = Plan.objects.filter(program__in=programs, approved_on__gte=scope.date_from, approved_on__lte=scope.date_to)
    return {"programs_signed": signed, "programs_in_force": effective, "plans_issued": plans.count()}


# --- tasks ---------------------------------------------------------------------------------------------


def _tasks(scope: Scope):
    from phoihop.plans.models import Task, TaskParty

    qs = Task.objects.filter(deadline__gte=scope.date_from, deadline__lte=scope.date_to).filter(
        Q(recurrence="") | Q(series__isnull=False)
    )
    if scope.program_id:
        return qs.filter(plan__program_id=scope.program_id)
    if scope.everything:
        return qs
    return qs.filter(pk__in=TaskParty.objects.filter(scope.orgs_q("organization", "unit_path")).values("task_id"))


TASK_COLUMNS = ("planned", "done_on_time", "done_late", "overdue", "open", "cancelled")


def task_figures(scope: Scope) -> dict:
    """Tasks per program content: planned, done on time, done late, overdue, open, cancelled; and totals."""
    from phoihop.plans.models import TaskStatus

    cut = scope.date_to
    done_by_cut = Q(status=TaskStatus.DONE, completed_on__lte=cut)
    not_done = ~Q(status=TaskStatus.CANCELLED) & ~done_by_cut
    rows = (
        _tasks(scope)
        .values("content_id", "content__number", "content__title", "content__program__title")
        .annotate(
            planned=Count("id"),
            done_on_time=Count("id", filter=done_by_cut & Q(completed_on__lte=F("deadline"))),
            done_late=Count("id", filter=done_by_cut & Q(completed_on__gt=F("deadline"))),
            overdue=Count("id", filter=not_done & Q(deadline__lt=cut)),
            open=Count("id", filter=not_done & Q(deadline__gte=cut)),
            cancelled=Count("id", filter=Q(status=TaskStatus.CANCELLED)),
        )
        .order_by("content__program__title", "content__number")
    )
    out = [
        {
            "program": r["content__program__title"] or "",
            "content_id": r["content_id"],
            "number": r["content__number"],
            "content": r["content__title"] or "Nhiệm vụ khác (không gắn nội dung phối hợp)",
            **{c: r[c] for c in TASK_COLUMNS},
        }
        for r in rows
    ]
    out.sort(key=lambda r: (r["number"] is None, r["program"], r["number"] or 0))
    total = {c: sum(r[c] for r in out) for c in TASK_COLUMNS}
    total["done"] = total["done_on_time"] + total["done_late"]
    total["due"] = total["planned"] - total["cancelled"]
    return {"by_content": out, "total": total}


def overdue_by_organization(scope: Scope, limit: int = 20) -> list[dict]:
    """Overdue tasks at the cut-off per lead organisation (most first)."""
    from phoihop.orgs.models import Organization
    from phoihop.plans.models import TaskStatus

    cut = scope.date_to
    rows = (
        _tasks(scope)
        .exclude(status=TaskStatus.CANCELLED)
        .exclude(status=TaskStatus.DONE, completed_on__lte=cut)
        .filter(deadline__lt=cut)
        .values("lead_id")
        .annotate(n=Count("id"))
        .order_by("-n", "lead_id")[:limit]
    )
    names = dict(Organization.objects.filter(pk__in=[r["lead_id"] for r in rows]).values_list("pk", "name"))
    return [
        {"organization_id": r["lead_id"], "organization": names.get(r["lead_id"], ""), "overdue": r["n"]} for r in rows
    ]


# --- information supply -------------------------------------------------------------------------------


SUPPLY_COLUMNS = ("due", "on_time", "late", "missing", "not_yet_due")


def supply_figures(scope: Scope) -> dict:
    """Information supply obligations due in the period, periodic and per incident."""
    from phoihop.exchanges.models import InfoObligation, ObligationStatus, RequestKind
    from phoihop.exchanges.selectors import outcome_q

    qs = InfoObligation.objects.exclude(status=ObligationStatus.CANCELLED).filter(
        due_at__gte=scope.start, due_at__lt=scope.end
    )
    if scope.program_id:
        ids = scope.party_ids()
        qs = qs.filter(organization_id__in=ids, request__requester_id__in=ids)
    elif not scope.everything:
        asked = scope.orgs_q("organization", "unit_path")
        asking = scope.orgs_q("request__requester", "request__requester_path")
        qs = qs.filter(asked | asking)
    now = scope.end
    rows = (
        qs.values("request__kind")
        .annotate(due=Count("id"), **{c: Count("id", filter=outcome_q(c, now)) for c in SUPPLY_COLUMNS[1:]})
        .order_by()
    )
    by_kind = {k: dict.fromkeys(SUPPLY_COLUMNS, 0) for k in RequestKind.values}
    for r in rows:
        by_kind[r["request__kind"]] = {c: r[c] for c in SUPPLY_COLUMNS}
    total = {c: sum(v[c] for v in by_kind.values()) for c in SUPPLY_COLUMNS}
    return {"periodic": by_kind[RequestKind.PERIODIC], "incident": by_kind[RequestKind.INCIDENT], "total": total}


# --- meetings ------------------------------------------------------------------------------------------


def meeting_figures(scope: Scope) -> dict:
    """Meetings held in the period by kind (briefings, reviews, speakers' conferences, press conferences…)."""
    from phoihop.meetings.models import Invitation, Meeting, MeetingKind, MeetingStatus

    qs = Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__gte=scope.start, starts_at__lt=scope.end)
    if scope.program_id:
        qs = qs.filter(Q(program_id=scope.program_id) | scope.orgs_q("organization"))
    elif not scope.everything:
        invited = Invitation.objects.filter(meeting=OuterRef("pk")).filter(scope.orgs_q("organization"))
        qs = qs.filter(scope.orgs_q("organization", "unit_path") | Q(Exists(invited)))
    counts = dict(qs.values_list("kind").annotate(n=Count("id")).order_by())
    return {"by_kind": {k: counts.get(k, 0) for k in MeetingKind.values}, "total": sum(counts.values())}


def upcoming_meetings(scope: Scope, *, now: dt.datetime, limit: int = 10) -> list[dict]:
    from phoihop.meetings.models import Invitation, Meeting, MeetingStatus

    qs = Meeting.objects.filter(status=MeetingStatus.PLANNED, starts_at__gte=now)
    if not scope.everything:
        # a list of titles follows the visibility rule (meetings.selectors.visible_meetings): a roll-up sees
        # the meetings organised in its subtree and those it is invited to itself, not every invitation below
        own = scope.orgs_q("organization") if scope.program_id else Q(organization_id=scope.organization_id)
        invited = Invitation.objects.filter(meeting=OuterRef("pk")).filter(own)
        qs = qs.filter(scope.orgs_q("organization", "unit_path") | Q(Exists(invited)))
    return [
        {
            "id": m.pk,
            "title": m.title,
            "kind": m.get_kind_display(),
            "starts_at": m.starts_at.isoformat(),
            "place": m.place,
        }
        for m in qs.order_by("starts_at", "pk")[:limit]
    ]


def upcoming_deadlines(scope: Scope, *, today: dt.date, days: int = 14, limit: int = 10) -> list[dict]:
    """Open tasks due within `days` of today."""
    from phoihop.plans.models import OPEN_STATUSES, Task, TaskParty

    qs = Task.objects.filter(
        status__in=OPEN_STATUSES, deadline__gte=today, deadline__lte=today + dt.timedelta(days=days)
    )
    qs = qs.filter(Q(recurrence="") | Q(series__isnull=False))
    if not scope.everything:
        qs = qs.filter(pk__in=TaskParty.objects.filter(scope.orgs_q("organization", "unit_path")).values("task_id"))
    return [
        {"id": t.pk, "title": t.title, "deadline": t.deadline.isoformat(), "lead": t.lead.name}
        for t in qs.select_related("lead").order_by("deadline", "pk")[:limit]
    ]


# --- concerns and hot spots ------------------------------------------------------------------------------


CONCERN_COLUMNS = ("received", "joint", "resolved", "rejected", "outstanding", "overdue")


def _concerns(scope: Scope) -> list:
    """The concerns received in the scope's period, as disjoint sets whose counts add up.

    A roll-up's are two: those of its area (the unit-path index) and those elsewhere that it or an
    organisation of its area is party to (found from the party table's copy of the concern's place, so
    the area's own concerns are not visited twice). One OR over both makes PostgreSQL read the national
    table."""
    from phoihop.concerns.models import Concern, ConcernParty
    from phoihop.concerns.selectors import outside_ids

    qs = Concern.objects.filter(received_at__gte=scope.start, received_at__lt=scope.end, merged_into__isnull=True)
    if scope.everything:
        return [qs]
    if scope.program_id:
        return [
            qs.filter(pk__in=ConcernParty.objects.filter(organization_id__in=scope.party_ids()).values("concern_id"))
        ]
    if not scope.prefix:
        own = ConcernParty.objects.filter(organization_id=scope.organization_id)
        return [qs.filter(pk__in=own.values("concern_id"))]
    outside = outside_ids(scope.organization_id, scope.prefix)
    return [
        qs.filter(unit_path__startswith=scope.prefix),
        qs.exclude(unit_path__startswith=scope.prefix).filter(pk__in=outside),
    ]


def _concern_counts(qs, scope: Scope) -> dict:
    from phoihop.concerns.models import ConcernParty, ConcernStatus

    end, cut = scope.end, scope.date_to
    partners = ConcernParty.objects.filter(concern=OuterRef("pk"), role=ConcernParty.Role.PARTNER)
    resolved = Q(resolved_at__lt=end) | Q(closed_at__lt=end, status=ConcernStatus.CLOSED)
    rejected = Q(status=ConcernStatus.REJECTED)
    outstanding = ~resolved & ~rejected
    return dict(
        received=Count("id"),
        joint=Count("id", filter=(Q(lead__isnull=False) & ~Q(lead_id=F("organization_id"))) | Q(Exists(partners))),
        resolved=Count("id", filter=resolved),
        rejected=Count("id", filter=rejected & ~resolved),
        outstanding=Count("id", filter=outstanding),
        overdue=Count("id", filter=outstanding & Q(deadline__lt=cut)),
    )


def concern_figures(scope: Scope, *, area_limit: int = 15) -> dict:
    """Concerns received in the period: totals, by topic group, by area (the level below the scope's)."""
    from phoihop.concerns.models import Topic
    from phoihop.geo.models import AdminUnit

    # one grouped statement per part (topic × unit: a few thousand rows at most), folded below into the
    # total, the topic groups and the areas: the counts add up over any partition of the concerns
    rows = [
        r
        for qs in _concerns(scope)
        for r in qs.values("topic_id", "unit_id").annotate(**_concern_counts(qs, scope)).order_by()
    ]
    total = {c: sum(r[c] for r in rows) for c in CONCERN_COLUMNS}
    # by topic group: counted per topic, folded into the groups (a few hundred topics at most)
    topics = {t.pk: t for t in Topic.objects.all()}
    by_group: dict[int, Counter] = defaultdict(Counter)
    for r in rows:
        topic = topics.get(r["topic_id"])
        group = topic.parent_id or topic.pk if topic else 0
        by_group[group].update({c: r[c] for c in CONCERN_COLUMNS})
    by_topic = [
        {
            "topic": topics[g].name if g in topics else "",
            "code": topics[g].code if g in topics else "",
            **{c: v[c] for c in CONCERN_COLUMNS},
        }
        for g, v in sorted(
            by_group.items(), key=lambda kv: (-kv[1]["received"], topics[kv[0]].order if kv[0] in topics else 0)
        )
    ]
    # by area: grouped on the concern's unit, folded to the unit one level below the scope's own unit
    per_unit: Counter = Counter()
    for r in rows:
        per_unit[r["unit_id"]] += r["received"]
    units = {u.pk: u for u in AdminUnit.objects.filter(pk__in=per_unit).only("pk", "path", "name")}
    depth = _area_depth(scope)
    folded: Counter = Counter()
    for unit_id, n in per_unit.items():
        u = units.get(unit_id)
        folded["/".join(u.path.split("/")[:depth]) if u else ""] += n
    named = {
        p: (pk, name)
        for pk, p, name in AdminUnit.objects.filter(path__in=list(folded)).values_list("pk", "path", "name")
    }
    areas = sorted(
        (
            {"area": named[p][1] if p in named else p, "unit_id": named[p][0] if p in named else None, "received": n}
            for p, n in folded.items()
        ),
        key=lambda a: (-a["received"], a["area"]),
    )
    if len(areas) > area_limit:
        rest = sum(a["received"] for a in areas[area_limit - 1 :])
        areas = [*areas[: area_limit - 1], {"area": "Các địa bàn khác", "unit_id": None, "received": rest}]
    return {"total": total, "by_topic": by_topic, "by_area": areas}


def concern_trend(scope: Scope) -> list[dict]:
    """Concerns received per month of the period (every month listed, zeros included)."""
    from django.utils import timezone

    # one filtered count per month (local month boundaries) in a single statement: truncating every row's
    # date in the database costs several times more on SQLite
    months, day = [], scope.date_from.replace(day=1)
    while day <= scope.date_to:
        following = (day + dt.timedelta(days=32)).replace(day=1)
        months.append((day, following))
        day = following

    def instant(d: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(d, dt.time.min))

    counts: Counter = Counter()
    for qs in _concerns(scope):
        counts.update(
            qs.aggregate(
                **{
                    f"m{i}": Count("id", filter=Q(received_at__gte=instant(a), received_at__lt=instant(b)))
                    for i, (a, b) in enumerate(months)
                }
            )
        )
    return [{"month": f"{a:%Y-%m}", "received": counts[f"m{i}"]} for i, (a, _) in enumerate(months)]


def _area_depth(scope: Scope) -> int:
    """How many path segments name an area one level below the scope's own unit."""
    if scope.everything or scope.program_id:
        return 1 if scope.everything else 2
    if scope.prefix:
        return scope.prefix.count("/") + 1
    from phoihop.orgs.models import Organization

    path = Organization.objects.filter(pk=scope.organization_id).values_list("unit_path", flat=True).first() or ""
    return path.count("/") + 2 if path else 1


def hotspot_figures(scope: Scope) -> dict:
    """Warnings open at some time in the period, in the scope's area or for its department."""
    from phoihop.hotspots.models import HotSpot

    qs = HotSpot.objects.filter(opened_at__lt=scope.end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=scope.start)
    )
    if scope.program_id:
        qs = qs.filter(department_id__in=scope.party_ids())
    elif not scope.everything:
        q = Q(department_id=scope.organization_id)
        if scope.prefix:
            q |= Q(unit_path__startswith=scope.prefix)
        qs = qs.filter(q)
    rows = qs.select_related("topic", "area").order_by("-opened_at", "pk")
    items = [
        {
            "id": h.pk,
            "kind": h.get_kind_display(),
            "topic": h.topic.name if h.topic_id else "",
            "area": h.area.name,
            "opened_on": h.opened_at.date().isoformat(),
            "concerns": h.current_count,
            "status": h.get_status_display(),
            "active": h.closed_at is None or h.closed_at >= scope.end,
        }
        for h in rows[:50]
    ]
    return {"count": qs.count(), "active": sum(1 for i in items if i["active"]), "items": items}


# --- opinion reports ----------------------------------------------------------------------------------------


def opinion_figures(scope: Scope) -> dict:
    """Opinion reports received for the months of the period, their opinions and moods (never an author)."""
    from phoihop.opinions.models import Mood, OpinionItem, OpinionReport

    reports = OpinionReport.objects.filter(
        status=OpinionReport.Status.SUBMITTED, month__gte=scope.date_from.replace(day=1), month__lte=scope.date_to
    )
    if not scope.everything:
        reports = reports.filter(scope.orgs_q("organization"))
    kinds = dict(reports.values_list("kind").annotate(n=Count("id")).order_by())
    moods = dict(OpinionItem.objects.filter(report__in=reports).values_list("mood").annotate(n=Count("id")).order_by())
    items = sum(moods.values())
    uneasy = moods.get(Mood.WORRY, 0) + moods.get(Mood.UPSET, 0)
    return {
        "reports": sum(kinds.values()),
        "monthly": kinds.get(OpinionReport.Kind.MONTHLY, 0),
        "quick": kinds.get(OpinionReport.Kind.QUICK, 0),
        "items": items,
        "moods": {m: moods.get(m, 0) for m in Mood.values},
        "uneasy": uneasy,
    }


# --- commendations -----------------------------------------------------------------------------------------


def commendation_figures(scope: Scope) -> dict:
    from phoihop.commendations.indicators import commendation_figures as figures

    return figures(scope)


# --- all of them -------------------------------------------------------------------------------------------


INDICATORS = {
    "programs": program_figures,
    "tasks": task_figures,
    "supply": supply_figures,
    "meetings": meeting_figures,
    "concerns": concern_figures,
    "hotspots": hotspot_figures,
    "opinions": opinion_figures,
    "commendations": commendation_figures,
}


def compile_figures(scope: Scope) -> dict:
    """Every indicator for the period and for the period before (beside it in the report)."""
    before = scope.previous()
    return {
        "period": {"from": scope.date_from.isoformat(), "to": scope.date_to.isoformat()},
        "previous_period": {"from": before.date_from.isoformat(), "to": before.date_to.isoformat()},
        "current": {name: f(scope) for name, f in INDICATORS.items()},
        "previous": {name: f(before) for name, f in INDICATORS.items() if name != "hotspots"},
    }
