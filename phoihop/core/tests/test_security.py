"""Security settings that a deployment relies on: headers, cookies, password hashing."""

import pytest
from django.conf import settings
from django.test import Client

from phoihop.tests.support import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_security_headers_on_pages(base_data):
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_session_cookie_flags(base_data, settings):
    settings.SESSION_COOKIE_SECURE = True
    user = make_user()
    response = Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"


def test_production_defaults():
    # without PHOIHOP_DEBUG the settings are the production ones
    assert settings.PASSWORD_HASHERS[-2] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.X_FRAME_OPTIONS == "DENY"


def test_argon2_is_the_stored_hash_in_production(base_data, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = make_user()
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
