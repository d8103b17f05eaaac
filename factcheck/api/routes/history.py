"""History events: the audit log as the history pages show it, newest first."""

import html
from typing import Any

from django.http import HttpRequest
from django.utils.html import strip_tags
from ninja import Field, Query, Router

from factcheck.api.schemas.common import ErrorOut, RowId
from factcheck.api.schemas.history import EventPage
from factcheck.articles import access as article_access
from factcheck.claims import access as claim_access
from factcheck.history import access as history_access
from factcheck.history import queries
from factcheck.moderation.access import events_without_hidden_content

from .common import READ_ERRORS, ListParams, one_page, page_size, pk_cursor

router = Router(tags=["history"])


class EventParams(ListParams):
    article: RowId | None = Field(None, description="Events on this article (its claims' too).")
    claim: RowId | None = Field(None, description="Events on this claim (a deleted one's too).")
    user: str = Field("", description="Events by this username.")
    action: str = Field(
        "", description='Exactly this action, or all of a kind with a trailing dot: "review.".'
    )


@router.get(
    "/events",
    response={200: EventPage, 400: ErrorOut} | READ_ERRORS,
    url_name="events",
    summary="List history events, newest first",
)
def list_events(request: HttpRequest, params: Query[EventParams]) -> Any:
    """The events the history pages show you: every event on an article, your own events,
    and (editors) everyone's. Redacted as those pages redact them: under blind review,
    another reviewer's rating and rationale until you review the claim (`blinded`); hidden
    reviews, sources and comments (`hidden_content`); flag reasons (editors and the
    flagger only). An `article` or `claim` you may not see answers 404, as its page does.
    Cursor-paginated on the event id; a fixed number of queries per page."""
    limit = page_size(params)
    user = request.user
    events = history_access.events_seen_by(user)
    if params.article is not None:
        events = events.filter(article=article_access.article_for_reading(user, params.article))
    if params.claim is not None:
        events = events.filter(claim=claim_access.claim_for_history(user, params.claim))
    if params.user:
        events = events.filter(actor__username=params.user)
    if params.action.endswith("."):
        events = events.filter(action__startswith=params.action)
    elif params.action:
        events = events.filter(action=params.action)
    before = pk_cursor(params.cursor)
    if before is not None:
        events = events.filter(pk__lt=before)
    page, more = one_page(events.order_by("-pk"), limit)
    shown = queries.readable(
        events_without_hidden_content(user, claim_access.events_shown_to(user, page))
    )
    return {
        "items": [event_body(event) for event in shown],
        "next_cursor": str(page[-1].pk) if more else None,
    }


def event_body(event: Any) -> dict[str, Any]:
    readable = event.readable
    return {
        "id": event.pk,
        "action": event.action,
        "sentence": html.unescape(strip_tags(readable.sentence)),
        "sentence_html": str(readable.sentence),
        "quote": readable.quote,
        "actor": event.actor_name,
        "article": event.article_id,
        "claim": event.claim_id,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
        "blinded": getattr(event, "blinded", False),
        "hidden_content": getattr(event, "hidden_content", False),
        "created_at": event.at,
    }
