"""Who may read and write opinion reports (docs/visibility.md, domain.md §5).

Collaborators write and read their own reports. The receiving department's staff read its submitted
reports without their authors; only its leaders see who wrote a report. Superior departments see the
aggregated compilation of their subordinates, never a single report. The system administrator reads
reports like staff (without authors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.models import Role
from phoihop.accounts.permissions import ROLE_ACTIONS
from phoihop.orgs.visibility import rollup_prefix

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.opinions.models import OpinionReport


def _role_may(acting: Acting, action: str) -> bool:
    return acting.org is not None and acting.role in ROLE_ACTIONS[action]


def is_collaborator(acting: Acting) -> bool:
    return not acting.is_system_admin and _role_may(acting, "opinion.report")


def reads_department(acting: Acting) -> bool:
    """Staff of the acting department, reading its submitted reports (without authors)."""
    return acting.is_system_admin or _role_may(acting, "opinion.read")


def sees_authors(acting: Acting, report: OpinionReport) -> bool:
    if report.author_id == acting.user.pk:
        return True
    return acting.org is not None and acting.org.pk == report.organization_id and acting.role == Role.LEADER


def compiles(acting: Acting) -> bool:
    return acting.is_system_admin or _role_may(acting, "opinion.compile")


def manages_network(acting: Acting) -> bool:
    return acting.is_system_admin or _role_may(acting, "collaborators.manage")


def sees_subordinates(acting: Acting) -> bool:
    """A department above others (roll-up) reads their aggregated compilation."""
    return (
        (acting.is_system_admin or _role_may(acting, "opinion.read"))
        and acting.org is not None
        and (rollup_prefix(acting.org) is not None)
    )
