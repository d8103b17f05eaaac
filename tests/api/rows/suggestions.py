"""Rows for an article's suggestions (readers, like the reading page's panel)."""

from . import FORGED, Op

OPS: dict[str, Op] = {
    "api:article-suggestions": Op(
        "GET", lambda w: f"/api/v1/articles/{w.article.pk}/suggestions", 200
    ),
}
FORGED_OPS: dict[str, Op] = {
    "suggestions-of-forged-article": Op(
        "GET", lambda w: f"/api/v1/articles/{FORGED}/suggestions", 404
    ),
}
