"""Claims: marked on an article with code-point offsets, listed in text order, read,
edited and deleted under the claim's optimistic lock."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from factcheck.api.schemas.claims import (
    ClaimIn,
    ClaimOut,
    ClaimPage,
    ClaimPatch,
    StaleOut,
    VersionIn,
)
from factcheck.api.schemas.common import ErrorOut
from factcheck.articles import access as article_access
from factcheck.claims import access as claim_access
from factcheck.claims import services as claim_services
from factcheck.claims.forms import ClaimForm
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Claim
from factcheck.text import Quote

from .common import (
    READ_ERRORS,
    BadCursor,
    IfMatch,
    ListParams,
    PathId,
    Refused,
    expected_version,
    field,
    form_refused,
    link,
    one_page,
    page_size,
    row_int,
    version_header,
    with_links,
)

router = Router(tags=["claims"])


class ClaimListParams(ListParams):
    status: Claim.Status | None = None


WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 409: StaleOut, 428: ErrorOut} | READ_ERRORS


def claim_links(status: int, pointer: str = "") -> dict[str, Any]:
    """Links from a response carrying a claim (at `pointer` in the body) to the operations
    on it, writes with its version as If-Match."""
    claim = {"claim_id": field(pointer, "id")}
    locked = claim | version_header(pointer)
    return with_links(
        status,
        {
            "ReadClaim": link("claims.read_claim", **claim),
            "EditClaim": link("claims.edit_claim", **locked),
            "DeleteClaim": link("claims.delete_claim", **locked),
            "ListSources": link("sources.list_sources", **claim),
            "AddSource": link("sources.add_source", **claim),
            "ListComments": link("comments.list_comments", **claim),
            "AddComment": link("comments.add_comment", **claim),
            "SaveMyReview": link("reviews.save_my_review", **claim),
            "ReadVerdict": link("decisions.read_verdict", **claim),
            "DecideVerdict": link("decisions.decide", **locked),
            "DismissClaim": link("decisions.dismiss", **locked),
            "ReopenClaim": link("decisions.reopen", **locked),
        },
    )


@router.post(
    "/articles/{article_id}/claims",
    response={201: ClaimOut, 400: ErrorOut, 409: ErrorOut} | READ_ERRORS,
    url_name="article-claims",
    summary="Mark a claim on an article",
    openapi_extra=claim_links(201),
)
def create_claim(request: HttpRequest, article_id: PathId, payload: ClaimIn) -> Any:
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
    openapi_extra=claim_links(200, "/items/0"),
)
def list_claims(request: HttpRequest, article_id: PathId, params: Query[ClaimListParams]) -> Any:
    """Claims not deleted, ordered by (start, end, id); `status` keeps one status. Each
    claim's offsets count in its own `revision`'s text. Cursor-paginated like /articles."""
    limit = page_size(params)
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
    page, more = one_page(claims, limit)
    last = page[-1] if page else None
    cursor = f"{last.start}.{last.end}.{last.pk}" if more and last else None
    return {"items": page, "next_cursor": cursor}


def claim_cursor(cursor: str) -> tuple[int, int, int]:
    parts = cursor.split(".")
    if len(parts) != 3:
        raise BadCursor
    try:
        start, end, pk = (row_int(part) for part in parts)
    except ValueError as error:
        raise BadCursor from error
    return start, end, pk


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
    openapi_extra=claim_links(200),
)
def edit_claim(
    request: HttpRequest, claim_id: PathId, payload: ClaimPatch, if_match: IfMatch = None
) -> Any:
    """The claim panel's edit form checks the fields and the same service saves them, so
    the API accepts and refuses what the form does (400 invalid, with the form's errors)."""
    claim = claim_access.claim_for_editing(request.user, claim_id)
    version = expected_version(if_match, payload.version)
    sent = payload.model_dump(exclude_unset=True)
    # "tags": null empties them, as null empties the text fields (Schemathesis found the
    # null tags list crashing the join).
    tags = (sent["tags"] or []) if "tags" in sent else claim.tag_names()
    data = {
        "summary": sent.get("summary", claim.summary),
        "claimant": sent.get("claimant", claim.claimant),
        "claimed_on": sent.get("claimed_on", claim.claimed_on) or "",
        "tags": ", ".join(tags),
        "version": version,
    }
    form = ClaimForm(data)
    if not form.is_valid():
        raise form_refused(form, "The claim form refused this.")
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
    request: HttpRequest,
    claim_id: PathId,
    payload: VersionIn | None = None,
    if_match: IfMatch = None,
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
    openapi_extra=claim_links(200),
)
def read_claim(request: HttpRequest, claim_id: PathId) -> Any:
    return claim_access.claim_for_reading(request.user, claim_id)
