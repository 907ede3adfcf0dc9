"""concern_count and concern_page read the two halves of the visibility rule apart: they must always agree
with the list."""

import pytest

from phoihop.accounts.models import Role
from phoihop.concerns.selectors import concern_count, concern_list, concern_page
from phoihop.concerns.tests.factories import make_concern
from phoihop.tests.support import acting_of, make_user

pytestmark = pytest.mark.django_db

FILTERS = [{}, {"q": "dat dai"}, {"q": "o nhiem"}, {"status": "open"}, {"q": "khai thac cat", "status": "open"}]


def test_counts_agree_with_the_list_for_every_kind_of_reader(demo):
    ward = demo.org("Ủy ban nhân dân phường Ninh Hòa")
    officer = make_user(org=demo.btg_kh)
    make_concern(officer, demo.btg_kh, topic="moi-truong.o-nhiem")
    readers = [
        acting_of(officer, demo.btg_kh),  # a department: its area, and what it is party to outside
        acting_of(make_user(org=demo.btg_tn), demo.btg_tn),  # a department over a former district
        acting_of(make_user(org=ward), ward),  # an agency: what it is party to
        acting_of(make_user(org=demo.btg_kh, role=Role.COLLABORATOR), demo.btg_kh),  # its own reports only
        acting_of(make_user(superuser=True)),
    ]
    for acting in readers:
        for f in FILTERS:
            expected = concern_list(acting=acting, **f).count()
            assert concern_count(acting=acting, **f) == expected, (acting, f)
            assert concern_count(acting=acting, cap=2, **f) == min(expected, 3), (acting, f)
            ids = list(concern_list(acting=acting, **f).values_list("pk", flat=True))
            page = concern_page(acting=acting, **f)
            assert [c.pk for c in page[0:7]] == ids[:7], (acting, f)
            assert [c.pk for c in page[5:12]] == ids[5:12], (acting, f)
            # capped: a part read whole is paged from the keys the count read, a larger one by walking it
            capped = concern_page(acting=acting, cap=2, **f)
            assert capped.count() == min(expected, 3), (acting, f)
            assert [c.pk for c in capped[0:7]] == ids[:7], (acting, f)


def test_concerns_elsewhere_reach_the_roll_up_through_their_parties_and_follow_a_change_of_place(demo):
    """A body of Khánh Hòa takes in a concern about a place in Thái Nguyên: the party table's copy of the
    concern's place lets Khánh Hòa's department find it (visibility, counts, the report's two parts); when the
    concern is moved into Khánh Hòa the copy follows, and it is counted once."""
    from django.utils import timezone

    from phoihop.concerns import services
    from phoihop.concerns.models import ConcernParty
    from phoihop.geo.models import AdminUnit
    from phoihop.reports import indicators
    from phoihop.reports.scope import Scope

    ward = demo.org("Ủy ban nhân dân phường Ninh Hòa")
    clerk = make_user(org=ward)
    elsewhere = AdminUnit.objects.filter(
        generation=AdminUnit.Generation.CURRENT, path__startswith=demo.btg_tn.unit_path + "/"
    ).first()
    concern = make_concern(clerk, ward, unit=elsewhere.code, title="Phản ánh về bến xe khách liên tỉnh")
    assert set(ConcernParty.objects.filter(concern=concern).values_list("concern_path", flat=True)) == {elsewhere.path}
    btg = acting_of(make_user(org=demo.btg_kh), demo.btg_kh)
    day = timezone.localdate()
    scope = Scope.of(demo.btg_kh, day, day, subtree=True)
    area, outside = indicators._concerns(scope)
    assert concern.pk in set(outside.values_list("pk", flat=True)) and not area.filter(pk=concern.pk).exists()
    assert concern_list(acting=btg).filter(pk=concern.pk).exists()
    assert concern_count(acting=btg, q="ben xe khach") == 1
    # the page merges the two parts in the list's order: the concern elsewhere, newest, comes first
    newest = list(concern_list(acting=btg).values_list("pk", flat=True)[:10])
    assert newest[0] == concern.pk and [c.pk for c in concern_page(acting=btg)[0:10]] == newest

    services.concern_update(
        acting=acting_of(clerk, ward), concern=concern, data={"unit": ward.unit.code}, version=concern.version
    )
    assert set(ConcernParty.objects.filter(concern=concern).values_list("concern_path", flat=True)) == {ward.unit.path}
    area, outside = indicators._concerns(scope)
    assert area.filter(pk=concern.pk).exists() and not outside.filter(pk=concern.pk).exists()
    assert concern_count(acting=btg, q="ben xe khach") == 1
