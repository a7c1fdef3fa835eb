"""Writing the audit trail: append-only rows chained by SHA-256.

Each row's ``hash`` covers its own fields and the previous row's hash, so a
row edited or deleted directly in the database breaks the chain from there on.
Appends are serialised (a transaction-level advisory lock on PostgreSQL;
SQLite serialises writers itself) so the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from camera_registry import requestctx
from camera_registry.audit.models import AuditEvent
from camera_registry.db import begin_writer, is_spatialite, now_utc

GENESIS = "0" * 64
_LOCK_KEY = 0x43414D52  # "CAMR"


#: The fields each row's hash covers, besides ``at``.
CHAINED = (
    "actor",
    "role",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "source_addr",
    "request_id",
    "detail",
)

_FIELDS = {"at", *CHAINED}


def event_digest(event: AuditEvent | Mapping[str, Any], prev_hash: str) -> str:
    """The chained hash of an audit row (a stored row, or the values of one about to be)."""
    if isinstance(event, Mapping):
        values = event
    else:
        values = {name: getattr(event, name) for name in ("at", *CHAINED)}
    at: datetime = values["at"]
    payload = {"at": at.isoformat(), **{name: values.get(name) for name in CHAINED}}
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def record(
    session: Session,
    *,
    action: str,
    outcome: str = "success",
    actor: str | None = None,
    role: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    source_addr: str | None = None,
    request_id: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one audit row in the caller's transaction.

    If that transaction has only read so far, on SQLite it is committed and a
    writing one begun (see :func:`camera_registry.db.begin_writer`).
    """
    fields = entry(
        action=action,
        outcome=outcome,
        actor=actor,
        role=role,
        object_type=object_type,
        object_id=object_id,
        source_addr=source_addr,
        request_id=request_id,
        detail=detail,
    )
    record_many(session, [fields])


class Identity(Protocol):
    """Who acted: a signed-in caller (``auth.Principal``), a report reader, a user row."""

    @property
    def username(self) -> str:
        """The name the audit row's ``actor`` holds."""

    @property
    def role(self) -> Enum | str | None:
        """Their role (a ``Role``, its value, or none for a CLI operator)."""


def record_for(session: Session, who: Identity | None, action: str, **fields: Any) -> None:
    """Append one audit row about what ``who`` did, in the caller's transaction.

    ``actor`` and ``role`` come from the identity in this one place (both
    ``None`` when nobody is known); ``fields`` are the other keywords of
    :func:`record` (``outcome``, ``object_type``, ``object_id``, ``source_addr``,
    ``request_id``, ``detail``).
    """
    role = who.role if who is not None else None
    actor = who.username if who is not None else None
    role_value = role.value if isinstance(role, Enum) else role
    record(session, action=action, actor=actor, role=role_value, **fields)


def entry(**fields: Any) -> dict[str, Any]:
    """An audit row's fields (those of :func:`record`), completed from the request.

    ``outcome`` is "success" unless given; a ``source_addr`` or ``request_id``
    not given (or ``None``) is the current request's.  Call it in the request's
    own context: another thread does not see it.
    """
    fields.setdefault("outcome", "success")
    for name, current in (
        ("source_addr", requestctx.source_addr),
        ("request_id", requestctx.request_id),
    ):
        if fields.get(name) is None:
            fields[name] = current.get()
    return fields


def record_many(session: Session, entries: Sequence[Mapping[str, Any]]) -> None:
    """Append audit rows, chained in the order given, in the caller's transaction.

    Each entry holds :class:`AuditEvent` fields (``action``, ``outcome``,
    ``actor``, ``role``, ``object_type``, ``object_id``, ``source_addr``,
    ``request_id``, ``detail``, and optionally ``at``, else now), taken as given.
    The rows are inserted by one statement, without ORM objects: the lookups'
    audit writer appends a batch for every few lookups.
    """
    for fields in entries:  # before any lock is taken or read committed
        if unknown := set(fields) - _FIELDS:
            raise TypeError(f"not audit fields: {sorted(unknown)}")
    begin_writer(session)
    if not is_spatialite(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    last = session.scalars(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    prev = last or GENESIS
    at = now_utc().replace(microsecond=0)
    rows = []
    for fields in entries:
        row: dict[str, Any] = {"at": fields.get("at") or at}
        row.update((name, fields.get(name)) for name in CHAINED)
        row["prev_hash"], row["hash"] = prev, event_digest(row, prev)
        prev = row["hash"]
        rows.append(row)
    session.execute(insert(AuditEvent), rows)


def first_broken(session: Session) -> int | None:
    """The id of the first row whose chain does not verify, or None if all do."""
    prev = GENESIS
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        if event.prev_hash != prev or event.hash != event_digest(event, prev):
            return event.id
        prev = event.hash
    return None


def count(session: Session) -> int:
    """How many audit rows there are."""
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0
