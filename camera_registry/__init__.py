"""camreg: a camera-network registry and incident-evidence index."""

__version__ = "0.1.0"
