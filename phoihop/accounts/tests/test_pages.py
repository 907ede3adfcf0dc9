"""Administration pages: users and memberships; switching the organisation acted for."""

import pytest

from phoihop.accounts.acting import SESSION_KEY
from phoihop.accounts.models import Membership, Role, User
from phoihop.core.models import AuditEvent
from phoihop.tests.support import make_user, page_client

pytestmark = pytest.mark.django_db


def test_switching_the_acting_org_changes_what_is_recorded(demo):
    user = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    from phoihop.accounts.services import membership_add

    membership_add(acting=None, user=user, organization=demo.ubnd_pb, role=Role.ORG_ADMIN)
    client = page_client(user)
    assert "BTG Huyện ủy Phú Bình" in client.get("/").content.decode()
    response = client.post("/accounts/acting/", {"organization": demo.ubnd_pb.pk, "next": "/orgs/"})
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    assert client.session[SESSION_KEY] == demo.ubnd_pb.pk
    switch = AuditEvent.objects.get(action="auth.switch_org", actor=user)
    assert switch.organization_id == demo.ubnd_pb.pk
    client.post(f"/orgs/{demo.ubnd_pb.pk}/focal-points/new/", {"full_name": "Đầu mối mới"})
    event = AuditEvent.objects.get(action="focal_point.create", actor=user)
    assert event.organization_id == demo.ubnd_pb.pk


def test_switching_to_an_org_one_is_not_member_of_is_404(demo):
    client = page_client(make_user(org=demo.btg_pb))
    assert client.post("/accounts/acting/", {"organization": demo.hdnd_kh.pk}).status_code == 404
    assert client.post("/accounts/acting/", {"organization": "abc"}).status_code == 404


def test_org_admin_creates_a_user_who_gets_a_link_by_mail(demo, mailoutbox, django_capture_on_commit_callbacks):
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    client = page_client(admin, demo.ubnd_pb)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/users/new/",
            {"username": "can.bo.moi", "full_name": "Cán Bộ Mới", "email": "moi@example.vn", "role": "officer"},
        )
    assert response.status_code == 302
    user = User.objects.get(username="can.bo.moi")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organization=demo.ubnd_pb, role="officer").exists()
    assert len(mailoutbox) == 1 and "/accounts/password/reset/" in mailoutbox[0].body


def test_user_form_errors(demo):
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    client = page_client(admin)
    taken = client.post(
        "/accounts/users/new/",
        {"username": admin.username, "full_name": "X", "role": "officer", "password": "Mật khẩu dài 2026!"},
    )
    assert taken.status_code == 400 and "Tên đăng nhập này đã có người dùng." in taken.content.decode()
    no_mail = client.post(
        "/accounts/users/new/", {"username": "khong.mail", "full_name": "Không Thư", "role": "officer"}
    )
    assert no_mail.status_code == 400 and "Cần thư điện tử" in no_mail.content.decode()
    assert not User.objects.filter(username="khong.mail").exists()
    weak = client.post(
        "/accounts/users/new/", {"username": "yeu", "full_name": "Mật Khẩu Yếu", "role": "officer", "password": "123"}
    )
    assert weak.status_code == 400 and "quá ngắn" in weak.content.decode()


