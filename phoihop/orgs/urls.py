from django.urls import path

from phoihop.accounts import views as accounts_views
from phoihop.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("new/", views.org_create, name="create"),
    path("options/", views.org_options, name="options"),
    path("<int:org_id>/", views.org_detail, name="detail"),
    path("<int:org_id>/edit/", views.org_edit, name="edit"),
    path("<int:org_id>/focal-points/new/", views.focal_point_create, name="focal_point_create"),
    path("focal-points/<int:focal_point_id>/edit/", views.focal_point_edit, name="focal_point_edit"),
    path("focal-points/<int:focal_point_id>/delete/", views.focal_point_delete, name="focal_point_delete"),
    path("<int:org_id>/members/add/", accounts_views.membership_add, name="membership_add"),
]
