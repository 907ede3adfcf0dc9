"""Reading users, memberships and tokens, scoped to what the caller may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from phoihop.accounts import permissions as perms
from phoihop.accounts.models import ApiToken, Membership, Role, User
from phoihop.core.errors import NotFound
from phoihop.core.search import search_filter

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting


def user_list(*, acting: Acting, q: str | None = None, org_id: int | None = None) -> QuerySet[User]:
    """System administrators: everyone. Organisation administrators: the members of their organisation."""
    if acting.is_system_admin:
        qs = User.objects.all()
    elif perms.has_action(acting, "membership.manage") and acting.org is not None:
        qs = User.objects.filter(memberships__organization=acting.org)
    else:
        raise NotFound()
    if org_id:
        qs = qs.filter(memberships__organization_id=org_id)
    qs = qs.prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.select_related("organization").order_by("organization__sort_key")
        )
    ).distinct()
    if q:
        return search_filter(qs, q).order_by("rank", "sort_key", "id")
    return qs.order_by("sort_key", "id")


def user_get(*, acting: Acting, user_id) -> User:
    try:
        user = User.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organization").order_by("organization__sort_key"),
            )
        ).get(pk=int(user_id))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not perms.can_view_user(acting, user):
        raise NotFound()
    return user


def membership_get(*, acting: Acting, membership_id) -> Membership:
    try:
        m = Membership.objects.select_related("user", "organization__type").get(pk=int(membership_id))
    except (Membership.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not perms.can_manage_members(acting, m.organization):
        raise NotFound()
    return m


def token_list(*, acting: Acting) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=acting.user).order_by("-created_at")


def token_get(*, acting: Acting, token_id) -> ApiToken:
    try:
        return token_list(acting=acting).get(pk=int(token_id))
    except (ApiToken.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def memberships_shown(*, acting: Acting, user: User) -> list[Membership]:
    """A user's memberships as others may see them: being a collaborator of a department is shown only
    to that department's leaders (domain.md §5)."""
    return [
        m
        for m in user.memberships.all()
        if m.role != Role.COLLABORATOR or perms.can_view_collaborators(acting, m.organization)
    ]


def organization_recipients(org_ids) -> QuerySet[User]:
    """The people who act on an organisation's behalf (officers, leaders, administrators) and its focal
    points with an account: who is told when something needs the organisation."""
    from django.db.models import Q

    from phoihop.accounts.permissions import WORKING_ROLES

    ids = list(org_ids)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(memberships__organization_id__in=ids, memberships__role__in=WORKING_ROLES)
            | Q(focal_points__organization_id__in=ids, focal_points__is_active=True)
        )
        .distinct()
    )
