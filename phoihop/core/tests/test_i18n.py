"""Vietnamese first, whatever the browser says; English when the user chooses it."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_vietnamese_even_for_an_english_browser(base_data):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/accounts/login/")
    assert 'lang="vi"' in response.content.decode() and "Đăng nhập" in response.content.decode()


def test_english_after_choosing_it(base_data):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in page and "Sign in" in page and "Username" in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/accounts/login/"})
    assert "Đăng nhập" in client.get("/accounts/login/").content.decode()
