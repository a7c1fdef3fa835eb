"""Bearer secrets: API keys (``crk_…``) and session tokens (``crs_…``).

A secret looks like ``<scheme>_<prefix>_<random>``: the prefix finds the row,
and only the SHA-256 of the whole secret is stored.  The secrets are random
256-bit strings, for which a fast hash is the standard choice (passwords get
argon2 instead).
"""

from __future__ import annotations

import hashlib
import secrets

API_KEY_SCHEME = "crk"
SESSION_SCHEME = "crs"


def hash_token(token: str) -> str:
    """The stored form of a bearer secret."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(scheme: str) -> tuple[str, str, str]:
    """A fresh secret: ``(token, prefix, hash)``; show ``token`` once, store the rest."""
    prefix = secrets.token_hex(6)
    token = f"{scheme}_{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, hash_token(token)


def split_token(token: str) -> tuple[str, str] | None:
    """``(scheme, prefix)`` of a well-formed secret, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] not in (API_KEY_SCHEME, SESSION_SCHEME) or not parts[2]:
        return None
    return parts[0], parts[1]
