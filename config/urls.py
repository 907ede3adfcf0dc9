from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language

from phoihop.api.main import api, not_found
from phoihop.core.views import healthz

admin.site.site_header = "PhốiHợp — Quản trị"
admin.site.site_title = "PhốiHợp"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found),
    path("accounts/", include("phoihop.accounts.urls")),
    path("units/", include("phoihop.geo.urls")),
    path("orgs/", include("phoihop.orgs.urls")),
    path("programs/", include("phoihop.programs.urls")),
    path("plans/", include("phoihop.plans.urls")),
    path("files/", include("phoihop.documents.urls")),
    path("concerns/", include("phoihop.concerns.urls")),
    path("exchanges/", include("phoihop.exchanges.urls")),
    path("hotspots/", include("phoihop.hotspots.urls")),
    path("opinion/", include("phoihop.opinions.urls")),
    path("meetings/", include("phoihop.meetings.urls")),
    path("reports/", include("phoihop.reports.urls")),
    path("commendations/", include("phoihop.commendations.urls")),
    path("dashboard/", include("phoihop.dashboard.urls")),
    path("open311/", include("phoihop.open311.urls")),
    path("notifications/", include("phoihop.notifications.urls")),
    path("", include("phoihop.core.urls")),
]
