from django.urls import path, re_path

from phoihop.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:call_id>/", views.call_detail, name="call_detail"),
    path("calls/<int:call_id>/report/", views.call_report, name="call_report"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/transition/", views.report_transition, name="transition"),
    path("<int:report_id>/compile/", views.report_compile, name="compile"),
    path("<int:report_id>/new-version/", views.report_new_version, name="new_version"),
    re_path(r"^(?P<report_id>[0-9]+)\.(?P<fmt>docx|pdf|xlsx)$", views.report_document, name="document"),
]
