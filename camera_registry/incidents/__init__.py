"""Incidents, the footage used to clarify them, and its chain of custody."""
