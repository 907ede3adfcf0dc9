"""Information supply for the benchmark: each province's propaganda department asks every other
organisation of its province for monthly information (due on the 10th), and the next province's
department for a monthly exchange between the two provinces, so that every bench organisation owes one
obligation a month (20,776 nationally). The requests started eleven months before the current month;
the obligations of those twelve months are written with bulk_create, with outcomes by month: supplied on
time (acknowledged or supplied), late, partial or still missing; the current month is not yet due.
No supply texts, events or reminders are written (the statistics read the obligations only)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection, transaction
from django.utils import timezone

from phoihop.core.text import fold
from phoihop.exchanges.models import (
    Frequency,
    InfoAsked,
    InfoObligation,
    InfoRequest,
    ObligationStatus,
    RequestKind,
)
from phoihop.exchanges.services import period_due_at, period_of
from phoihop.orgs.models import Organization

SUBJECT = "Cung cấp thông tin định kỳ hàng tháng về tình hình tư tưởng, dư luận xã hội trên địa bàn"
EXCHANGE = "Trao đổi thông tin tuyên truyền hàng tháng giữa hai tỉnh"
DUE_DAY = 10
MONTHS = 12
BATCH = 5_000


def is_generated() -> bool:
    return InfoRequest.objects.filter(subject=SUBJECT).exists()


def _months(today: dt.date) -> list[dt.date]:
    """The first days of the last MONTHS months, the current one last."""
    out, day = [], today.replace(day=1)
    for _ in range(MONTHS):
        out.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def _outcome(rng: random.Random, due_at: dt.datetime, now: dt.datetime) -> tuple[str, dt.datetime | None]:
    """(status, supplied_at) of one obligation: ~68% on time, ~17% late, ~5% partial, ~10% missing."""
    if due_at >= now:
        return (ObligationStatus.PENDING, None) if rng.random() < 0.8 else _supplied(rng, due_at, now, early=True)
    r = rng.random()
    if r < 0.68:
        return _supplied(rng, due_at, now, early=True)
    if r < 0.85:
        return _supplied(rng, due_at, now, early=False)
    if r < 0.90:
        return ObligationStatus.PARTIAL, None
    return ObligationStatus.PENDING, None


def _supplied(rng: random.Random, due_at: dt.datetime, now: dt.datetime, *, early: bool):
    if early:
        at = due_at - dt.timedelta(hours=rng.randint(1, 9 * 24))
    else:
        at = due_at + dt.timedelta(hours=rng.randint(1, 20 * 24))
    at = min(at, now - dt.timedelta(minutes=1))
    status = ObligationStatus.ACKNOWLEDGED if rng.random() < 0.6 else ObligationStatus.SUPPLIED
    return status, at


@transaction.atomic
def generate(scale: str) -> dict[str, int]:
    if connection.vendor == "postgresql":  # two runs starting together on one data set write the layer once
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(20160016)")
        if is_generated():
            return {"requests": 0, "asked": 0, "obligations": 0}
    rng = random.Random(16)
    now = timezone.now()
    months = _months(timezone.localdate())
    departments = list(
        Organization.objects.filter(type__code="ban-tuyen-giao", unit__level=1, unit__generation="current")
        .select_related("unit")
        .order_by("pk")
    )
    orgs = list(Organization.objects.values_list("pk", "unit_path"))
    requests, asked = [], []
    for i, dept in enumerate(departments):
        prefix = dept.unit_path + "/"
        mine = [
            (pk, path) for pk, path in orgs if pk != dept.pk and (path == dept.unit_path or path.startswith(prefix))
        ]
        common = {
            "requester": dept,
            "requester_path": dept.unit_path,
            "kind": RequestKind.PERIODIC,
            "frequency": Frequency.MONTHLY,
            "due_day": DUE_DAY,
            "starts_on": months[0],
        }
        requests.append(
            (
                InfoRequest(
                    subject=SUBJECT,
                    details=f"Các cơ quan, đơn vị trên địa bàn {dept.unit.name} cung cấp thông tin trước ngày "
                    f"{DUE_DAY} hằng tháng.",
                    search_key=fold(f"{SUBJECT} {dept.unit.name}")[:400],
                    **common,
                ),
                mine,
            )
        )
        if len(departments) > 1:
            other = departments[(i + 1) % len(departments)]
            requests.append(
                (
                    InfoRequest(subject=EXCHANGE, search_key=fold(EXCHANGE), **common),
                    [(other.pk, other.unit_path)],
                )
            )
    InfoRequest.objects.bulk_create([r for r, _ in requests])
    asked = [
        InfoAsked(request=r, organization_id=pk, unit_path=path) for r, targets in requests for pk, path in targets
    ]
    InfoAsked.objects.bulk_create(asked, batch_size=BATCH)
    periods = []
    for first in months:
        label, _, end = period_of(Frequency.MONTHLY, first)
        periods.append((label, period_due_at(DUE_DAY, end)))
    n = 0
    rows = []
    for r, targets in requests:
        for label, due_at in periods:
            for pk, path in targets:
                status, supplied_at = _outcome(rng, due_at, now)
                rows.append(
                    InfoObligation(
                        request=r,
                        organization_id=pk,
                        unit_path=path,
                        period=label,
                        due_at=due_at,
                        status=status,
                        supplied_at=supplied_at,
                    )
                )
        if len(rows) >= BATCH:
            InfoObligation.objects.bulk_create(rows, batch_size=BATCH)
            n += len(rows)
            rows = []
    InfoObligation.objects.bulk_create(rows, batch_size=BATCH)
    n += len(rows)
    if connection.vendor == "postgresql":  # planner statistics for the new rows, as autovacuum would gather
        with connection.cursor() as cur:
            cur.execute("ANALYZE exchanges_inforequest, exchanges_infoasked, exchanges_infoobligation")
    return {"requests": len(requests), "asked": len(asked), "obligations": n}
