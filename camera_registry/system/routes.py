"""Health check and the loopback-only demo sign-in."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from camera_registry.db import engine_info
from camera_registry.deps import SessionDep, SettingsDep
from camera_registry.responses import documented
from camera_registry.system import service
from camera_registry.vocab import Role

router = APIRouter(tags=["system"])


class Health(BaseModel):
    """The service is up: its engine and the versions of the database and spatial extension."""

    model_config = ConfigDict(extra="allow")

    status: Literal["ok"]
    engine: str


@router.get(
    "/healthz",
    summary="Liveness, engine and spatial extension version",
    response_model=Any,
    responses=documented(Health),
)
def healthz(session: SessionDep) -> dict[str, Any]:
    """Answer when the service and its database are up."""
    return {"status": "ok", **engine_info(session)}


class DemoLogin(BaseModel):
    """Which demo user to sign in as."""

    role: Role


class IssuedKey(BaseModel):
    """A freshly issued API key (shown once)."""

    api_key: str
    username: str
    role: Role
    expires_at: str


@router.post("/auth/demo-login", summary="Demo only: an API key for a demo user")
def demo_login(
    body: DemoLogin, request: Request, session: SessionDep, settings: SettingsDep
) -> IssuedKey:
    """Issue a short-lived key for ``demo-<role>``; only on a loopback-bound demo server."""
    client = request.client.host if request.client else None
    username, key, expires = service.demo_login(
        session, settings=settings, role=body.role, client=client
    )
    return IssuedKey(api_key=key, username=username, role=body.role, expires_at=expires.isoformat())
