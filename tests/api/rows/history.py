"""Rows for history events."""

from . import FORGED, Op

OPS: dict[str, Op] = {
    "api:events": Op("GET", lambda w: f"/api/v1/events?article={w.article.pk}", 200),
}
# An article or claim nobody may see, as a filter: 404 like its history page.
FORGED_OPS: dict[str, Op] = {
    "events-of-forged-article": Op("GET", lambda w: f"/api/v1/events?article={FORGED}", 404),
    "events-of-forged-claim": Op("GET", lambda w: f"/api/v1/events?claim={FORGED}", 404),
    # A deleted claim keeps its timeline (a deletion is part of the record).
    "events-of-deleted-claim": Op("GET", lambda w: f"/api/v1/events?claim={w.deleted.pk}", 200),
}
