"""Who may ask which coverage question.

* Unit figures (``/coverage/units/{code}`` and ``…/children``): every signed-in
  role, viewers included — they are aggregates.
* Gaps, hot spots and recommendations: admin, planner and investigator for any
  unit; a commune officer only for the communes of their scope (a commune-level
  code they hold); viewers not at all.
* Hot-spot cells for planners are never finer than ``planner_grid_m`` (the grid
  below which incidents are hidden from aggregate-only roles).
* Recommended sites drawn from incidents reach planners only as the
  ``planner_grid_m`` hot-spot cell holding them (a snapped site lies within
  metres of a real incident); sites at places and road vertices stay exact.
"""

from __future__ import annotations

from camera_registry.auth import Principal
from camera_registry.errors import Forbidden, InvalidInput
from camera_registry.vocab import Role

PLANNING_ROLES = frozenset({Role.ADMIN, Role.PLANNER, Role.INVESTIGATOR, Role.COMMUNE_OFFICER})
#: Roles that see incidents in detail (and so may ask for any grid size).
DETAIL_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR, Role.COMMUNE_OFFICER})
#: The finest hot-spot grid anyone may ask for.
MIN_CELL_M = 50.0


def require_planning(user: Principal, code: str) -> None:
    """Raise 403 unless the caller may see gaps, hot spots and recommendations for ``code``."""
    if user.role not in PLANNING_ROLES:
        raise Forbidden(f"The role '{user.role}' may read unit figures only.")
    if user.role == Role.COMMUNE_OFFICER and code not in user.commune_codes:
        raise Forbidden(
            f"Commune officers may plan only for their own communes, not for unit {code}."
        )


def check_cell_size(user: Principal, cell_m: float, planner_grid_m: float) -> None:
    """Raise 422 when the hot-spot grid would be finer than the caller may see."""
    floor = MIN_CELL_M if user.role in DETAIL_ROLES else planner_grid_m
    if cell_m < floor:
        raise InvalidInput("cell_m", f"must be at least {floor:g} m for the role '{user.role}'")


def site_grid_m(user: Principal, planner_grid_m: float) -> float | None:
    """The cell size incident-derived recommended sites are shown at; ``None``: exact."""
    return None if user.role in DETAIL_ROLES else planner_grid_m
