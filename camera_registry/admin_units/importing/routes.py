"""HTTP route of boundary import (admin only)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/admin-units", tags=["administrative units"])
