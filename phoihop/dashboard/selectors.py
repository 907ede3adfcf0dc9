"""The leadership dashboard (bảng điều hành): the acting organisation's figures, or its whole subtree's for a
roll-up organisation, from this year's first day to today.

Every figure comes from reports/indicators.py (one function per indicator): the dashboard, the periodic
report and the roll-up never give two answers to one question. The computed figures are kept in the cache
for `CACHE_SECONDS` per organisation, subtree flag, day and language; `computed_at` says when they were
computed, so the page can show how old they are. Aggregates and lists the organisation may already open
(tasks, meetings, hot spots it is party to): no view is audited (docs/adr/0021-leadership-dashboard.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import timezone, translation

from phoihop.accounts.permissions import has_action
from phoihop.core.errors import NotFound
from phoihop.orgs.visibility import rollup_prefix
from phoihop.reports import indicators
from phoihop.reports.scope import Scope

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

CACHE_SECONDS = 60
TREND_MONTHS = 13  # the last 12 whole months and this month


def can_view(acting: Acting) -> bool:
    return acting.is_authenticated and acting.org is not None and has_action(acting, "dashboard.view")


def can_view_subtree(acting: Acting) -> bool:
    return can_view(acting) and rollup_prefix(acting.org) is not None


def cache_key(org_id: int, subtree: bool, today: dt.date) -> str:
    return f"dashboard:{org_id}:{int(subtree)}:{today.isoformat()}:{translation.get_language() or ''}"


def dashboard(*, acting: Acting, subtree: bool, today: dt.date | None = None) -> dict:
    """The dashboard's figures for the organisation acted for (and its subtree when `subtree`).
    Forbidden (no organisation, a role without `dashboard.view`, a subtree without a roll-up) → NotFound."""
    if not can_view(acting) or (subtree and not can_view_subtree(acting)):
        raise NotFound()
    today = today or timezone.localdate()
    key = cache_key(acting.org.pk, subtree, today)
    data = cache.get(key)
    if data is None:
        data = compute(acting.org, subtree=subtree, today=today)
        cache.set(key, data, CACHE_SECONDS)
    return data


def trend_start(today: dt.date) -> dt.date:
    index = today.year * 12 + today.month - 1 - (TREND_MONTHS - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def compute(org, *, subtree: bool, today: dt.date) -> dict:
    """The figures, uncached (the bench and the tests compare with it)."""
    now = timezone.now()
    scope = Scope.of(org, date_from=dt.date(today.year, 1, 1), date_to=today, subtree=subtree)
    trend_scope = Scope.of(org, date_from=trend_start(today), date_to=today, subtree=subtree)
    hotspots = indicators.hotspot_figures(scope)
    return {
        "organization": {"id": org.pk, "name": org.name},
        "subtree": subtree,
        "period": {"from": scope.date_from.isoformat(), "to": scope.date_to.isoformat()},
        "computed_at": now.isoformat(),
        "tasks": indicators.task_figures(scope),
        "overdue_by_organization": indicators.overdue_by_organization(scope),
        "supply": indicators.supply_figures(scope),
        "concerns": indicators.concern_figures(scope),
        "concern_trend": indicators.concern_trend(trend_scope),
        "hotspots": {"active": hotspots["active"], "items": [h for h in hotspots["items"] if h["active"]]},
        "upcoming_meetings": indicators.upcoming_meetings(scope, now=now),
        "upcoming_deadlines": indicators.upcoming_deadlines(scope, today=today),
        "opinions": indicators.opinion_figures(scope),
    }
