"""Writing hot spots: the recomputation over all data (hourly job), the immediate warning for a grave
concern or a mass complaint (after intake), acknowledging and closing a warning.

The rule is in `hotspots.rules`; docs/adr/0015-hot-spots.md explains the choices. Counting is done by the
database: one grouped query over the concerns of the last 14 weeks (per leaf topic and unit, one count per
week); the roll-up into topic groups and provinces works on those aggregate rows only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from phoihop.concerns.models import Concern, Topic
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, ValidationFailed
from phoihop.hotspots import permissions as perms
from phoihop.hotspots.models import OPEN_STATUSES, HotSpot, HotSpotKind, HotSpotStatus
from phoihop.hotspots.rules import Reading, read, rules

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

logger = logging.getLogger("phoihop.hotspots")

NOTE_LIMIT = 2000
READING_FIELDS = [
    "current_count",
    "baseline_mean",
    "baseline_std",
    "ratio",
    "z_score",
    "peak_count",
    "series",
    "series_start",
    "computed_at",
]
_AUDITED = [
    "kind", "status", "topic", "area", "department", "current_count", "baseline_mean", "peak_count",
    "acknowledged_by", "acknowledged_at", "acknowledge_note", "closed_by", "closed_at", "close_note",
]  # fmt: skip
Through = HotSpot.concerns.through


# --- counting ----------------------------------------------------------------------------------------------


def week_edges(now: dt.datetime, cfg: dict) -> list[dt.datetime]:
    """Boundaries of the weeks counted back from `now`, oldest first (`weeks + 1` instants, the last is now)."""
    weeks = cfg["HISTORY_WEEKS"] + cfg["WINDOW_WEEKS"]
    return [now - dt.timedelta(weeks=weeks - i) for i in range(weeks + 1)]


def weekly_counts(
    edges: list[dt.datetime], where: Q | None = None, *, by_group: bool = False
) -> dict[tuple[int, int], list[int]]:
    """(topic id, unit id) → concerns received per week, oldest first: one grouped query (COUNT … FILTER
    per week, GROUP BY topic, unit). `by_group`: grouped by the topic's group instead of the leaf topic.

    Merged duplicates are left out (they count in the concern they were merged into). The rows are read
    straight from the cursor: tens of thousands of aggregate rows need no model conversion."""
    buckets = {
        f"w{i}": Count(
            "id",
            filter=Q(received_at__gte=edges[i])
            & (Q(received_at__lt=edges[i + 1]) if i + 2 < len(edges) else Q(received_at__lte=edges[i + 1])),
        )
        for i in range(len(edges) - 1)
    }
    qs = Concern.objects.filter(received_at__gte=edges[0], received_at__lte=edges[-1], merged_into__isnull=True)
    if where is not None:
        qs = qs.filter(where)
    topic = Coalesce("topic__parent_id", "topic_id") if by_group else F("topic_id")
    qs = qs.annotate(t=topic).values("t", "unit_id").annotate(**buckets).order_by()
    sql, params = qs.values_list("t", "unit_id", *buckets).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(row[0], row[1]): list(row[2:]) for row in cursor.fetchall()}


def _add(into: list[int], weeks: list[int]) -> None:
    for i, n in enumerate(weeks):
        into[i] += n


def topic_groups() -> dict[int, int]:
    """Topic id → the id of its group (a group maps to itself)."""
    return {pk: parent or pk for pk, parent in Topic.objects.values_list("id", "parent_id")}


def _province_path(path: str) -> str:
    return path.split("/", 1)[0]


def _departments() -> dict[str, int]:
    """unit path → the active roll-up organisation placed there ('' for the central level)."""
    from phoihop.orgs.models import Organization, OrgLevel

    today = timezone.localdate()
    found: dict[str, int] = {}
    rows = (
        Organization.objects.filter(type__sees_rollup=True)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .order_by("id")
        .values_list("id", "unit_path", "level")
    )
    for pk, path, level in rows:
        found.setdefault("" if level == OrgLevel.CENTRAL else path or "", pk)
    return found


def department_for(path: str, departments: dict[str, int]) -> int | None:
    """The deepest roll-up organisation whose area holds `path` (the area itself, then each level up)."""
    parts = path.split("/")
    for i in range(len(parts), 0, -1):
        found = departments.get("/".join(parts[:i]))
        if found:
            return found
    return departments.get("")


def _apply(hs: HotSpot, weeks: list[int], reading: Reading, edges: list[dt.datetime], now: dt.datetime) -> None:
    hs.current_count = reading.current
    hs.baseline_mean = round(reading.mean, 3)
    hs.baseline_std = round(reading.std, 3)
    hs.ratio = round(reading.ratio, 3) if reading.ratio is not None else None
    hs.z_score = round(reading.z, 3)
    hs.peak_count = max(hs.peak_count or 0, reading.current)
    hs.series = list(weeks)
    hs.series_start = edges[0]
    hs.computed_at = now


def _new(kind: str, topic_id: int, area_id: int, path: str, department_id, edges, now, cfg) -> HotSpot:
    return HotSpot(
        kind=kind,
        status=HotSpotStatus.ACTIVE,
        topic_id=topic_id,
        area_id=area_id,
        unit_path=path,
        department_id=department_id,
        opened_at=now,
        last_seen_at=now,
        computed_at=now,
        rising=True,
        window_start=edges[-1 - cfg["WINDOW_WEEKS"]],
        series_start=edges[0],
    )


def severe_kind(severity: int, mass_complaint: bool, cfg: dict) -> str | None:
    """A mass complaint is warned as such (also when grave); otherwise severity ≥ SEVERITY."""
    if mass_complaint:
        return HotSpotKind.MASS_COMPLAINT
    if severity >= cfg["SEVERITY"]:
        return HotSpotKind.SEVERE
    return None


# --- telling people ------------------------------------------------------------------------------------------


def _title(hs: HotSpot, topic_name: str, area_name: str) -> str:
    return f"Điểm nóng — {hs.get_kind_display()}: {topic_name}, {area_name}"


def _notify(groups: dict[frozenset, list[tuple[HotSpot, str]]], cfg: dict) -> int:
    """One notice per new hot spot to the department and the lead agencies; beyond SUMMARY_AFTER new hot
    spots for the same organisations in one run, one summary notice instead."""
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    sent = 0
    for org_ids, items in groups.items():
        if not org_ids:
            continue
        recipients = organization_recipients(sorted(org_ids))
        if len(items) > cfg["SUMMARY_AFTER"]:
            notify(
                recipients=recipients,
                kind="hotspot.opened",
                title=f"{len(items)} điểm nóng mới trên địa bàn phụ trách",
                body="\n".join(title for _, title in items[:50]),
                url="/hotspots/",
            )
            sent += 1
            continue
        for hs, title in items:
            notify(recipients=recipients, kind="hotspot.opened", title=title, url=f"/hotspots/{hs.pk}/", obj=hs)
            sent += 1
    return sent


def _insert(hotspots: list[HotSpot]) -> list[HotSpot]:
    """Insert new hot spots; one already opened meanwhile (by intake) is taken instead of failing."""
    if not hotspots:
        return []
    try:
        with transaction.atomic():
            created = HotSpot.objects.bulk_create(hotspots, batch_size=500)
        if all(h.pk for h in created):
            return created
    except IntegrityError:
        pass
    out = []
    for h in hotspots:
        try:
            with transaction.atomic():
                h.pk = None
                h.save(force_insert=True)
            out.append(h)
        except IntegrityError:
            existing = HotSpot.objects.filter(
                kind=h.kind, topic_id=h.topic_id, area_id=h.area_id, status__in=OPEN_STATUSES
            ).first()
            if existing is not None:
                existing._taken_over = True
                out.append(existing)
    return out


def _link(pairs: set[tuple[int, int]]) -> int:
    """Link (hot spot id, concern id) pairs; existing links are left alone. Returns how many were asked."""
    if pairs:
        Through.objects.bulk_create(
            [Through(hotspot_id=h, concern_id=c) for h, c in pairs], ignore_conflicts=True, batch_size=1000
        )
    return len(pairs)


# --- recomputation ---------------------------------------------------------------------------------------------


@transaction.atomic
def hotspots_recompute(now: dt.datetime | None = None) -> dict:
    """Recompute every warning from all data (idempotent): refresh the numbers of open hot spots, open the
    new ones (trend per commune and per province; grave concerns and mass complaints the intake signal
    missed), link the concerns behind them, tell the people responsible. Returns what it did."""
    cfg = rules()
    now = now or timezone.now()
    edges = week_edges(now, cfg)
    window_start = edges[-1 - cfg["WINDOW_WEEKS"]]
    groups = topic_groups()
    zero = [0] * (len(edges) - 1)

    # 1. counts per topic group and unit, and per topic group and province (one grouped query)
    by_unit = weekly_counts(edges, by_group=True)
    units = _units({u for _, u in by_unit})
    provinces = _province_ids({_province_path(p) for p, _ in units.values()})
    by_province: dict[tuple[int, int], list[int]] = defaultdict(lambda: list(zero))
    commune_keys: dict[tuple[int, int], list[int]] = {}
    for (group, unit_id), weeks in by_unit.items():
        path = units[unit_id][0]
        province = provinces.get(_province_path(path))
        if province is not None:
            _add(by_province[(group, province)], weeks)
        if "/" in path:
            commune_keys[(group, unit_id)] = weeks

    # 2. the rule: communes, then provinces for what their communes' warnings do not explain
    fired: dict[tuple[int, int], tuple[list[int], Reading]] = {}
    explained: dict[tuple[int, int], list[int]] = defaultdict(lambda: list(zero))
    window = cfg["WINDOW_WEEKS"]
    for key, weeks in commune_keys.items():
        if sum(weeks[-window:]) < cfg["MIN_COUNT"]:  # cannot fire: most areas, no need to read further
            continue
        reading = read(weeks, min_count=cfg["MIN_COUNT"], cfg=cfg)
        if reading.fires:
            fired[key] = (weeks, reading)
            path = units[key[1]][0]
            province = provinces.get(_province_path(path))
            if province is not None:
                _add(explained[(key[0], province)], weeks)
    for key, weeks in by_province.items():
        if sum(weeks[-window:]) < cfg["PROVINCE_MIN_COUNT"]:
            continue
        rest = [a - b for a, b in zip(weeks, explained.get(key, zero), strict=True)]
        if read(rest, min_count=cfg["PROVINCE_MIN_COUNT"], cfg=cfg).fires:
            fired[key] = (weeks, read(weeks, min_count=cfg["PROVINCE_MIN_COUNT"], cfg=cfg))

    def series_of(topic_id: int, area_id: int, path: str) -> list[int]:
        table = by_province if "/" not in path else by_unit
        return table.get((topic_id, area_id), zero)

    # 3. refresh open hot spots
    open_spots = list(HotSpot.objects.filter(status__in=OPEN_STATUSES))
    open_by_key = {(h.kind, h.topic_id, h.area_id): h for h in open_spots}
    fields = [*READING_FIELDS, "rising", "last_seen_at"]
    for hs in open_spots:
        before = [getattr(hs, f) for f in fields]
        weeks = series_of(hs.topic_id, hs.area_id, hs.unit_path)
        level_min = cfg["MIN_COUNT"] if "/" in hs.unit_path else cfg["PROVINCE_MIN_COUNT"]
        _apply(hs, weeks, read(weeks, min_count=level_min, cfg=cfg), edges, now)
        if hs.kind == HotSpotKind.TREND:
            hs.rising = (hs.topic_id, hs.area_id) in fired
            if hs.rising:
                hs.last_seen_at = now
        else:
            hs.rising = hs.last_seen_at >= window_start
        if [getattr(hs, f) for f in fields] != before:
            HotSpot.objects.filter(pk=hs.pk).update(**{f: getattr(hs, f) for f in fields}, updated_at=now)

    # 4. new trend warnings (not within a window after a person closed the same one, unless it grew)
    departments = _departments()
    province_paths = {pk: path for path, pk in provinces.items()}
    closed_peak: dict[tuple[int, int], int] = {}
    for topic_id, area_id, peak in HotSpot.objects.filter(
        kind=HotSpotKind.TREND, status=HotSpotStatus.CLOSED, closed_at__gte=window_start
    ).values_list("topic_id", "area_id", "peak_count"):
        closed_peak[(topic_id, area_id)] = max(closed_peak.get((topic_id, area_id), 0), peak)
    fresh: list[HotSpot] = []
    suppressed = 0
    for (topic_id, area_id), (weeks, reading) in fired.items():
        if (HotSpotKind.TREND, topic_id, area_id) in open_by_key:
            continue
        peak = closed_peak.get((topic_id, area_id))
        if peak is not None and reading.current < cfg["REOPEN_GROWTH"] * peak:
            suppressed += 1
            continue
        path = units[area_id][0] if area_id in units else province_paths[area_id]
        hs = _new(HotSpotKind.TREND, topic_id, area_id, path, department_for(path, departments), edges, now, cfg)
        _apply(hs, weeks, reading, edges, now)
        fresh.append(hs)

    # 5. grave concerns and mass complaints of the window not behind a warning yet
    linked_grave = Through.objects.filter(
        concern=OuterRef("pk"), hotspot__kind__in=[HotSpotKind.SEVERE, HotSpotKind.MASS_COMPLAINT]
    )
    grave = (
        Concern.objects.filter(received_at__gte=window_start, received_at__lte=now, merged_into__isnull=True)
        .filter(Q(severity__gte=cfg["SEVERITY"]) | Q(mass_complaint=True))
        .filter(~Exists(linked_grave))
        .values_list("id", "topic_id", "unit_id", "unit_path", "severity", "mass_complaint", "lead_id", "received_at")
    )
    grave_by_key: dict[tuple[str, int, int], list[tuple]] = defaultdict(list)
    for row in grave:
        kind = severe_kind(row[4], row[5], cfg)
        grave_by_key[(kind, groups.get(row[1], row[1]), row[2])].append(row)
    grave_pairs: set[tuple[int, int]] = set()
    added_to: list[tuple[HotSpot, list[tuple]]] = []
    pending_grave: dict[tuple[str, int, int], list[tuple]] = {}
    for key, rows in grave_by_key.items():
        hs = open_by_key.get(key)
        if hs is not None:
            grave_pairs |= {(hs.pk, r[0]) for r in rows}
            newest = max(r[7] for r in rows)
            if newest > hs.last_seen_at:
                HotSpot.objects.filter(pk=hs.pk).update(last_seen_at=newest, rising=True)
            added_to.append((hs, rows))
            continue
        kind, topic_id, unit_id = key
        path = rows[0][3]
        hs = _new(kind, topic_id, unit_id, path, department_for(path, departments), edges, now, cfg)
        weeks = series_of(topic_id, unit_id, path)
        _apply(hs, weeks, read(weeks, min_count=cfg["MIN_COUNT"], cfg=cfg), edges, now)
        hs.last_seen_at = max(r[7] for r in rows)
        fresh.append(hs)
        pending_grave[key] = rows

    created = _insert(fresh)

    # 6. the concerns behind the warnings
    trend_spots = [h for h in open_spots if h.kind == HotSpotKind.TREND and h.rising]
    trend_spots += [h for h in created if h.kind == HotSpotKind.TREND]
    trend_pairs, leads_of = _trend_links(trend_spots, window_start, now, groups)
    for hs in created:
        if hs.kind != HotSpotKind.TREND:
            rows = pending_grave.get((hs.kind, hs.topic_id, hs.area_id), [])
            grave_pairs |= {(hs.pk, r[0]) for r in rows}
            leads_of[hs.pk] |= {r[6] for r in rows if r[6]}
    linked = _link(trend_pairs | grave_pairs)

    # 7. tell the people responsible
    opened = [h for h in created if not getattr(h, "_taken_over", False)]
    names = _names(opened)
    notices: dict[frozenset, list[tuple[HotSpot, str]]] = defaultdict(list)
    for hs in opened:
        orgs = frozenset({hs.department_id, *leads_of.get(hs.pk, ())} - {None})
        notices[orgs].append((hs, _title(hs, *names[hs.pk])))
    for hs, rows in added_to:
        _notify_added(hs, rows)
    sent = _notify(notices, cfg)

    result = {
        "opened": len(opened),
        "refreshed": len(open_spots),
        "suppressed": suppressed,
        "grave_added": sum(len(r) for _, r in added_to),
        "linked": linked,
        "areas": len(by_unit) + len(by_province),
        "notices": sent,
    }
    if opened:
        audit_record(
            acting=None,
            action="hotspot.recompute",
            object_type="hotspots.hotspot",
            after={**result, "ids": [h.pk for h in opened][:200]},
        )
    return result


def _units(ids: set[int]) -> dict[int, tuple[str, str]]:
    from phoihop.geo.models import AdminUnit

    return {
        pk: (path, name) for pk, path, name in AdminUnit.objects.filter(pk__in=ids).values_list("id", "path", "name")
    }


def _province_ids(paths: set[str]) -> dict[str, int]:
    from phoihop.geo.models import AdminUnit

    return dict(AdminUnit.objects.filter(path__in=paths).values_list("path", "id"))


def _names(spots: list[HotSpot]) -> dict[int, tuple[str, str]]:
    from phoihop.geo.models import AdminUnit

    if not spots:
        return {}
    topics = dict(Topic.objects.filter(pk__in={h.topic_id for h in spots}).values_list("id", "name"))
    areas = dict(AdminUnit.objects.filter(pk__in={h.area_id for h in spots}).values_list("id", "name"))
    return {h.pk: (topics.get(h.topic_id, ""), areas.get(h.area_id, "")) for h in spots}


def _trend_links(spots, window_start, now, groups) -> tuple[set[tuple[int, int]], dict[int, set[int]]]:
    """The concerns of the current window behind each rising trend warning (one query), and their leads."""
    leads_of: dict[int, set[int]] = defaultdict(set)
    if not spots:
        return set(), leads_of
    by_unit = {(h.topic_id, h.area_id): h.pk for h in spots if "/" in h.unit_path}
    by_province = {(h.topic_id, h.unit_path): h.pk for h in spots if "/" not in h.unit_path}
    where = Q(unit_id__in={a for _, a in by_unit})
    for path in {p for _, p in by_province}:
        where |= Q(unit_path=path) | Q(unit_path__startswith=path + "/")
    rows = (
        Concern.objects.filter(received_at__gte=window_start, received_at__lte=now, merged_into__isnull=True)
        .filter(where)
        .values_list("id", "topic_id", "unit_id", "unit_path", "lead_id")
    )
    pairs = set()
    for pk, topic_id, unit_id, path, lead_id in rows.iterator(chunk_size=2000):
        group = groups.get(topic_id, topic_id)
        for hs_id in (by_unit.get((group, unit_id)), by_province.get((group, _province_path(path)))):
            if hs_id:
                pairs.add((hs_id, pk))
                if lead_id:
                    leads_of[hs_id].add(lead_id)
    return pairs, leads_of


def _notify_added(hs: HotSpot, rows: list[tuple]) -> None:
    """A grave concern joined an open warning: its department and the concern's lead agency are told."""
    from phoihop.accounts.selectors import organization_recipients
    from phoihop.notifications.services import notify

    orgs = sorted({hs.department_id, *(r[6] for r in rows)} - {None})
    if not orgs:
        return
    codes = ", ".join(Concern.objects.filter(pk__in=[r[0] for r in rows[:10]]).values_list("tracking_code", flat=True))
    notify(
        recipients=organization_recipients(orgs),
        kind="hotspot.concern_added",
        title=f"Điểm nóng có thêm vấn đề: {codes}",
        url=f"/hotspots/{hs.pk}/",
        obj=hs,
    )


