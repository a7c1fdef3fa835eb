"""Optimistic concurrency: ETags from versions, If-Match, and writes that never lose an update.

A camera's (or site's) ``version`` is its strong ETag (``"3"``).  A client
sends it back as ``If-Match``; a write whose version has moved on meanwhile
gets 412.  The version check is repeated by the database itself —
SQLAlchemy's ``version_id_col`` makes every UPDATE say ``WHERE version = :v``
— so two writers that both passed the first check cannot both win: on
PostgreSQL the second UPDATE waits for the first, then matches no row; on
SQLite the second writer's snapshot is stale and the engine refuses it.
Both outcomes become a problem detail here, and the transaction is rolled back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from camera_registry.errors import Conflict, DomainError, InvalidInput

_TAG = re.compile(r'^"?(\d{1,18})"?$')
#: PostgreSQL SQLSTATEs of writers that collided: deadlock, serialisation, lock not available.
_PG_COLLISIONS = frozenset({"40P01", "40001", "55P03"})


class PreconditionFailed(DomainError):
    """If-Match named a version that is no longer current."""

    status = 412
    type = "precondition-failed"
    title = "Precondition failed"


class PreconditionRequired(DomainError):
    """A write that could lose someone else's update came without If-Match."""

    status = 428
    type = "precondition-required"
    title = "Precondition required"


def etag(version: int) -> str:
    """The strong ETag of a version."""
    return f'"{version}"'


def parse_if_match(header: str | None, *, required: bool) -> frozenset[int] | None:
    """The versions an ``If-Match`` header accepts (``None`` when absent and optional)."""
    if header is None or not header.strip():
        if required:
            raise PreconditionRequired(
                'Send If-Match with the ETag from GET (for example If-Match: "3") so that '
                "your change cannot overwrite someone else's."
            )
        return None
    versions: set[int] = set()
    for token in (t.strip() for t in header.split(",")):
        if token == "*":
            raise PreconditionRequired(
                "If-Match: * does not protect against lost updates; "
                'send the ETag from GET, e.g. "3".'
            )
        match = _TAG.match(token)
        if match is None:
            raise InvalidInput("If-Match", 'must be the strong ETag from GET, e.g. "3"')
        versions.add(int(match.group(1)))
    return frozenset(versions)


def check_version(what: str, current: int, accepted: frozenset[int] | None) -> None:
    """Raise 412 (with the current ETag) unless ``current`` is an accepted version."""
    if accepted is not None and current not in accepted:
        wanted = ", ".join(str(v) for v in sorted(accepted))
        raise PreconditionFailed(
            f"{what} is at version {current}, not {wanted}: someone changed it since you read "
            "it. Read it again and reapply your change.",
            headers={"ETag": etag(current)},
        )


def _collided(exc: OperationalError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in _PG_COLLISIONS:
        return True
    message = str(exc.orig).lower()
    return "database is locked" in message or "database is busy" in message


@contextmanager
def guarded_write(
    session: Session,
    *,
    what: str,
    expected: int | None = None,
    reread: Callable[[], int | None] | None = None,
) -> Iterator[None]:
    """Run a write and commit it; a concurrent winner turns into 412 (or 409), never a 500.

    ``expected`` is the version the write started from; after a collision
    ``reread`` fetches the committed version, so the answer is 412 when it moved
    on and 409 ("try again") when the collision was with some other write.
    """
    try:
        yield
        session.commit()
    except StaleDataError:
        session.rollback()
        raise PreconditionFailed(
            f"{what} was changed by another request while this one was being written; "
            "nothing was saved. Read it again and reapply your change."
        ) from None
    except IntegrityError:
        session.rollback()
        raise Conflict(
            f"{what} conflicts with a record stored meanwhile (the same code?); nothing was saved."
        ) from None
    except OperationalError as exc:
        if not _collided(exc):
            raise
        session.rollback()
        now = reread() if reread is not None else None
        if expected is not None and now is not None and now != expected:
            raise PreconditionFailed(
                f"{what} is now at version {now}, not {expected}: another request changed "
                "it first; nothing was saved.",
                headers={"ETag": etag(now)},
            ) from None
        raise Conflict(
            f"{what} was being written by another request at the same moment; nothing was "
            "saved. Try again."
        ) from None
    except BaseException:
        session.rollback()  # a refused write leaves nothing behind, even in a shared session
        raise
