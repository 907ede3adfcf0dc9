import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def can_view_request_file(acting, owner_id: str) -> bool:
    from phoihop.exchanges import selectors

    return selectors.request_visible_id(acting, owner_id)


def can_view_supply_file(acting, owner_id: str) -> bool:
    from phoihop.exchanges import selectors

    return selectors.supply_visible_id(acting, owner_id)


def can_view_quick_report_file(acting, owner_id: str) -> bool:
    from phoihop.exchanges import selectors

    return selectors.quick_report_visible_id(acting, owner_id)


class ExchangesConfig(AppConfig):
    name = "phoihop.exchanges"
    label = "exchanges"
    verbose_name = _("Cung cấp thông tin")

    def ready(self):
        from phoihop.documents.owners import register_owner
        from phoihop.exchanges import tasks
        from phoihop.notifications.schedule import periodic

        register_owner("exchanges.inforequest", can_view_request_file)
        register_owner("exchanges.infosupply", can_view_supply_file)
        register_owner("exchanges.quickreport", can_view_quick_report_file)
        periodic("exchanges.obligations_generate", tasks.obligations_generate, daily_at=1)
        periodic("exchanges.reminders", tasks.reminders, every=dt.timedelta(hours=1))
