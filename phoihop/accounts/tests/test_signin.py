"""Signing in: generic errors, lock-out with the unlock time, two-factor authentication, demo accounts."""

import datetime as dt

import pyotp
import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from phoihop.accounts import services
from phoihop.accounts.models import User
from phoihop.core.errors import AuthFailed
from phoihop.core.models import AuditEvent
from phoihop.tests.support import PASSWORD, make_user

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_vietnamese(base_data):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="vi"' in body and "Đăng nhập" in body and "Tên đăng nhập" in body


def test_good_password_signs_in_and_is_audited(base_data):
    user = make_user()
    client = Client()
    response = post_login(client, user.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=user).exists()


def test_wrong_password_and_unknown_user_get_the_same_answer(base_data):
    user = make_user()
    r1 = post_login(Client(), user.username, "sai mật khẩu")
    r2 = post_login(Client(), "khong.co.ai", "sai mật khẩu")
    assert r1.status_code == r2.status_code == 401
    message = "Tên đăng nhập hoặc mật khẩu không đúng."
    assert message in r1.content.decode() and message in r2.content.decode()


def test_lock_out_after_repeated_failures_with_the_unlock_time(base_data, settings):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_LOCK_MINUTES = 15
    user = make_user()
    for _ in range(2):
        assert post_login(Client(), user.username, "sai").status_code == 401
    response = post_login(Client(), user.username, "sai")
    assert response.status_code == 423
    user.refresh_from_db()
    assert user.locked_until > timezone.now() + dt.timedelta(minutes=14)
    unlock = timezone.localtime(user.locked_until).strftime("%H:%M %d/%m/%Y")
    assert "Tài khoản tạm khóa" in response.content.decode() and unlock in response.content.decode()
    # even the right password is refused while locked
    assert post_login(Client(), user.username, PASSWORD).status_code == 423
    assert AuditEvent.objects.filter(action="auth.locked", object_id=str(user.pk)).exists()


def test_lock_expires(base_data, settings):
    settings.LOGIN_MAX_FAILURES = 2
    user = make_user()
    for _ in range(2):
        post_login(Client(), user.username, "sai")
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert post_login(Client(), user.username, PASSWORD).status_code == 302


def test_administrator_can_unlock(base_data, settings):
    from phoihop.tests.support import acting_of

    settings.LOGIN_MAX_FAILURES = 1
    user = make_user()
    post_login(Client(), user.username, "sai")
    admin = make_user(superuser=True)
    services.user_unlock(acting=acting_of(admin), user=User.objects.get(pk=user.pk))
    assert post_login(Client(), user.username, PASSWORD).status_code == 302


