import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.geo import selectors

router = Router(tags=["Đơn vị hành chính"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    level: int
    generation: str
    parent: Ref | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitDetail(UnitOut):
    ancestors: list[Ref]
    successors: list[Ref]
    predecessors: list[Ref]
    children_count: int

    @staticmethod
    def resolve_ancestors(obj):
        return selectors.unit_ancestors(obj)

    @staticmethod
    def resolve_successors(obj):
        return list(selectors.unit_successors(obj))

    @staticmethod
    def resolve_predecessors(obj):
        return list(selectors.unit_predecessors(obj))


class UnitFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Tìm không dấu: 'phu binh' thấy 'Phú Bình'")
    level: int | None = Field(None, ge=1, le=3, description="1 tỉnh, 2 huyện (trước 2025), 3 xã")
    parent: int | None = Field(None, ge=1, description="Mã số (id) đơn vị cấp trên")
    generation: Literal["current", "legacy"] | None = Field(None, description="current: hiện hành; legacy: trước 2025")


@router.get("", response=Page[UnitOut], summary="Danh sách, tìm kiếm đơn vị hành chính")
def list_units(request, filters: Query[UnitFilters], page: Query[PageParams]):
    qs = selectors.unit_list(q=filters.q, level=filters.level, parent_id=filters.parent, generation=filters.generation)
    return paginate(qs, page)


@router.get("/{unit_id}", response={200: UnitDetail, 404: Error}, summary="Chi tiết đơn vị hành chính")
def get_unit(request, unit_id: int):
    return selectors.unit_get(unit_id=unit_id)
