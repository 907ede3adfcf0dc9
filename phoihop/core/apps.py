from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "phoihop.core"
    label = "core"
    verbose_name = _("Hệ thống")


class PhoiHopAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "phoihop.core.admin_site.PhoiHopAdminSite"
