"""Articles: imported from text or a JSON document with the import page's rules, listed
with a cursor and filters, read with the current revision's text and spans, and corrected
by new revisions that re-anchor the claims as the page's revise action does."""

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Status

from factcheck.api.schemas.articles import (
    ArticleDetail,
    ArticleIn,
    ArticlePage,
    RevisedOut,
    RevisionIn,
    RevisionOut,
    RevisionPage,
    StaleRevisionOut,
)
from factcheck.api.schemas.common import ErrorOut, IsoDate, IsoDateTime
from factcheck.articles import access as article_access
from factcheck.articles.forms import ImportArticleForm, RevisionForm
from factcheck.articles.models import Revision, Span
from factcheck.articles.reading import spans_for_revision
from factcheck.articles.services import (
    ImportRejected,
    import_article,
    import_json_document,
    max_import_bytes,
    too_large,
)
from factcheck.claims.revisions import StaleBaseRevision, revise_article

from .common import (
    READ_ERRORS,
    ListParams,
    PathId,
    Refused,
    field,
    form_refused,
    link,
    one_page,
    page_size,
    pk_cursor,
    with_links,
)

router = Router(tags=["articles"])
ARTICLE_FIELDS = (
    "id", "title", "slug", "publisher", "author", "language", "published_on", "created_at",
    "current_revision__id", "current_revision__number",
)  # fmt: skip
# The import form's metadata fields, which the API takes under the same names.
METADATA = ("title", "source_url", "publisher", "author", "published_on", "language")


def article_links(status: int, pointer: str = "") -> dict[str, Any]:
    """Links from a response carrying an article to reading it, its claims and revisions,
    marking a claim on it and correcting it."""
    article = {"article_id": field(pointer, "id")}
    return with_links(
        status,
        {
            "ReadArticle": link("articles.read_article", **article),
            "ListClaims": link("claims.list_claims", **article),
            "CreateClaim": link("claims.create_claim", **article),
            "ListRevisions": link("articles.list_revisions", **article),
            "CreateRevision": link("articles.create_revision", **article),
            "SetBlindReview": link("decisions.blind_review", **article),
        },
    )


class ArticleListParams(ListParams):
    """The articles page's search (`q`) and what a CMS or data team filters on."""

    q: str = Field("", description="Words in the title or the publisher (as the list page).")
    language: str = Field("", description="Exactly this BCP 47 tag, e.g. km.")
    publisher: str = Field("", description="Exactly this publisher (case-insensitive).")
    created_after: IsoDateTime | None = Field(None, description="Imported at or after this.")
    created_before: IsoDateTime | None = Field(None, description="Imported before this.")
    published_from: IsoDate | None = Field(None, description="Published on or after.")
    published_to: IsoDate | None = Field(None, description="Published on or before.")


