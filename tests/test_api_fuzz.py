"""Schemathesis over every operation of the OpenAPI schema, as an admin and as a planner.

In process (ASGI), on both engines, with a bounded number of examples per operation
(positive and negative data): no 5xx, and responses that conform to the documented schemas.
"""

import pytest
import schemathesis
from fastapi import Request
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy.orm import Session

from camera_registry.deps import get_session
from camera_registry.main import create_app
from camera_registry.settings import Settings
from tests.factories import make_user_key

EXAMPLES_PER_OPERATION = 6
CHECKS = [not_a_server_error, response_schema_conformance]


def _operations(settings_: Settings, engine, session: Session):
    app = create_app(settings_, engine=engine)

    def share_session(req: Request) -> Session:
        req.state.session = session
        return session

    app.dependency_overrides[get_session] = share_session
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("role", ["admin", "planner"])
def test_every_operation_has_no_server_errors(settings, engine, session: Session, role: str):
    operations = _operations(settings, engine, session)
    assert len(operations) >= 10
    headers = {"Authorization": f"Bearer {make_user_key(session, role)}"}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings_for_fuzz
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case) -> None:
                # Not a context manager: the app commits mid-request (after
                # authentication, which hands its connection back to the pool).
                savepoint = session.begin_nested()
                try:
                    case.call_and_validate(headers=headers, checks=CHECKS)
                finally:
                    if savepoint.is_active:
                        savepoint.rollback()

            try:
                run()
            except Unsatisfiable:
                # Nothing in this operation can be made invalid (no parameters, no body).
                assert mode is GenerationMode.NEGATIVE


settings_for_fuzz = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