def test_system_administrator_must_enrol_two_factor_then_use_it(base_data):
    admin = make_user(superuser=True)
    client = Client()
    response = post_login(client, admin.username, PASSWORD)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:totp_setup"))
    # not signed in yet
    assert client.get("/").status_code == 302
    page = client.get(reverse("accounts:totp_setup"))
    assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()
    admin.refresh_from_db()
    assert admin.totp_secret and not admin.has_totp
    assert client.post(reverse("accounts:totp_setup"), {"code": "000000"}).status_code == 400
    code = pyotp.TOTP(admin.totp_secret).now()
    assert client.post(reverse("accounts:totp_setup"), {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    admin.refresh_from_db()
    assert admin.has_totp

    # next time: password, then a code; a replayed code is refused
    other = Client()
    assert post_login(other, admin.username, PASSWORD)["Location"].startswith(reverse("accounts:login_otp"))
    assert other.post(reverse("accounts:login_otp"), {"code": code}).status_code == 401
    assert other.get("/").status_code == 302


def test_two_factor_step_expires_and_cannot_be_skipped(base_data):
    admin = make_user(superuser=True)
    client = Client()
    post_login(client, admin.username, PASSWORD)
    session = client.session
    session["pending_login"]["at"] -= 3600
    session.save()
    assert client.get(reverse("accounts:totp_setup"))["Location"] == reverse("accounts:login")


@override_settings(DEBUG=False)
def test_demo_accounts_are_refused_when_debug_is_off(base_data):
    response = post_login(Client(), "btg.phubinh", "PhoiHop@2026")
    assert response.status_code == 401
    assert "chạy thử" in response.content.decode()
    with pytest.raises(AuthFailed):
        services.login_check(username="btg.phubinh", password="PhoiHop@2026")


@override_settings(DEBUG=True)
def test_demo_accounts_work_when_debug_is_on(base_data):
    assert post_login(Client(), "btg.phubinh", "PhoiHop@2026").status_code == 302


@override_settings(DEBUG=False)
def test_the_demo_password_cannot_be_chosen_for_real(base_data):
    from phoihop.core.errors import ValidationFailed
    from phoihop.tests.support import acting_of

    admin = make_user(superuser=True)
    user = make_user()
    with pytest.raises(ValidationFailed):
        services.user_set_password(acting=acting_of(admin), user=user, password="PhoiHop@2026")


def test_logout_is_a_post_and_is_audited(base_data):
    user = make_user()
    client = Client()
    post_login(client, user.username, PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=user).exists()


def test_password_reset_mail_is_vietnamese_and_link_works(base_data, mailoutbox):
    user = make_user(email="nguoi.dung@example.vn")
    client = Client()
    assert client.post("/accounts/password/reset/", {"email": "nguoi.dung@example.vn"}).status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "đặt lại mật khẩu" in mail.body
    link = next(line for line in mail.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Mật khẩu mới 2026!", "new_password2": "Mật khẩu mới 2026!"}
    )
    assert response.status_code == 302
    assert post_login(Client(), user.username, "Mật khẩu mới 2026!").status_code == 302
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(user.pk)).exists()


def test_wrong_codes_lock_the_account_even_between_correct_passwords(base_data, settings):
    """The password step must not clear the failures of the code step, or codes could be guessed forever."""
    from phoihop.tests.support import acting_of

    settings.LOGIN_MAX_FAILURES = 3
    admin = make_user(superuser=True)
    secret = services.totp_begin(acting=acting_of(admin))
    admin.refresh_from_db()
    services.totp_confirm(acting=acting_of(admin), code=pyotp.TOTP(secret).now())
    for _ in range(3):
        client = Client()
        assert post_login(client, admin.username, PASSWORD).status_code == 302
        client.post(reverse("accounts:login_otp"), {"code": "000000"})
    admin.refresh_from_db()
    assert admin.is_locked()
    # the code step now says so, with the time
    client = Client()
    response = post_login(client, admin.username, PASSWORD)
    assert response.status_code == 423 and "Tài khoản tạm khóa" in response.content.decode()


def test_code_step_reports_a_lock_with_its_time(base_data, settings):
    from phoihop.tests.support import acting_of

    settings.LOGIN_MAX_FAILURES = 2
    user = make_user()
    secret = services.totp_begin(acting=acting_of(user))
    user.refresh_from_db()
    services.totp_confirm(acting=acting_of(user), code=pyotp.TOTP(secret).now())
    client = Client()
    post_login(client, user.username, PASSWORD)
    assert client.post(reverse("accounts:login_otp"), {"code": "000000"}).status_code == 401
    locked = client.post(reverse("accounts:login_otp"), {"code": "111111"})
    assert locked.status_code == 423 and "Tài khoản tạm khóa" in locked.content.decode()


def test_password_reset_reaches_an_account_created_without_a_password(base_data, mailoutbox):
    from phoihop.tests.support import acting_of

    admin = make_user(superuser=True)
    services.user_create(
        acting=acting_of(admin), username="chua.co.mk", full_name="Chưa Có Mật Khẩu", email="moi@example.vn"
    )
    assert Client().post("/accounts/password/reset/", {"email": "moi@example.vn"}).status_code == 302
    assert len(mailoutbox) == 1


def test_a_new_password_revokes_api_tokens(base_data):
    from phoihop.accounts.models import ApiToken
    from phoihop.tests.support import acting_of

    user = make_user()
    _raw, token = services.token_create(acting=acting_of(user))
    services.user_set_password(acting=acting_of(make_user(superuser=True)), user=user, password="Mật khẩu mới 2026!")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_demo_session_ends_when_debug_is_turned_off(base_data, settings):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="btg.phubinh"))
    settings.DEBUG = True
    assert client.get("/").status_code == 200
    settings.DEBUG = False
    assert client.get("/").status_code == 302


def test_audit_records_the_client_address_behind_the_proxy(base_data, settings):
    settings.BEHIND_PROXY = True
    user = make_user()
    Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").post(
        LOGIN, {"username": user.username, "password": PASSWORD}
    )
    assert AuditEvent.objects.filter(action="auth.login", actor=user).latest("id").ip == "203.0.113.9"
