import datetime as dt

from ninja import Field, Router, Schema, Status

from phoihop.accounts import selectors, services
from phoihop.accounts.acting import Acting, acting_for, client_ip
from phoihop.api.schemas import Error, Ref
from phoihop.core.errors import AuthFailed, PermissionDenied

router = Router(tags=["Tài khoản"])
auth_router = Router(tags=["Xác thực"])


class MembershipOut(Schema):
    organization: Ref
    role: str
    position: str
    is_default: bool


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    job_title: str
    is_system_admin: bool
    two_factor_enabled: bool
    acting_organization: Ref | None
    role: str | None
    memberships: list[MembershipOut]


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    job_title: str
    phone: str
    is_active: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj, context):
        return selectors.memberships_shown(acting=acting_for(context["request"]), user=obj)


class TokenIn(Schema):
    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=200)
    otp: str | None = Field(None, max_length=10, description="Mã xác thực hai lớp (bắt buộc với quản trị hệ thống)")
    name: str = Field("", max_length=100, description="Tên gợi nhớ của mã truy cập")
    days: int | None = Field(None, ge=1, le=365, description="Thời hạn (ngày)")


class TokenCreated(Schema):
    id: int
    token: str
    token_type: str = "Bearer"
    expires_at: dt.datetime


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


@router.get("/me", response=MeOut, summary="Tài khoản đang dùng và cơ quan đang nhân danh")
def me(request):
    acting = acting_for(request)
    user = acting.user
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        email=user.email,
        job_title=user.job_title,
        is_system_admin=acting.is_system_admin,
        two_factor_enabled=user.has_totp,
        acting_organization=acting.org,
        role=acting.role,
        memberships=acting.memberships,
    )


@router.get("/users/{user_id}", response={200: UserOut, 404: Error}, summary="Người dùng (xem được ghi nhật ký)")
def get_user(request, user_id: int):
    return services.user_contact_view(acting=acting_for(request), user_id=user_id)


@auth_router.post(
    "/token",
    auth=None,
    response={201: TokenCreated, 401: Error, 403: Error, 423: Error},
    summary="Đổi tên đăng nhập + mật khẩu lấy mã truy cập (Bearer)",
)
def create_token(request, payload: TokenIn):
    ip = client_ip(request)
    user = services.login_check(username=payload.username, password=payload.password, ip=ip)
    if user.needs_totp or user.has_totp:
        if not user.has_totp:
            raise PermissionDenied(
                "Quản trị hệ thống phải bật xác thực hai lớp (đăng nhập trên web) trước khi lấy mã truy cập."
            )
        if not services.totp_verify(user=user, code=payload.otp or "", ip=ip):
            user.refresh_from_db(fields=["locked_until"])
            if user.is_locked():
                raise services.AccountLocked(user.locked_until)
            raise AuthFailed("Mã xác thực hai lớp không đúng hoặc đã hết hạn.")
    services.login_succeeded(user=user, ip=ip, method="token")
    raw, token = services.token_create(acting=Acting(user=user, ip=ip), name=payload.name, days=payload.days)
    return Status(201, {"id": token.pk, "token": raw, "expires_at": token.expires_at})


@auth_router.get("/tokens", response=list[TokenOut], summary="Các mã truy cập của tôi")
def list_tokens(request):
    return list(selectors.token_list(acting=acting_for(request)))


@auth_router.delete("/tokens/{token_id}", response={200: TokenOut, 404: Error}, summary="Thu hồi mã truy cập")
def revoke_token(request, token_id: int):
    acting = acting_for(request)
    return services.token_revoke(acting=acting, token=selectors.token_get(acting=acting, token_id=token_id))
