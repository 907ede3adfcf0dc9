"""Who is acting, and for which organisation.

A user may belong to several organisations; every request acts for one of them (chosen in the
session, or by the `X-Acting-Org` header on the API; the default membership otherwise). Services
receive this as `acting=` and record it in the audit log. The memberships are read on first use
(one query), so requests that only need the user pay nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phoihop.accounts.models import Membership, User
    from phoihop.orgs.models import Organization

SESSION_KEY = "acting_org_id"
_UNSET = object()


class Acting:
    def __init__(
        self,
        user: User | None,
        membership: Membership | object | None = _UNSET,
        memberships: list[Membership] | None = None,
        ip: str | None = None,
        requested_org_id=None,
    ):
        self.user = user if user is not None and user.is_authenticated else None
        self.ip = ip
        self._requested = requested_org_id
        self._memberships = memberships
        self._membership = membership

    def __repr__(self) -> str:
        return f"<Acting {self.user} for {self.org}>"

    @property
    def memberships(self) -> list[Membership]:
        if self._memberships is None:
            self._memberships = _active_memberships(self.user) if self.user else []
        return self._memberships

    @property
    def membership(self) -> Membership | None:
        if self._membership is _UNSET:
            chosen = None
            if self._requested not in (None, ""):
                chosen = next((m for m in self.memberships if str(m.organization_id) == str(self._requested)), None)
            self._membership = chosen or (self.memberships[0] if self.memberships else None)
        return self._membership

    @property
    def org(self) -> Organization | None:
        return self.membership.organization if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_system_admin(self) -> bool:
        return bool(self.user and self.user.is_system_admin)

    @property
    def org_ids(self) -> set[int]:
        return {m.organization_id for m in self.memberships}


def _active_memberships(user) -> list[Membership]:
    from phoihop.accounts.models import Membership

    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("organization__type", "organization__unit")
        .order_by("-is_default", "organization__sort_key")
    )


def client_ip(request) -> str | None:
    """The client's address; behind our reverse proxy (PHOIHOP_BEHIND_PROXY), the one it appended last."""
    from django.conf import settings

    if settings.BEHIND_PROXY and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def resolve_acting(user, requested_org_id=None, ip: str | None = None) -> Acting:
    """The acting context of `user`: the requested organisation if they are an active member, else the default."""
    return Acting(user=user, ip=ip, requested_org_id=requested_org_id)


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
