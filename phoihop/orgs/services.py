"""Writing organisations and focal points. Each service checks permission, validates, audits."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from phoihop.accounts import permissions as perms
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import NotFound, PermissionDenied, ValidationFailed
from phoihop.core.records import record_create, record_update
from phoihop.core.text import fold, sort_key
from phoihop.core.validation import check_version
from phoihop.geo.models import AdminUnit
from phoihop.orgs.models import FocalPoint, Organization, OrgLevel, OrgType

if TYPE_CHECKING:
    from phoihop.accounts.acting import Acting
    from phoihop.accounts.models import User

ORG_FIELDS = [
    "name",
    "short_name",
    "type",
    "unit",
    "parent",
    "doc_symbol",
    "doc_profile",
    "superior_name",
    "address",
    "phone",
    "email",
    "active_from",
    "active_to",
]
_DERIVED = ["level", "unit_path", "search_key", "sort_key", "doc_profile"]
_LEVEL_OF_UNIT = {1: OrgLevel.PROVINCE, 2: OrgLevel.DISTRICT, 3: OrgLevel.COMMUNE}


def _derive(org: Organization) -> list[str]:
    """Fields that follow from others: level and unit path from the unit, search and sort keys."""
    org.level = _LEVEL_OF_UNIT[org.unit.level] if org.unit_id else OrgLevel.CENTRAL
    org.unit_path = org.unit.path if org.unit_id else ""
    org.search_key = fold(" ".join(filter(None, [org.name, org.short_name, org.doc_symbol])))
    org.sort_key = sort_key(org.name)
    if not org.doc_profile and org.type_id:
        org.doc_profile = org.type.doc_profile
    return _DERIVED


def _check_parent(org: Organization) -> None:
    node, seen = org.parent, set()
    while node is not None:
        if node.pk == org.pk or node.pk in seen:
            raise ValidationFailed(
                "Cơ quan cấp trên không được là chính cơ quan này hoặc cơ quan cấp dưới của nó.", field="parent"
            )
        seen.add(node.pk)
        node = node.parent


@transaction.atomic
def org_create(
    *,
    acting: Acting | None,
    name: str,
    type: OrgType,
    unit: AdminUnit | None,
    doc_symbol: str,
    short_name: str = "",
    parent: Organization | None = None,
    doc_profile: str = "",
    superior_name: str = "",
    address: str = "",
    phone: str = "",
    email: str = "",
    active_from: dt.date | None = None,
    active_to: dt.date | None = None,
) -> Organization:
    if acting is not None:
        if not perms.can_create_org(acting, unit):
            raise NotFound()
        if refusal := perms.placement_refusal(acting, None, {"type": type, "unit": unit, "parent": parent}):
            raise PermissionDenied(refusal, field="type")
    org = Organization(
        name=name.strip(),
        short_name=short_name.strip(),
        type=type,
        unit=unit,
        parent=parent,
        doc_symbol=doc_symbol.strip(),
        doc_profile=doc_profile,
        superior_name=superior_name.strip(),
        address=address,
        phone=phone,
        email=email,
        active_from=active_from,
        active_to=active_to,
    )
    _derive(org)
    return record_create(acting=acting, obj=org, action="org.create")


@transaction.atomic
def org_update(*, acting: Acting | None, org: Organization, version: int | None = None, **changes) -> Organization:
    if acting is not None and not perms.can_update_org(acting, org):
        raise NotFound()
    org = Organization.objects.select_for_update(of=("self",)).select_related("type", "unit").get(pk=org.pk)
    if acting is not None and (refusal := perms.placement_refusal(acting, org, changes)):
        raise PermissionDenied(refusal)
    check_version(org, version, changes)
    changes["version"] = org.version + 1

    def derive(o: Organization) -> list[str]:
        _derive(o)
        _check_parent(o)
        return _DERIVED

    return record_update(
        acting=acting, obj=org, changes=changes, allowed=[*ORG_FIELDS, "version"], action="org.update", derive=derive
    )


FOCAL_FIELDS = ["full_name", "job_title", "area", "phone", "email", "is_primary", "is_active", "user"]


def _single_primary(fp: FocalPoint) -> None:
    if fp.is_primary:
        FocalPoint.objects.filter(organization_id=fp.organization_id, is_primary=True).exclude(pk=fp.pk).update(
            is_primary=False
        )


@transaction.atomic
def focal_point_create(
    *,
    acting: Acting | None,
    organization: Organization,
    full_name: str,
    job_title: str = "",
    area: str = "",
    phone: str = "",
    email: str = "",
    is_primary: bool = False,
    user: User | None = None,
) -> FocalPoint:
    if acting is not None and not perms.can_manage_focal_points(acting, organization):
        raise NotFound()
    fp = FocalPoint(
        organization=organization,
        full_name=full_name.strip(),
        job_title=job_title,
        area=area,
        phone=phone,
        email=email,
        is_primary=is_primary,
        user=user,
    )
    record_create(acting=acting, obj=fp, action="focal_point.create")
    _single_primary(fp)
    return fp


@transaction.atomic
def focal_point_update(*, acting: Acting | None, focal_point: FocalPoint, **changes) -> FocalPoint:
    if acting is not None and not perms.can_manage_focal_points(acting, focal_point.organization):
        raise NotFound()
    record_update(acting=acting, obj=focal_point, changes=changes, allowed=FOCAL_FIELDS, action="focal_point.update")
    _single_primary(focal_point)
    return focal_point


@transaction.atomic
def focal_point_delete(*, acting: Acting | None, focal_point: FocalPoint) -> None:
    if acting is not None and not perms.can_manage_focal_points(acting, focal_point.organization):
        raise NotFound()
    before = snapshot(focal_point)
    audit_record(acting=acting, action="focal_point.delete", obj=focal_point, before=before)
    focal_point.delete()
