"""Articles: listed with a cursor, read with the current revision's text."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from factcheck.api.schemas.articles import ArticleDetail, ArticlePage
from factcheck.api.schemas.common import ErrorOut
from factcheck.articles import access as article_access

from .common import READ_ERRORS, ListParams, page_size, pk_cursor

router = Router(tags=["articles"])
ARTICLE_FIELDS = (
    "id", "title", "slug", "publisher", "author", "language", "published_on", "created_at",
    "current_revision__id", "current_revision__number",
)  # fmt: skip


@router.get(
    "/articles",
    response={200: ArticlePage, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="articles",
    summary="List articles, newest first",
)
def list_articles(request: HttpRequest, params: Query[ListParams]) -> Any:
    """Cursor-paginated: follow `next_cursor` until it is null. `limit` is 1 to 200."""
    limit = page_size(params)
    # Keyset pagination on the primary key: pages stay stable while articles are added,
    # and a late page costs what the first one does.
    articles = (
        article_access.articles_for_listing(request.user)
        .select_related(None)
        .select_related("current_revision")
        .only(*ARTICLE_FIELDS)
        .order_by("-pk")
    )
    after = pk_cursor(params.cursor)
    if after is not None:
        articles = articles.filter(pk__lt=after)
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
