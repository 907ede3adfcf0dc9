from django.urls import path

from phoihop.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("legal-documents/new/", views.legal_document_create, name="legal_document_create"),
    path("legal-documents/options/", views.legal_document_options, name="legal_document_options"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/edit/", views.program_edit, name="edit"),
    path("<int:program_id>/amend/", views.program_amend, name="amend"),
    path("<int:program_id>/respond/", views.program_respond, name="respond"),
    path("<int:program_id>/actions/<slug:action>/", views.program_action, name="action"),
    path("<int:program_id>/contents/move/", views.content_move, name="content_move"),
    path("<int:program_id>/plans/new/", views.plan_create, name="plan_create"),
    path("<int:program_id>/document.<slug:fmt>", views.program_document, name="document"),
    path("<int:program_id>/revisions/<int:revision>/", views.revision_detail, name="revision"),
]
