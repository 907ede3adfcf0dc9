from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "phoihop.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.db.models import CharField
        from django.db.models.signals import post_delete, post_save

        from phoihop.core.fields import Subtree

        CharField.register_lookup(Subtree)

        from phoihop.core import workdays
        from phoihop.core.models import Holiday

        post_save.connect(workdays.clear_cache, sender=Holiday, dispatch_uid="core.holiday.save")
        post_delete.connect(workdays.clear_cache, sender=Holiday, dispatch_uid="core.holiday.delete")


class PhoiHopAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "phoihop.core.admin_site.PhoiHopAdminSite"
