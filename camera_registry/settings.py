"""Runtime configuration, read from ``CAMREG_*`` environment variables.

Settings are built by the caller (the CLI, the test suite) and passed into
``create_app`` and ``make_engine``; nothing builds them at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from camera_registry.coverage.severity import DEFAULT_SEVERITY_WEIGHTS, merged_weights
from geo.vertices import DEFAULT_MAX_VERTICES

DEFAULT_DB_PATH = Path("var") / "camreg.db"


class Settings(BaseSettings):
    """Everything the service needs to know about its surroundings."""

    model_config = SettingsConfigDict(env_prefix="CAMREG_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DB_PATH}",
        description="SQLAlchemy URL: sqlite:///path.db (SpatiaLite) or postgresql+psycopg://…",
    )
    host: str = Field(default="127.0.0.1", description="Address `camreg serve` binds to.")
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Server processes `camreg serve` runs on the port (about one per core); "
        "they share the per-user rate counters.",
    )
    demo_login: bool = Field(
        default=False,
        description="Offer POST /auth/demo-login (only honoured on a loopback bind).",
    )
    max_page_size: int = Field(default=5000, ge=1, description="Hard cap on list page size.")
    max_import_upload_bytes: int = Field(
        default=50 * 1024**2,
        ge=1,
        description="Largest file accepted by POST /cameras/import and POST /admin-units/import "
        "(413 beyond).",
    )
    planner_grid_m: float = Field(
        default=500.0,
        ge=50,
        le=100_000,
        description="Incidents reach aggregate-only roles (planner, viewer) as counts per grid "
        "cell of this many metres, never as exact points.",
    )
    max_clip_upload_bytes: int = Field(
        default=4 * 1024**3,
        ge=1,
        description="Largest clip accepted by POST /evidence/{id}/verify (413 beyond).",
    )
    coverage_severity_weights: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_SEVERITY_WEIGHTS),
        description="Weight of each incident type in coverage hot spots and camera placement "
        "(JSON object type → weight ≥ 0; types left out keep their defaults).",
    )
    coverage_candidate_fov_deg: float = Field(
        default=90.0, ge=1, le=360, description="Field of view of a recommended camera."
    )
    coverage_candidate_range_m: float = Field(
        default=60.0, ge=1, le=500, description="Useful range of a recommended camera (m)."
    )
    coverage_candidate_directions: int = Field(
        default=8, ge=1, le=36, description="Directions tried at each candidate position."
    )
    coverage_max_candidate_points: int = Field(
        default=2500,
        ge=1,
        description="Most candidate positions one recommendation considers (road vertices "
        "are thinned first).",
    )
    sql_echo: bool = False
    geocoder: Literal["nominatim", "photon"] | None = Field(
        default=None,
        description="Optional external geocoder for addresses the gazetteer does not know "
        "(a self-hosted Nominatim or Photon); unset: never called.",
    )
    geocoder_url: str | None = Field(
        default=None, description="Base URL of that geocoder, e.g. https://nominatim.local"
    )
    geocoder_timeout_s: float = Field(
        default=3.0, gt=0, le=30, description="Timeout of one external geocoder request."
    )
    rate_lookups_per_minute: int = Field(
        default=120, ge=1, description="Per-user limit on address/point lookups."
    )
    max_lookups_in_progress: int = Field(
        default=32,
        ge=0,
        description=(
            "Lookups one server process works on or queues at once; more are refused at once "
            "with 503 and Retry-After, so an overloaded server keeps answering at capacity."
        ),
    )
    lookup_threads: int = Field(
        default=4,
        ge=1,
        le=64,
        description=(
            "Lookups one server process works on at the same time; the others it holds wait "
            "for a thread.  Python threads share one interpreter lock, so a few busy threads "
            "answer more lookups a second than many contending ones."
        ),
    )
    rate_holder_reads_per_minute: int = Field(
        default=600,
        ge=1,
        description="Per-user limit on responses that carry holder contacts (429 beyond).",
    )
    max_bbox_area_deg2: float = Field(
        default=25.0, gt=0, description="Largest bbox a listing accepts, in square degrees."
    )
    max_geometry_vertices: int = Field(
        default=DEFAULT_MAX_VERTICES,
        ge=4,
        description="Most vertices accepted in one input geometry (a feature of an imported "
        "camera list, road or gazetteer file); more is a row error.",
    )
    report_since: str = Field(
        default="2022-01",
        pattern=r"^\d{4}-\d{2}$",
        description="Month (YYYY-MM) the cumulative section of monthly reports starts from "
        "(the programme start); a request's 'since' overrides it.",
    )
    map_base_tiles: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s]*\{z\}[^\s]*$",
        description="Optional base map of /map: an XYZ raster tile URL template such as "
        "https://tiles.example.vn/{z}/{x}/{y}.png; unset (offline networks): administrative "
        "boundaries are the background.",
    )
    map_base_attribution: str | None = Field(
        default=None, max_length=500, description="Attribution shown for that base map."
    )

    @field_validator("coverage_severity_weights")
    @classmethod
    def _known_incident_types(cls, value: dict[str, float]) -> dict[str, float]:
        return merged_weights(value)
