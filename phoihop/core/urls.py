from django.urls import path

from phoihop.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:event_id>/", views.audit_detail, name="audit_detail"),
]
