"""Hot spots in the API: the visible warnings (filters, pages), one warning with the concerns behind it,
acknowledging and closing it with a note."""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.hotspots import selectors, services
from phoihop.hotspots.models import HotSpotKind

router = Router(tags=["Điểm nóng"])

CONCERNS_SHOWN = 200


class HotSpotOut(Schema):
    id: int
    kind: str
    status: str
    topic: Ref
    area: Ref
    department: Ref | None
    opened_at: dt.datetime
    last_seen_at: dt.datetime
    computed_at: dt.datetime
    rising: bool
    current_count: int = Field(..., description="Số vấn đề trong cửa sổ hiện tại (14 ngày)")
    baseline_mean: float = Field(..., description="Mức nền: trung bình mỗi cửa sổ 14 ngày trong 12 tuần trước")
    baseline_std: float
    ratio: float | None
    z_score: float | None
    peak_count: int
    series: list[int] = Field(..., description="Số vấn đề theo tuần, tuần cũ nhất trước")
    series_start: dt.datetime
    version: int

    @staticmethod
    def resolve_topic(obj):
        return {"id": obj.topic_id, "name": obj.topic.name}

    @staticmethod
    def resolve_area(obj):
        return {"id": obj.area_id, "name": obj.area.name}

    @staticmethod
    def resolve_department(obj):
        return {"id": obj.department_id, "name": obj.department.name} if obj.department_id else None


class ConcernRef(Schema):
    id: int
    tracking_code: str
    title: str
    severity: int
    mass_complaint: bool
    status: str
    received_at: dt.datetime


class HotSpotDetail(HotSpotOut):
    acknowledged_at: dt.datetime | None
    acknowledge_note: str
    closed_at: dt.datetime | None
    close_note: str
    concerns_count: int = Field(..., description="Số vấn đề phía sau cảnh báo mà bạn xem được")
    concerns_hidden: int = Field(..., description="Số vấn đề phía sau cảnh báo thuộc cơ quan bạn không xem được")
    concerns: list[ConcernRef] = Field(..., description=f"Tối đa {CONCERNS_SHOWN} vấn đề mới nhất")

    @staticmethod
    def resolve_concerns(obj):
        return obj.concerns_shown


class HotSpotFilters(Schema):
    status: Literal["open", "active", "acknowledged", "closed", "all"] = Field(
        "open", description="open: đang cảnh báo hoặc đã tiếp nhận (mặc định)"
    )
    kind: HotSpotKind | None = None


class NoteIn(Schema):
    note: str = Field("", max_length=5000)


def _detail(request, hotspot_id: int):
    acting = acting_for(request)
    hs = selectors.hotspot_get(acting=acting, hotspot_id=hotspot_id)
    concerns, hidden = selectors.hotspot_concerns(acting=acting, hotspot=hs)
    shown = list(concerns[:CONCERNS_SHOWN])
    hs.concerns_count = len(shown) if len(shown) < CONCERNS_SHOWN else concerns.count()
    hs.concerns_hidden = hidden
    hs.concerns_shown = shown
    return hs


@router.get("", response=Page[HotSpotOut], summary="Điểm nóng mà cơ quan xem được")
def list_hotspots(request, filters: Query[HotSpotFilters], page: Query[PageParams]):
    qs = selectors.hotspot_list(acting=acting_for(request), status=filters.status, kind=filters.kind)
    return paginate(qs, page)


@router.get("/{hotspot_id}", response={200: HotSpotDetail, 404: Error}, summary="Một điểm nóng và các vấn đề của nó")
def get_hotspot(request, hotspot_id: int):
    return _detail(request, hotspot_id)


@router.post(
    "/{hotspot_id}/acknowledge",
    response={200: HotSpotDetail, 400: Error, 404: Error},
    summary="Tiếp nhận cảnh báo (ghi chú không bắt buộc)",
)
def acknowledge_hotspot(request, hotspot_id: int, payload: NoteIn):
    acting = acting_for(request)
    hs = selectors.hotspot_get(acting=acting, hotspot_id=hotspot_id)
    services.hotspot_acknowledge(acting=acting, hotspot=hs, note=payload.note)
    return _detail(request, hotspot_id)


@router.post(
    "/{hotspot_id}/close",
    response={200: HotSpotDetail, 400: Error, 404: Error},
    summary="Đóng cảnh báo với ghi chú",
)
def close_hotspot(request, hotspot_id: int, payload: NoteIn):
    acting = acting_for(request)
    hs = selectors.hotspot_get(acting=acting, hotspot_id=hotspot_id)
    services.hotspot_close(acting=acting, hotspot=hs, note=payload.note)
    return _detail(request, hotspot_id)
