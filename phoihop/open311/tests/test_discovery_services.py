"""Discovery, the service list and service definitions, in both formats; unknown resources and formats."""

import pytest

from phoihop.concerns.models import Topic
from phoihop.open311.tests.conftest import BASE, errors, xml

pytestmark = pytest.mark.django_db


def test_discovery_declares_the_endpoint_in_json_and_xml(client, demo):
    body = client.get("/open311/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(body)
    (endpoint,) = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["type"] in ("production", "test") and endpoint["changeset"].endswith("+07:00")
    root = xml(client.get("/open311/discovery.xml"))
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_services_are_the_active_leaf_topics(client, demo):
    body = client.get(f"{BASE}/services.json").json()
    leaves = Topic.objects.filter(is_active=True, parent__isnull=False)
    assert {s["service_code"] for s in body} == set(leaves.values_list("code", flat=True))
    power = next(s for s in body if s["service_code"] == "ha-tang.dien-nuoc")
    assert power["metadata"] is True and power["type"] == "realtime"
    assert power["group"] == Topic.objects.get(code="ha-tang").name
    assert power["service_name"] and power["keywords"]
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and len(root) == len(body)
    first = root[0]
    assert first.tag == "service" and first.findtext("metadata") == "true" and first.findtext("type") == "realtime"


def test_an_inactive_topic_is_no_service(client, demo):
    Topic.objects.filter(code="khac.khac").update(is_active=False)
    codes = {s["service_code"] for s in client.get(f"{BASE}/services.json").json()}
    assert "khac.khac" not in codes
    assert client.get(f"{BASE}/services/khac.khac.json").status_code == 404


def test_service_definition_lists_our_attributes(client, demo):
    body = client.get(f"{BASE}/services/dat-dai.thu-hoi.json").json()
    assert body["service_code"] == "dat-dai.thu-hoi"
    by_code = {a["code"]: a for a in body["attributes"]}
    assert set(by_code) == {
        "title", "channel", "severity", "people_affected", "observed_on", "mass_complaint",
        "ethnic_religious", "security_order", "false_information", "source_ref",
    }  # fmt: skip
    assert [a["order"] for a in body["attributes"]] == sorted(a["order"] for a in body["attributes"])
    assert by_code["people_affected"]["datatype"] == "number"
    assert by_code["observed_on"]["datatype"] == "datetime"
    assert by_code["severity"]["datatype"] == "singlevaluelist"
    assert [v["key"] for v in by_code["severity"]["values"]] == ["1", "2", "3", "4"]
    assert [v["key"] for v in by_code["mass_complaint"]["values"]] == ["yes", "no"]
    channels = [v["key"] for v in by_code["channel"]["values"]]
    assert "other" in channels and "denunciation" not in channels
    assert all(a["variable"] is True and a["required"] is False for a in body["attributes"])
    root = xml(client.get(f"{BASE}/services/dat-dai.thu-hoi.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "dat-dai.thu-hoi"
    severity = next(a for a in root.find("attributes") if a.findtext("code") == "severity")
    assert [v.findtext("key") for v in severity.find("values")] == ["1", "2", "3", "4"]
    assert severity.findtext("required") == "false"


@pytest.mark.parametrize("code", ["khong-co", "dat-dai", "x" * 300, "dat%00dai", "%FF%FE", "..", "PH.1"])
def test_unknown_service_is_404_in_the_error_format(client, demo, code):
    response = client.get(f"{BASE}/services/{code}.json")
    assert response.status_code == 404
    (error,) = errors(response)
    assert error["code"] == 404 and error["description"]
    assert errors(client.get(f"{BASE}/services/{code}.xml"))[0]["code"] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/open311/discovery.csv",
        f"{BASE}/services.html",
        f"{BASE}/requests.yaml",
        f"{BASE}/requests/PH.20260101.0001.txt",
    ],
)
def test_a_format_other_than_xml_or_json_is_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert errors(response)[0]["code"] == 404


@pytest.mark.parametrize(
    "path", ["/open311/", f"{BASE}/", f"{BASE}/services", f"{BASE}/nothing.json", "/open311/x/y.xml"]
)
def test_unknown_resources_answer_404_in_the_error_format(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert errors(response)[0]["code"] == 404
    assert client.post(path).status_code == 404  # no CSRF page, no sign-in redirect


def test_a_wrong_method_answers_405_with_allow(client, demo):
    response = client.post(f"{BASE}/services.json")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert errors(response)[0]["code"] == 405
    assert client.delete(f"{BASE}/requests.xml").status_code == 405


def test_jurisdiction_must_be_a_current_province(client, demo):
    assert client.get(f"{BASE}/services.json?jurisdiction_id=56").status_code == 200
    for bad in ("999", "abc", "56/C22528"):
        response = client.get(f"{BASE}/services.json", {"jurisdiction_id": bad})
        assert response.status_code == 400 and errors(response)[0]["code"] == 400
