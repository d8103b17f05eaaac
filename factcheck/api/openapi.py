"""The OpenAPI document: what ninja generates from the routes, plus the refusals every
operation can give whatever its router says (api.WorkbenchApi), and the committed copy
in factcheck/api/openapi.json (`make openapi`; tests/api/test_openapi.py keeps it current).
"""

import json
from pathlib import Path
from typing import Any

from ninja.responses import NinjaJSONEncoder

from factcheck.api.schemas.common import ErrorOut

COMMITTED = Path(__file__).with_name("openapi.json")
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")
ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}

# Any operation may meet these before its own code runs: the HTTP server's limit on the
# request line, parameter validation (every operation has a path or query parameter),
# authentication, then the request budget (api/ratelimit.py). Added here, not in each
# router's response=, so a new router cannot forget them.
COMMON_REFUSALS: dict[int, dict[str, Any]] = {
    400: {
        "description": "A parameter or body that does not match this schema (invalid, with "
        "the details), or a value the operation refuses.",
        "content": {"application/json": {"schema": ERROR_REF}},
    },
    401: {
        "description": "No credentials (unauthenticated), or a bearer token that is unknown, "
        "expired or revoked (invalid_token), even with a session cookie.",
        "content": {"application/json": {"schema": ERROR_REF}},
    },
    414: {
        "description": "A request line (path and query) longer than the server reads: "
        "answered by the HTTP server in front of the API (gunicorn: 4,094 bytes), as HTML.",
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
    429: {
        "description": "Over this token's request budget (rate_limited); retry after "
        "Retry-After seconds.",
        "headers": {
            "Retry-After": {
                "description": "Whole seconds until the window ends and the budget is whole.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
        "content": {"application/json": {"schema": ERROR_REF}},
    },
}


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        operation
        for path in schema.get("paths", {}).values()
        for method, operation in path.items()
        if method in METHODS
    ]


def document_common_refusals(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in error.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault("ErrorOut", error)
    for operation in operations(schema):
        responses = operation.setdefault("responses", {})
        for status, response in COMMON_REFUSALS.items():
            # The router's own words for 401 stay; only a missing one is filled in. ninja
            # keys responses by int status, as here.
            responses.setdefault(status, response)


def render(schema: dict[str, Any]) -> str:
    """The committed form: sorted keys and two-space indents, so a diff shows only what
    changed, and a final newline. Encoded first as /api/v1/openapi.json is (ninja's
    encoder: int status keys become strings)."""
    served = json.loads(json.dumps(schema, cls=NinjaJSONEncoder))
    return json.dumps(served, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def current() -> str:
    from factcheck.api.api import api

    return render(api.get_openapi_schema())
