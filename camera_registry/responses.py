"""Response classes and documented response shapes shared by the routes."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field
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


class Feature(BaseModel):
    """An RFC 7946 Feature; each route's summary says what its properties hold."""

    type: Literal["Feature"]
    id: str | int | None = None
    geometry: dict[str, Any] | None = Field(description="A GeoJSON geometry, or null")
    properties: dict[str, Any] | None


class FeatureCollection(BaseModel):
    """An RFC 7946 FeatureCollection, with OGC API counts where the route pages."""

    type: Literal["FeatureCollection"]
    features: list[Feature]
    numberMatched: int | None = None  # noqa: N815 (OGC API name)
    numberReturned: int | None = None  # noqa: N815 (OGC API name)


def documented(
    model: type[BaseModel] | None, status: int = 200, *, also: tuple[str, ...] = ()
) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route: its body's model, and other media types it may answer.

    Documentation only: FastAPI filters a body through ``response_model``, never
    through ``responses``, so what a route returns stays exactly as it builds it.
    Routes returning a dict pair it with ``response_model=Any``: the body is then
    serialised exactly as for a ``dict[str, Any]`` return, and the schema shown is
    the model's.
    """
    entry: dict[str, Any] = {"content": {media: {} for media in also}} if also else {}
    if model is not None:
        entry["model"] = model
    return {status: entry}
