"""Test set-up shared by every app.

The administrative units (14,165 rows) and the demo organisations and accounts are loaded once into
the test database; tests run in transactions on top of them. Tests that need committed data
(browser, worker) use `transactional_db` and run last; the `base_data` fixture reloads what a
flush removed.
"""

import pytest
from django.conf import settings


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.HEALTH_WORKER_WAIT_SECONDS = 0.5
    # hashing speed only: production uses Argon2 (checked in accounts/tests/test_security.py)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from phoihop.core.demo import demo_load
    from phoihop.geo.services import units_load

    with django_db_blocker.unblock():
        units_load()
        demo_load()
    yield


@pytest.fixture
def base_data(db):
    """Units and demo data, reloaded if a transactional test flushed them."""
    from phoihop.core.demo import demo_load
    from phoihop.geo.models import AdminUnit
    from phoihop.geo.services import units_load

    if not AdminUnit.objects.exists():
        units_load()
    demo_load()


@pytest.fixture
def demo(base_data):
    """Demo organisations and users by short keys."""
    from phoihop.tests.support import Demo

    return Demo()
