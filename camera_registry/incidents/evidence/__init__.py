"""Footage evidence of incidents: linking clips, reading them, and their chain of custody."""
