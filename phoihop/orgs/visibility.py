"""The visibility rule, in one place (docs/visibility.md).

An organisation sees what it is party to. An organisation whose type `sees_rollup` (the propaganda
departments) also sees what the organisations of its administrative subtree are party to: those whose
unit lies strictly below its own unit, across the 2025 reform (see geo.models.AdminUnit.path).
A central-level roll-up organisation sees everything. System administrators see everything.
Everything else answers exactly like a missing object (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from phoihop.orgs.models import OrgLevel

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.orgs.models import Organization


def rollup_prefix(org: Organization) -> str | None:
    """The unit_path prefix of the organisations in `org`'s roll-up, '' for all, None for none."""
    if not org.type.sees_rollup:
        return None
    if org.level == OrgLevel.CENTRAL:
        return ""
    return f"{org.unit_path}/" if org.unit_path else None


def in_rollup(viewer: Organization, org: Organization) -> bool:
    prefix = rollup_prefix(viewer)
    return prefix is not None and org.id != viewer.id and (org.unit_path or "").startswith(prefix)


def org_visible(acting: Acting, org: Organization) -> bool:
    if acting.is_system_admin:
        return True
    if acting.org is None:
        return False
    return org.id == acting.org.id or in_rollup(acting.org, org)


def visible_orgs_q(acting: Acting, field: str = "", path_field: str | None = None) -> Q:
    """Q selecting rows whose organisation (`field`, '' for Organization itself) the acting org may see.

    `path_field` names a copy of the organisation's unit path on the row itself (no join needed)."""
    if acting.is_system_admin:
        return Q()
    if acting.org is None:
        return Q(pk__in=[])
    lookup = f"{field}__" if field else ""
    q = Q(**{f"{lookup}id": acting.org.id})
    prefix = rollup_prefix(acting.org)
    if prefix == "":
        return Q()
    if prefix:
        q |= Q(**{f"{path_field or lookup + 'unit_path'}__startswith": prefix})
    return q
