from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "phoihop.meetings"
    label = "meetings"
    verbose_name = "Hội nghị, giao ban"

    def ready(self):
        from phoihop.documents.owners import register_owner
        from phoihop.meetings import tasks
        from phoihop.meetings.selectors import user_meeting_events
        from phoihop.notifications.calendar_feed import calendar_source
        from phoihop.notifications.schedule import periodic

        calendar_source(user_meeting_events)
        periodic("meetings.remind_tomorrow", tasks.remind_tomorrow, daily_at=15)
        register_owner("meetings.meeting", _can_view_meeting_id)


def _can_view_meeting_id(acting, owner_id: str) -> bool:
    from phoihop.core.errors import NotFound
    from phoihop.meetings.selectors import meeting_get

    try:
        meeting_get(acting, owner_id)
    except NotFound:
        return False
    return True
