"""Service-level routes: health and sign-in."""
