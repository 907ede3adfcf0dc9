from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "phoihop.plans"
    label = "plans"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self):
        from phoihop.notifications.calendar_feed import calendar_source
        from phoihop.notifications.schedule import periodic
        from phoihop.plans import calendar, tasks

        periodic("plans.deadline_reminders", tasks.deadline_reminders, daily_at=7)
        periodic("plans.occurrences_extend", tasks.occurrences_extend, daily_at=2)
        calendar_source(calendar.deadline_events)
