import time

from django.core.management.base import BaseCommand

from phoihop.geo.models import AdminUnit
from phoihop.geo.services import units_load


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính hiện hành và trước 2025 từ gói vietnam-provinces (chạy lại không đổi gì)."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = units_load()
        counts = {
            (g, lv): AdminUnit.objects.filter(generation=g, level=lv).count()
            for g in AdminUnit.Generation.values
            for lv in (1, 2, 3)
        }
        self.stdout.write(
            f"Đơn vị hành chính: +{result.created} mới, {result.updated} cập nhật, +{result.links_created} liên kết "
            f"({time.monotonic() - started:.1f} s). Hiện hành: {counts[('current', 1)]} tỉnh, {counts[('current', 3)]} xã; "
            f"trước 2025: {counts[('legacy', 1)]} tỉnh, {counts[('legacy', 2)]} huyện, {counts[('legacy', 3)]} xã."
        )
