from django.http import JsonResponse


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path.startswith(("/accounts/", "/api/", "/audit/", "/admin/")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class ApiMethodNotAllowedMiddleware:
    """A wrong HTTP method on the API answers in the API's JSON error format, not Django's empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            message = f"Phương thức {request.method} không dùng được ở địa chỉ này; được phép: {allowed}."
            json_response = JsonResponse({"code": "method_not_allowed", "message": message}, status=405)
            json_response["Allow"] = allowed
            return json_response
        return response
