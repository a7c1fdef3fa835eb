"""``camreg import units FILE``: load a province's published boundaries from the terminal."""

from __future__ import annotations

import typer


def import_units_command() -> None:
    """Nhập ranh giới đơn vị hành chính — import administrative boundaries (not built yet)."""
    raise typer.Exit(2)
