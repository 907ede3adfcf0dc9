from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "phoihop.reports"
    label = "reports"
    verbose_name = "Báo cáo"
