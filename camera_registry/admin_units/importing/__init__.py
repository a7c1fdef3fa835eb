"""Importing administrative boundaries: ``camreg import units`` and ``POST /admin-units/import``."""