def test_membership_add_edit_remove(demo):
    admin = make_user(org=demo.btg_tn, role=Role.ORG_ADMIN)
    someone = make_user(org=demo.btg_pb)  # a member of a body in Thái Nguyên's roll-up
    client = page_client(admin)
    assert (
        client.post(f"/orgs/{demo.btg_tn.pk}/members/add/", {"username": "khong-co", "role": "officer"}).status_code
        == 400
    )
    assert (
        client.post(
            f"/orgs/{demo.btg_tn.pk}/members/add/", {"username": someone.username, "role": "viewer"}
        ).status_code
        == 302
    )
    m = Membership.objects.get(user=someone, organization=demo.btg_tn)
    bad_dates = {"role": "leader", "active_from": "01/01/2026", "active_to": "01/01/2025"}
    assert client.post(f"/accounts/memberships/{m.pk}/edit/", bad_dates).status_code == 400
    assert client.post(f"/accounts/memberships/{m.pk}/edit/", {"role": "leader"}).status_code == 302
    m.refresh_from_db()
    assert m.role == "leader"
    assert client.post(f"/accounts/memberships/{m.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=m.pk).exists()
    # another organisation's administrator cannot touch it
    other = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    mine = Membership.objects.get(user=admin)
    assert page_client(other).post(f"/accounts/memberships/{mine.pk}/remove/").status_code == 404


def test_an_org_admin_cannot_pull_in_users_from_outside_its_scope(demo):
    """Adding someone would give the administrator their contact details and their password: refused."""
    admin = make_user(org=demo.ubnd_pb, role=Role.ORG_ADMIN)
    stranger = make_user(org=demo.hdnd_kh)
    nobody = make_user()
    client = page_client(admin)
    for user in (stranger, nobody):
        response = client.post(f"/orgs/{demo.ubnd_pb.pk}/members/add/", {"username": user.username, "role": "officer"})
        assert response.status_code == 403 and "nhờ quản trị hệ thống" in response.content.decode()
        assert not Membership.objects.filter(user=user, organization=demo.ubnd_pb).exists()
        assert client.get(f"/accounts/users/{user.pk}/").status_code == 404
        assert (
            client.post(f"/accounts/users/{user.pk}/password/", {"password": "Mật khẩu chiếm 2026!"}).status_code == 404
        )


def test_profile_creates_and_revokes_tokens(demo):
    user = make_user(org=demo.btg_pb)
    client = page_client(user)
    page = client.post("/accounts/me/", {"name": "tích hợp", "days": 30}).content.decode()
    assert "chỉ hiện một lần" in page and "ph_" in page
    token = user.api_tokens.get()
    assert client.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_audit_log_page_shows_before_and_after(demo):
    admin = make_user(superuser=True)
    client = page_client(admin)
    from phoihop.orgs.services import org_update
    from phoihop.tests.support import acting_of

    org_update(acting=acting_of(admin), org=demo.ubnd_pb, phone="0208 111 222")
    listing = client.get("/audit/?action=org.update").content.decode()
    assert ("org.update" in listing and "UBND huyện Phú Bình" in listing) or "Ủy ban nhân dân huyện Phú Bình" in listing
    event = AuditEvent.objects.filter(action="org.update").latest("id")
    detail = client.get(f"/audit/{event.pk}/").content.decode()
    assert "0208 111 222" in detail and "<del>" in detail


def test_a_collaborator_role_elsewhere_is_not_revealed(demo):
    from phoihop.accounts.services import membership_add
    from phoihop.tests.support import api_client

    person = make_user(org=demo.btg_pb, role=Role.OFFICER)
    membership_add(acting=None, user=person, organization=demo.btg_tn, role=Role.COLLABORATOR)
    leader_pb = make_user(org=demo.btg_pb, role=Role.LEADER)
    page = page_client(leader_pb).get(f"/accounts/users/{person.pk}/").content.decode()
    assert "Ban Tuyên giáo Huyện ủy Phú Bình" in page and "Ban Tuyên giáo Tỉnh ủy Thái Nguyên" not in page
    api = api_client(leader_pb).get(f"/api/v1/users/{person.pk}").json()
    assert [m["organization"]["name"] for m in api["memberships"]] == ["Ban Tuyên giáo Huyện ủy Phú Bình"]
    leader_tn = make_user(org=demo.btg_tn, role=Role.LEADER)
    # the department the person collaborates with sees it
    assert "Cộng tác viên" in page_client(leader_tn).get(f"/accounts/users/{person.pk}/").content.decode()


def test_opening_the_edit_form_is_a_recorded_view(demo):
    leader = make_user(org=demo.btg_pb, role=Role.ORG_ADMIN)
    person = make_user(org=demo.btg_pb)
    assert page_client(leader).get(f"/accounts/users/{person.pk}/edit/").status_code == 200
    assert AuditEvent.objects.filter(action="user.view", actor=leader, object_id=str(person.pk)).exists()
