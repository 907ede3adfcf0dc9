from django.urls import path

from phoihop.hotspots import views

app_name = "hotspots"
urlpatterns = [
    path("", views.hotspot_list, name="list"),
    path("<int:hotspot_id>/", views.hotspot_detail, name="detail"),
    path("<int:hotspot_id>/acknowledge/", views.hotspot_acknowledge, name="acknowledge"),
    path("<int:hotspot_id>/close/", views.hotspot_close, name="close"),
]
