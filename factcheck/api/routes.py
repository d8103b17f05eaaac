"""The API's operations. Like the page views, each fetches through the app's access guard
and writes through its service, so the API cannot do what the page would refuse."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from factcheck.articles import access as article_access
from factcheck.claims import access as claim_access
from factcheck.claims import services as claim_services
from factcheck.text import Quote

from .schemas import ArticleDetail, ArticlePage, ClaimIn, ClaimOut, ErrorOut

router = Router()
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
ARTICLE_FIELDS = (
    "id", "title", "slug", "publisher", "author", "language", "published_on", "created_at",
    "current_revision__id", "current_revision__number",
)  # fmt: skip


class BadCursor(ValueError):
    pass


class ListParams(Schema):
    cursor: str | None = None
    limit: int = 50


@router.get(
    "/articles",
    response={200: ArticlePage, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="articles",
    summary="List articles, newest first",
)
def list_articles(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Cursor-paginated: follow `next_cursor` until it is null. `limit` is 1 to 200."""
    limit = min(max(params.limit, 1), 200)
    # Keyset pagination on the primary key: pages stay stable while articles are added,
    # and a late page costs what the first one does.
    articles = (
        article_access.articles_for_listing(request.user)
        .select_related(None)
        .select_related("current_revision")
        .only(*ARTICLE_FIELDS)
        .order_by("-pk")
    )
    if params.cursor:
        if not params.cursor.isdigit():
            raise BadCursor
        articles = articles.filter(pk__lt=int(params.cursor))
    page = list(articles[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return {"items": page, "next_cursor": str(page[-1].pk) if more else None}


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetail} | READ_ERRORS,
    url_name="article",
    summary="Read an article with its current revision's text",
)
def read_article(request: HttpRequest, article_id: int) -> Any:
    article = article_access.article_for_reading(request.user, article_id)
    article.revision = article.current_revision
    return article


@router.post(
    "/articles/{article_id}/claims",
    response={201: ClaimOut, 400: ErrorOut, 409: ErrorOut} | READ_ERRORS,
    url_name="article-claims",
    summary="Mark a claim on an article",
)
def create_claim(request: HttpRequest, article_id: int, payload: ClaimIn) -> Any:
    """The same checks as marking a claim on the reading page: the quote must be the text
    at [start, end) of the current revision (offsets in code points), else 400 (bad range)
    or 409 (stale revision, quote not there)."""
    claim_access.require_claim_worker(request.user)
    revision = payload.revision
    if revision is None:
        revision = article_access.article_for_reading(request.user, article_id).current_revision_id
    claim = claim_services.create_claim(
        article_id=article_id,
        revision_id=revision if revision is not None else "",
        start=payload.start,
        end=payload.end,
        quote=Quote(payload.exact, payload.prefix, payload.suffix),
        created_by=request.user,
    )
    return Status(201, claim)


@router.get(
    "/claims/{claim_id}",
    response={200: ClaimOut} | READ_ERRORS,
    url_name="claim",
    summary="Read a claim",
)
def read_claim(request: HttpRequest, claim_id: int) -> Any:
    return claim_access.claim_for_reading(request.user, claim_id)
