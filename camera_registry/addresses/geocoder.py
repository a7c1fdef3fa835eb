"""The optional external geocoder: a self-hosted Nominatim or Photon, through geopy.

Used only when ``CAMREG_GEOCODER`` names one and ``CAMREG_GEOCODER_URL`` says
where it runs (``https://nominatim.police.local``); never required, never
called by the test suite.  A failure of the service (timeout, error) is treated
as "not found", so the chain falls back to the commune polygon.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from camera_registry.addresses.resolve import Geocoder

log = logging.getLogger(__name__)
_UNSET = object()


def make_geocoder(kind: str | None, url: str | None, timeout_s: float) -> Geocoder | None:
    """A geocoder function for the configured service, or None when none is configured."""
    if not kind or not url:
        return None
    from geopy.exc import GeopyError  # noqa: PLC0415 — only loaded when configured
    from geopy.geocoders import Nominatim, Photon  # noqa: PLC0415

    parts = urlsplit(url)
    options: dict[str, Any] = {
        "domain": parts.netloc + parts.path.rstrip("/"),
        "scheme": parts.scheme or "https",
        "timeout": timeout_s,
        "user_agent": "camreg",
    }
    service = Nominatim(**options) if kind == "nominatim" else Photon(**options)

    def geocode(text: str) -> tuple[float, float, str] | None:
        try:
            extra = {"country_codes": "vn"} if kind == "nominatim" else {}
            found = service.geocode(text, exactly_one=True, **extra)
        except GeopyError as exc:
            log.warning("external geocoder failed: %s", type(exc).__name__)
            return None
        if found is None:
            return None
        return float(found.longitude), float(found.latitude), str(found.address)

    return geocode


def geocoder_of(state: Any) -> Geocoder | None:
    """The app's geocoder (built once from its settings and kept on ``app.state``)."""
    built = getattr(state, "lookup_geocoder", _UNSET)
    if built is _UNSET:
        settings = state.settings
        built = make_geocoder(settings.geocoder, settings.geocoder_url, settings.geocoder_timeout_s)
        state.lookup_geocoder = built
    return built  # type: ignore[return-value]
