"""Function-level authorization: every non-public route depends on the auth check."""

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from camera_registry.deps import get_current_user
from camera_registry.main import create_app
from camera_registry.settings import Settings

#: Routes anyone may call: health, public boundaries, signing in, the map page's shell (and
#: the redirect to it).
PUBLIC = {
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/admin-units"),
    ("GET", "/admin-units/export"),
    ("POST", "/auth/login"),
    ("POST", "/auth/demo-login"),
    ("GET", "/map"),
}


def _routes(app: FastAPI) -> Iterator[Any]:
    for route in app.router.routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "effective_route_contexts"):  # an included router
            yield from route.effective_route_contexts()


def _calls(dependant: Any) -> Iterator[Any]:
    yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def test_every_non_public_route_requires_authentication(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}"))
    checked, unguarded = [], []
    for route in _routes(app):
        if route.dependant is None or route.path.startswith(("/docs", "/redoc", "/openapi")):
            continue
        for method in sorted(route.methods):
            if (method, route.path) in PUBLIC or method == "HEAD":
                continue
            checked.append((method, route.path))
            if get_current_user not in set(_calls(route.dependant)):
                unguarded.append((method, route.path))
    assert len(checked) >= 3
    assert unguarded == []
