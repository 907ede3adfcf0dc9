"""Helpers for tests: demo lookups, Acting builders, API clients. Data is created through services."""

from __future__ import annotations

import itertools

from django.test import Client

from phoihop.accounts import services as account_services
from phoihop.accounts.acting import resolve_acting
from phoihop.accounts.models import Role, User
from phoihop.orgs import services as org_services
from phoihop.orgs.models import Organization, OrgType

PASSWORD = "Mật-khẩu-thử-2026!"
_seq = itertools.count(1)


class Demo:
    def org(self, name: str) -> Organization:
        return Organization.objects.select_related("type", "unit").get(name=name)

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    @property
    def btg_kh(self):
        return self.org("Ban Tuyên giáo Tỉnh ủy Khánh Hòa")

    @property
    def hdnd_kh(self):
        return self.org("Thường trực Hội đồng nhân dân tỉnh Khánh Hòa")

    @property
    def btg_tn(self):
        return self.org("Ban Tuyên giáo Tỉnh ủy Thái Nguyên")

    @property
    def btg_pb(self):
        return self.org("Ban Tuyên giáo Huyện ủy Phú Bình")

    @property
    def ubnd_pb(self):
        return self.org("Ủy ban nhân dân huyện Phú Bình")


def acting_of(user: User, org: Organization | None = None):
    return resolve_acting(user, org.pk if org else None, "127.0.0.1")


def make_user(*, org: Organization | None = None, role: str = Role.OFFICER, superuser: bool = False, **kw) -> User:
    n = next(_seq)
    user = account_services.user_create(
        acting=None,
        username=kw.pop("username", f"u{n}.test"),
        full_name=kw.pop("full_name", f"Người Thử {n}"),
        email=kw.pop("email", f"u{n}@example.vn"),
        password=kw.pop("password", PASSWORD),
        is_superuser=superuser,
        **kw,
    )
    if org is not None:
        account_services.membership_add(acting=None, user=user, organization=org, role=role)
    return user


def make_org(*, unit, type_code: str = "so-phong-ban", name: str | None = None, **kw) -> Organization:
    n = next(_seq)
    return org_services.org_create(
        acting=None,
        name=name or f"Cơ quan thử {n}",
        type=OrgType.objects.get(code=type_code),
        unit=unit,
        doc_symbol=kw.pop("doc_symbol", f"CQ{n}"),
        **kw,
    )


def api_client(user: User | None, org: Organization | None = None) -> Client:
    """A client authenticated with a real bearer token of `user` (none for anonymous)."""
    headers = {}
    if user is not None:
        raw, _ = account_services.token_create(acting=resolve_acting(user))
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    if org is not None:
        headers["HTTP_X_ACTING_ORG"] = str(org.pk)
    return Client(**headers)


def page_client(user: User, org: Organization | None = None) -> Client:
    """A browser-like client signed in through the session (force_login), acting for `org`."""
    from phoihop.accounts.acting import SESSION_KEY

    client = Client()
    client.force_login(user)
    if org is not None:
        session = client.session
        session[SESSION_KEY] = org.pk
        session.save()
    return client
