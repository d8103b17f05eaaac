"""The API's operations. Like the page views, each fetches through the app's access guard
and writes through its service, so the API cannot do what the page would refuse."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from ninja import Header, Query, Router, Schema, Status

from factcheck.articles import access as article_access
from factcheck.claims import access as claim_access
from factcheck.claims import services as claim_services
from factcheck.claims.forms import ClaimForm
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Claim
from factcheck.text import Quote

from .schemas import (
    ArticleDetail,
    ArticlePage,
    ClaimIn,
    ClaimOut,
    ClaimPage,
    ClaimPatch,
    ErrorOut,
    StaleOut,
    VersionIn,
)

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


class ClaimListParams(ListParams):
    status: Claim.Status | None = None


class Refused(Exception):
    """A write refused before its service runs (no version, a form error) or by it (stale
    version): answered as {"error", "message"} plus `extra`."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        self.status, self.code, self.message, self.extra = status, code, message, extra
        super().__init__(message)


IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='The claim\'s version: "<version>".')
]
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 409: StaleOut, 428: ErrorOut} | READ_ERRORS


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
    "/articles/{article_id}/claims",
    response={200: ClaimPage, 400: ErrorOut} | READ_ERRORS,
    url_name="article-claims",
    summary="List an article's claims in text order",
)
def list_claims(request: HttpRequest, article_id: int, params: Query[ClaimListParams]) -> Any:
    """Claims not deleted, ordered by (start, end, id); `status` keeps one status. Each
    claim's offsets count in its own `revision`'s text. Cursor-paginated like /articles."""
    limit = min(max(params.limit, 1), 200)
    article = article_access.article_for_reading(request.user, article_id)
    # Keyset pagination on (start, end, pk), the order the reading page draws them in.
    claims = (
        Claim.objects.visible()
        .for_article(article)
        .prefetch_related("tags")
        .order_by("start", "end", "pk")
    )
    if params.status:
        claims = claims.with_status(params.status)
    if params.cursor:
        start, end, pk = claim_cursor(params.cursor)
        claims = claims.filter(
            Q(start__gt=start) | Q(start=start, end__gt=end) | Q(start=start, end=end, pk__gt=pk)
        )
    page = list(claims[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    last = page[-1] if page else None
    cursor = f"{last.start}.{last.end}.{last.pk}" if more and last else None
    return {"items": page, "next_cursor": cursor}


def claim_cursor(cursor: str) -> tuple[int, int, int]:
    parts = cursor.split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise BadCursor
    start, end, pk = (int(part) for part in parts)
    return start, end, pk


def expected_version(if_match: str | None, version: int | None) -> int:
    """The version the client read: If-Match: "<n>" (a weak W/ prefix is allowed) or the
    body's `version`; both, they must agree."""
    header = None
    if if_match is not None:
        value = if_match.strip().removeprefix("W/").strip('"')
        if not value.isdigit():
            raise Refused(400, "bad_if_match", 'Send If-Match: "<version>", e.g. "3".')
        header = int(value)
    if header is not None and version is not None and header != version:
        raise Refused(400, "version_mismatch", "If-Match and version disagree.")
    found = header if header is not None else version
    if found is None:
        raise Refused(
            428,
            "precondition_required",
            'Send the claim\'s version as If-Match: "<version>" or a version field.',
        )
    return found


def stale(error: StaleVersion) -> Refused:
    current = error.current
    if current is None or current.deleted_at is not None:
        return Refused(409, "gone", "Someone else deleted this claim.")
    return Refused(
        409,
        "stale_version",
        "The claim changed since you read it: merge with the stored claim and retry.",
        stored=ClaimOut.from_orm(current).model_dump(mode="json", by_alias=False),
    )


@router.patch(
    "/claims/{claim_id}",
    response={200: ClaimOut} | WRITE_ERRORS,
    url_name="claim",
    summary="Edit a claim's summary, claimant, date or tags",
)
def edit_claim(
    request: HttpRequest, claim_id: int, payload: ClaimPatch, if_match: IfMatch = None
) -> Any:
    """The claim panel's edit form checks the fields and the same service saves them, so
    the API accepts and refuses what the form does (400 invalid, with the form's errors)."""
    claim = claim_access.claim_for_editing(request.user, claim_id)
    version = expected_version(if_match, payload.version)
    sent = payload.model_dump(exclude_unset=True)
    data = {
        "summary": sent.get("summary", claim.summary),
        "claimant": sent.get("claimant", claim.claimant),
        "claimed_on": sent.get("claimed_on", claim.claimed_on) or "",
        "tags": ", ".join(sent["tags"] if "tags" in sent else claim.tag_names()),
        "version": version,
    }
    form = ClaimForm(data)
    if not form.is_valid():
        raise Refused(400, "invalid", "The claim form refused this.", detail=form.errors)
    # Only the fields sent change, so the history records only those.
    changes = {
        name: form.cleaned_data[name] for name in claim_services.CLAIM_FIELDS if name in sent
    }
    try:
        return claim_services.update_claim(
            claim=claim, editor=request.user, expected_version=version, **changes
        )
    except StaleVersion as error:
        raise stale(error) from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error


@router.delete(
    "/claims/{claim_id}",
    response={204: None} | WRITE_ERRORS,
    url_name="claim",
    summary="Delete a claim (its creator or an editor)",
)
def delete_claim(
    request: HttpRequest, claim_id: int, payload: VersionIn | None = None, if_match: IfMatch = None
) -> Any:
    claim = claim_access.claim_for_deleting(request.user, claim_id)
    version = expected_version(if_match, payload.version if payload else None)
    try:
        claim_services.delete_claim(claim=claim, deleted_by=request.user, expected_version=version)
    except StaleVersion as error:
        raise stale(error) from error
    return Status(204, None)


@router.get(
    "/claims/{claim_id}",
    response={200: ClaimOut} | READ_ERRORS,
    url_name="claim",
    summary="Read a claim",
)
def read_claim(request: HttpRequest, claim_id: int) -> Any:
    return claim_access.claim_for_reading(request.user, claim_id)
