import pytest

from phoihop.accounts.models import Role
from phoihop.tests.support import make_user


@pytest.fixture
def kh(demo):
    """Khánh Hòa: an officer of its propaganda department (records concerns, manages warnings), a viewer."""
    return {
        "demo": demo,
        "btg": demo.btg_kh,
        "officer": make_user(org=demo.btg_kh, role=Role.OFFICER),
        "viewer": make_user(org=demo.btg_kh, role=Role.VIEWER),
    }


@pytest.fixture(autouse=True)
def quiet_country(request):
    """Tests start from a quiet country: concerns of the demo data (if any) are moved two years back and
    their warnings removed (inside the test's transaction)."""
    if "db" not in request.fixturenames and "kh" not in request.fixturenames:
        yield
        return
    import datetime as dt

    from django.utils import timezone

    from phoihop.concerns.models import Concern
    from phoihop.hotspots.models import HotSpot

    request.getfixturevalue("db")
    HotSpot.objects.all().delete()
    Concern.objects.update(received_at=timezone.now() - dt.timedelta(days=730))
    yield
