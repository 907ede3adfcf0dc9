from django.conf import settings
from django.contrib.auth import logout
from django.utils.functional import SimpleLazyObject

from phoihop.accounts.acting import acting_for


class ActingMiddleware:
    """Puts `request.acting` (user + organisation acted for) on every request, computed lazily.

    A demo account's session ends as soon as the system no longer runs in DEBUG."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not settings.DEBUG and user is not None and user.is_authenticated and user.is_demo:
            logout(request)
        request.acting = SimpleLazyObject(lambda: acting_for(request))
        return self.get_response(request)
