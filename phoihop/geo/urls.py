from django.urls import path

from phoihop.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("options/", views.unit_options, name="options"),
    path("<int:unit_id>/", views.unit_detail, name="detail"),
]
