"""Who may do what: a declarative table of actions per role, and pure predicates built on it.

A role counts only in the organisation the user is acting for. System administrators may do
everything. Predicates answer booleans; views and the API answer a forbidden object with 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.models import Role
from phoihop.orgs.visibility import in_rollup, org_visible

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.accounts.models import User
    from phoihop.geo.models import AdminUnit
    from phoihop.orgs.models import Organization

# action → roles that may perform it in the organisation acted for
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "org.update": frozenset({Role.ORG_ADMIN}),
    "org.create_below": frozenset({Role.ORG_ADMIN}),
    "focal_point.manage": frozenset({Role.ORG_ADMIN}),
    "membership.manage": frozenset({Role.ORG_ADMIN}),
    "members.view": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER, Role.VIEWER}),
    "collaborators.view": frozenset({Role.ORG_ADMIN, Role.LEADER}),
    "audit.view": frozenset({Role.ORG_ADMIN}),
    # programs, plans, tasks: officers prepare and follow, leaders too; viewers and collaborators read
    "program.manage": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "program.respond": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "task.work": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "task.accept": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    # concerns: collaborators may only report (quick report); handling is for officers and leaders
    "concern.report": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER, Role.COLLABORATOR}),
    "concern.manage": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "concern.handle": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "concern.contact": frozenset({Role.LEADER, Role.OFFICER}),
    # information supply: officers, leaders and administrators request, supply and send quick reports
    "exchange.request": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "exchange.supply": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    # opinion reports: collaborators write; staff read without authors (leaders see authors, opinions/permissions.py)
    "opinion.report": frozenset({Role.COLLABORATOR}),
    "opinion.read": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER, Role.VIEWER}),
    "opinion.compile": frozenset({Role.LEADER, Role.OFFICER}),
    "collaborators.manage": frozenset({Role.ORG_ADMIN, Role.LEADER}),
    # meetings: the organiser's officers, leaders and administrators prepare, record and follow them
    "meeting.manage": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    # reports: officers prepare and submit, leaders approve; the dashboard is read by every working role
    "report.prepare": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "report.approve": frozenset({Role.LEADER}),
    "report.read": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER, Role.VIEWER}),
    "dashboard.view": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER, Role.VIEWER}),
    # commendations: officers propose, leaders decide; good models are kept by officers and read by all staff
    "commendation.propose": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
    "commendation.decide": frozenset({Role.LEADER}),
    "commendation.read": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER, Role.VIEWER}),
    "good_model.manage": frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER}),
}

WORKING_ROLES = frozenset({Role.ORG_ADMIN, Role.LEADER, Role.OFFICER})


def has_action(acting: Acting, action: str) -> bool:
    """May the user do `action` in the organisation they act for?"""
    if acting.is_system_admin:
        return True
    return acting.role in ROLE_ACTIONS[action]


def can_view_org(acting: Acting, org: Organization) -> bool:
    """The organisation directory is open to every signed-in user: partners must find each other."""
    return acting.is_authenticated


def can_create_org(acting: Acting, unit: AdminUnit | None = None) -> bool:
    if acting.is_system_admin:
        return True
    if not acting.org or not has_action(acting, "org.create_below") or unit is None:
        return False
    from phoihop.orgs.visibility import rollup_prefix

    prefix = rollup_prefix(acting.org)
    return prefix is not None and unit.path.startswith(prefix)


def can_create_orgs(acting: Acting) -> bool:
    """May create organisations somewhere: system administrators, administrators of a roll-up organisation."""
    if acting.is_system_admin:
        return True
    from phoihop.orgs.visibility import rollup_prefix

    return acting.org is not None and has_action(acting, "org.create_below") and rollup_prefix(acting.org) is not None


def can_update_org(acting: Acting, org: Organization) -> bool:
    if acting.is_system_admin:
        return True
    if not acting.org or not has_action(acting, "org.update"):
        return False
    return org.id == acting.org.id or in_rollup(acting.org, org)


def placement_refusal(acting: Acting, org: Organization | None, changes: dict) -> str | None:
    """Why `acting` may not give an organisation (None: a new one) the `type`, `unit` or `parent` in
    `changes`; None when allowed.

    These fields decide what an organisation sees (docs/visibility.md). Outside system administrators:
    only they choose types (and create propaganda departments); an organisation's own administrators
    cannot move it; a roll-up organisation's administrators place organisations only inside their
    subtree, under a parent they can see.
    """
    if acting.is_system_admin:
        return None
    from phoihop.orgs.visibility import rollup_prefix

    if "type" in changes:
        new_type = changes["type"]
        if (org is not None and new_type.pk != org.type_id) or (org is None and new_type.sees_rollup):
            return "Chỉ quản trị hệ thống được đổi loại cơ quan hoặc tạo ban tuyên giáo."
    if "unit" in changes:
        unit = changes["unit"]
        if org is not None and acting.org is not None and org.id == acting.org.id:
            if unit is None or unit.pk != org.unit_id:
                return "Chỉ quản trị hệ thống được đổi địa bàn của chính cơ quan mình."
        else:
            prefix = rollup_prefix(acting.org) if acting.org else None
            if unit is None or prefix is None or not unit.path.startswith(prefix):
                return "Chỉ được đặt cơ quan vào địa bàn thuộc phạm vi của cơ quan mình."
    if changes.get("parent") is not None and not org_visible(acting, changes["parent"]):
        return "Cơ quan cấp trên phải là cơ quan bạn xem được."
    return None


def can_manage_focal_points(acting: Acting, org: Organization) -> bool:
    return acting.is_system_admin or (
        acting.org is not None and acting.org.id == org.id and has_action(acting, "focal_point.manage")
    )


def can_manage_members(acting: Acting, org: Organization) -> bool:
    return acting.is_system_admin or (
        acting.org is not None and acting.org.id == org.id and has_action(acting, "membership.manage")
    )


def can_view_members(acting: Acting, org: Organization) -> bool:
    return has_action(acting, "members.view") and org_visible(acting, org)


def can_view_collaborators(acting: Acting, org: Organization) -> bool:
    """Collaborators' identities are seen by their own department's leaders only (domain.md §5)."""
    return acting.is_system_admin or (
        acting.org is not None and acting.org.id == org.id and has_action(acting, "collaborators.view")
    )


def can_view_user(acting: Acting, user: User) -> bool:
    """Oneself; system administrators; administrators and leaders of an organisation the user belongs to."""
    if not acting.is_authenticated:
        return False
    if acting.is_system_admin or acting.user.pk == user.pk:
        return True
    if acting.role not in (Role.ORG_ADMIN, Role.LEADER) or acting.org is None:
        return False
    return user.memberships.filter(organization=acting.org).exists()


def can_manage_user(acting: Acting, user: User) -> bool:
    """System administrators; an organisation's administrator for the users who belong only to it."""
    if acting.is_system_admin:
        return True
    if acting.role != Role.ORG_ADMIN or acting.org is None or user.is_superuser:
        return False
    org_ids = set(user.memberships.values_list("organization_id", flat=True))
    return org_ids == {acting.org.id}


def can_view_audit(acting: Acting) -> bool:
    return has_action(acting, "audit.view")


def can_admin_system(acting: Acting) -> bool:
    return acting.is_system_admin
