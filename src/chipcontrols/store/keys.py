"""API keys and roles: creation, revocation, and authentication of a presented key.

A key looks like ``cc_<key id>_<secret>``: the key id is public (it names the actor in the audit log),
the secret is 256 random bits. Only SHA-256 of the whole key is stored; with that much entropy a slow
password hash adds nothing, and a fast one keeps authentication off the request's critical path.

Successful look-ups are cached for ``CACHE_SECONDS``: a key revoked through this process stops working at
once; a key revoked by another process (``chipcontrols keys revoke``) within that many seconds.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select

from chipcontrols.errors import InputError
from chipcontrols.store.database import Store, utc_now
from chipcontrols.store.models import ApiKey

__all__ = ["ROLES", "KeyInfo", "KeyRing", "hash_key", "role_allows"]

# Each role can do what the roles before it can.
ROLES: tuple[str, ...] = ("viewer", "analyst", "officer", "admin")
CACHE_SECONDS = 5.0


def role_allows(role: str, needed: str) -> bool:
    """Whether ``role`` includes the permissions of ``needed``."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    role: str
    label: str
    created_at: str
    created_by: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, str | None | bool]:
        return {
            "key_id": self.key_id, "role": self.role, "label": self.label, "created_at": self.created_at,
            "created_by": self.created_by, "revoked_at": self.revoked_at, "active": self.active,
        }


def _info(row: ApiKey) -> KeyInfo:
    return KeyInfo(row.key_id, row.role, row.label, row.created_at, row.created_by, row.revoked_at)


class KeyRing:
    """The API keys of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[str, tuple[float, KeyInfo]] = {}
        self._cache_lock = threading.Lock()

    def create(self, role: str, *, label: str = "", created_by: str = "cli") -> tuple[str, KeyInfo]:
        """A new key for ``role``; returns (the key, shown only now, and its stored description)."""
        if role not in ROLES:
            raise InputError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
        key_id = secrets.token_hex(6)
        key = f"cc_{key_id}_{secrets.token_urlsafe(32)}"
        row = ApiKey(key_id=key_id, key_hash=hash_key(key), role=role, label=label[:200],
                     created_at=utc_now(), created_by=created_by, revoked_at=None)
        with self.store.session() as session:
            session.add(row)
        return key, _info(row)

    def revoke(self, key_id: str) -> KeyInfo:
        """Revoke a key by its id (the part after ``cc_``), or by the whole key."""
        if key_id.startswith("cc_") and key_id.count("_") >= 2:
            key_id = key_id.split("_", 2)[1]
        with self._cache_lock:
            self._cache.clear()
        with self.store.session() as session:
            row = session.get(ApiKey, key_id)
            if row is None:
                raise InputError(f"No API key with id {key_id!r}. Run `chipcontrols keys list` to see them.")
            if row.revoked_at is None:
                row.revoked_at = utc_now()
            return _info(row)

    def cached(self, key: str) -> KeyInfo | None:
        """The key's description if it was authenticated within the last ``CACHE_SECONDS``, else None."""
        cached = self._cache.get(hash_key(key)) if key.startswith("cc_") and len(key) <= 200 else None
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        return None

    def authenticate(self, key: str) -> KeyInfo | None:
        """The active key matching ``key``, or None (unknown, malformed or revoked)."""
        if not key.startswith("cc_") or len(key) > 200:
            return None
        digest = hash_key(key)
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
        with self.store.session() as session:
            row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest)).first()
            info = _info(row) if row is not None and row.revoked_at is None else None
        with self._cache_lock:
            if info is None:
                self._cache.pop(digest, None)
            else:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[digest] = (now, info)
        return info

    def list(self) -> list[KeyInfo]:
        with self.store.session() as session:
            return [_info(row) for row in session.scalars(select(ApiKey).order_by(ApiKey.created_at))]