@router.get(
    "/articles",
    response={200: ArticlePage, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="articles",
    summary="List articles, newest first",
    openapi_extra=article_links(200, "/items/0"),
)
def list_articles(request: HttpRequest, params: Query[ArticleListParams]) -> Any:
    """Cursor-paginated: follow `next_cursor` (with the same filters) until it is null.
    `limit` is 1 to 200."""
    limit = page_size(params)
    # Keyset pagination on the primary key: pages stay stable while articles are added,
    # and a late page costs what the first one does.
    articles = (
        article_access.articles_for_listing(request.user)
        .search(params.q)
        .select_related(None)
        .select_related("current_revision")
        .only(*ARTICLE_FIELDS)
        .order_by("-pk")
    )
    articles = filtered(articles, params)
    after = pk_cursor(params.cursor)
    if after is not None:
        articles = articles.filter(pk__lt=after)
    page, more = one_page(articles, limit)
    return {"items": page, "next_cursor": str(page[-1].pk) if more else None}


def filtered(articles: Any, params: ArticleListParams) -> Any:
    if params.language:
        articles = articles.filter(language=params.language)
    if params.publisher:
        articles = articles.filter(publisher__iexact=params.publisher)
    if params.created_after:
        articles = articles.filter(created_at__gte=params.created_after)
    if params.created_before:
        articles = articles.filter(created_at__lt=params.created_before)
    if params.published_from:
        articles = articles.filter(published_on__gte=params.published_from)
    if params.published_to:
        articles = articles.filter(published_on__lte=params.published_to)
    return articles


@router.post(
    "/articles",
    response={201: ArticleDetail, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    url_name="articles",
    summary="Import an article from text or a JSON document (editors)",
    openapi_extra=article_links(201),
)
def create_article(request: HttpRequest, payload: ArticleIn, response: HttpResponse) -> Any:
    """The import page's rules: editors only; the page's form checks the metadata (a title,
    an http(s) source URL, a BCP 47 language); the text is normalised and segmented. 400
    with `error` too_large (over the import limit, in UTF-8 bytes), not_utf8, empty,
    bad_document, or invalid (with the form's messages in `detail`). A refused import
    stores nothing and records nothing. Answers the article as GET /articles/{id} does,
    with its URL in Location."""
    article_access.require_importer(request.user)
    content = import_content(payload)
    if len(content) > max_import_bytes():
        raise Refused(400, "too_large", str(too_large(len(content))))
    form = import_form(payload, content)
    if not form.is_valid():
        raise form_refused(form, "The import form refused this.")
    metadata = {name: form.cleaned_data[name] for name in METADATA}
    try:
        if payload.document is not None:
            if not payload.language:
                del metadata["language"]  # the document's own language, else en
            article = import_json_document(data=content, created_by=request.user, **metadata)
        else:
            article = import_article(content=content, created_by=request.user, **metadata)
    except ImportRejected as error:
        raise Refused(400, error.code, str(error)) from error
    response["Location"] = reverse("api:article", args=[article.pk])
    return Status(201, read_article(request, article.pk))


def import_content(payload: ArticleIn) -> bytes:
    """The text or the document as the bytes of a file upload, so the import checks them
    as it checks a file: the size limit counts UTF-8 bytes, and a lone surrogate (a JSON
    escape such as \\ud800) is the invalid UTF-8 it stands for."""
    if payload.text is not None:
        return payload.text.encode("utf-8", "surrogatepass")
    if payload.document is not None:
        document = json.dumps(payload.document, ensure_ascii=False)
        return document.encode("utf-8", "surrogatepass")
    return b""


def import_form(payload: ArticleIn, content: bytes) -> ImportArticleForm:
    """The import page's form over the API's fields: a document is the .json file upload,
    so "text or a file, not both" and every metadata rule are the page's."""
    data = {name: getattr(payload, name) for name in METADATA}
    data["published_on"] = payload.published_on.isoformat() if payload.published_on else ""
    data["language"] = payload.language or "en"
    data["text"] = payload.text or ""
    files = {}
    if payload.document is not None:
        files["file"] = SimpleUploadedFile("document.json", content, "application/json")
    return ImportArticleForm(data, files)


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetail} | READ_ERRORS,
    url_name="article",
    summary="Read an article with its current revision's text and spans",
    openapi_extra=article_links(200),
)
def read_article(request: HttpRequest, article_id: PathId) -> Any:
    """Two queries whatever the article's length: the article with its current revision,
    and the revision's spans."""
    article = article_access.article_for_reading(request.user, article_id)
    revision = article.current_revision
    article.revision = revision_body(revision) if revision is not None else None
    return article


def revision_body(revision: Revision) -> dict[str, Any]:
    """A revision with its text and its stored spans (one query, the reading page's)."""
    spans, paragraph = [], None
    # Spans come in text order with each paragraph before its sentences.
    for kind, index, start, end in spans_for_revision(revision.pk):
        if kind == Span.Kind.PARAGRAPH:
            paragraph = index
        spans.append(
            {
                "kind": kind,
                "index": index,
                "start": start,
                "end": end,
                "paragraph": paragraph if kind == Span.Kind.SENTENCE else None,
            }
        )
    return {
        "id": revision.pk,
        "number": revision.number,
        "created_at": revision.created_at,
        "note": revision.note,
        "sha256": revision.sha256,
        "text": revision.text,
        "spans": spans,
    }


