"""Application keys: issued by system administrators in the admin (shown once) or from the command line,
stored hashed, revoked."""

import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command

from phoihop.accounts.models import Role
from phoihop.core.errors import NotFound
from phoihop.core.models import AuditEvent
from phoihop.open311 import services
from phoihop.open311.models import ApiKey
from phoihop.open311.tests.conftest import BASE
from phoihop.tests.support import acting_of, make_user, page_client

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_only_as_its_hash(issued):
    raw, key = issued
    assert raw.startswith("o311_") and len(raw) > 40
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest() and key.prefix == raw[:12]
    assert raw not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    event = AuditEvent.objects.filter(action="open311.key_issue").latest("id")
    assert raw not in str(event.after) and "key_hash" not in event.after


def test_only_system_administrators_issue_keys(demo):
    officer = make_user(org=demo.btg_kh, role=Role.ORG_ADMIN)
    with pytest.raises(NotFound):
        services.api_key_issue(acting=acting_of(officer, demo.btg_kh), application="X", organization=demo.btg_kh)
    raw, key = services.api_key_issue(
        acting=acting_of(make_user(superuser=True)), application="X", organization=demo.btg_kh
    )
    assert services.api_key_authenticate(raw) == key


def test_the_admin_shows_the_new_key_once(client, demo):
    admin = page_client(make_user(superuser=True))
    assert admin.get("/admin/open311/apikey/").status_code == 200
    assert admin.get("/admin/open311/apikey/add/").status_code == 200
    response = admin.post(
        "/admin/open311/apikey/add/", {"application": "Tổng đài 1022 Khánh Hòa", "organization": demo.btg_kh.pk}
    )
    assert response.status_code == 200, response.content[:2000]
    page = response.content.decode()
    raw = re.search(r'id="open311-key">(o311_[^<]+)<', page).group(1)
    key = ApiKey.objects.get(application="Tổng đài 1022 Khánh Hòa")
    assert key.prefix == raw[:12] and "no-store" in response["Cache-Control"]
    assert raw not in admin.get(f"/admin/open311/apikey/{key.pk}/change/").content.decode()
    assert raw not in admin.get("/admin/open311/apikey/").content.decode()
    admin.post("/admin/open311/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None and not key.is_active
    assert client.post(f"{BASE}/requests.json", {"api_key": raw}).status_code == 403


def test_organisation_administrators_do_not_see_keys(demo, issued):
    client = page_client(make_user(org=demo.btg_kh, role=Role.ORG_ADMIN), demo.btg_kh)
    assert client.get("/admin/open311/apikey/").status_code in (302, 403)
    assert client.get("/admin/open311/apikey/add/").status_code in (302, 403)


def test_the_command_prints_a_working_key_and_revokes(demo, client):
    out, err = io.StringIO(), io.StringIO()
    call_command("open311_key", "Ứng dụng Thái Nguyên", str(demo.btg_tn.pk), stdout=out, stderr=err)
    raw = out.getvalue().strip()
    key = services.api_key_authenticate(raw)
    assert key.organization == demo.btg_tn and key.application == "Ứng dụng Thái Nguyên"
    call_command("open311_key", "--revoke", str(key.pk), stdout=io.StringIO())
    with pytest.raises(services.PermissionDenied):
        services.api_key_authenticate(raw)
    with pytest.raises(CommandError):
        call_command("open311_key", "X", "999999", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("open311_key", stdout=io.StringIO())
