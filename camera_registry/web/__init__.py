"""The map page: its HTML shell, static files and the few data calls made for it."""
