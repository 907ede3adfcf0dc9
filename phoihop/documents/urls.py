from django.urls import path

from phoihop.documents import views

app_name = "documents"
urlpatterns = [
    path("<str:attachment_id>/", views.attachment_download, name="attachment"),
]
