"""Cameras: positions, view sectors, holders and status history."""
