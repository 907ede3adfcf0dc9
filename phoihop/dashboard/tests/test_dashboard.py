"""The leadership dashboard: the indicators' numbers on the page and in the API, a table beside each chart,
links to the filtered lists, the subtree for roll-up organisations only, who may see it, the 60-second cache."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.accounts.models import Role
from phoihop.concerns.tests.factories import make_concern
from phoihop.dashboard import selectors
from phoihop.reports import indicators
from phoihop.reports.scope import Scope
from phoihop.tests.support import api_client, make_user, page_client

pytestmark = pytest.mark.django_db

URL = "/dashboard/"
API = "/api/v1/dashboard"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def without_time(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "computed_at"}


def json_of(data: dict) -> dict:
    import json

    return json.loads(json.dumps(data))


def test_figures_are_the_indicators_for_the_same_scope(demo):
    org, today = demo.btg_kh, timezone.localdate()
    data = selectors.compute(org, subtree=True, today=today)
    scope = Scope.of(org, dt.date(today.year, 1, 1), today, subtree=True)
    assert data["tasks"] == indicators.task_figures(scope)
    assert data["overdue_by_organization"] == indicators.overdue_by_organization(scope)
    assert data["supply"] == indicators.supply_figures(scope)
    assert data["concerns"] == indicators.concern_figures(scope)
    assert data["opinions"] == indicators.opinion_figures(scope)
    hot = indicators.hotspot_figures(scope)
    assert data["hotspots"] == {"active": hot["active"], "items": [h for h in hot["items"] if h["active"]]}
    assert data["upcoming_deadlines"] == indicators.upcoming_deadlines(scope, today=today)
    # the trend: the last 12 whole months and this month
    trend = data["concern_trend"]
    assert len(trend) == 13 and trend[-1]["month"] == f"{today:%Y-%m}"
    first = dt.date.fromisoformat(trend[0]["month"] + "-01")
    assert trend == indicators.concern_trend(Scope.of(org, first, today, subtree=True))
    # the demo holds work in Khánh Hòa: the dashboard is not empty
    assert data["tasks"]["total"]["planned"] > 0 and data["concerns"]["total"]["received"] > 0
    assert data["hotspots"]["active"] >= 1


def test_api_answers_the_same_dict_and_is_documented(demo):
    user = make_user(org=demo.btg_kh, role=Role.LEADER)
    response = api_client(user, demo.btg_kh).get(API, {"scope": "subtree"})
    assert response.status_code == 200
    body = response.json()
    expected = json_of(selectors.compute(demo.btg_kh, subtree=True, today=timezone.localdate()))
    assert without_time(body) == without_time(expected)
    assert body["subtree"] is True and body["organization"]["id"] == demo.btg_kh.pk
    own = api_client(user, demo.btg_kh).get(API).json()
    assert own["subtree"] is False
    schema = api_client(user).get("/api/v1/openapi.json").json()
    assert "/api/v1/dashboard" in schema["paths"]
    assert "DashboardOut" in schema["components"]["schemas"]


def test_page_shows_each_chart_with_its_table_and_links(demo):
    user = make_user(org=demo.btg_kh, role=Role.OFFICER)
    response = page_client(user, demo.btg_kh).get(URL, {"scope": "subtree"})
    assert response.status_code == 200
    html = response.content.decode()
    data = selectors.dashboard(acting=response.wsgi_request.acting, subtree=True)
    # every chart is an image with a name, followed by its table (caption, header cells with scope)
    charts = re.findall(r'<svg class="dash-chart"[^>]*role="img" aria-label="([^"]+)"', html)
    assert len(charts) == 6
    for figure in re.findall(r"<figure>.*?</figure>\s*<div class=\"table-wrap\">\s*<table.*?</table>", html, re.S):
        assert "<caption>" in figure and 'scope="col"' in figure and 'scope="row"' in figure
    assert len(re.findall(r"</figure>\s*<div class=\"table-wrap\">\s*<table", html)) == 6
    assert "style=" not in html.split("<main", 1)[-1] and "<script>" not in html
    # Vietnamese numbers and the links behind the figures
    total = data["tasks"]["total"]
    assert f"<strong>{total['planned']}</strong>" in html or f"<strong>{total['planned']:,}".replace(",", ".") in html
    first = data["tasks"]["by_content"][0]
    assert f"/plans/tasks/?content={first['content_id']}" in html
    assert "/plans/tasks/?overdue=1" in html
    for row in data["overdue_by_organization"]:
        assert f"/plans/tasks/?org={row['organization_id']}&amp;overdue=1" in html
    year = timezone.localdate().year
    period = f"from=01%2F01%2F{year}&amp;to={timezone.localdate():%d}%2F{timezone.localdate():%m}%2F{year}"
    topic = data["concerns"]["by_topic"][0]
    assert f"/concerns/?topic={topic['code']}&amp;{period}" in html
    area = next(a for a in data["concerns"]["by_area"] if a["unit_id"])
    assert f"/concerns/?unit={area['unit_id']}&amp;{period}" in html
    assert "/concerns/?overdue=1" in html and "/concerns/?status=open" in html
    assert f"/exchanges/statistics/?scope=all&amp;kind=periodic&amp;{period}" in html
    assert 'href="/hotspots/"' in html and "/meetings/?when=upcoming" in html
    for h in data["hotspots"]["items"]:
        assert f'href="/hotspots/{h["id"]}/"' in html
    # the computation time is shown, and the toggle for a roll-up organisation
    assert "Số liệu tính lúc" in html
    assert "Toàn địa bàn" in html and 'href="/dashboard/?scope=subtree" aria-current="page"' in html


def test_subtree_only_for_rollup_organisations(demo):
    user = make_user(org=demo.hdnd_kh, role=Role.LEADER)
    page = page_client(user, demo.hdnd_kh)
    own = page.get(URL)
    assert own.status_code == 200 and "Toàn địa bàn" not in own.content.decode()
    assert page.get(URL, {"scope": "subtree"}).status_code == 404
    assert api_client(user, demo.hdnd_kh).get(API, {"scope": "subtree"}).status_code == 404
    assert api_client(user, demo.hdnd_kh).get(API, {"scope": "everything"}).status_code in (400, 422)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ORG_ADMIN, True),
        (Role.LEADER, True),
        (Role.OFFICER, True),
        (Role.VIEWER, True),
        (Role.COLLABORATOR, False),
    ],
)
def test_permission_matrix_by_role(demo, role, allowed):
    user = make_user(org=demo.btg_kh, role=role)
    expected = 200 if allowed else 404
    assert page_client(user, demo.btg_kh).get(URL).status_code == expected
    assert api_client(user, demo.btg_kh).get(API).status_code == expected
    assert api_client(user, demo.btg_kh).get(API, {"scope": "subtree"}).status_code == expected


def test_outsiders_and_anonymous(demo, client):
    outsider = make_user()  # no organisation
    assert page_client(outsider).get(URL).status_code == 404
    assert api_client(outsider).get(API).status_code == 404
    # acting for an organisation one is not a member of: the request falls back to one's own
    member = make_user(org=demo.hdnd_kh)
    assert api_client(member, demo.btg_kh).get(API).json()["organization"]["id"] == demo.hdnd_kh.pk
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and "/accounts/login" in anonymous["Location"]
    assert api_client(None).get(API).status_code == 401


def test_figures_are_cached_for_a_minute(demo):
    user = make_user(org=demo.hdnd_kh, role=Role.OFFICER)
    client = api_client(user, demo.hdnd_kh)
    before = client.get(API).json()
    make_concern(user, demo.hdnd_kh, title="Đèn đường hỏng ở tổ dân phố 5 kéo dài", topic="dat-dai.thu-hoi")
    cached = client.get(API).json()
    assert cached == before  # within 60 s the change is not shown
    cache.clear()
    fresh = client.get(API).json()
    assert fresh["concerns"]["total"]["received"] == before["concerns"]["total"]["received"] + 1
    assert fresh["computed_at"] > before["computed_at"]
    assert selectors.CACHE_SECONDS == 60


def test_cache_is_per_organisation_scope_and_language(demo):
    today = timezone.localdate()
    keys = {
        selectors.cache_key(demo.btg_kh.pk, True, today),
        selectors.cache_key(demo.btg_kh.pk, False, today),
        selectors.cache_key(demo.hdnd_kh.pk, False, today),
        selectors.cache_key(demo.btg_kh.pk, True, today + dt.timedelta(days=1)),
    }
    assert len(keys) == 4


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_cold_and_warm(demo):
    user = make_user(org=demo.btg_kh, role=Role.OFFICER)
    client = api_client(user, demo.btg_kh)
    cold = queries(client, API, scope="subtree")
    warm = queries(client, API, scope="subtree")
    assert (cold, warm) == (COLD_API, WARM_API)
    page = page_client(user, demo.btg_kh)
    cache.clear()
    assert queries(page, URL, scope="subtree") == COLD_PAGE
    assert queries(page, URL, scope="subtree") == WARM_PAGE


# pinned: authentication and the acting organisation, then the indicators' queries (cold only)
COLD_API, WARM_API, COLD_PAGE, WARM_PAGE = 20, 2, 21, 4
