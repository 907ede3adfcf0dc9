"""Who may read and act on concerns (docs/visibility.md).

A concern is visible to the organisations party to it (intake, lead, co-operating, escalated-to) and to
the roll-up above them; a propaganda department also sees every concern in its area (the concern's unit
inside its own). Coordinators — the intake organisation, the propaganda departments over the area, the
superior a concern was escalated to — verify, route, reject, close and merge; the lead agency handles.
Complainants' contacts: only officers and leaders of the intake or lead organisation. Opinion
collaborators see only the concerns they reported themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import has_action
from phoihop.orgs.visibility import org_visible, rollup_prefix

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.concerns.models import Concern


def covers_area(acting: Acting, unit_path: str) -> bool:
    """Is the concern's area inside the acting organisation's roll-up (propaganda departments)?"""
    if acting.org is None:
        return False
    prefix = rollup_prefix(acting.org)
    if prefix is None:
        return False
    return prefix == "" or unit_path.startswith(prefix) or unit_path == acting.org.unit_path


def reads_own_reports_only(acting: Acting) -> bool:
    """Opinion collaborators are outside the department's staff: they see the concerns they reported."""
    from phoihop.accounts.models import Role

    return not acting.is_system_admin and acting.role == Role.COLLABORATOR


def can_view_concern(acting: Acting, concern: Concern) -> bool:
    if acting.is_system_admin:
        return True
    if acting.org is None:
        return False
    if reads_own_reports_only(acting):
        return acting.user is not None and concern.created_by_id == acting.user.pk
    if covers_area(acting, concern.unit_path):
        return True
    return any(org_visible(acting, p.organization) for p in concern.parties.all())


def can_report(acting: Acting) -> bool:
    return acting.is_system_admin or (acting.org is not None and has_action(acting, "concern.report"))


def can_coordinate(acting: Acting, concern: Concern) -> bool:
    if acting.is_system_admin:
        return True
    if acting.org is None or not has_action(acting, "concern.manage"):
        return False
    return acting.org.id in (concern.organization_id, concern.escalated_to_id) or covers_area(acting, concern.unit_path)


def can_handle(acting: Acting, concern: Concern) -> bool:
    if acting.is_system_admin:
        return True
    return acting.org is not None and acting.org.id == concern.lead_id and has_action(acting, "concern.handle")


def can_respond(acting: Acting, concern: Concern) -> bool:
    """Plan and record the communication response: coordinators, the lead and co-operating agencies."""
    if can_coordinate(acting, concern) or can_handle(acting, concern):
        return True
    return (
        acting.org is not None
        and has_action(acting, "concern.handle")
        and any(p.organization_id == acting.org.id and p.role == "partner" for p in concern.parties.all())
    )


def can_view_contact(acting: Acting, concern: Concern) -> bool:
    if acting.org is None or not has_action(acting, "concern.contact"):
        return False
    return acting.org.id in (concern.organization_id, concern.lead_id)
