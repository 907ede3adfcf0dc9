from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "phoihop.programs"
    label = "programs"
    verbose_name = _("Chương trình phối hợp")

    def ready(self):
        from phoihop.notifications.schedule import periodic
        from phoihop.programs import tasks

        periodic("programs.expire", tasks.programs_expire, daily_at=1)
