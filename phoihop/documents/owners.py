"""Who may see the records that attachments hang on: a registry filled by the owning apps.

An app whose records carry attachments registers, in its `AppConfig.ready()`:

    from phoihop.documents.owners import register_owner
    register_owner("plans.progressreport", can_view_report_id)

where `can_view_report_id(acting, owner_id: str) -> bool` answers whether `acting` may see that record
(a missing record answers False). Attachments of an owner type nobody registered are never served.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

type CanView = Callable[[Acting, str], bool]

_OWNER_TYPE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
_OWNERS: dict[str, CanView] = {}


def register_owner(owner_type: str, can_view: CanView) -> CanView:
    """Declare `owner_type` ("app_label.modelname") and the check that says who may see such an owner."""
    if not _OWNER_TYPE.fullmatch(owner_type):
        raise ImproperlyConfigured(f"Loại đối tượng không hợp lệ: {owner_type!r} (dạng 'app_label.modelname').")
    existing = _OWNERS.get(owner_type)
    if existing is not None and existing is not can_view:
        raise ImproperlyConfigured(f"Loại đối tượng {owner_type!r} đã được đăng ký với một hàm kiểm tra khác.")
    _OWNERS[owner_type] = can_view
    return can_view


def is_registered(owner_type: str) -> bool:
    return owner_type in _OWNERS


def owner_can_view(acting: Acting | None, owner_type: str, owner_id: str) -> bool:
    """True only if `owner_type` is registered and its check lets a signed-in `acting` see `owner_id`."""
    check = _OWNERS.get(owner_type)
    if check is None or acting is None or not acting.is_authenticated:
        return False
    return bool(check(acting, str(owner_id)))
