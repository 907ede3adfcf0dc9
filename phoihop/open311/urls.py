"""Open311 GeoReport v2 under /open311/: discovery beside the base, the resources under v2/."""

from django.urls import re_path

from phoihop.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>[^/.]+)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^v2/discovery" + FMT, views.discovery),
    re_path(r"^v2/services" + FMT, views.service_list, name="services"),
    re_path(r"^v2/services/(?P<code>[^/]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^v2/requests" + FMT, views.request_collection, name="requests"),
    re_path(r"^v2/requests/(?P<code>[^/]+)" + FMT, views.request_detail, name="request"),
    re_path(r"^v2/tokens/(?P<token>[^/]+)" + FMT, views.token_detail, name="token"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
