"""Serve the web application (gunicorn), its background worker (db_worker) and the scheduler of periodic
jobs (scheduler) together.

Ctrl-C (or SIGTERM) stops all three; if one stops on its own, the others are stopped too.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web cùng tiến trình nền và lịch chạy định kỳ; Ctrl-C dừng tất cả."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="số tiến trình web")

    def handle(self, *args, host, port, workers, **options):
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        web = [
            python,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ]
        worker = [python, manage, "db_worker", "--queue-name", "*", "--no-reload", "--interval", "1"]
        scheduler = [python, manage, "scheduler"]
        env = dict(os.environ)
        procs = [
            subprocess.Popen(web, cwd=settings.BASE_DIR, env=env),
            subprocess.Popen(worker, cwd=settings.BASE_DIR, env=env),
            subprocess.Popen(scheduler, cwd=settings.BASE_DIR, env=env),
        ]
        self.stdout.write(
            f"PhốiHợp đang chạy tại http://{host}:{port}/ cùng tiến trình nền và lịch chạy định kỳ. Ctrl-C để dừng."
        )

        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.5)
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
        self.stdout.write("Đã dừng máy chủ web, tiến trình nền và lịch chạy định kỳ.")
        codes = [p.returncode for p in procs]
        if not stopping and any(codes):
            sys.exit(1)
