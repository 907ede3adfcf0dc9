"""concern_count counts the two halves of the visibility rule apart: it must always agree with the list."""

import pytest

from phoihop.accounts.models import Role
from phoihop.concerns.selectors import concern_count, concern_list
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
