from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "phoihop.opinions"
    label = "opinions"
    verbose_name = "Dư luận xã hội"

    def ready(self):
        from phoihop.notifications.schedule import periodic
        from phoihop.opinions import tasks

        periodic("opinions.remind_collaborators", tasks.remind_collaborators, daily_at=8)
