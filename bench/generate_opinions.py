"""Opinion reports for the benchmark: the acting department's province gets 30,000 collaborators, each
with a monthly report for last month and the month before (60,000 reports, 2-4 topics each), written with
bulk_create. Collaborators are users with the collaborator role, one commune of the province each."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import Membership, Role, User
from phoihop.geo.models import AdminUnit
from phoihop.opinions.models import Collaborator, Mood, OpinionItem, OpinionReport, OpinionTopic
from phoihop.opinions.services import month_of, previous_month
from phoihop.orgs.models import Organization

PER_PROVINCE = 30_000
PREFIX = "bench.ctv."
BATCH = 5_000


def is_generated() -> bool:
    return User.objects.filter(username=f"{PREFIX}1").exists()


def department() -> Organization:
    """The first province's propaganda department (the one the other scenarios act for)."""
    return (
        Organization.objects.filter(type__code="ban-tuyen-giao", unit__level=1, unit__generation="current")
        .order_by("pk")
        .first()
    )


@transaction.atomic
def generate(scale: str) -> dict[str, int]:
    rng = random.Random(6)
    org = department()
    communes = list(AdminUnit.objects.filter(path__startswith=org.unit_path + "/", generation="current"))
    topics = list(OpinionTopic.objects.all())
    moods = list(Mood.values)
    last = previous_month(month_of(timezone.localdate()))
    months = [previous_month(last), last]
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"{PREFIX}{i}", full_name=f"Cộng tác viên {i}", password=password)
            for i in range(1, PER_PROVINCE + 1)
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organization=org, role=Role.COLLABORATOR, is_default=True) for u in users], batch_size=BATCH
    )
    places = [rng.choice(communes) for _ in users]
    collabs = Collaborator.objects.bulk_create(
        [Collaborator(organization=org, user=u, active_from=months[0]) for u in users], batch_size=BATCH
    )
    through = Collaborator.units.through
    through.objects.bulk_create(
        [through(collaborator_id=c.pk, adminunit_id=p.pk) for c, p in zip(collabs, places, strict=True)],
        batch_size=BATCH,
    )
    n_reports = n_items = 0
    for month in months:
        for start in range(0, len(users), BATCH):
            chunk = list(zip(users[start : start + BATCH], places[start : start + BATCH], strict=True))
            at = timezone.make_aware(dt.datetime.combine(month.replace(day=15), dt.time(9)))
            reports = OpinionReport.objects.bulk_create(
                [
                    OpinionReport(
                        organization=org,
                        author=u,
                        kind="monthly",
                        month=month,
                        unit=p,
                        unit_path=p.path,
                        status="submitted",
                        submitted_at=at,
                    )
                    for u, p in chunk
                ]
            )
            items = []
            for r in reports:
                for order, topic in enumerate(rng.sample(topics, rng.randint(2, 4))):
                    mood = rng.choice(moods)
                    items.append(
                        OpinionItem(
                            report=r,
                            topic=topic,
                            mood=mood,
                            order=order,
                            summary=f"Nhân dân {topic.name.lower()}: ý kiến chung {mood}.",
                            proposals="Đề nghị các cấp quan tâm giải quyết." if rng.random() < 0.2 else "",
                        )
                    )
            OpinionItem.objects.bulk_create(items, batch_size=BATCH)
            n_reports += len(reports)
            n_items += len(items)
    return {"collaborators": len(users), "reports": n_reports, "items": n_items}
