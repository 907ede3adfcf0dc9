"""The hot spot pages: the list with its trend (SVG and table, no inline style or script), the detail with
the concerns behind the warning, acknowledging and closing through forms, 404 for outsiders."""

import re

import pytest

from phoihop.concerns.tests.factories import make_concern
from phoihop.hotspots import services
from phoihop.hotspots.models import HotSpot
from phoihop.hotspots.tests.support import concerns
from phoihop.tests.support import make_user, page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def trend(kh):
    concerns(kh["officer"], kh["btg"], 8)
    services.hotspots_recompute()
    return HotSpot.objects.get()


def _content(response) -> str:
    html = response.content.decode()
    return html.split('<main id="main"', 1)[1]


def test_the_list_shows_active_warnings_with_their_trend(kh, trend):
    response = page_client(kh["officer"], kh["btg"]).get("/hotspots/")

    assert response.status_code == 200
    main = _content(response)
    assert "Đất đai" in main and "Phường Ninh Hòa" in main and f"/hotspots/{trend.pk}/" in main
    assert "<svg" in main and "<polyline" in main and "Số liệu theo tuần" in main
    assert not re.search(r"\sstyle=", main) and "<script" not in main
    assert "hotspots/hotspots.css" in response.content.decode()
    assert re.search(r"\d{2}/\d{2}/\d{4}", main)


def test_the_list_filters_by_status_and_kind(kh, trend):
    client = page_client(kh["officer"], kh["btg"])
    assert f"/hotspots/{trend.pk}/" not in _content(client.get("/hotspots/?status=closed"))
    assert f"/hotspots/{trend.pk}/" not in _content(client.get("/hotspots/?kind=severe"))
    assert f"/hotspots/{trend.pk}/" in _content(client.get("/hotspots/?status=all&kind=trend"))
    assert client.get("/hotspots/?status=%00&kind=x&page=abc").status_code == 200
    partial = client.get("/hotspots/?status=active", headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.content.decode()


def test_the_detail_lists_the_concerns_behind_it_and_the_weekly_table(kh, trend):
    response = page_client(kh["officer"], kh["btg"]).get(f"/hotspots/{trend.pk}/")

    main = _content(response)
    assert response.status_code == 200
    for c in trend.concerns.all():
        assert f'href="/concerns/{c.pk}/"' in main and c.tracking_code in main
    assert "<caption>" in main and "hiện tại" in main
    assert "Tiếp nhận cảnh báo" in main and "Đóng cảnh báo" in main
    assert not re.search(r"\sstyle=", main) and "<script" not in main


def test_acknowledge_and_close_through_the_page(kh, trend):
    client = page_client(kh["officer"], kh["btg"])

    response = client.post(f"/hotspots/{trend.pk}/acknowledge/", {"note": "Đã giao theo dõi"})
    assert response.status_code == 302
    trend.refresh_from_db()
    assert trend.status == "acknowledged"

    response = client.post(f"/hotspots/{trend.pk}/close/", {"note": ""})
    assert response.status_code == 400 and "Ghi chú khi đóng" in response.content.decode()

    response = client.post(f"/hotspots/{trend.pk}/close/", {"note": "Đã đối thoại với người dân"})
    assert response.status_code == 302
    trend.refresh_from_db()
    assert trend.status == "closed" and trend.close_note == "Đã đối thoại với người dân"
    assert "Đã đối thoại với người dân" in client.get(f"/hotspots/{trend.pk}/").content.decode()


def test_a_viewer_gets_no_forms_and_is_refused(kh, trend):
    client = page_client(kh["viewer"], kh["btg"])
    main = _content(client.get(f"/hotspots/{trend.pk}/"))
    assert "Tiếp nhận cảnh báo" not in main
    assert client.post(f"/hotspots/{trend.pk}/close/", {"note": "x"}).status_code == 404


def test_outsiders_get_404(kh, trend):
    demo = kh["demo"]
    other = make_user(org=demo.btg_tn)
    client = page_client(other, demo.btg_tn)
    assert client.get(f"/hotspots/{trend.pk}/").status_code == 404
    assert client.post(f"/hotspots/{trend.pk}/close/", {"note": "x"}).status_code == 404
    assert f"/hotspots/{trend.pk}/" not in _content(client.get("/hotspots/"))
    assert page_client(kh["officer"], kh["btg"]).get("/hotspots/999999999/").status_code == 404


def test_anonymous_is_sent_to_sign_in(trend):
    from django.test import Client

    assert Client().get("/hotspots/").status_code == 302


def test_a_severe_warning_page(kh, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        concern = make_concern(kh["officer"], kh["btg"], severity=4, mass_complaint=True)
    hs = HotSpot.objects.get()
    main = _content(page_client(kh["officer"], kh["btg"]).get(f"/hotspots/{hs.pk}/"))
    assert "Khiếu kiện đông người" in main and concern.tracking_code in main
