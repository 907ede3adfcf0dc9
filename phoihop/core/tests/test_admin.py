"""Django admin: signed in through the application, scoped for organisation administrators, audited."""

import pytest

from phoihop.accounts.models import Role
from phoihop.core.models import AuditEvent
from phoihop.orgs.models import Organization
from phoihop.tests.support import make_user, page_client

pytestmark = pytest.mark.django_db


def test_admin_sign_in_goes_through_the_application_login(base_data):
    from django.test import Client

    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "path",
    [
        "orgs/organization",
        "orgs/focalpoint",
        "orgs/orgtype",
        "accounts/user",
        "accounts/membership",
        "accounts/apitoken",
        "core/auditevent",
        "geo/adminunit",
    ],
)
def test_system_administrator_opens_every_list(demo, path):
    client = page_client(make_user(superuser=True))
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/?q=phu+binh").status_code == 200


def test_org_admin_sees_only_its_records(demo):
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    client = page_client(admin)
    listing = client.get("/admin/orgs/organization/").content.decode()
    assert "Ủy ban nhân dân huyện Phú Bình" in listing and "Khánh Hòa" not in listing
    assert (
        client.get(f"/admin/orgs/organization/{demo.btg_kh.pk}/change/").status_code == 302
    )  # not visible: back to index
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    members = client.get("/admin/accounts/membership/").content.decode()
    assert admin.full_name in members and "Dương Văn Mưu" not in members


def test_admin_edit_goes_through_the_service_and_is_audited(demo):
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    client = page_client(admin)
    org = demo.ubnd_pb
    url = f"/admin/orgs/organization/{org.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else ("" if value is None else value))
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update({"phone": "0208 999 888", "focal_points-TOTAL_FORMS": "0", "focal_points-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organization.objects.get(pk=org.pk).phone == "0208 999 888"
    event = AuditEvent.objects.get(action="org.update", actor=admin)
    assert event.after["phone"] == "0208 999 888" and event.organization_id == org.pk
