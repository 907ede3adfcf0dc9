"""Good models: recorded as drafts seen by their organisation only, published for every working user,
searched without accents, followed (adopted) by other organisations, files attached and listed."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.commendations import selectors, services
from phoihop.commendations.models import GoodModel
from phoihop.core.errors import Conflict, NotFound, ValidationFailed
from phoihop.documents.tests.test_attachments import png_bytes
from phoihop.tests.support import api_client, page_client

pytestmark = pytest.mark.django_db


def model(world, title="Dân vận khéo ở khu dân cư Thử", publish=True, **extra) -> GoodModel:
    m = services.model_create(
        acting=world.acting("officer"),
        data={"title": title, "topic": "dan-van", "description": "Cán bộ đến từng hộ lắng nghe", **extra},
    )
    return services.model_publish(acting=world.acting("officer"), good_model=m) if publish else m


def test_search_ignores_accents_and_case(world):
    m = model(world)
    model(world, title="Họp báo định kỳ Thử")
    acting = world.acting("other_officer")
    for q in ("dan van kheo", "DÂN VẬN", "dân vận khéo thử", "kheo"):
        assert m in selectors.model_list(acting, q=q), q
    assert not selectors.model_list(acting, q="dan van vung").filter(pk=m.pk).exists()
    r = api_client(world.other_officer, world.other).get("/api/v1/commendations/good-models?q=dan+van+kheo")
    assert [i["id"] for i in r.json()["items"] if i["title"].endswith("Thử")] == [m.pk]
    page = page_client(world.other_officer, world.other).get("/commendations/good-models/?q=dan van kheo")
    assert "Dân vận khéo ở khu dân cư Thử" in page.content.decode()
    assert "Họp báo định kỳ Thử" not in page.content.decode()


def test_drafts_are_their_organisations_and_published_models_everyones(world):
    m = model(world, publish=False, unit=world.commune)
    assert selectors.model_get(world.acting("viewer"), m.pk) == m
    assert selectors.model_get(world.acting("commune_officer"), m.pk) == m  # the unit that runs it
    for who in ("other_officer", "commune2_officer", "collaborator"):
        with pytest.raises(NotFound):
            selectors.model_get(world.acting(who), m.pk)
    services.model_publish(acting=world.acting("leader"), good_model=m)
    assert selectors.model_get(world.acting("other_officer"), m.pk) == m
    with pytest.raises(NotFound):  # collaborators do not read the register
        selectors.model_get(world.acting("collaborator"), m.pk)
    with pytest.raises(NotFound):  # only the recording organisation edits it
        services.model_update(acting=world.acting("other_officer"), good_model=m, data={"title": "Khác"})


def test_the_unit_is_the_organisation_or_its_subtree(world):
    with pytest.raises(ValidationFailed, match="phạm vi quản lý"):
        model(world, unit=world.other)
    assert model(world, unit=world.commune2).unit == world.commune2


def test_other_organisations_follow_a_model_once(world):
    m = model(world)
    a = services.model_adopt(acting=world.acting("other_officer"), good_model=m, note="Áp dụng ở 5 phường")
    assert a.organization == world.other
    with pytest.raises(Conflict):
        services.model_adopt(acting=world.acting("other_officer"), good_model=m)
    with pytest.raises(ValidationFailed, match="cơ quan khác"):
        services.model_adopt(acting=world.acting("officer"), good_model=m)
    with pytest.raises(NotFound):  # a viewer does not manage models
        services.model_adopt(acting=world.acting("viewer"), good_model=m)
    r = api_client(world.commune2_officer, world.commune2).post(
        f"/api/v1/commendations/good-models/{m.pk}/adopt",
        data=json.dumps({"note": "Làm theo", "adopted_on": "2025-02-01"}),
        content_type="application/json",
    )
    assert r.status_code == 201
    detail = api_client(world.officer, world.dept).get(f"/api/v1/commendations/good-models/{m.pk}").json()
    assert [x["organization"]["name"] for x in detail["adoptions"]] == [
        "Ban Tuyên giáo Thành ủy Khác",
        "Ủy ban nhân dân phường Thử Hai",
    ] or {x["organization"]["name"] for x in detail["adoptions"]} == {
        "Ban Tuyên giáo Thành ủy Khác",
        "Ủy ban nhân dân phường Thử Hai",
    }
    assert detail["followers"] == 2
    page = page_client(world.officer, world.dept).get(f"/commendations/good-models/{m.pk}/").content.decode()
    assert "Ủy ban nhân dân phường Thử Hai" in page and "Làm theo" in page
    draft = model(world, title="Bản nháp", publish=False)
    r = api_client(world.other_officer, world.other).post(
        f"/api/v1/commendations/good-models/{draft.pk}/adopt", data="{}", content_type="application/json"
    )
    assert r.status_code == 404


def test_files_are_attached_and_listed(world):
    m = model(world)
    r = api_client(world.officer, world.dept).post(
        f"/api/v1/commendations/good-models/{m.pk}/files",
        {"files": [SimpleUploadedFile("anh-hop-bao.png", png_bytes(), content_type="image/png")]},
    )
    assert r.status_code == 201, r.content
    listed = api_client(world.other_officer, world.other).get(f"/api/v1/commendations/good-models/{m.pk}/files")
    assert [f["name"] for f in listed.json()] == ["anh-hop-bao.png"]
    r = api_client(world.other_officer, world.other).post(
        f"/api/v1/commendations/good-models/{m.pk}/files",
        {"files": [SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")]},
    )
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "Mô hình \x00"}, "title"),
        ({"description": "<b>đậm</b>"}, "description"),
        ({"topic": "khong-co"}, "topic"),
        ({"area": 99_999_999}, "area"),
        ({"area": 2**70}, "area"),
        ({"unit": 99_999_999}, "unit"),
        ({"started_on": "2999-01-01"}, "started_on"),
        ({"started_on": "hôm qua"}, "started_on"),
        ({"program": 99_999_999}, "program"),
    ],
)
def test_bad_input_is_refused(world, change, field):
    body = {"title": "Mô hình", "topic": "dan-van", "description": "Cách làm"} | change
    r = api_client(world.officer, world.dept).post(
        "/api/v1/commendations/good-models", data=json.dumps(body), content_type="application/json"
    )
    assert r.status_code == 400, r.content
    assert r.json()["field"] == field


def test_the_register_pins_its_query_count(world, django_assert_max_num_queries):
    client = api_client(world.other_officer, world.other)
    client.get("/api/v1/commendations/good-models")
    for i in range(8):
        m = model(world, title=f"Mô hình thử số {i}")
        services.model_adopt(acting=world.acting("other_officer"), good_model=m)
    with django_assert_max_num_queries(6):
        r = client.get("/api/v1/commendations/good-models?limit=100&q=mo hinh thu so")
    assert r.json()["count"] == 8 and all(i["followers"] == 1 for i in r.json()["items"])