@router.get(
    "/articles/{article_id}/revisions",
    response={200: RevisionPage, 400: ErrorOut} | READ_ERRORS,
    url_name="article-revisions",
    summary="List an article's revisions, newest first (without their texts)",
)
def list_revisions(request: HttpRequest, article_id: PathId, params: Query[ListParams]) -> Any:
    """Cursor-paginated like /articles; the cursor is a revision number."""
    limit = page_size(params)
    article = article_access.article_for_reading(request.user, article_id)
    revisions = (
        Revision.objects.filter(article=article)
        .select_related("created_by")
        .defer("text")
        .annotate(characters=Length("text"))
        .order_by("-number")
    )
    before = pk_cursor(params.cursor)
    if before is not None:
        revisions = revisions.filter(number__lt=before)
    page, more = one_page(revisions, limit)
    items = [
        {
            "id": revision.pk,
            "number": revision.number,
            "created_at": revision.created_at,
            "note": revision.note,
            "sha256": revision.sha256,
            "characters": revision.characters,
            "created_by": revision.created_by.get_username() if revision.created_by else None,
            "current": revision.pk == article.current_revision_id,
        }
        for revision in page
    ]
    return {"items": items, "next_cursor": str(page[-1].number) if more else None}


@router.post(
    "/articles/{article_id}/revisions",
    response={201: RevisedOut, 400: ErrorOut, 409: StaleRevisionOut} | READ_ERRORS,
    url_name="article-revisions",
    summary="Correct an article: store a new revision and re-anchor its claims (editors)",
)
def create_revision(
    request: HttpRequest, article_id: PathId, payload: RevisionIn, response: HttpResponse
) -> Any:
    """What the page's new-revision form does once confirmed: the same form checks the text
    and note, and the same service stores the revision and re-anchors every claim (exact,
    moved, changed or orphaned; changed and orphaned claims go to needs_recheck), with one
    article.revised event and a claim.reanchored event per claim not exactly in place.
    400 too_large, not_utf8, empty, unchanged or invalid; 409 stale_revision when
    `base_revision` is no longer the current revision (nothing is stored)."""
    article = article_access.article_for_revising(request.user, article_id)
    content = payload.text.encode("utf-8", "surrogatepass")
    if len(content) > max_import_bytes():
        raise Refused(400, "too_large", str(too_large(len(content))))
    form = RevisionForm({"text": payload.text, "note": payload.note})
    if not form.is_valid():
        raise form_refused(form, "The revision form refused this.")
    try:
        result = revise_article(
            article=article,
            content=content,
            note=form.cleaned_data["note"],
            editor=request.user,
            base_revision=payload.base_revision,
        )
    except ImportRejected as error:
        raise Refused(400, error.code, str(error)) from error
    except StaleBaseRevision as stale:
        current = {"id": stale.current.pk, "number": stale.current.number}
        raise Refused(409, "stale_revision", str(stale), current=current) from stale
    revision = result.revision
    response["Location"] = reverse("api:article-revision", args=[article.pk, revision.number])
    return Status(201, revision_body(revision) | {"claims": result.plan.counts})


@router.get(
    "/articles/{article_id}/revisions/{number}",
    response={200: RevisionOut} | READ_ERRORS,
    url_name="article-revision",
    summary="Read one revision of an article, with its text and spans",
)
def read_revision(request: HttpRequest, article_id: PathId, number: PathId) -> Any:
    """Old revisions stay readable: a correction never rewrites text."""
    return revision_body(article_access.revision_for_reading(request.user, article_id, number))
