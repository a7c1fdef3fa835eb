"""``camreg units check`` and ``camreg export units``."""

from __future__ import annotations

import typer

units_app = typer.Typer(help="Đơn vị hành chính / administrative units.", no_args_is_help=True)


def export_units_command() -> None:
    """Xuất đơn vị hành chính — export administrative units (not built yet)."""
    raise typer.Exit(2)
