from django.urls import path

from phoihop.exchanges import views

app_name = "exchanges"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("<int:request_id>/", views.request_detail, name="detail"),
    path("<int:request_id>/close/", views.request_close, name="close"),
    path("obligations/", views.obligation_list, name="obligations"),
    path("obligations/<int:obligation_id>/", views.obligation_detail, name="obligation"),
    path("obligations/<int:obligation_id>/supply/", views.supply_add, name="supply"),
    path("obligations/<int:obligation_id>/review/<slug:action>/", views.obligation_review, name="review"),
    path("quick/", views.quick_list, name="quick_list"),
    path("quick/new/", views.quick_create, name="quick_create"),
    path("quick/<int:report_id>/", views.quick_detail, name="quick_detail"),
    path("statistics/", views.statistics, name="statistics"),
]
