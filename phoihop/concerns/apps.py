from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "phoihop.concerns"
    label = "concerns"
    verbose_name = _("Vấn đề nổi cộm, bức xúc")

    def ready(self):
        from phoihop.concerns import tasks
        from phoihop.notifications.schedule import periodic

        periodic("concerns.escalate_overdue", tasks.escalate_overdue, daily_at=6)
        periodic("concerns.purge_contacts", tasks.purge_contacts, daily_at=3)
        periodic("concerns.deadline_reminders", tasks.deadline_reminders, daily_at=7)
