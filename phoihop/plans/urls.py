from django.urls import path
from django.views.generic import RedirectView

from phoihop.plans import views

app_name = "plans"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="plans:task_list"), name="index"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/assignees/", views.assignee_options, name="assignee_options"),
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/actions/<slug:action>/", views.task_action, name="task_action"),
    path("tasks/<int:task_id>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:task_id>/comments/", views.task_comment, name="task_comment"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/respond/", views.plan_respond, name="respond"),
    path("<int:plan_id>/actions/<slug:action>/", views.plan_action, name="action"),
    path("<int:plan_id>/document.<slug:fmt>", views.plan_document, name="document"),
    path("<int:plan_id>/tasks.xlsx", views.plan_tasks_xlsx, name="tasks_xlsx"),
    path("<int:plan_id>/template.xlsx", views.plan_template_xlsx, name="template_xlsx"),
    path("<int:plan_id>/import/", views.plan_import, name="import"),
    path("<int:plan_id>/tasks/new/", views.plan_task_create, name="plan_task_create"),
]
