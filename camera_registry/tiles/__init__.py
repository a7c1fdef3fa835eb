"""Mapbox Vector Tiles of the registry: ``/tiles/{layer}/{z}/{x}/{y}.mvt``."""
