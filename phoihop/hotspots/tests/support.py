"""Concerns for hot spot tests, recorded through intake; history is placed in the past by moving
`received_at` (intake always stamps "now")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phoihop.concerns.models import Concern
from phoihop.concerns.tests.factories import NINH_HOA, make_concern

NHA_TRANG = "22333"  # Phường Nha Trang, Khánh Hòa (current)


def concerns(user, org, n: int, *, days_ago: float = 0, **overrides) -> list[Concern]:
    made = []
    for i in range(n):
        data = {
            "title": f"Phản ánh chậm chi trả bồi thường thu hồi đất khu dân cư số {i + 1}",
            "description": f"Hộ dân thứ {i + 1} chưa nhận tiền bồi thường dù đã bàn giao mặt bằng.",
            **overrides,
        }
        made.append(make_concern(user, org, **data))
    if days_ago:
        when = timezone.now() - dt.timedelta(days=days_ago)
        Concern.objects.filter(pk__in=[c.pk for c in made]).update(received_at=when)
    return made


__all__ = ["NHA_TRANG", "NINH_HOA", "concerns"]
