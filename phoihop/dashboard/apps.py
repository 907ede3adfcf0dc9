from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "phoihop.dashboard"
    label = "dashboard"
    verbose_name = "Tổng quan lãnh đạo"