# --- at intake ---------------------------------------------------------------------------------------------------


def hotspot_from_concern(concern_id: int, now: dt.datetime | None = None) -> HotSpot | None:
    """A grave concern or a mass complaint was recorded: open its warning at once (or join the open one).
    Called after the intake committed; never raises (a failure is logged, the hourly run catches up)."""
    try:
        return _from_concern(concern_id, now)
    except Exception:
        logger.exception("hot spot for concern %s could not be opened", concern_id)
        return None


@transaction.atomic
def _from_concern(concern_id: int, now: dt.datetime | None) -> HotSpot | None:
    cfg = rules()
    concern = (
        Concern.objects.select_related("topic__parent", "unit").filter(pk=concern_id, merged_into__isnull=True).first()
    )
    if concern is None:
        return None
    kind = severe_kind(concern.severity, concern.mass_complaint, cfg)
    if kind is None:
        return None
    now = now or timezone.now()
    group_id = concern.topic.parent_id or concern.topic_id
    row = (concern.pk, concern.topic_id, concern.unit_id, concern.unit_path, concern.severity,
           concern.mass_complaint, concern.lead_id, concern.received_at)  # fmt: skip
    open_qs = HotSpot.objects.select_for_update().filter(
        kind=kind, topic_id=group_id, area_id=concern.unit_id, status__in=OPEN_STATUSES
    )
    hs = open_qs.first()
    if hs is not None:
        if not Through.objects.filter(hotspot=hs, concern=concern).exists():
            _link({(hs.pk, concern.pk)})
            if concern.received_at > hs.last_seen_at:
                hs.last_seen_at, hs.rising = concern.received_at, True
                hs.save(update_fields=["last_seen_at", "rising", "updated_at"])
            _notify_added(hs, [row])
        return hs
    edges = week_edges(now, cfg)
    members = Topic.objects.filter(Q(pk=group_id) | Q(parent_id=group_id)).values_list("id", flat=True)
    weeks = [0] * (len(edges) - 1)
    for counts in weekly_counts(edges, Q(unit_id=concern.unit_id, topic_id__in=list(members))).values():
        _add(weeks, counts)
    path = concern.unit_path
    hs = _new(kind, group_id, concern.unit_id, path, department_for(path, _departments()), edges, now, cfg)
    _apply(hs, weeks, read(weeks, min_count=cfg["MIN_COUNT"], cfg=cfg), edges, now)
    hs.last_seen_at = concern.received_at
    try:
        with transaction.atomic():
            hs.save(force_insert=True)
    except IntegrityError:  # opened meanwhile by a parallel intake or the hourly run: join it
        hs = open_qs.first()
        if hs is not None:
            _link({(hs.pk, concern.pk)})
        return hs
    _link({(hs.pk, concern.pk)})
    audit_record(acting=None, action="hotspot.open", obj=hs, after=snapshot(hs, _AUDITED))
    orgs = frozenset({hs.department_id, concern.lead_id} - {None})
    _notify({orgs: [(hs, _title(hs, concern.topic.parent.name if concern.topic.parent_id else concern.topic.name,
                                concern.unit.name))]}, cfg)  # fmt: skip
    return hs


