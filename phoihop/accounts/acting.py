"""Who is acting, and for which organisation.

A user may belong to several organisations; every request acts for one of them (chosen in the
session, or by the `X-Acting-Org` header on the API; the default membership otherwise). Services
receive this as `acting=` and record it in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import cached_property

if TYPE_CHECKING:
    from phoihop.accounts.models import Membership, User
    from phoihop.orgs.models import Organization

SESSION_KEY = "acting_org_id"


@dataclass
class Acting:
    user: User | None
    membership: Membership | None = None
    memberships: list[Membership] = field(default_factory=list)
    ip: str | None = None

    @property
    def org(self) -> Organization | None:
        return self.membership.organization if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user and self.user.is_authenticated)

    @property
    def is_system_admin(self) -> bool:
        return bool(self.is_authenticated and self.user.is_system_admin)

    @cached_property
    def org_ids(self) -> set[int]:
        return {m.organization_id for m in self.memberships}

    def role_in(self, org_id: int) -> str | None:
        for m in self.memberships:
            if m.organization_id == org_id:
                return m.role
        return None


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def resolve_acting(user, requested_org_id=None, ip: str | None = None) -> Acting:
    """One query: the user's active memberships; pick the requested one, else the default, else the first."""
    from phoihop.accounts.models import Membership

    if user is None or not user.is_authenticated:
        return Acting(user=None, ip=ip)
    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organization__type", "organization__unit")
        .order_by("-is_default", "organization__sort_key")
    )
    chosen = None
    if requested_org_id not in (None, ""):
        chosen = next((m for m in memberships if str(m.organization_id) == str(requested_org_id)), None)
    if chosen is None and memberships:
        chosen = memberships[0]
    return Acting(user=user, membership=chosen, memberships=memberships, ip=ip)


def acting_for(request) -> Acting:
    """The Acting of a request, computed once per request and user."""
    cached = getattr(request, "_acting", None)
    user = getattr(request, "user", None)
    if cached is not None and cached.user == (user if user and user.is_authenticated else None):
        return cached
    requested = request.headers.get("X-Acting-Org")
    if not requested and hasattr(request, "session"):
        requested = request.session.get(SESSION_KEY)
    request._acting = resolve_acting(user, requested, client_ip(request))
    return request._acting
