"""Moderation, as the claim panel and the moderation page do it: anyone who works on
articles flags a review, source or comment; editors list the open flags, dismiss them,
hide and unhide content, lock and unlock claims, and restore deleted ones.

Each operation fetches through moderation.access and writes through moderation.services,
which records the history event; a refused write records nothing. The services' refusal
for a state that moved on (already hidden, flag already resolved, ...) is 409, as on the
pages; a reason the page's form or the service refuses is 400."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from factcheck.api.schemas.claims import ClaimOut
from factcheck.api.schemas.common import ErrorOut
from factcheck.api.schemas.moderation import (
    FlagDismissalIn,
    FlagIn,
    FlagOut,
    FlagPage,
    HiddenItemOut,
    HideIn,
    ItemKind,
    LockOut,
)
from factcheck.moderation import access, services
from factcheck.moderation.forms import DismissForm, FlagForm, HideForm
from factcheck.moderation.models import Flag

from .claims import claim_links
from .common import (
    READ_ERRORS,
    BadCursor,
    ListParams,
    PathId,
    Refused,
    form_refused,
    one_page,
    page_size,
    row_int,
)

router = Router(tags=["moderation"])

WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 409: ErrorOut} | READ_ERRORS
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)


@contextmanager
def moderation_refusals() -> Iterator[None]:
    try:
        yield
    except services.ModerationRefused as error:
        raise Refused(409, "moderation_refused", " ".join(error.messages)) from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error


def checked(form: Any) -> dict[str, Any]:
    """The page form's cleaned data, or 400 with its errors."""
    if not form.is_valid():
        raise form_refused(form, "The moderation form refused this.")
    return form.cleaned_data  # type: ignore[no-any-return]


# --- flags ----------------------------------------------------------------------------------


@router.post(
    "/flags",
    response={201: FlagOut} | WRITE_ERRORS,
    url_name="flags",
    summary="Flag a review, source or comment for the editors",
)
def flag(request: HttpRequest, payload: FlagIn) -> Any:
    """Anyone who works on articles. A hidden or deleted item, or one on a deleted claim,
    is 404 (reviewers do not see it); a second open flag from the same person is 409."""
    item = access.item_for_flagging(request.user, payload.kind, payload.id)
    data = checked(FlagForm({"reason": payload.reason}))
    with moderation_refusals():
        created = services.flag_item(item=item, flagged_by=request.user, reason=data["reason"])
    return Status(201, created)


class FlagListParams(ListParams):
    kind: ItemKind | None = None


@router.get(
    "/flags",
    response={200: FlagPage, 400: ErrorOut} | READ_ERRORS,
    url_name="flags",
    summary="List the open flags, oldest first (editors)",
)
def list_flags(request: HttpRequest, params: Query[FlagListParams]) -> Any:
    """The moderation page's queue, in its order (created_at, id), cursor-paginated; `kind`
    keeps one kind of item. One query per page, however many flags."""
    access.require_moderator(request.user)
    limit = page_size(params)
    # Keyset pagination on (created_at, pk), served by the moderation_flag_queue index.
    flags = Flag.objects.open().order_by("created_at", "pk")
    if params.kind:
        flags = flags.filter(**{f"{params.kind}__isnull": False})
    if params.cursor:
        created_at, pk = flag_cursor(params.cursor)
        flags = flags.filter(Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk))
    page, more = one_page(flags, limit)
    cursor = None
    if more and page:
        last = page[-1]
        cursor = f"{(last.created_at - EPOCH) // MICROSECOND}.{last.pk}"
    return {"items": page, "next_cursor": cursor}


def flag_cursor(cursor: str) -> tuple[dt.datetime, int]:
    parts = cursor.split(".")
    if len(parts) != 2:
        raise BadCursor
    try:
        micros, pk = (row_int(part) for part in parts)
        return EPOCH + micros * MICROSECOND, pk
    except (ValueError, OverflowError) as error:  # OverflowError: past datetime's year 9999
        raise BadCursor from error


@router.post(
    "/flags/{flag_id}/dismissal",
    response={200: FlagOut} | WRITE_ERRORS,
    url_name="flag-dismissal",
    summary="Dismiss a flag, leaving its item as it is (editors)",
)
def dismiss_flag(request: HttpRequest, flag_id: PathId, payload: FlagDismissalIn) -> Any:
    found = access.flag_for_resolving(request.user, flag_id)
    data = checked(DismissForm({"note": payload.note}))
    with moderation_refusals():
        return services.dismiss_flag(flag=found, editor=request.user, note=data["note"])


# --- hiding ---------------------------------------------------------------------------------


@router.post(
    "/moderation/{kind}/{item_id}/hiding",
    response={201: HiddenItemOut} | WRITE_ERRORS,
    url_name="moderation-hiding",
    summary="Hide a review, source or comment, with a reason (editors)",
)
def hide(request: HttpRequest, kind: ItemKind, item_id: PathId, payload: HideIn) -> Any:
    """Its open flags are resolved as hidden; hiding a review recomputes the claim's
    status (`claim_status`)."""
    item = access.item_for_moderation(request.user, kind, item_id)
    data = checked(HideForm({"reason": payload.reason}))
    with moderation_refusals():
        hidden = services.hide_item(item=item, editor=request.user, reason=data["reason"])
    return Status(201, hidden)


@router.delete(
    "/moderation/{kind}/{item_id}/hiding",
    response={204: None} | WRITE_ERRORS,
    url_name="moderation-hiding",
    summary="Unhide a review, source or comment (editors)",
)
def unhide(request: HttpRequest, kind: ItemKind, item_id: PathId) -> Any:
    item = access.item_for_moderation(request.user, kind, item_id)
    with moderation_refusals():
        services.unhide_item(item=item, editor=request.user)
    return Status(204, None)


# --- claims: lock and restore ---------------------------------------------------------------


@router.post(
    "/claims/{claim_id}/lock",
    response={201: LockOut} | WRITE_ERRORS,
    url_name="claim-lock",
    summary="Lock a claim against reviewers' edits (editors)",
)
def lock(request: HttpRequest, claim_id: PathId) -> Any:
    claim = access.claim_for_locking(request.user, claim_id)
    with moderation_refusals():
        return Status(201, services.lock_claim(claim=claim, editor=request.user))


@router.delete(
    "/claims/{claim_id}/lock",
    response={204: None} | WRITE_ERRORS,
    url_name="claim-lock",
    summary="Unlock a claim (editors)",
)
def unlock(request: HttpRequest, claim_id: PathId) -> Any:
    claim = access.claim_for_locking(request.user, claim_id)
    with moderation_refusals():
        services.unlock_claim(claim=claim, editor=request.user)
    return Status(204, None)


@router.post(
    "/claims/{claim_id}/restoration",
    response={200: ClaimOut} | WRITE_ERRORS,
    url_name="claim-restoration",
    summary="Restore a deleted claim (editors)",
    openapi_extra=claim_links(200),
)
def restore(request: HttpRequest, claim_id: PathId) -> Any:
    """Only a deleted claim: a live one's id is 404, as on the moderation page."""
    claim = access.deleted_claim_for_restoring(request.user, claim_id)
    with moderation_refusals():
        return services.restore_claim(claim=claim, editor=request.user)
