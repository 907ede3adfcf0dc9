"""Writing users, memberships, sign-in state, two-factor secrets and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

import pyotp
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from phoihop.accounts import permissions as perms
from phoihop.accounts.acting import Acting
from phoihop.accounts.models import ApiToken, Membership, Role, User
from phoihop.core.audit import audit_record, snapshot
from phoihop.core.errors import AuthFailed, Conflict, NotFound, PermissionDenied, ValidationFailed
from phoihop.core.records import record_create, record_update
from phoihop.core.text import fold, sort_key

if TYPE_CHECKING:
    from phoihop.orgs.models import Organization

WRONG_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."
USER_FIELDS = ["full_name", "email", "job_title", "phone", "is_active"]


class AccountLocked(AuthFailed):
    code = "account_locked"
    status = 423

    def __init__(self, until: dt.datetime):
        local = timezone.localtime(until)
        super().__init__(
            "Tài khoản tạm khóa do đăng nhập sai nhiều lần. Có thể đăng nhập lại sau {t}.".format(
                t=date_format(local, "H:i d/m/Y")
            )
        )
        self.until = until

    def as_dict(self) -> dict:
        return {**super().as_dict(), "locked_until": self.until.isoformat()}


def _derive(user: User) -> list[str]:
    user.search_key = fold(" ".join(filter(None, [user.full_name, user.username, user.email])))
    user.sort_key = sort_key(_given_name_first(user.full_name or user.username))
    return ["search_key", "sort_key"]


def _given_name_first(full_name: str) -> str:
    """Vietnamese lists sort by given name (the last word), then the rest: 'Lê Hữu Thọ' → 'Thọ Lê Hữu'."""
    parts = full_name.split()
    return " ".join([parts[-1], *parts[:-1]]) if parts else ""


def _validated_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise ValidationFailed(e.messages[0], field="password", errors={"password": e.messages}) from None


# --- users ----------------------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    acting: Acting | None,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    job_title: str = "",
    phone: str = "",
    is_superuser: bool = False,
    is_demo: bool = False,
) -> User:
    if acting is not None and not (acting.is_system_admin or perms.has_action(acting, "membership.manage")):
        raise NotFound()
    if is_superuser and acting is not None and not acting.is_system_admin:
        raise NotFound()
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed("Tên đăng nhập này đã có người dùng.", field="username")
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        job_title=job_title,
        phone=phone,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        is_demo=is_demo,
    )
    _derive(user)
    if password:
        if not is_demo:
            _validated_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    return record_create(acting=acting, obj=user, action="user.create", exclude=["password"])


@transaction.atomic
def user_update(*, acting: Acting | None, user: User, **changes) -> User:
    if acting is not None and not perms.can_manage_user(acting, user):
        raise NotFound()
    if changes.get("is_active") is False and acting is not None and acting.user.pk == user.pk:
        raise ValidationFailed("Bạn không thể tự khóa tài khoản của mình.", field="is_active")
    return record_update(
        acting=acting,
        obj=user,
        changes=changes,
        allowed=USER_FIELDS,
        action="user.update",
        derive=_derive,
        exclude=["password"],
    )


@transaction.atomic
def user_set_password(*, acting: Acting | None, user: User, password: str) -> User:
    if acting is not None and not perms.can_manage_user(acting, user):
        raise NotFound()
    _validated_password(password, user)
    user.set_password(password)
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["password", "failed_login_count", "locked_until"])
    _tokens_revoke_all(user)
    audit_record(acting=acting, action="user.set_password", obj=user)
    return user


@transaction.atomic
def user_unlock(*, acting: Acting | None, user: User) -> User:
    if acting is not None and not perms.can_manage_user(acting, user):
        raise NotFound()
    before = {"locked_until": user.locked_until.isoformat() if user.locked_until else None}
    user.failed_login_count = 0
    user.locked_until = None
    user.save(update_fields=["failed_login_count", "locked_until"])
    audit_record(acting=acting, action="user.unlock", obj=user, before=before, after={"locked_until": None})
    return user


# --- memberships ----------------------------------------------------------------------------------------

MEMBERSHIP_FIELDS = ["role", "position", "is_default", "active_from", "active_to"]


def _single_default(m: Membership) -> None:
    if m.is_default:
        Membership.objects.filter(user_id=m.user_id, is_default=True).exclude(pk=m.pk).update(is_default=False)


@transaction.atomic
def membership_add(
    *,
    acting: Acting | None,
    user: User,
    organization: Organization,
    role: str,
    position: str = "",
    is_default: bool = False,
    active_from: dt.date | None = None,
    active_to: dt.date | None = None,
) -> Membership:
    if acting is not None and not perms.can_manage_members(acting, organization):
        raise NotFound()
    if acting is not None and not acting.is_system_admin and not _member_of_visible_org(acting, user):
        raise PermissionDenied(
            "Chỉ thêm được người dùng đang là thành viên của cơ quan trong phạm vi của bạn; "
            "hãy tạo tài khoản mới, hoặc nhờ quản trị hệ thống.",
            field="username",
        )
    return _membership_create(
        acting=acting,
        user=user,
        organization=organization,
        role=role,
        position=position,
        is_default=is_default,
        active_from=active_from,
        active_to=active_to,
    )


def _member_of_visible_org(acting: Acting, user: User) -> bool:
    from phoihop.orgs.visibility import visible_orgs_q

    return Membership.objects.filter(user=user).filter(visible_orgs_q(acting, "organization")).exists()


def _membership_create(*, acting, user, organization, role, position, is_default, active_from, active_to) -> Membership:
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise Conflict("Người dùng này đã là thành viên của cơ quan.", field="user")
    m = Membership(
        user=user,
        organization=organization,
        role=role,
        position=position,
        is_default=is_default or not user.memberships.exists(),
        active_from=active_from,
        active_to=active_to,
    )
    record_create(acting=acting, obj=m, action="membership.add", exclude=["user", "organization"])
    _single_default(m)
    return m


@transaction.atomic
def membership_update(*, acting: Acting | None, membership: Membership, **changes) -> Membership:
    if acting is not None and not perms.can_manage_members(acting, membership.organization):
        raise NotFound()
    record_update(
        acting=acting,
        obj=membership,
        changes=changes,
        allowed=MEMBERSHIP_FIELDS,
        action="membership.update",
        exclude=["user", "organization"],
    )
    _single_default(membership)
    return membership


@transaction.atomic
def membership_remove(*, acting: Acting | None, membership: Membership) -> None:
    if acting is not None and not perms.can_manage_members(acting, membership.organization):
        raise NotFound()
    if acting is not None and acting.user.pk == membership.user_id and membership.role == Role.ORG_ADMIN:
        raise ValidationFailed("Bạn không thể tự gỡ quyền quản trị của mình; hãy nhờ quản trị viên khác.")
    audit_record(acting=acting, action="membership.remove", obj=membership, before=snapshot(membership))
    membership.delete()


# --- signing in -----------------------------------------------------------------------------------------


def _demo_refused(user: User | None, password: str) -> bool:
    if settings.DEBUG:
        return False
    return bool((user is not None and user.is_demo) or password == settings.DEMO_PASSWORD)


def login_check(*, username: str, password: str, ip: str | None = None) -> User:
    """Check a username and password, with lock-out after repeated failures.

    Raises AuthFailed (no hint which part was wrong) or AccountLocked (with the unlock time). The failure
    count and the audit rows are committed before the error is raised.
    """
    user, error = _login_attempt(username=username, password=password, ip=ip)
    if error is not None:
        raise error
    return user


@transaction.atomic
def _login_attempt(*, username: str, password: str, ip: str | None) -> tuple[User | None, AuthFailed | None]:
    now = timezone.now()
    user = User.objects.select_for_update().filter(username=(username or "").strip()).first()
    who = Acting(user=None, ip=ip)
    if user is None:
        make_password(password)  # same work as a real check: the answer time tells nothing
        audit_record(acting=who, action="auth.login_failed", kind="auth", object_repr=(username or "")[:150])
        return None, AuthFailed(WRONG_CREDENTIALS)
    if user.is_locked(now):
        audit_record(acting=who, action="auth.login_locked", kind="auth", obj=user)
        return None, AccountLocked(user.locked_until)
    if not user.check_password(password) or not user.is_active:
        user.failed_login_count += 1
        fields = ["failed_login_count"]
        if user.failed_login_count >= settings.LOGIN_MAX_FAILURES:
            user.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            user.failed_login_count = 0
            fields.append("locked_until")
        user.save(update_fields=fields)
        audit_record(acting=who, action="auth.login_failed", kind="auth", obj=user)
        if user.is_locked(now):
            audit_record(acting=who, action="auth.locked", kind="auth", obj=user)
            return None, AccountLocked(user.locked_until)
        return None, AuthFailed(WRONG_CREDENTIALS)
    if _demo_refused(user, password):
        audit_record(acting=who, action="auth.demo_refused", kind="auth", obj=user)
        return None, AuthFailed(
            "Tài khoản và mật khẩu mẫu chỉ dùng được khi hệ thống chạy thử (DEBUG); hãy đặt mật khẩu riêng.",
            code="demo_account_refused",
        )
    if user.failed_login_count and not (user.needs_totp or user.has_totp):
        # with a second factor the count is cleared only when the code is right (totp_verify)
        user.failed_login_count = 0
        user.save(update_fields=["failed_login_count"])
    return user, None


def login_succeeded(*, user: User, ip: str | None, method: str = "password") -> None:
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    audit_record(acting=Acting(user=user, ip=ip), action="auth.login", kind="auth", obj=user, after={"method": method})


def logout_recorded(*, acting: Acting) -> None:
    if acting.is_authenticated:
        audit_record(acting=acting, action="auth.logout", kind="auth", obj=acting.user)


def acting_switch(*, acting: Acting, org_id) -> Membership:
    """Choose the organisation the user acts for; refused (404) if they are not an active member."""
    chosen = next((m for m in acting.memberships if str(m.organization_id) == str(org_id)), None)
    if chosen is None:
        raise NotFound()
    audit_record(
        acting=Acting(user=acting.user, membership=chosen, memberships=acting.memberships, ip=acting.ip),
        action="auth.switch_org",
        kind="auth",
        obj=chosen.organization,
        before={"organization": acting.org.pk if acting.org else None},
        after={"organization": chosen.organization_id},
    )
    return chosen


# --- two-factor authentication (TOTP) -------------------------------------------------------------------


@transaction.atomic
def totp_begin(*, acting: Acting) -> str:
    """A new secret for the acting user, not yet in force until a code confirms it."""
    user = acting.user
    if user.has_totp:
        raise Conflict("Xác thực hai lớp đã được bật cho tài khoản này.")
    user.totp_secret = pyotp.random_base32()
    user.save(update_fields=["totp_secret"])
    audit_record(acting=acting, action="auth.totp_begin", kind="auth", obj=user)
    return user.totp_secret


def totp_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=settings.TOTP_ISSUER)


def _totp_step(user: User, code: str) -> int | None:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not user.totp_secret or len(code) != 6:
        return None
    totp = pyotp.TOTP(user.totp_secret)
    now = timezone.now()
    for offset in (0, -1, 1):
        at = now + dt.timedelta(seconds=30 * offset)
        if secrets.compare_digest(totp.at(at), code):
            return totp.timecode(at)
    return None


@transaction.atomic
def totp_verify(*, user: User, code: str, ip: str | None = None) -> bool:
    """Accept a current code once (a replayed code is refused). Failures count towards the lock-out."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_locked():
        return False
    step = _totp_step(user, code)
    if step is None or step <= user.totp_last_step:
        user.failed_login_count += 1
        if user.failed_login_count >= settings.LOGIN_MAX_FAILURES:
            user.locked_until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
            user.failed_login_count = 0
        user.save(update_fields=["failed_login_count", "locked_until"])
        audit_record(acting=Acting(user=None, ip=ip), action="auth.totp_failed", kind="auth", obj=user)
        return False
    user.totp_last_step = step
    user.failed_login_count = 0
    user.save(update_fields=["totp_last_step", "failed_login_count"])
    return True


