"""`notifications_unread` in every template: the signed-in user's unread count, None for visitors.

The count is read only when a template uses it (the header's bell does), once per render.
"""

from functools import cache


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": None}

    @cache
    def unread() -> int:
        from phoihop.notifications.selectors import unread_count

        return unread_count(user=user)

    return {"notifications_unread": unread}
