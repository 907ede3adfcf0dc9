"""`manage.py serve` (what `make run` ends with): web server, worker and scheduler together; Ctrl-C stops all."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from phoihop.core.tests.test_health import database_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = subprocess.run(
        ["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True, check=False
    ).stdout.strip()
    return bool(state) and not state.startswith("Z")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_serve_runs_web_worker_and_scheduler_and_ctrl_c_stops_them():
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url(), "PHOIHOP_DEBUG": "1", "PHOIHOP_HEALTH_WORKER_WAIT": "10"}
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=15) as response:
                    body = json.loads(response.read())
                    break
            except OSError:
                time.sleep(0.5)
        assert body is not None and body["status"] == "ok" and body["worker"]["ok"], body
        kids = children_of(proc.pid)
        assert len(kids) == 3  # gunicorn master, db_worker and scheduler
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while any(alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(k) for k in kids)
    finally:
        if proc.poll() is None:
            proc.kill()
