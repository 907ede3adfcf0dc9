from django.urls import path, re_path

from phoihop.opinions import views

app_name = "opinions"
urlpatterns = [
    path("", views.index, name="index"),
    path("reports/new/", views.report_form, name="new"),
    path("quick/new/", views.quick_form, name="quick"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/edit/", views.report_form, name="edit"),
    path("network/", views.network, name="network"),
    re_path(r"^months/(?P<month>[0-9]{4}-[0-9]{2})/$", views.month_page, name="month"),
    re_path(r"^months/(?P<month>[0-9]{4}-[0-9]{2})/(?P<fmt>docx|pdf)$", views.month_export, name="export"),
]
