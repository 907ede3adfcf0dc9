"""Schemas shared by several routers."""

from typing import Generic, TypeVar

from ninja import Field, Schema

T = TypeVar("T")


class Ref(Schema):
    id: int
    name: str


class Page(Schema, Generic[T]):
    count: int
    limit: int
    offset: int
    items: list[T]


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=100, description="Số bản ghi mỗi trang (1-100)")
    offset: int = Field(0, ge=0, le=1_000_000, description="Bỏ qua bao nhiêu bản ghi")


class Error(Schema):
    code: str
    message: str
    field: str | None = None


def paginate(qs, params: PageParams) -> dict:
    return {
        "count": qs.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": list(qs[params.offset : params.offset + params.limit]),
    }
