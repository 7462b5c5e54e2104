"""The OpenAPI schema of every app's REST API builds without a warning."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_has_no_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in (
        "/api/v1/documents/",
        "/api/v1/versions/{id}/approve/",
        "/api/v1/audits/",
        "/api/v1/nonconformities/",
    ):
        assert path in schema
