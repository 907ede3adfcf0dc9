from django.urls import path, re_path

from phoihop.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_form, name="new"),
    path("feed/", views.org_feed, name="feed"),
    path("feed/<slug:token>.ics", views.org_feed_ics, name="feed_ics"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_form, name="edit"),
    path("<int:meeting_id>/answer/", views.meeting_answer, name="answer"),
    path("<int:meeting_id>/transition/", views.meeting_transition, name="transition"),
    path("<int:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:meeting_id>/minutes/", views.meeting_minutes, name="minutes"),
    path("<int:meeting_id>/conclusions/", views.conclusion_add, name="conclusion_add"),
    path("<int:meeting_id>/conclusions/<int:conclusion_id>/task/", views.conclusion_task, name="conclusion_task"),
    path("<int:meeting_id>/proposals/", views.proposals_confirm, name="proposals"),
    path("<int:meeting_id>/issue/<str:which>/", views.document_issue, name="issue"),
    path("<int:meeting_id>/documents/", views.documents_add, name="documents"),
    path("<int:meeting_id>.ics", views.meeting_ics, name="ics"),
    re_path(
        r"^(?P<meeting_id>[0-9]+)/(?P<which>minutes|notice)\.(?P<fmt>docx|pdf)$",
        views.meeting_document,
        name="document",
    ),
]
