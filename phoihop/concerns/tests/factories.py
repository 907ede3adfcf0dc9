"""Concerns for tests, written through the services."""

from __future__ import annotations

from phoihop.concerns import services
from phoihop.geo.models import AdminUnit
from phoihop.tests.support import acting_of

NINH_HOA = "22528"  # Phường Ninh Hòa, Khánh Hòa (current)


def unit(code: str = NINH_HOA) -> AdminUnit:
    return AdminUnit.objects.get(generation=AdminUnit.Generation.CURRENT, code=code)


def concern_data(**overrides) -> dict:
    data = {
        "title": "Người dân phản ánh chậm bồi thường giải phóng mặt bằng dự án đường ven biển",
        "description": "Nhiều hộ dân tổ dân phố 3 chưa nhận tiền bồi thường, hỗ trợ tái định cư dù đã bàn giao đất.",
        "topic": "dat-dai.thu-hoi",
        "channel": "voter_meeting",
        "unit": NINH_HOA,
        "severity": 2,
    }
    data.update(overrides)
    return data


def make_concern(user, org, *, contact=None, idempotency_key=None, source="form", **overrides):
    concern, _ = services.concern_intake(
        acting=acting_of(user, org),
        data=concern_data(**overrides),
        contact=contact,
        idempotency_key=idempotency_key,
        source=source,
    )
    return concern
