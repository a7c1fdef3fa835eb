"""Who may ask which coverage question, and how finely incidents show in the answer.

* Unit figures (``/coverage/units/{code}`` and ``…/children``): every signed-in
  role, viewers included — they are aggregates.
* Gaps, hot spots and recommendations: admin, planner and investigator for any
  unit; a commune officer only for the communes of their scope (a commune-level
  code they hold); viewers not at all.
* Incident detail follows the incidents rules (:mod:`camera_registry.incidents.access`):
  a caller sees a unit in detail when every commune of it lies in their detail
  scope — admins and unscoped investigators everywhere, a province-scoped
  investigator inside their provinces, a commune officer in their communes.
  Everyone else (planners, and an investigator outside their provinces) is
  answered as an aggregate-only role.
* For aggregate-only callers, hot spots are always the cells of the incidents
  grid at ``planner_grid_m`` (the cells ``GET /incidents`` shows them), and a
  recommended site drawn from incidents is the cell of that grid holding it
  (a snapped site lies within metres of a real incident); sites at places and
  road vertices stay exact.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from camera_registry.admin_units.queries import communes_under
from camera_registry.auth import Principal
from camera_registry.errors import Forbidden, InvalidInput
from camera_registry.incidents.access import detail_scope
from camera_registry.vocab import Role

PLANNING_ROLES = frozenset({Role.ADMIN, Role.PLANNER, Role.INVESTIGATOR, Role.COMMUNE_OFFICER})
#: The finest hot-spot grid anyone may ask for.
MIN_CELL_M = 50.0
#: Detail callers' hot-spot cell when they name none (at least the planner grid).
DEFAULT_CELL_M = 500.0


def require_planning(user: Principal, code: str) -> None:
    """Raise 403 unless the caller may see gaps, hot spots and recommendations for ``code``."""
    if user.role not in PLANNING_ROLES:
        raise Forbidden(f"The role '{user.role}' may read unit figures only.")
    if user.role == Role.COMMUNE_OFFICER and code not in user.commune_codes:
        raise Forbidden(
            f"Commune officers may plan only for their own communes, not for unit {code}."
        )


def sees_details(session: Session, user: Principal, code: str) -> bool:
    """Whether the caller sees the incidents of unit ``code`` in detail.

    True when every commune that is, or lies under, ``code`` is in the caller's
    detail scope; a unit without communes counts as outside every scope.
    """
    scope = detail_scope(user)
    if scope is None:
        return True
    if not scope:
        return False
    communes = communes_under(session, codes=frozenset({code}))
    return bool(communes) and communes <= scope


def hotspot_cell_m(*, detail: bool, cell_m: float | None, planner_grid_m: float) -> float:
    """The hot-spot cell size to answer with; 422 when the caller may not have ``cell_m``.

    Aggregate-only callers get exactly ``planner_grid_m``, whatever else they ask
    for is refused; detail callers any size from :data:`MIN_CELL_M` m.
    """
    if not detail:
        if cell_m is not None and cell_m != planner_grid_m:
            raise InvalidInput(
                "cell_m",
                f"must be {planner_grid_m:g} m (the planner grid) where the caller sees "
                "incidents only as grid cells",
            )
        return planner_grid_m
    size = cell_m if cell_m is not None else max(planner_grid_m, DEFAULT_CELL_M)
    if size < MIN_CELL_M:
        raise InvalidInput("cell_m", f"must be at least {MIN_CELL_M:g} m")
    return size


def site_grid_m(*, detail: bool, planner_grid_m: float) -> float | None:
    """The cell size incident-derived recommended sites are shown at; ``None``: exact."""
    return None if detail else planner_grid_m
