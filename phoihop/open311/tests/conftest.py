"""Fixtures for the Open311 tests: an issued key, a client, a form that files a valid request."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from phoihop.concerns.tests.factories import NINH_HOA
from phoihop.open311 import services

BASE = "/open311/v2"
DESCRIPTION = "Đèn chiếu sáng đường Trần Quý Cáp tổ dân phố 5 bị hỏng hơn một tháng, buổi tối rất tối và nguy hiểm."


@pytest.fixture
def issued(demo):
    """(raw key, ApiKey) for an application recording intake for the Khánh Hòa propaganda department."""
    return services.api_key_issue(acting=None, application="Ứng dụng Khánh Hòa Smart", organization=demo.btg_kh)


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def form(issued):
    raw, _ = issued

    def make(**overrides):
        data = {
            "api_key": raw,
            "service_code": "ha-tang.dien-nuoc",
            "address_id": NINH_HOA,
            "description": DESCRIPTION,
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


def xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8", response["Content-Type"]
    return ET.fromstring(response.content)


def errors(response) -> list[dict]:
    """The standard's error list, from either format."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()
    root = xml(response)
    assert root.tag == "errors"
    return [{"code": int(e.findtext("code")), "description": e.findtext("description")} for e in root]
