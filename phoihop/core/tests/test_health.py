"""GET /healthz: 200 when the database answers and a real db_worker runs tasks; 503 otherwise."""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.test import Client


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_health_follows_a_real_worker(monkeypatch):
    monkeypatch.setattr(settings, "HEALTH_WORKER_WAIT_SECONDS", 15)
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        response = Client().get("/healthz")
        body = response.json()
        assert response.status_code == 200, body
        assert body["status"] == "ok" and body["database"]["ok"] and body["worker"]["ok"]
        # a fresh heartbeat answers at once, without a new task
        assert Client().get("/healthz").status_code == 200
    finally:
        worker.terminate()
        worker.wait(timeout=20)

    # the worker is gone and its last heartbeat is no longer fresh: 503
    monkeypatch.setattr(settings, "HEALTH_WORKER_FRESH_SECONDS", 0)
    monkeypatch.setattr(settings, "HEALTH_WORKER_WAIT_SECONDS", 0.5)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False and response.json()["status"] == "down"


@pytest.mark.django_db
def test_health_is_503_when_the_database_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "vendor": connection.vendor, "error": "DatabaseError"}
