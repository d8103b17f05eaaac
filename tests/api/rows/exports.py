"""Rows for exports: editors and admins export (the export page's require_exporter); the
native backup is for admins only (tests/api/test_exports.py)."""

from . import FORGED, Op

OPS: dict[str, Op] = {
    "api:export": Op("GET", lambda w: "/api/v1/exports/jsonl?status=all", 200),
}
REVIEWERS_REFUSED = {"read": 403, "read-write": 403, "session": 403}
ROLE_EXCEPTIONS = {
    ("api:export", "reviewer"): REVIEWERS_REFUSED,
    ("export-of-forged-article", "reviewer"): REVIEWERS_REFUSED,
}
# An article id that does not exist is refused by the export page's form (400).
FORGED_OPS: dict[str, Op] = {
    "export-of-forged-article": Op("GET", lambda w: f"/api/v1/exports/csv?article={FORGED}", 400),
}
