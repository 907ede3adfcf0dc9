"""Opinion-report test data, built through the services."""

from __future__ import annotations

import datetime as dt

from phoihop.accounts.models import Role
from phoihop.geo.models import AdminUnit
from phoihop.opinions import services
from phoihop.tests.support import acting_of, make_user

NINH_HOA = ("current", "22528")  # Phường Ninh Hòa, Khánh Hòa


def unit(code: str, generation: str = "current") -> AdminUnit:
    return AdminUnit.objects.get(generation=generation, code=code)


def collaborator(org, units, *, leader=None, since=dt.date(2025, 1, 1), **kw):
    """A user with the collaborator role in `org`, put into its network by a leader."""
    user = make_user(org=org, role=Role.COLLABORATOR, **kw)
    leader = leader or make_user(org=org, role=Role.LEADER)
    services.collaborator_save(
        acting=acting_of(leader, org), user=user, units=[u.pk for u in units], sectors=["farmers"], active_from=since
    )
    return user


def report(user, org, unit_, items, *, month="2026-11", submit=True, kind="monthly", **extra):
    """items: [(topic code, mood, summary[, proposals])]."""
    acting = acting_of(user, org)
    data = {
        "kind": kind,
        "month": month,
        "unit": unit_.pk,
        "items": [
            {"topic": t, "mood": m, "summary": s, "proposals": (rest[0] if rest else "")} for t, m, s, *rest in items
        ],
        **extra,
    }
    r = services.report_save(acting=acting, data=data)
    if submit:
        r = services.report_submit(acting=acting, report=r, open_concern=extra.get("open_concern", False))
    return r
