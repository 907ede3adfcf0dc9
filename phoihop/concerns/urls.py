from django.urls import path

from phoihop.concerns import import_views, views

app_name = "concerns"
urlpatterns = [
    path("", views.concern_list, name="list"),
    path("new/", views.concern_create, name="create"),
    path("new/duplicates/", views.duplicates, name="duplicates"),
    path("new/topic-suggest/", views.topic_suggest, name="topic_suggest"),
    path("new/units/", views.unit_suggestions, name="unit_suggestions"),
    path("quick/", views.quick_report, name="quick"),
    path("import/", import_views.concern_import, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("track/", views.track, name="track"),
    path("<int:concern_id>/", views.concern_detail, name="detail"),
    path("<int:concern_id>/edit/", views.concern_edit, name="edit"),
    path("<int:concern_id>/contacts/", views.concern_contacts, name="contacts"),
    path("<int:concern_id>/actions/<slug:action>/", views.concern_action, name="action"),
    path("<int:concern_id>/responses/", views.response_add, name="response_add"),
    path("<int:concern_id>/responses/<int:response_id>/done/", views.response_done, name="response_done"),
]
