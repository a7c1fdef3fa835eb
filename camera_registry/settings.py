"""Runtime configuration, read from ``CAMREG_*`` environment variables.

Settings are built by the caller (the CLI, the test suite) and passed into
``create_app`` and ``make_engine``; nothing builds them at import time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    demo_login: bool = Field(
        default=False,
        description="Offer POST /auth/demo-login (only honoured on a loopback bind).",
    )
    max_page_size: int = Field(default=5000, ge=1, description="Hard cap on list page size.")
    sql_echo: bool = False
