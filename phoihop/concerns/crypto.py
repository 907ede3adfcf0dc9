"""Sealing complainants' contact details at rest: Fernet (AES-128-CBC + HMAC-SHA256) with keys from the
environment (settings.CONTACT_KEYS: the first seals, every key opens, so keys can be rotated)."""

import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

CONTACT_FIELDS = ("name", "phone", "email", "address")


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def seal(contact: dict) -> bytes:
    clean = {k: str(contact.get(k) or "").strip() for k in CONTACT_FIELDS}
    return _fernet(tuple(settings.CONTACT_KEYS)).encrypt(json.dumps(clean, ensure_ascii=False).encode())


def unseal(token: bytes) -> dict:
    try:
        data = _fernet(tuple(settings.CONTACT_KEYS)).decrypt(bytes(token))
    except InvalidToken:
        return {k: "" for k in CONTACT_FIELDS} | {"unreadable": True}
    return json.loads(data)
