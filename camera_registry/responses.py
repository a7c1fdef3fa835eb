"""Response classes shared by the routes."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse

#: The media type of GeoJSON (RFC 7946).
GEOJSON = "application/geo+json"


class GeoJSONResponse(JSONResponse):
    """GeoJSON (RFC 7946) rendered by orjson: large feature collections, several times faster.

    UTF-8 without escaping, compact separators — the same text as Starlette's
    ``JSONResponse`` up to float spelling (``1e-7`` for ``1e-07``).
    """

    media_type = GEOJSON

    def render(self, content: Any) -> bytes:
        """The body: compact UTF-8 JSON."""
        return orjson.dumps(content)
