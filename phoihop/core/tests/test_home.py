"""The first page after sign-in shows what the organisation owes besides tasks: information to supply and
the concerns it leads, nearest deadline first, only its own."""

import pytest

from phoihop.concerns import services as concern_services
from phoihop.concerns.tests.factories import make_concern
from phoihop.exchanges.models import InfoObligation
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db


def test_home_lists_information_to_supply_and_concerns_to_handle(demo):
    btg, hdnd = demo.btg_kh, demo.hdnd_kh
    officer, hdnd_officer = make_user(org=btg), make_user(org=hdnd)
    concern = make_concern(officer, btg, title="Cử tri phường Ninh Hòa chờ trả lời kiến nghị về đèn chiếu sáng ngõ 14")
    concern_services.concern_route(acting=acting_of(officer, btg), concern=concern, lead=hdnd)
    owed = InfoObligation.objects.filter(organization=hdnd, status__in=["pending", "partial"], request__status="open")
    assert owed.exists()  # the demo's monthly request of this month

    page = page_client(hdnd_officer, hdnd).get("/").content.decode()
    assert "Thông tin phải cung cấp" in page and owed.order_by("due_at", "id").first().request.subject in page
    assert (
        "Vấn đề cơ quan chủ trì xử lý" in page and concern.title in page and f'href="/concerns/{concern.pk}/"' in page
    )

    other = page_client(make_user(org=demo.ubnd_pb), demo.ubnd_pb).get("/").content.decode()
    assert concern.title not in other
    listing = page_client(hdnd_officer, hdnd).get("/concerns/?lead=mine&status=open").content.decode()
    assert concern.title in listing
