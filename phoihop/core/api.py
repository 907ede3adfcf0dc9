import datetime as dt
from typing import Any, Literal

from ninja import Field, Query, Router, Schema

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, paginate
from phoihop.core import selectors

router = Router(tags=["Nhật ký hệ thống"])


class AuditOut(Schema):
    id: int
    at: dt.datetime
    kind: str
    action: str
    actor: str = Field(..., alias="actor_label")
    organization_id: int | None
    object_type: str
    object_id: str
    object_repr: str
    before: Any | None
    after: Any | None
    reason: str


class AuditFilters(Schema):
    action: str | None = Field(None, max_length=64, description="Tiền tố hành động, ví dụ org. hoặc auth.login")
    kind: Literal["write", "view", "auth"] | None = None
    actor: str | None = Field(None, max_length=150, description="Tên đăng nhập")
    organization: int | None = Field(None, ge=1)
    object_type: str | None = Field(None, max_length=64, description="Ví dụ orgs.organization")
    object_id: str | None = Field(None, max_length=64)
    since: dt.date | None = None
    until: dt.date | None = None


@router.get("", response={200: Page[AuditOut], 404: Error}, summary="Nhật ký: ai làm gì, khi nào, trước và sau")
def list_audit(request, filters: Query[AuditFilters], page: Query[PageParams]):
    qs = selectors.audit_list(
        acting=acting_for(request),
        action=filters.action,
        kind=filters.kind,
        actor=filters.actor,
        org_id=filters.organization,
        object_type=filters.object_type,
        object_id=filters.object_id,
        since=filters.since,
        until=filters.until,
    )
    return paginate(qs, page)
