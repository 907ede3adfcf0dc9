"""Reading the audit log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from phoihop.accounts import permissions as perms
from phoihop.core.errors import NotFound
from phoihop.core.models import AuditEvent
from phoihop.orgs.visibility import visible_orgs_q

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting


def audit_list(
    *,
    acting: Acting,
    action: str | None = None,
    kind: str | None = None,
    actor: str | None = None,
    org_id: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """System administrators see everything; an organisation's administrator sees what was done
    for the organisations they may see (their own, and their roll-up)."""
    if not perms.can_view_audit(acting):
        raise NotFound()
    qs = AuditEvent.objects.select_related("actor", "organization")
    if not acting.is_system_admin:
        qs = qs.filter(visible_orgs_q(acting, "organization"))
    if action:
        qs = qs.filter(action__startswith=action)
    if kind:
        qs = qs.filter(kind=kind)
    if actor:
        qs = qs.filter(actor_label=actor)
    if org_id:
        qs = qs.filter(organization_id=org_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def audit_get(*, acting: Acting, event_id) -> AuditEvent:
    try:
        return audit_list(acting=acting).get(pk=int(event_id))
    except (AuditEvent.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
