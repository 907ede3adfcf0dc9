from django.utils.functional import SimpleLazyObject

from phoihop.accounts.acting import acting_for


class ActingMiddleware:
    """Puts `request.acting` (user + organisation acted for) on every request, computed lazily."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.acting = SimpleLazyObject(lambda: acting_for(request))
        return self.get_response(request)
