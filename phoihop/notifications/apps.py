import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "phoihop.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from phoihop.notifications.schedule import periodic
        from phoihop.notifications.tasks import email_digests

        # hourly: the task itself picks the users whose digest hour has come
        periodic("notifications.digest", email_digests, every=dt.timedelta(hours=1))