# --- people's decisions -------------------------------------------------------------------------------------------


def _clean_note(note, *, required: bool) -> str:
    from phoihop.concerns.services import clean_text

    return clean_text(note, "note", "Ghi chú", required=required, limit=NOTE_LIMIT)


def _for_decision(acting: Acting, hotspot: HotSpot) -> HotSpot:
    from phoihop.hotspots.selectors import visible_hotspots

    hs = HotSpot.objects.select_for_update().filter(pk=hotspot.pk).first()
    if hs is None or not visible_hotspots(acting).filter(pk=hs.pk).exists():
        raise NotFound()
    if not perms.can_manage(acting, hs):
        raise NotFound()  # forbidden answers like missing
    return hs


@transaction.atomic
def hotspot_acknowledge(*, acting: Acting, hotspot: HotSpot, note: str = "") -> HotSpot:
    """The responsible department has seen the warning and is on it (an optional note says how)."""
    hs = _for_decision(acting, hotspot)
    if hs.status != HotSpotStatus.ACTIVE:
        raise ValidationFailed(f"Cảnh báo đang “{hs.get_status_display()}”: không tiếp nhận được nữa.", field="status")
    note = _clean_note(note, required=False)
    before = snapshot(hs, _AUDITED)
    hs.status = HotSpotStatus.ACKNOWLEDGED
    hs.acknowledged_by, hs.acknowledged_at, hs.acknowledge_note = acting.user, timezone.now(), note
    hs.version += 1
    hs.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "acknowledge_note", "version", "updated_at"])
    audit_record(acting=acting, action="hotspot.acknowledge", obj=hs, before=before, after=snapshot(hs, _AUDITED))
    return hs


@transaction.atomic
def hotspot_close(*, acting: Acting, hotspot: HotSpot, note: str) -> HotSpot:
    """The warning is dealt with; the note (required) says how. A closed warning of a rising trend is not
    raised again within the window unless the count grows further (rules.REOPEN_GROWTH)."""
    hs = _for_decision(acting, hotspot)
    if hs.status == HotSpotStatus.CLOSED:
        raise ValidationFailed("Cảnh báo đã được đóng.", field="status")
    note = _clean_note(note, required=True)
    before = snapshot(hs, _AUDITED)
    hs.status = HotSpotStatus.CLOSED
    hs.closed_by, hs.closed_at, hs.close_note = acting.user, timezone.now(), note
    hs.version += 1
    hs.save(update_fields=["status", "closed_by", "closed_at", "close_note", "version", "updated_at"])
    audit_record(acting=acting, action="hotspot.close", obj=hs, before=before, after=snapshot(hs, _AUDITED))
    return hs
