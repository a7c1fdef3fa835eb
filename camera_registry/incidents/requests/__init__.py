"""Footage requests to camera holders: asked from a candidate camera, followed to an answer."""
