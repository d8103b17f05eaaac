"""The committed OpenAPI document (factcheck/api/openapi.json) is the one the code serves."""

import json

from factcheck.api import openapi


def test_the_committed_openapi_document_is_current(db):
    committed = openapi.COMMITTED.read_text(encoding="utf-8") if openapi.COMMITTED.exists() else ""
    assert committed == openapi.current(), (
        "factcheck/api/openapi.json is not what the code serves: run `make openapi` and "
        "commit the file."
    )


def test_the_committed_document_is_what_the_schema_url_serves(client):
    served = client.get("/api/v1/openapi.json").json()
    assert json.loads(openapi.COMMITTED.read_text(encoding="utf-8")) == served


def test_the_document_is_written_with_sorted_keys_and_a_final_newline(db):
    text = openapi.current()
    assert text.endswith("}\n") and text.startswith('{\n  "components"')
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
