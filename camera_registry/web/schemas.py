"""Response shape of the map page's data call for a camera's evidence contributions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class CameraContributions(BaseModel):
    """Counts for every role; the clips themselves only where the caller may read them."""

    code: str
    clips: int
    incidents: int
    clarified_with_footage: int
    by_usefulness: dict[str, int]
    by_type: list[dict[str, Any]]
    items: list[dict[str, Any]]
    items_hidden: int = Field(description="Clips in incidents the caller may not read")
