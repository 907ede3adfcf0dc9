"""Organisation and focal-point services: validation, permissions, audit, optimistic concurrency."""

import pytest

from phoihop.accounts.models import Role
from phoihop.core.errors import Conflict, NotFound, ValidationFailed
from phoihop.core.models import AuditEvent
from phoihop.geo.models import AdminUnit
from phoihop.orgs import services
from phoihop.orgs.models import Organization, OrgType
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db


def unit(code, gen="current"):
    return AdminUnit.objects.get(generation=gen, code=code)


def test_system_admin_creates_an_org_with_derived_fields_and_audit(demo):
    admin = make_user(superuser=True)
    org = services.org_create(
        acting=acting_of(admin),
        name="Ủy ban nhân dân xã Phú Bình",
        type=OrgType.objects.get(code="ubnd"),
        unit=AdminUnit.objects.get(generation="current", name="Xã Phú Bình", parent__code="19"),
        doc_symbol="UBND",
    )
    assert (
        org.level == "commune"
        and org.unit_path.startswith("19/C")
        and org.search_key == "uy ban nhan dan xa phu binh ubnd"
    )
    assert org.doc_profile == "state"  # from its type
    event = AuditEvent.objects.get(action="org.create", object_id=str(org.pk))
    assert event.actor == admin and event.after["name"] == org.name and event.before is None
    assert "search_key" not in event.after


def test_update_records_before_and_after_and_the_acting_org(demo):
    user = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    org = demo.btg_pb
    services.org_update(acting=acting_of(user, org), org=org, version=org.version, phone="0208 3867 123")
    event = AuditEvent.objects.get(action="org.update", object_id=str(org.pk))
    assert event.before["phone"] == "" and event.after["phone"] == "0208 3867 123"
    assert event.organization_id == org.pk and event.actor == user
    assert event.changed_fields() == [("phone", "", "0208 3867 123"), ("version", 1, 2)]


def test_stale_version_is_refused_with_what_changed(demo):
    a = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    org = demo.btg_pb
    services.org_update(acting=acting_of(a, org), org=org, version=1, phone="111")
    with pytest.raises(Conflict) as caught:
        services.org_update(acting=acting_of(a, org), org=org, version=1, phone="222")
    assert caught.value.status == 409 and "phone" in caught.value.errors and "111" in caught.value.errors["phone"][0]
    assert Organization.objects.get(pk=org.pk).phone == "111"


def test_org_admin_may_not_edit_another_org_or_create_outside_its_subtree(demo):
    admin_pb = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    acting = acting_of(admin_pb, demo.btg_pb)
    with pytest.raises(NotFound):
        services.org_update(acting=acting, org=demo.hdnd_kh, phone="1")
    with pytest.raises(NotFound):
        services.org_create(
            acting=acting, name="X", type=OrgType.objects.get(code="ubnd"), unit=unit("56"), doc_symbol="X"
        )
    # inside its subtree (a commune of the former Phú Bình district): allowed
    commune = AdminUnit.objects.filter(generation="legacy", parent__code="173", level=3).first()
    org = services.org_create(
        acting=acting, name="UBND xã thử", type=OrgType.objects.get(code="ubnd"), unit=commune, doc_symbol="UBND"
    )
    assert org.unit_path.startswith(demo.btg_pb.unit_path + "/")


def test_officer_may_not_edit_its_own_org(demo):
    officer = make_user(org=demo.btg_pb, role=Role.OFFICER)
    with pytest.raises(NotFound):
        services.org_update(acting=acting_of(officer), org=demo.btg_pb, phone="1")


def test_validation_messages_are_per_field_and_vietnamese(demo):
    admin = make_user(superuser=True)
    with pytest.raises(ValidationFailed) as caught:
        services.org_create(
            acting=acting_of(admin), name="", type=OrgType.objects.get(code="ubnd"), unit=unit("56"), doc_symbol=""
        )
    assert set(caught.value.errors) >= {"name", "doc_symbol"}
    assert "không được để trắng" in caught.value.errors["name"][0]


