"""Property-based tests of the JSON API from its own OpenAPI schema (schemathesis): whatever
the parameters, no 500, every response matches the schema, errors keep one envelope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from newsdesk.model import FetchRecord, NormalizedItem, SourceKind, SourceStatus
from newsdesk.settings import load_settings
from newsdesk.store import Store
from newsdesk.web import create_app

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def api_schema(store: Store) -> Iterator[Any]:
    src = store.add_source("https://news.example/feed", kind=SourceKind.FEED, name="News",
                           tags=("world",), now=NOW)
    items = tuple(
        NormalizedItem(keys=(f"url:{n:040d}",), guid=None, url=f"https://news.example/{n}",
                       title=f"T{n}", teaser="t", summary_html=None, content_html=None,
                       author=None, published_at=NOW - timedelta(hours=n), updated_at=None,
                       language="fa" if n % 2 else "en", content_hash=str(n))
        for n in range(12)
    )
    store.apply_fetch(FetchRecord(source_id=src.id, started_at=NOW, duration_ms=1, outcome="ok",
                                  next_check_at=NOW, interval_seconds=1800,
                                  status=SourceStatus.ACTIVE, items=items), "t")
    app = create_app(load_settings(env={}, overrides={"database_url": store.url}), store)
    yield schemathesis.openapi.from_asgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_conforms_to_its_schema(case: Any) -> None:
    # an opaque cursor can be well-formed for the schema and still not be one we issued;
    # refusing it (400, documented) is right, so that one check does not apply
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    if response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"status", "code", "message"}
        assert error["status"] == response.status_code
