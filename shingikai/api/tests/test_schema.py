"""The OpenAPI schema and the docs page; errors as JSON with a Japanese `detail`."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from shingikai.api.tests.conftest import ApiClient, ApiWorld

pytestmark = pytest.mark.django_db


def test_it_serves_the_openapi_schema(world: object) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/decisions",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/search",
    }
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    # The token is optional: without one an operation answers for the public.
    assert schema["paths"]["/api/v1/cases"]["get"]["security"] == [{"BearerToken": []}, {}]


def test_the_docs_page_loads_only_local_assets_under_the_csp(world: object) -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith("/static/") for s in sources), sources
    assert "<script>" not in html  # no inline script (the settings are a JSON data block)


def test_it_answers_an_invalid_parameter_with_422_in_japanese(
    api_world: ApiWorld, anonymous: ApiClient
) -> None:
    response = anonymous.get("/api/v1/meetings", page=0)
    missing = anonymous.get("/api/v1/search")
    not_a_number = anonymous.get("/api/v1/cases/abc")

    assert response.status_code == 422
    assert response.json()["detail"] == "リクエストの値が正しくありません。"
    assert response.json()["errors"][0]["loc"] == ["query", "page"]
    assert missing.status_code == 422
    assert not_a_number.status_code == 422


def test_it_refuses_ids_beyond_a_primary_key(api_world: ApiWorld, anonymous: ApiClient) -> None:
    assert anonymous.get(f"/api/v1/cases/{2**63}").status_code == 422
    assert anonymous.get(f"/api/v1/cases/{2**63 - 1}").status_code == 404


def test_it_drops_nul_from_a_query(api_world: ApiWorld, anonymous: ApiClient) -> None:
    response = anonymous.get("/api/v1/search", q="\x00")

    assert response.status_code == 200
    assert response.json()["total"] == 0


def test_it_refuses_other_methods(api_world: ApiWorld, anonymous: ApiClient) -> None:
    response = anonymous.client.post("/api/v1/cases", {})

    assert response.status_code == 405
