"""`manage.py scheduler`: enqueue the registered periodic jobs once per slot (see notifications/schedule.py).

Runs until SIGINT/SIGTERM (`manage.py serve` starts it next to the web server and the worker); any number
may run at once. `--once` does one pass and exits.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from phoihop.notifications.schedule import jobs, run_due

logger = logging.getLogger("phoihop.scheduler")


class Command(BaseCommand):
    help = "Đưa các công việc định kỳ vào hàng đợi, mỗi kỳ một lần; Ctrl-C để dừng."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi thoát")
        parser.add_argument("--interval", type=float, default=20.0, help="số giây giữa hai lượt (mặc định 20)")

    def handle(self, *args, once: bool, interval: float, **options):
        if once:
            self.run_pass()
            return
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        names = ", ".join(job.name for job in jobs()) or "—"
        self.stdout.write(f"Lịch chạy định kỳ: {names}. Ctrl-C để dừng.")
        while not stopping:
            close_old_connections()  # a long-lived process: drop dead or aged connections, as requests do
            try:
                self.run_pass()
            except Exception:  # the database may be away for a moment: keep going, never take `serve` down
                logger.exception("scheduler pass failed; retrying in %s s", interval)
            deadline = time.monotonic() + max(0.1, interval)
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.25, max(0.0, deadline - time.monotonic())))
        close_old_connections()
        self.stdout.write("Đã dừng lịch chạy định kỳ.")

    def run_pass(self) -> None:
        for name, slot in run_due():
            self.stdout.write(f"Đã đưa vào hàng đợi: {name} (kỳ {slot})")
