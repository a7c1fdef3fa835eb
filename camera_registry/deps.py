"""The web's ways to reach shared things: session, settings, the caller, a row id.

Routes take ``SessionDep``, ``SettingsDep`` and ``CurrentUser`` (or
``require_roles(...)``) from here and nowhere else.  Kept apart from ``db`` and
``auth`` so that the command line, which needs neither FastAPI nor Starlette,
does not import them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Path, Request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from camera_registry.auth import Principal, authenticate_key
from camera_registry.errors import Forbidden, Unauthenticated
from camera_registry.settings import Settings
from camera_registry.vocab import Role

log = logging.getLogger("camera_registry.db")


async def get_session(request: Request) -> AsyncIterator[Session]:
    """FastAPI dependency: a session per request from the app's factory.

    Asynchronous because opening a session does no I/O (a connection is checked
    out on first use), so it needs no worker thread.  Closing it may roll back
    on the connection, so that runs in a worker thread — under a limiter of its
    own, as FastAPI does for sync dependencies: waiting for a thread held by a
    request that itself waits for a pooled connection would deadlock.
    """
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    request.state.session = session
    try:
        yield session
    finally:
        try:
            if session.in_transaction():
                await to_thread.run_sync(session.close, limiter=CapacityLimiter(1))
            else:
                session.close()  # holds no connection: nothing to roll back
        except DBAPIError as lost:
            if not lost.connection_invalidated:
                raise
            # The connection went away after the request's work was done: the
            # rollback it missed has nothing to undo that the server has not already
            # dropped with the connection, and the pool has discarded it.  The
            # answer stands.
            log.warning("a request's session could not be closed cleanly: %s", lost.orig)


SessionDep = Annotated[Session, Depends(get_session)]


async def get_settings(request: Request) -> Settings:
    """FastAPI dependency: the settings the app was built with (no I/O: no thread)."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]

#: A row id in a URL path: positive and within a 64-bit integer, else a 422.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _credential(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        raise Unauthenticated("Use 'Authorization: Bearer <API key or session token>'.")
    return request.headers.get("x-api-key")


def get_current_user(request: Request, session: SessionDep) -> Principal:
    """FastAPI dependency: the authenticated caller, or 401."""
    credential = _credential(request)
    if not credential:
        raise Unauthenticated()
    principal = authenticate_key(session, credential)
    # Hand the connection back to the pool between worker threads: a request holding
    # one while it waits for a thread for its route could starve the threads that
    # hold none yet and wait for a connection (under load, until the pool times out).
    session.commit()
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(get_current_user)]


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that admits only the given roles (403 otherwise)."""
    allowed = frozenset(roles)

    async def check(user: CurrentUser) -> Principal:  # no I/O: no thread needed
        if user.role not in allowed:
            raise Forbidden(f"The role '{user.role}' may not do this.")
        return user

    return check
