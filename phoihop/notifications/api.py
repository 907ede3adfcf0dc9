import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, paginate
from phoihop.notifications import selectors, services

router = Router(tags=["Thông báo"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    object_type: str
    object_id: str
    organization_id: int | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    email_state: str


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="true: chỉ thông báo chưa đọc")


class ReadAllOut(Schema):
    marked: int


class PreferenceOut(Schema):
    email_mode: Literal["immediate", "digest", "off"]
    digest_hour: int


class PreferenceIn(Schema):
    email_mode: Literal["immediate", "digest", "off"] | None = Field(
        None, description="immediate: gửi ngay; digest: gộp một thư mỗi ngày; off: không gửi thư"
    )
    digest_hour: int | None = Field(None, ge=0, le=23, description="Giờ gửi thư tổng hợp (giờ Việt Nam, 0-23)")


@router.get("", response=Page[NotificationOut], summary="Thông báo của tôi (chưa đọc trước, mới trước)")
def list_notifications(request, filters: Query[NotificationFilters], page: Query[PageParams]):
    return paginate(selectors.notification_list(acting=acting_for(request), unread=filters.unread), page)


@router.post("/read-all", response=ReadAllOut, summary="Đánh dấu mọi thông báo là đã đọc")
def read_all(request):
    return {"marked": services.notification_mark_all_read(acting=acting_for(request))}


@router.get("/preferences", response=PreferenceOut, summary="Cách nhận thông báo qua thư điện tử")
def get_preferences(request):
    return selectors.preference_get(acting=acting_for(request))


@router.put("/preferences", response={200: PreferenceOut, 400: Error}, summary="Đổi cách nhận thông báo")
def put_preferences(request, payload: PreferenceIn):
    acting = acting_for(request)
    return services.preference_update(acting=acting, **payload.dict(exclude_none=True))


@router.post("/{notification_id}/read", response={200: NotificationOut, 404: Error}, summary="Đánh dấu đã đọc")
def read_one(request, notification_id: int):
    acting = acting_for(request)
    notification = selectors.notification_get(acting=acting, notification_id=notification_id)
    return services.notification_mark_read(acting=acting, notification=notification)
