"""Rows for articles: import, list, read, and revisions (list, add, read one)."""

from typing import Any

from . import FORGED, WRITE, Op

# Importing and correcting articles is for editors (the import and revise pages'
# require_importer): a reviewer is refused whatever the credential.
EDITORS_ONLY = {"read": 403, "read-write": 403, "session": 403}


def import_body(world) -> dict[str, Any]:
    return {"title": "Matrix import", "text": "A new article. It has 2 sentences."}


def revision_body(world) -> dict[str, Any]:
    text = world.article.current_revision.text.replace("62 cases", "63 cases")
    return {"text": text, "note": "Correction: 63 cases"}


# Keys are URL names; a second method on the same URL is "<METHOD> <name>".
OPS: dict[str, Op] = {
    "api:articles": Op("GET", lambda w: "/api/v1/articles", 200),
    "POST api:articles": Op("POST", lambda w: "/api/v1/articles", WRITE, import_body),
    "api:article": Op("GET", lambda w: f"/api/v1/articles/{w.article.pk}", 200),
    "api:article-revisions": Op("GET", lambda w: f"/api/v1/articles/{w.article.pk}/revisions", 200),
    "POST api:article-revisions": Op(
        "POST", lambda w: f"/api/v1/articles/{w.article.pk}/revisions", WRITE, revision_body
    ),
    "api:article-revision": Op(
        "GET", lambda w: f"/api/v1/articles/{w.article.pk}/revisions/1", 200
    ),
}
ROLE_EXCEPTIONS = {
    ("POST api:articles", "reviewer"): EDITORS_ONLY,
    ("POST api:article-revisions", "reviewer"): EDITORS_ONLY,
    ("revise-forged-article", "reviewer"): EDITORS_ONLY,
}
# The same operations on ids nobody may see: 404 for readers (a read token still may not
# write: 403 comes first; a reviewer may not revise any article: 403 before the lookup).
FORGED_OPS: dict[str, Op] = {
    "article": Op("GET", lambda w: f"/api/v1/articles/{FORGED}", 404),
    "article-revisions": Op("GET", lambda w: f"/api/v1/articles/{FORGED}/revisions", 404),
    "revise-forged-article": Op(
        "POST",
        lambda w: f"/api/v1/articles/{FORGED}/revisions",
        {"read": 403, "read-write": 404, "session": 404},
        revision_body,
    ),
    "article-revision-forged-number": Op(
        "GET", lambda w: f"/api/v1/articles/{w.article.pk}/revisions/{FORGED}", 404
    ),
    "article-revision-forged-article": Op(
        "GET", lambda w: f"/api/v1/articles/{FORGED}/revisions/1", 404
    ),
}
