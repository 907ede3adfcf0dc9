"""API authentication: a bearer token (hashed at rest) or the browser session (with CSRF)."""

from ninja.security import HttpBearer, SessionAuth

from phoihop.accounts.services import token_authenticate


class BearerAuth(HttpBearer):
    openapi_description = "Mã truy cập lấy từ POST /api/v1/auth/token"

    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
            request.auth_method = "token"
        return user


class ActiveSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.auth_method = "session"
        return user


bearer = BearerAuth()
session = ActiveSessionAuth()
AUTH = [bearer, session]
