"""Who may read and act on information requests, supplies and quick reports (docs/visibility.md).

A request is visible to its requester and the organisations it asks, and to the roll-up above any of
them. One obligation (and its supplies) is visible to the requester and the asked organisation it
belongs to, and to the roll-up above either: the other asked organisations do not read each other's
answers. A quick report is visible to its sender, its recipients and the roll-up above them. Everything
else answers like a missing object (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import has_action
from phoihop.orgs.visibility import org_visible

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.exchanges.models import InfoObligation, InfoRequest


def _works_for(acting: Acting, org_id: int, action: str) -> bool:
    if acting.is_system_admin:
        return True
    return acting.org is not None and acting.org.id == org_id and has_action(acting, action)


def can_create_request(acting: Acting) -> bool:
    return acting.org is not None and has_action(acting, "exchange.request")


def can_send_quick_report(acting: Acting) -> bool:
    return acting.org is not None and has_action(acting, "exchange.supply")


def can_manage_request(acting: Acting, request: InfoRequest) -> bool:
    """Close the request, acknowledge supplies or ask for more: the requester's working roles."""
    return _works_for(acting, request.requester_id, "exchange.request")


def can_supply(acting: Acting, obligation: InfoObligation) -> bool:
    """The asked organisation's officers, leaders, administrators (its focal point acts as one of them)."""
    return _works_for(acting, obligation.organization_id, "exchange.supply")


def can_view_obligation(acting: Acting, obligation: InfoObligation) -> bool:
    if acting.is_system_admin:
        return True
    return org_visible(acting, obligation.organization) or org_visible(acting, obligation.request.requester)


def can_act(acting: Acting, obligation: InfoObligation, who: str) -> bool:
    if who == "asked":
        return can_supply(acting, obligation)
    if who == "requester":
        return can_manage_request(acting, obligation.request)
    return False
