"""Schemathesis against the API in-process (WSGI), over the council world: every operation,
with generated and boundary inputs, for the public and with the secretariat's token; no
answer may be a server error.

Generated ids rarely hit a row, so half of them are swapped for ids that exist (the
world's cases, meetings and decisions), and both the 404 and the full answers are tried.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from shingikai.api.tests.conftest import ApiWorld, issue
from shingikai.dossiers.models import Case
from shingikai.meetings.models import Decision, Meeting

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    database=None,  # nothing written to .hypothesis/
    derandomize=True,  # the same inputs on every run, so a failure repeats
    suppress_health_check=list(HealthCheck),
)


# Loaded when the module is collected: the schema needs no database. (Schemathesis's lazy
# `from_fixture` loader does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
# Ids of the rows the current test's world holds, by path parameter (filled per test).
KNOWN: dict[str, list[int]] = {}


@schema.hook
def flatmap_path_parameters(context: Any, parameters: dict[str, Any] | None) -> Any:
    existing = {name: st.sampled_from(KNOWN[name]) for name in parameters or () if KNOWN.get(name)}
    if not existing:
        return st.just(parameters)
    return st.one_of(st.just(parameters), st.fixed_dictionaries(existing))


@pytest.fixture(autouse=True)
def in_process(api_world: ApiWorld) -> Iterator[None]:
    """Note the world's ids, and keep the test's database connection open across requests:
    Django closes it when a request finishes, which would end the test's transaction on
    PostgreSQL (its test client unhooks the same handler while it runs a request)."""
    KNOWN.update(
        case_id=list(Case.objects.values_list("pk", flat=True)),
        meeting_id=list(Meeting.objects.values_list("pk", flat=True)),
        decision_id=list(Decision.objects.values_list("pk", flat=True)),
    )
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        KNOWN.clear()


@schema.parametrize()
@EXAMPLES
def test_it_never_fails_the_public(case: Any) -> None:
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])


@pytest.fixture
def secretariat_secret(api_world: ApiWorld) -> str:
    return issue(api_world.world.secretariat)


@schema.parametrize()
@EXAMPLES
def test_it_never_fails_the_secretariat(case: Any, secretariat_secret: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {secretariat_secret}"})
    case.validate_response(response, checks=[not_a_server_error])
