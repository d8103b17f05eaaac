"""Comments on a claim: listed as the claim panel shows them, written, edited and deleted
by their author with the panel's comment form and the claims services (which record the
mentions and send the notifications)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status

from factcheck.api.schemas.comments import (
    CommentIn,
    CommentOut,
    CommentPage,
    CommentPatch,
    StaleCommentOut,
)
from factcheck.api.schemas.common import ErrorOut
from factcheck.claims import access as claim_access
from factcheck.claims import services as claim_services
from factcheck.claims.forms import CommentForm
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Comment
from factcheck.notifications.mentions import mark_mentions

from .common import (
    READ_ERRORS,
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
    pk_cursor,
    version_header,
    with_links,
)

router = Router(tags=["comments"])
GONE: dict[int, Any] = {409: ErrorOut}


def comment_links(status: int, pointer: str = "") -> dict[str, Any]:
    """Links from a response carrying a comment to editing it (with its version as
    If-Match) and deleting it."""
    comment = {"comment_id": field(pointer, "id")}
    return with_links(
        status,
        {
            "EditComment": link("comments.edit_comment", **comment, **version_header(pointer)),
            "DeleteComment": link("comments.delete_comment", **comment),
        },
    )


@router.get(
    "/claims/{claim_id}/comments",
    response={200: CommentPage, 400: ErrorOut} | READ_ERRORS,
    url_name="claim-comments",
    summary="List a claim's comments",
    openapi_extra=comment_links(200, "/items/0"),
)
def list_comments(request: HttpRequest, claim_id: PathId, params: Query[ListParams]) -> Any:
    """The comments the claim panel lists, oldest first (hidden ones for editors only),
    cursor-paginated like /articles."""
    limit = page_size(params)
    claim = claim_access.claim_for_reading(request.user, claim_id)
    comments = claim_access.comments_for_panel(request.user).filter(claim=claim)
    after = pk_cursor(params.cursor)
    if after is not None:
        comments = comments.filter(pk__gt=after)
    page, more = one_page(comments, limit)
    mark_mentions(claim.pk, comments=page)
    return {"items": page, "next_cursor": str(page[-1].pk) if more else None}


def comment_body(body: str) -> str:
    """The body as the panel's comment form cleans it, or 400 with its errors."""
    form = CommentForm({"body": body})
    if not form.is_valid():
        raise form_refused(form, "The comment form refused this.")
    return str(form.cleaned_data["body"])


@router.post(
    "/claims/{claim_id}/comments",
    response={201: CommentOut, 400: ErrorOut} | GONE | READ_ERRORS,
    url_name="claim-comments",
    summary="Comment on a claim",
    openapi_extra=comment_links(201),
)
def add_comment(request: HttpRequest, claim_id: PathId, payload: CommentIn) -> Any:
    """Checked by the claim panel's comment form (400 invalid when empty or too long).
    A locked claim is 403 claim_locked for reviewers."""
    claim = claim_access.claim_for_reviewing(request.user, claim_id)
    body = comment_body(payload.body)
    try:
        comment = claim_services.add_comment(claim=claim, author=request.user, body=body)
    except StaleVersion as error:
        raise Refused(409, "gone", "Someone else deleted this claim.") from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error
    mark_mentions(claim.pk, comments=[comment])
    return Status(201, comment)


def stale(request: HttpRequest, error: StaleVersion) -> Refused:
    current = error.current
    if not isinstance(current, Comment) or current.deleted_at is not None:
        return Refused(409, "gone", "This comment was deleted.")
    mark_mentions(current.claim_id, comments=[current])
    stored = CommentOut.model_validate(current, context={"request": request})
    return Refused(
        409,
        "stale_version",
        "The comment changed since you read it: merge with the stored comment and retry.",
        stored=stored.model_dump(mode="json"),
    )


@router.patch(
    "/comments/{comment_id}",
    response={200: CommentOut, 400: ErrorOut, 409: StaleCommentOut, 428: ErrorOut} | READ_ERRORS,
    url_name="comment",
    summary="Edit a comment you wrote",
    openapi_extra=comment_links(200),
)
def edit_comment(
    request: HttpRequest, comment_id: PathId, payload: CommentPatch, if_match: IfMatch = None
) -> Any:
    """Only its author edits a comment (anyone else's id is 404, as on the page). A hidden
    comment cannot be changed (403) until an editor unhides it."""
    comment = claim_access.comment_for_editing(request.user, comment_id)
    version = expected_version(if_match, payload.version)
    body = comment_body(payload.body)
    try:
        edited = claim_services.edit_comment(
            comment=comment, author=request.user, expected_version=version, body=body
        )
    except StaleVersion as error:
        raise stale(request, error) from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error
    edited.author = request.user
    mark_mentions(edited.claim_id, comments=[edited])
    return edited


@router.delete(
    "/comments/{comment_id}",
    response={204: None} | GONE | READ_ERRORS,
    url_name="comment",
    summary="Delete a comment you wrote",
)
def delete_comment(request: HttpRequest, comment_id: PathId) -> Any:
    """Like the page's delete button: only the author, and no version needed. The history
    keeps what it said."""
    comment = claim_access.comment_for_editing(request.user, comment_id)
    try:
        claim_services.delete_comment(comment=comment, deleted_by=request.user)
    except StaleVersion as error:
        raise Refused(409, "gone", "This comment was deleted already.") from error
    return Status(204, None)
