"""An incident's point from its address, through the lookup's resolution chain.

Incidents reuse the lookup's resolver (``camera_registry.addresses.resolve``)
rather than a second implementation.  An incident needs a point that evidence
candidates can be computed from: an address placed on an exact point or a
named place is accepted; one that resolves only to a street, a hamlet's
centre or a commune is refused with a 422 asking for coordinates (and saying
what it resolved to), as is an ambiguous one.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from camera_registry.addresses.resolve import resolve_address
from camera_registry.errors import InvalidInput
from camera_registry.places.vocab import PRECISION_LABELS, Precision

POINT_PRECISIONS = frozenset({Precision.EXACT_POINT, Precision.PLACE})


def resolve_point(session: Session, address: str) -> tuple[float, float]:
    """``(lon, lat)`` of an address, or a 422 naming ``address``."""
    resolution = resolve_address(session, address)
    if resolution.ambiguous:
        options = "; ".join(c.label for c in resolution.candidates[:5])
        raise InvalidInput("address", f"is ambiguous ({options}): give lon and lat")
    if resolution.point is None or resolution.precision not in POINT_PRECISIONS:
        vi, en = PRECISION_LABELS[resolution.precision]
        where = (
            f" centred on lon {resolution.point[0]}, lat {resolution.point[1]}"
            if resolution.point
            else ""
        )
        raise InvalidInput(
            "address",
            f"resolves only to {resolution.label} ({vi} / {en}){where}; an incident needs a "
            "point: give lon and lat (those, if you mean that centre)",
        )
    return resolution.point
