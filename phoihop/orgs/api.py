import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema

from phoihop.accounts.acting import acting_for
from phoihop.api.schemas import Error, Page, PageParams, Ref, paginate
from phoihop.orgs import selectors

router = Router(tags=["Cơ quan, đơn vị"])


class TypeOut(Schema):
    code: str
    name: str


class OrgOut(Schema):
    id: int
    name: str
    short_name: str
    type: TypeOut
    level: str
    unit: Ref | None
    parent: Ref | None
    doc_symbol: str
    doc_profile: str
    active_from: dt.date | None
    active_to: dt.date | None


class FocalPointOut(Schema):
    full_name: str
    job_title: str
    area: str
    phone: str
    email: str
    is_primary: bool


class OrgDetail(OrgOut):
    superior_name: str
    address: str
    phone: str
    email: str
    version: int
    children_count: int
    focal_points: list[FocalPointOut]

    @staticmethod
    def resolve_focal_points(obj):
        return list(obj.focal_points.all())


class MemberOut(Schema):
    user_id: int
    full_name: str = Field(..., alias="user.full_name")
    job_title: str = Field(..., alias="user.job_title")
    role: str
    position: str


class OrgFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Tìm không dấu theo tên, tên viết tắt, ký hiệu")
    type: str | None = Field(None, max_length=40, description="Mã loại cơ quan, ví dụ ban-tuyen-giao")
    unit: int | None = Field(None, ge=1, description="Chỉ cơ quan thuộc địa bàn này (kể cả cấp dưới)")
    level: Literal["central", "province", "district", "commune"] | None = None


@router.get("", response=Page[OrgOut], summary="Danh bạ cơ quan, đơn vị")
def list_orgs(request, filters: Query[OrgFilters], page: Query[PageParams]):
    qs = selectors.org_list(
        acting=acting_for(request), q=filters.q, type_code=filters.type, unit_id=filters.unit, level=filters.level
    )
    return paginate(qs, page)


@router.get("/{org_id}", response={200: OrgDetail, 404: Error}, summary="Chi tiết cơ quan và đầu mối")
def get_org(request, org_id: int):
    return selectors.org_get(acting=acting_for(request), org_id=org_id)


@router.get("/{org_id}/members", response={200: list[MemberOut], 404: Error}, summary="Thành viên của cơ quan")
def list_members(request, org_id: int):
    acting = acting_for(request)
    org = selectors.org_get(acting=acting, org_id=org_id)
    return list(selectors.org_members(acting=acting, org=org))
