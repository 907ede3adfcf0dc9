"""Information requests for tests, written through the services."""

from __future__ import annotations

from phoihop.accounts.models import Role
from phoihop.exchanges import services
from phoihop.tests.support import acting_of, make_user


def people(demo) -> dict:
    """An officer of each side: the propaganda department of Khánh Hòa asks, HĐND and UBND Phú Bình answer."""
    return {
        "requester": make_user(org=demo.btg_kh, role=Role.OFFICER),
        "asked": make_user(org=demo.hdnd_kh, role=Role.OFFICER),
        "asked_leader": make_user(org=demo.hdnd_kh, role=Role.LEADER),
    }


def monthly(user, org, asked, **overrides):
    data = {
        "subject": "Tình hình tiếp xúc cử tri và kiến nghị của cử tri trong tháng",
        "asked": asked,
        "kind": "periodic",
        "frequency": "monthly",
        "due_day": 25,
    }
    data.update(overrides)
    return services.request_create(acting=acting_of(user, org), **data)


def incident(user, org, asked, **overrides):
    data = {
        "subject": "Thông tin vụ sạt lở bờ biển phường Ninh Hòa",
        "asked": asked,
        "kind": "incident",
        "within_hours": 24,
        "urgency": "urgent",
    }
    data.update(overrides)
    return services.request_create(acting=acting_of(user, org), **data)