def totp_confirm(*, acting: Acting, code: str) -> None:
    """Put the enrolled secret in force once the user proves their app shows the right code."""
    if not totp_verify(user=acting.user, code=code, ip=acting.ip):
        raise ValidationFailed("Mã xác thực không đúng hoặc đã hết hạn.", field="code")
    with transaction.atomic():
        acting.user.totp_confirmed_at = timezone.now()
        acting.user.save(update_fields=["totp_confirmed_at"])
        audit_record(acting=acting, action="auth.totp_enabled", kind="auth", obj=acting.user)


@transaction.atomic
def totp_reset(*, acting: Acting, user: User) -> None:
    """A system administrator removes a user's second factor (lost phone); they enrol again."""
    if not acting.is_system_admin:
        raise NotFound()
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    audit_record(acting=acting, action="auth.totp_reset", kind="auth", obj=user)


# --- API tokens -----------------------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, acting: Acting, name: str = "", days: int | None = None) -> tuple[str, ApiToken]:
    """A new bearer token; the raw value is returned once and never stored."""
    days = days or settings.API_TOKEN_DAYS
    if not 1 <= days <= 365:
        raise ValidationFailed("Thời hạn của mã truy cập phải từ 1 đến 365 ngày.", field="days")
    raw = "ph_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=acting.user,
        name=name[:100],
        prefix=raw[:10],
        key_hash=_hash(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit_record(
        acting=acting,
        action="auth.token_create",
        kind="auth",
        obj=token,
        after={"expires_at": token.expires_at.isoformat()},
    )
    return raw, token


@transaction.atomic
def token_revoke(*, acting: Acting, token: ApiToken) -> ApiToken:
    if token.user_id != acting.user.pk and not acting.is_system_admin:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(acting=acting, action="auth.token_revoke", kind="auth", obj=token)
    return token


def token_authenticate(raw: str) -> User | None:
    """The user of a usable token, or None. Last use is written at most once a minute."""
    if not raw or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active or token.user.is_locked(now):
        return None
    if _demo_refused(token.user, ""):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_contact_view(*, acting: Acting, user_id) -> User:
    """Open a user's record with contact details; the view is recorded in the audit log."""
    from phoihop.accounts.selectors import user_get
    from phoihop.core.audit import audit_view

    user = user_get(acting=acting, user_id=user_id)
    if acting.user.pk != user.pk:
        audit_view(acting=acting, obj=user, action="user.view")
    return user


@transaction.atomic
def user_create_with_membership(
    *,
    acting: Acting,
    username: str,
    full_name: str,
    role: str,
    email: str = "",
    job_title: str = "",
    phone: str = "",
    password: str | None = None,
) -> User:
    """An administrator creates an account in the organisation they act for, in one step.

    Without a password the user receives a link to choose one (by e-mail) and cannot sign in before.
    """
    user = user_create(
        acting=acting,
        username=username,
        full_name=full_name,
        email=email,
        job_title=job_title,
        phone=phone,
        password=password,
    )
    if acting.org is not None:
        if not perms.can_manage_members(acting, acting.org):
            raise NotFound()
        _membership_create(
            acting=acting,
            user=user,
            organization=acting.org,
            role=role,
            position=job_title,
            is_default=True,
            active_from=None,
            active_to=None,
        )
    if not password:
        if not user.email:
            raise ValidationFailed(
                "Cần thư điện tử để gửi đường dẫn đặt mật khẩu, hoặc nhập mật khẩu ban đầu.", field="email"
            )
        transaction.on_commit(lambda: password_link_send(user=user))
    return user


def password_link_send(*, user: User) -> None:
    """E-mail a one-time link to choose a password (the same link as "forgot password")."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_mail(
        "PhốiHợp: đặt mật khẩu cho tài khoản của bạn",
        f"Chào {user.full_name},\n\nTài khoản {user.username} đã được tạo trên PhốiHợp. "
        f"Mở đường dẫn sau để đặt mật khẩu (dùng được một lần):\n{settings.PHOIHOP_BASE_URL}{path}\n",
        None,
        [user.email],
    )


def password_changed_record(*, acting: Acting, user: User, how: str) -> None:
    """Django's own password views did the write (in the caller's transaction); this records it
    (how: 'change' or 'reset') and revokes the user's API tokens."""
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    _tokens_revoke_all(user)
    audit_record(acting=acting, action=f"user.password_{how}", kind="auth", obj=user)


def _tokens_revoke_all(user: User) -> int:
    """A new password ends every API token issued under the old one."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
