"""Writing the audit log. Services call `audit_record` inside their own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from phoihop.core.models import AuditEvent

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

# never copied into the audit log: secrets, derived keys, the time of change (the event has it)
SECRET_FIELDS = {"password", "totp_secret", "key_hash", "search_key", "sort_key", "updated_at", "totp_last_step"}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The audited state of `obj`: concrete fields (FKs as ids), secrets left out."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or (fields is not None and f.name not in fields):
            continue
        data[f.name] = _json_value(getattr(obj, f.attname))
    return data


def audit_record(
    *,
    acting: Acting | None,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    kind: str = AuditEvent.Kind.WRITE,
    reason: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    user = acting.user if acting and acting.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        kind=kind,
        action=action,
        actor=user,
        actor_label=user.username if user else "system",
        organization=acting.org if acting else None,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=before,
        after=after,
        reason=reason,
        ip=acting.ip if acting else None,
    )


def audit_view(*, acting: Acting, obj: models.Model, action: str) -> AuditEvent:
    """A view of protected data (personal contact details, the audit log of others …)."""
    return audit_record(acting=acting, action=action, obj=obj, kind=AuditEvent.Kind.VIEW)
