"""Who may read incident details and evidence, and who may write them.

Admins see and handle everything; an investigator everything inside their
province (or everywhere when the account has no scope); a commune officer the
incidents of their own communes; planners and viewers (and anyone outside
their area) get aggregates only: counts and grid cells, never a description,
an address or an exact point.
"""

from __future__ import annotations

from camera_registry.auth import Principal
from camera_registry.errors import Forbidden, NotFound, OutOfScope
from camera_registry.vocab import Role

DETAIL_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})


def may_see_details(user: Principal, commune_code: str | None) -> bool:
    """Whether the caller may read an incident's details and evidence in a commune."""
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.INVESTIGATOR:
        return user.in_scope(commune_code)
    return user.role == Role.COMMUNE_OFFICER and commune_code in user.commune_codes


def detail_scope(user: Principal) -> frozenset[str] | None:
    """Communes whose incidents the caller sees in detail: ``None`` for all, empty for none."""
    if user.role == Role.ADMIN or (user.role == Role.INVESTIGATOR and not user.scoped):
        return None
    if user.role in (Role.INVESTIGATOR, Role.COMMUNE_OFFICER):
        return user.commune_codes
    return frozenset()


def require_details(user: Principal, commune_code: str | None) -> None:
    """Raise 403 unless the caller may read or handle an incident in this commune."""
    if may_see_details(user, commune_code):
        return
    if user.role in (Role.INVESTIGATOR, Role.COMMUNE_OFFICER):
        raise Forbidden(f"You handle only the incidents of your own area, not {commune_code}.")
    raise Forbidden(f"The role '{user.role}' sees incident aggregates only.")


def require_object(user: Principal, commune_code: str | None, *, found: bool, missing: str) -> None:
    """Object-level check on one incident, clip or footage request (``missing``: its 404 text).

    Roles that never see details get 403 whether or not the object exists; a commune officer
    asking for another commune's object gets the same 404 as for a missing one (audited as a
    denial), so neither learns which objects exist.
    """
    if detail_scope(user) == frozenset():
        raise Forbidden(f"The role '{user.role}' sees incident aggregates only.")
    if not found:
        raise NotFound(missing)
    if not may_see_details(user, commune_code):
        raise OutOfScope(missing, reason=f"object in commune {commune_code}, outside the caller's")


def require_writer(user: Principal) -> None:
    """Raise 403 unless the caller may record incidents somewhere."""
    if user.role in DETAIL_ROLES or user.role == Role.COMMUNE_OFFICER:
        return
    raise Forbidden(f"The role '{user.role}' may not record incidents.")
