"""Errors raised by the pure-geometry layer.

They carry the name of the offending input and a human reason so that the web
layer can turn them into problem details without knowing any geometry.
"""

from __future__ import annotations

import math


class GeometryInputError(ValueError):
    """An input to a geometry function is out of its domain.

    Attributes
    ----------
    field:
        The name of the argument that is wrong (``"direction_deg"``, ``"lat"`` …).
    reason:
        A sentence a user can act on.
    """

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def finite_number(field: str, value: float) -> float:
    """``value`` as a float, or a :class:`GeometryInputError` naming ``field``.

    Every geometry function checks its scalar inputs this way, so a string, a
    NaN or an infinity is refused with the same words wherever it is given.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise GeometryInputError(field, "must be a number") from None
    if not math.isfinite(number):
        raise GeometryInputError(field, "must be a finite number")
    return number
