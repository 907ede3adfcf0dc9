"""Reading attachments and issued numbers. An attachment is visible exactly when its owner is."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from phoihop.core.errors import NotFound
from phoihop.core.web import parse_id
from phoihop.documents.models import Attachment, IssuedNumber
from phoihop.documents.owners import owner_can_view

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting

type OwnerCheck = Callable[[Acting, str, str], bool]


def attachment_get(*, acting: Acting, attachment_id, can_view: OwnerCheck = owner_can_view) -> Attachment:
    """The attachment if `can_view(acting, owner_type, owner_id)` allows its owner; NotFound otherwise.

    `can_view` defaults to the checks registered with `documents.owners.register_owner`.
    """
    pk = parse_id(attachment_id)
    attachment = Attachment.objects.select_related("organization", "uploaded_by").filter(pk=pk).first() if pk else None
    if attachment is None or acting is None or not acting.is_authenticated:
        raise NotFound
    if not can_view(acting, attachment.owner_type, attachment.owner_id):
        raise NotFound
    return attachment


def attachment_list(
    *, acting: Acting, owner_type: str, owner_id, can_view: OwnerCheck = owner_can_view
) -> QuerySet[Attachment]:
    """The attachments of one owner, oldest first; NotFound if `acting` may not see the owner."""
    owner_id = str(owner_id)
    if acting is None or not acting.is_authenticated or not can_view(acting, owner_type, owner_id):
        raise NotFound
    return (
        Attachment.objects.filter(owner_type=owner_type, owner_id=owner_id)
        .select_related("uploaded_by")
        .order_by("created_at", "id")
    )


def issued_numbers_of(obj) -> QuerySet[IssuedNumber]:
    """The numbers given to one object (normally one), with their register."""
    return (
        IssuedNumber.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("register")
        .order_by("created_at", "id")
    )
