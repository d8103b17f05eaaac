"""Sources on a claim: listed and read as the claim panel shows them, added, edited and
removed by whoever added them, with the panel's source form and the claims services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status

from factcheck.api.schemas.common import ErrorOut
from factcheck.api.schemas.sources import (
    SourceIn,
    SourceOut,
    SourcePage,
    SourcePatch,
    StaleSourceOut,
)
from factcheck.claims import access as claim_access
from factcheck.claims import services as claim_services
from factcheck.claims.forms import SourceForm
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Source

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

router = Router(tags=["sources"])
GONE: dict[int, Any] = {409: ErrorOut}


def source_links(status: int, pointer: str = "") -> dict[str, Any]:
    """Links from a response carrying a source to reading, editing (with its version as
    If-Match) and removing it."""
    source = {"source_id": field(pointer, "id")}
    return with_links(
        status,
        {
            "ReadSource": link("sources.read_source", **source),
            "EditSource": link("sources.edit_source", **source, **version_header(pointer)),
            "DeleteSource": link("sources.delete_source", **source),
        },
    )


@router.get(
    "/claims/{claim_id}/sources",
    response={200: SourcePage, 400: ErrorOut} | READ_ERRORS,
    url_name="claim-sources",
    summary="List a claim's sources",
    openapi_extra=source_links(200, "/items/0"),
)
def list_sources(request: HttpRequest, claim_id: PathId, params: Query[ListParams]) -> Any:
    """The sources the claim panel lists, oldest first (hidden ones for editors only),
    cursor-paginated like /articles."""
    limit = page_size(params)
    claim = claim_access.claim_for_reading(request.user, claim_id)
    sources = claim_access.sources_for_panel(request.user).filter(claim=claim)
    after = pk_cursor(params.cursor)
    if after is not None:
        sources = sources.filter(pk__gt=after)
    page, more = one_page(sources, limit)
    return {"items": page, "next_cursor": str(page[-1].pk) if more else None}


@router.post(
    "/claims/{claim_id}/sources",
    response={201: SourceOut, 400: ErrorOut} | GONE | READ_ERRORS,
    url_name="claim-sources",
    summary="Add a source to a claim",
    openapi_extra=source_links(201),
)
def add_source(request: HttpRequest, claim_id: PathId, payload: SourceIn) -> Any:
    """The claim panel's source form checks the fields (400 invalid, with its errors):
    only http and https addresses. A locked claim is 403 claim_locked for reviewers."""
    claim = claim_access.claim_for_reviewing(request.user, claim_id)
    fields = source_fields(payload.model_dump())
    try:
        source = claim_services.add_source(claim=claim, added_by=request.user, **fields)
    except StaleVersion as error:
        raise Refused(409, "gone", "Someone else deleted this claim.") from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error
    return Status(201, source)


def source_fields(data: dict[str, Any]) -> dict[str, Any]:
    """SOURCE_FIELDS as the panel's source form cleans them, or 400 with its errors."""
    form_data = {name: "" if value is None else value for name, value in data.items()}
    form = SourceForm(form_data)
    if not form.is_valid():
        raise form_refused(form, "The source form refused this.")
    return {name: form.cleaned_data[name] for name in claim_services.SOURCE_FIELDS}


@router.get(
    "/sources/{source_id}",
    response={200: SourceOut} | READ_ERRORS,
    url_name="source",
    summary="Read a source",
    openapi_extra=source_links(200),
)
def read_source(request: HttpRequest, source_id: PathId) -> Any:
    """404 for a source the claim panel would not show you (a hidden one, unless you are
    an editor)."""
    return claim_access.source_for_reading(request.user, source_id)


def stale(request: HttpRequest, error: StaleVersion) -> Refused:
    current = error.current
    if not isinstance(current, Source) or current.deleted_at is not None:
        return Refused(409, "gone", "This source was removed.")
    stored = SourceOut.model_validate(current, context={"request": request})
    return Refused(
        409,
        "stale_version",
        "The source changed since you read it: merge with the stored source and retry.",
        stored=stored.model_dump(mode="json"),
    )


@router.patch(
    "/sources/{source_id}",
    response={200: SourceOut, 400: ErrorOut, 409: StaleSourceOut, 428: ErrorOut} | READ_ERRORS,
    url_name="source",
    summary="Edit a source you added",
    openapi_extra=source_links(200),
)
def edit_source(
    request: HttpRequest, source_id: PathId, payload: SourcePatch, if_match: IfMatch = None
) -> Any:
    """Only the person who added a source edits it (anyone else's id is 404, as on the
    page). The fields sent replace the stored ones and the source form checks the result.
    A hidden source cannot be changed (403) until an editor unhides it."""
    source = claim_access.source_for_editing(request.user, source_id)
    version = expected_version(if_match, payload.version)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    stored = {name: getattr(source, name) for name in claim_services.SOURCE_FIELDS}
    fields = source_fields(stored | sent)
    # Only the fields sent change, so the history records only those.
    changes = {name: fields[name] for name in sent}
    try:
        updated = claim_services.update_source(
            source=source, editor=request.user, expected_version=version, **changes
        )
    except StaleVersion as error:
        raise stale(request, error) from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error
    return claim_access.source_for_reading(request.user, updated.pk)


@router.delete(
    "/sources/{source_id}",
    response={204: None} | GONE | READ_ERRORS,
    url_name="source",
    summary="Remove a source you added",
)
def delete_source(request: HttpRequest, source_id: PathId) -> Any:
    """Like the page's remove button: only the person who added it, and no version needed
    (removing one's own source overwrites nobody's work). The history keeps what it said."""
    source = claim_access.source_for_editing(request.user, source_id)
    try:
        claim_services.delete_source(source=source, deleted_by=request.user)
    except StaleVersion as error:
        raise Refused(409, "gone", "This source was removed already.") from error
    return Status(204, None)
