"""Who may see and act on meetings (docs/visibility.md).

A meeting is visible to its organising organisation, to the organisations and people invited, and to the
roll-up above the organiser. The organiser's officers, leaders and administrators manage it; an invited
organisation's working members (or an invited person) answer the invitation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.permissions import WORKING_ROLES, has_action
from phoihop.orgs.visibility import in_rollup

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.meetings.models import Invitation, Meeting


def can_view(acting: Acting, meeting: Meeting) -> bool:
    if acting.is_system_admin:
        return True
    if acting.org is None:
        return False
    if meeting.organization_id == acting.org.pk or in_rollup(acting.org, meeting.organization):
        return True
    uid = acting.user.pk if acting.user else None
    return any(i.organization_id == acting.org.pk or (uid and i.user_id == uid) for i in meeting.invitations.all())


def can_manage(acting: Acting, meeting: Meeting | None = None) -> bool:
    """Create (meeting None) or manage a meeting of the organisation acted for."""
    if acting.org is None or not has_action(acting, "meeting.manage"):
        return False
    return meeting is None or meeting.organization_id == acting.org.pk or acting.is_system_admin


def my_invitation(acting: Acting, meeting: Meeting) -> Invitation | None:
    """The invitation the acting user answers: their own, else their organisation's (working roles only)."""
    invitations = list(meeting.invitations.all())
    uid = acting.user.pk if acting.user else None
    own = next((i for i in invitations if uid and i.user_id == uid), None)
    if own is not None:
        return own
    if acting.org is not None and acting.role in WORKING_ROLES:
        return next((i for i in invitations if i.organization_id == acting.org.pk), None)
    return None
