"""Password hashing (argon2id) and time-based one-time codes (TOTP, RFC 6238)."""

from __future__ import annotations

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

#: Shortest password accepted.
MIN_PASSWORD_LENGTH = 12


def hash_password(password: str) -> str:
    """The argon2id hash of a password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"passwords must have at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored hash (never raises)."""
    if not stored:
        _hasher.hash("timing-equaliser")  # spend the same time as a real check
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_totp_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    """The otpauth:// URI an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="camreg")


def verify_totp(secret: str, code: str) -> bool:
    """Whether a 6-digit code is valid now (±30 s)."""
    return pyotp.TOTP(secret).verify(code.strip(), valid_window=1)
