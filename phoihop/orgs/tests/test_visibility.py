"""The one visibility rule: party to it, or in the roll-up of a propaganda department."""

import pytest

from phoihop.accounts.models import Role
from phoihop.orgs.models import Organization
from phoihop.orgs.visibility import in_rollup, org_visible, rollup_prefix, visible_orgs_q
from phoihop.tests.support import acting_of, make_org, make_user

pytestmark = pytest.mark.django_db


def visible_names(acting):
    return set(Organization.objects.filter(visible_orgs_q(acting)).values_list("name", flat=True))


def test_an_agency_sees_only_itself(demo):
    acting = acting_of(make_user(org=demo.ubnd_pb))
    assert visible_names(acting) == {"Ủy ban nhân dân huyện Phú Bình"}
    assert rollup_prefix(demo.ubnd_pb) is None


def test_a_district_propaganda_department_sees_its_district(demo):
    acting = acting_of(make_user(org=demo.btg_pb))
    names = visible_names(acting)
    assert "Ủy ban nhân dân huyện Phú Bình" not in names  # same level, not below
    commune = demo.btg_pb.unit.children.first()
    below = make_org(unit=commune, type_code="ubnd", name="Ủy ban nhân dân xã thử")
    assert "Ủy ban nhân dân xã thử" in visible_names(acting) and in_rollup(demo.btg_pb, below)


def test_a_province_department_sees_legacy_districts_and_current_communes(demo):
    acting = acting_of(make_user(org=demo.btg_tn))
    names = visible_names(acting)
    assert {
        "Ban Tuyên giáo Huyện ủy Phú Bình",
        "Ủy ban nhân dân huyện Phú Bình",
        "Ban Tuyên giáo Huyện ủy Đại Từ",
    } <= names
    assert "Ban Tuyên giáo Tỉnh ủy Khánh Hòa" not in names and "Ủy ban nhân dân tỉnh Khánh Hòa" not in names
    assert org_visible(acting, demo.ubnd_pb) and not org_visible(acting, demo.hdnd_kh)


def test_the_rule_follows_the_acting_org_not_every_membership(demo):
    user = make_user(org=demo.ubnd_pb)
    from phoihop.accounts.services import membership_add

    membership_add(acting=None, user=user, organization=demo.btg_tn, role=Role.OFFICER)
    assert not org_visible(acting_of(user, demo.ubnd_pb), demo.btg_pb)
    assert org_visible(acting_of(user, demo.btg_tn), demo.btg_pb)


def test_central_rollup_and_system_admin_see_everything(demo):
    from phoihop.orgs.models import OrgType
    from phoihop.orgs.services import org_create

    central = org_create(
        acting=None,
        name="Ban Tuyên giáo và Dân vận Trung ương",
        type=OrgType.objects.get(code="ban-tuyen-giao"),
        unit=None,
        doc_symbol="BTGDVTW",
    )
    total = Organization.objects.count()
    assert len(visible_names(acting_of(make_user(org=central)))) == total
    assert len(visible_names(acting_of(make_user(superuser=True)))) == total


def test_a_user_without_membership_sees_nothing(demo):
    assert visible_names(acting_of(make_user())) == set()
