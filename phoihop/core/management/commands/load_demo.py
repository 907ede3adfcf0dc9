from django.core.management.base import BaseCommand

from phoihop.core.demo import DEMO_USERNAMES, demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cơ quan trong các bài nguồn, tài khoản mẫu). Chạy lại không thay đổi gì."

    def handle(self, *args, **options):
        created = demo_load()
        total = sum(created.values())
        self.stdout.write(
            "Dữ liệu mẫu: "
            + ("đã có đủ, không thay đổi." if not total else ", ".join(f"{k} +{v}" for k, v in created.items()))
        )
        self.stdout.write("Tài khoản mẫu (mật khẩu PhoiHop@2026, chỉ khi DEBUG bật): " + ", ".join(DEMO_USERNAMES))
