from django.urls import path, re_path

from phoihop.commendations import views

app_name = "commendations"
urlpatterns = [
    path("", views.commendation_list, name="list"),
    path("new/", views.commendation_form, name="new"),
    re_path(r"^export\.(?P<fmt>xlsx|docx)$", views.commendation_export, name="export"),
    path("<int:commendation_id>/", views.commendation_detail, name="detail"),
    path("<int:commendation_id>/edit/", views.commendation_form, name="edit"),
    path("<int:commendation_id>/action/", views.commendation_action, name="action"),
    path("<int:commendation_id>/award/", views.commendation_award, name="award"),
    path("good-models/", views.model_list, name="models"),
    path("good-models/new/", views.model_form, name="model_new"),
    path("good-models/<int:model_id>/", views.model_detail, name="model_detail"),
    path("good-models/<int:model_id>/edit/", views.model_form, name="model_edit"),
    path("good-models/<int:model_id>/publish/", views.model_publish, name="model_publish"),
    path("good-models/<int:model_id>/adopt/", views.model_adopt, name="model_adopt"),
    path("good-models/<int:model_id>/files/", views.model_files, name="model_files"),
]
