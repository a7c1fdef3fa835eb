"""Signing in and out, who am I, and revoking API keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from camera_registry.accounts import service
from camera_registry.accounts.keys import revoke_key
from camera_registry.auth import Principal
from camera_registry.deps import CurrentUser, SessionDep, require_roles
from camera_registry.vocab import Role, label

router = APIRouter(prefix="/auth", tags=["accounts"])
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]


class Credentials(BaseModel):
    """A sign-in attempt."""

    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)
    totp: str | None = Field(default=None, pattern=r"^\d{6}$", description="One-time code")


class SessionToken(BaseModel):
    """A session token (shown once) and how long it lives."""

    token: str
    idle_timeout_s: int
    max_age_s: int


class Me(BaseModel):
    """The caller as the server sees them."""

    username: str
    role: Role
    role_label: str
    communes: list[str]


@router.post("/login", summary="Đăng nhập / sign in with password (+ one-time code)")
def login(body: Credentials, request: Request, session: SessionDep) -> SessionToken:
    """Open a session; admins and investigators must send a TOTP code."""
    client = request.client.host if request.client else None
    token = service.login(
        session,
        username=body.username,
        password=body.password,
        totp_code=body.totp,
        source_addr=client,
    )
    return SessionToken(
        token=token,
        idle_timeout_s=int(service.IDLE_TIMEOUT.total_seconds()),
        max_age_s=int(service.SESSION_MAX_AGE.total_seconds()),
    )


@router.post("/logout", status_code=204, summary="Đăng xuất / end this session")
def logout(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """End the session whose token authenticated this request."""
    credential = request.headers.get("authorization", "").partition(" ")[2]
    service.logout(
        session,
        token_prefix=credential.split("_")[1] if "_" in credential else "",
        username=user.username,
    )
    return Response(status_code=204)


@router.get("/me", summary="Tôi là ai / who am I")
async def me(user: CurrentUser) -> Me:
    """The caller's username, role and commune scope (no I/O: runs on the event loop)."""
    return Me(
        username=user.username,
        role=user.role,
        role_label=label(user.role),
        communes=sorted(user.commune_codes),
    )


@router.delete("/keys/{prefix}", status_code=204, summary="Thu hồi khóa API / revoke a key")
def revoke(prefix: str, session: SessionDep, user: Admin) -> Response:
    """Revoke an API key by its public prefix (admin)."""
    revoke_key(session, prefix=prefix, actor=user)
    return Response(status_code=204)
