"""Who may see and act on hot spots (docs/visibility.md, docs/adr/0015-hot-spots.md).

A hot spot is seen by the propaganda department responsible for its area and the roll-up organisations
above it (any roll-up organisation whose area holds the hot spot's area), and by the organisations that
lead one of its concerns (and the roll-up above them). Acknowledging and closing it is for the officers,
leaders and administrators of the propaganda departments that see it through their area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import has_action
from phoihop.orgs.visibility import org_visible, rollup_prefix

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.hotspots.models import HotSpot


def covers(acting: Acting, hotspot: HotSpot) -> bool:
    """Is the acting organisation the responsible department, or a roll-up organisation over the area?"""
    if acting.is_system_admin:
        return True
    org = acting.org
    if org is None:
        return False
    if hotspot.department_id == org.id:
        return True
    prefix = rollup_prefix(org)
    if prefix is None:
        return False
    return prefix == "" or hotspot.unit_path.startswith(prefix) or hotspot.unit_path == org.unit_path


def can_view(acting: Acting, hotspot: HotSpot) -> bool:
    if covers(acting, hotspot):
        return True
    if acting.org is None:
        return False
    from phoihop.orgs.models import Organization

    leads = Organization.objects.filter(pk__in=hotspot.concerns.filter(lead__isnull=False).values("lead_id"))
    return any(org_visible(acting, lead) for lead in leads.only("id", "unit_path"))


def can_manage(acting: Acting, hotspot: HotSpot) -> bool:
    return covers(acting, hotspot) and has_action(acting, "concern.manage")
