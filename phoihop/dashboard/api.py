"""The leadership dashboard in the API (/api/v1/dashboard): the same figures as the page, from this year's
first day to today, for the organisation acted for or (`?scope=subtree`, roll-up organisations only) its
whole subtree. At most 60 seconds old (`computed_at`)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error
from phoihop.dashboard import selectors

router = Router(tags=["Tổng quan lãnh đạo"])


class OrgOut(Schema):
    id: int
    name: str


class PeriodOut(Schema):
    from_: str = Field(..., alias="from", description="yyyy-mm-dd")
    to: str

    class Config:
        populate_by_name = True


class TaskCounts(Schema):
    planned: int
    done_on_time: int
    done_late: int
    overdue: int
    open: int = Field(..., description="chưa đến hạn")
    cancelled: int


class TaskContentOut(TaskCounts):
    program: str
    content_id: int | None
    number: int | None
    content: str


class TaskTotalOut(TaskCounts):
    done: int
    due: int = Field(..., description="kế hoạch trừ nhiệm vụ hủy")


class TasksOut(Schema):
    by_content: list[TaskContentOut]
    total: TaskTotalOut


class OverdueOrgOut(Schema):
    organization_id: int
    organization: str
    overdue: int


class SupplyCounts(Schema):
    due: int
    on_time: int
    late: int
    missing: int
    not_yet_due: int


class SupplyOut(Schema):
    periodic: SupplyCounts
    incident: SupplyCounts
    total: SupplyCounts


class ConcernCounts(Schema):
    received: int
    joint: int = Field(..., description="phối hợp xử lý")
    resolved: int
    rejected: int
    outstanding: int
    overdue: int


class ConcernTopicOut(ConcernCounts):
    topic: str
    code: str = Field(..., description="mã nhóm lĩnh vực (bộ lọc topic của danh sách vấn đề)")


class ConcernAreaOut(Schema):
    area: str
    unit_id: int | None = Field(..., description="đơn vị hành chính; null: các địa bàn khác")
    received: int


class ConcernsOut(Schema):
    total: ConcernCounts
    by_topic: list[ConcernTopicOut]
    by_area: list[ConcernAreaOut]


class TrendOut(Schema):
    month: str = Field(..., description="yyyy-mm")
    received: int


class HotspotOut(Schema):
    id: int
    kind: str
    topic: str
    area: str
    opened_on: str
    concerns: int
    status: str
    active: bool


class HotspotsOut(Schema):
    active: int
    items: list[HotspotOut]


class MeetingOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: str
    place: str


class DeadlineOut(Schema):
    id: int
    title: str
    deadline: str
    lead: str


class OpinionsOut(Schema):
    reports: int
    monthly: int
    quick: int
    items: int
    moods: dict[str, int]
    uneasy: int = Field(..., description="ý kiến lo lắng hoặc bức xúc")


class DashboardOut(Schema):
    organization: OrgOut
    subtree: bool
    period: PeriodOut
    computed_at: str = Field(..., description="thời điểm tính số liệu (ISO 8601); số liệu cũ tối đa 60 giây")
    tasks: TasksOut
    overdue_by_organization: list[OverdueOrgOut]
    supply: SupplyOut
    concerns: ConcernsOut
    concern_trend: list[TrendOut] = Field(..., description="12 tháng trọn vẹn vừa qua và tháng này")
    hotspots: HotspotsOut
    upcoming_meetings: list[MeetingOut]
    upcoming_deadlines: list[DeadlineOut] = Field(..., description="nhiệm vụ đến hạn trong 14 ngày tới")
    opinions: OpinionsOut = Field(..., description="dư luận xã hội: chỉ số tổng hợp, không có báo cáo riêng lẻ")


@router.get(
    "",
    response={200: DashboardOut, 404: Error},
    summary="Tổng quan lãnh đạo: cơ quan mình hoặc toàn địa bàn (scope=subtree)",
    by_alias=True,
)
def get_dashboard(request, scope: Literal["own", "subtree"] = "own"):
    return selectors.dashboard(acting=acting_for(request), subtree=scope == "subtree")
