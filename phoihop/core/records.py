"""The create and update steps every service shares: validate, save, audit — in the caller's transaction.

Services keep what is theirs (permission, derived fields, side rules such as "one primary focal point")
and call these for the rest, so every write is validated and audited the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db import models

from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import ValidationFailed
from phoihop.core.validation import validate_instance

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting


def record_create[M: models.Model](
    *, acting: Acting | None, obj: M, action: str, exclude: list[str] | None = None
) -> M:
    validate_instance(obj, exclude=exclude)
    obj.save()
    audit_record(acting=acting, action=action, obj=obj, after=snapshot(obj))
    return obj


def record_update[M: models.Model](
    *,
    acting: Acting | None,
    obj: M,
    changes: dict,
    allowed: Iterable[str],
    action: str,
    derive: Callable[[M], Iterable[str]] | None = None,
    exclude: list[str] | None = None,
) -> M:
    """Apply `changes` (only `allowed` fields; strings stripped), re-derive, validate, save those fields, audit.

    `derive(obj)` recomputes dependent fields and returns their names, which are saved too.
    """
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationFailed(f"Trường không sửa được: {', '.join(sorted(unknown))}.")
    before = snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
    derived = list(derive(obj)) if derive else []
    validate_instance(obj, exclude=exclude)
    fields = [*changes, *derived]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        fields.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(fields)))
    audit_record(acting=acting, action=action, obj=obj, before=before, after=snapshot(obj))
    return obj
