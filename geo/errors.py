"""Errors raised by the pure-geometry layer.

They carry the name of the offending input and a human reason so that the web
layer can turn them into problem details without knowing any geometry.
"""

from __future__ import annotations


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