def test_a_non_central_org_needs_a_unit_and_parent_cycles_are_refused(demo):
    admin = make_user(superuser=True)
    acting = acting_of(admin)
    central = services.org_create(
        acting=acting,
        name="Ban Tuyên giáo và Dân vận Trung ương",
        type=OrgType.objects.get(code="ban-tuyen-giao"),
        unit=None,
        doc_symbol="BTGDVTW",
    )
    assert central.level == "central"
    tn = demo.btg_tn
    with pytest.raises(ValidationFailed):
        services.org_update(acting=acting, org=tn, parent=demo.btg_pb)  # Phú Bình's parent is Thái Nguyên


def test_focal_points_one_primary_and_audit(demo):
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    acting = acting_of(admin, demo.ubnd_pb)
    first = services.focal_point_create(
        acting=acting, organization=demo.ubnd_pb, full_name="Đầu Mối Một", is_primary=True
    )
    second = services.focal_point_create(
        acting=acting, organization=demo.ubnd_pb, full_name="Đầu Mối Hai", is_primary=True
    )
    first.refresh_from_db()
    assert second.is_primary and not first.is_primary
    services.focal_point_update(acting=acting, focal_point=second, phone="0912")
    services.focal_point_delete(acting=acting, focal_point=first)
    actions = list(
        AuditEvent.objects.filter(object_type="orgs.focalpoint", actor=admin).values_list("action", flat=True)
    )
    assert sorted(actions) == ["focal_point.create", "focal_point.create", "focal_point.delete", "focal_point.update"]
    other = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    with pytest.raises(NotFound):
        services.focal_point_update(acting=acting_of(other), focal_point=second, phone="1")


def test_an_org_admin_cannot_widen_what_its_org_sees(demo):
    """Type, unit and parent decide visibility: only system administrators change them freely."""
    from phoihop.core.errors import PermissionDenied

    admin = make_user(org=demo.hdnd_kh, role=Role.ORG_ADMIN)
    acting = acting_of(admin, demo.hdnd_kh)
    btg_type = OrgType.objects.get(code="ban-tuyen-giao")
    with pytest.raises(PermissionDenied):
        services.org_update(acting=acting, org=demo.hdnd_kh, type=btg_type)
    with pytest.raises(PermissionDenied):
        services.org_update(acting=acting, org=demo.hdnd_kh, unit=None)
    with pytest.raises(PermissionDenied):
        services.org_update(acting=acting, org=demo.hdnd_kh, unit=unit("19"))
    with pytest.raises(PermissionDenied):
        services.org_update(acting=acting, org=demo.hdnd_kh, parent=demo.btg_tn)
    org = Organization.objects.get(pk=demo.hdnd_kh.pk)
    assert org.type.code == "thuong-truc-hdnd" and org.unit.code == "56" and org.parent is None
    # a district department cannot move itself up to the province either
    btg_admin = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        services.org_update(acting=acting_of(btg_admin, demo.btg_pb), org=demo.btg_pb, unit=unit("19"))
    # nor create a propaganda department, nor place a new body outside its subtree
    commune = AdminUnit.objects.filter(generation="legacy", parent__code="173", level=3).first()
    with pytest.raises(PermissionDenied):
        services.org_create(
            acting=acting_of(btg_admin, demo.btg_pb), name="X", type=btg_type, unit=commune, doc_symbol="X"
        )
    # the system administrator may
    sysadmin = acting_of(make_user(superuser=True))
    services.org_update(acting=sysadmin, org=demo.hdnd_kh, parent=demo.btg_kh)


def test_the_edit_page_refuses_a_type_change_and_keeps_the_input(demo):
    from phoihop.tests.support import page_client

    admin = make_user(org=demo.hdnd_kh, role=Role.ORG_ADMIN)
    org = demo.hdnd_kh
    data = {
        "name": org.name,
        "short_name": org.short_name,
        "type": OrgType.objects.get(code="ban-tuyen-giao").pk,
        "unit": "",
        "doc_symbol": org.doc_symbol,
        "doc_profile": org.doc_profile,
        "version": org.version,
    }
    response = page_client(admin).post(f"/orgs/{org.pk}/edit/", data)
    # the form does not even offer the propaganda type to an organisation administrator
    assert response.status_code == 400 and "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert org.name in response.content.decode()
    assert Organization.objects.get(pk=org.pk).type.code == "thuong-truc-hdnd"
