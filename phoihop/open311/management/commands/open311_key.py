from django.core.management.base import BaseCommand, CommandError

from phoihop.core.errors import DomainError
from phoihop.open311 import services
from phoihop.open311.models import ApiKey
from phoihop.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Cấp khóa API Open311 cho một ứng dụng tích hợp, ghi nhận thay cơ quan <organization id>; in khóa ra "
        "một lần duy nhất. Với --revoke <id khóa>: thu hồi khóa."
    )

    def add_arguments(self, parser):
        parser.add_argument("application", nargs="?", help="tên ứng dụng tích hợp")
        parser.add_argument("organization", nargs="?", type=int, help="id của cơ quan tiếp nhận")
        parser.add_argument("--revoke", type=int, metavar="ID", help="thu hồi khóa có id này")

    def handle(self, *args, application=None, organization=None, revoke=None, **options):
        if revoke is not None:
            key = ApiKey.objects.filter(pk=revoke).first()
            if key is None:
                raise CommandError(f"Không có khóa #{revoke}.")
            services.api_key_revoke(acting=None, key=key)
            self.stdout.write(f"Đã thu hồi khóa #{key.pk} ({key.application}, {key.prefix}…).")
            return
        if not application or organization is None:
            raise CommandError('Cách dùng: manage.py open311_key "<tên ứng dụng>" <id cơ quan>')
        org = Organization.objects.filter(pk=organization).first()
        if org is None:
            raise CommandError(f"Không có cơ quan #{organization}.")
        try:
            raw, key = services.api_key_issue(acting=None, application=application, organization=org)
        except DomainError as e:
            raise CommandError(str(e.message)) from None
        self.stderr.write(
            f"Khóa #{key.pk} cho “{key.application}”, ghi nhận thay {org.name}. "
            "Khóa chỉ hiện một lần này: hãy chuyển cho ứng dụng qua kênh an toàn."
        )
        self.stdout.write(raw)
