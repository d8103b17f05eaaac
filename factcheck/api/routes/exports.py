"""Exports: every format of the export page and the export_claims command, streamed with
the command's filters; the same access rule as the export page."""

from typing import Any

from django.http import HttpRequest, QueryDict, StreamingHttpResponse
from ninja import Query, Router

from factcheck.api.schemas.common import ErrorOut
from factcheck.api.schemas.exports import ExportFormat, ExportParams
from factcheck.core import roles
from factcheck.exports import access as export_access
from factcheck.exports.formats import FORMATS
from factcheck.exports.forms import ExportForm
from factcheck.exports.native import MEDIA_TYPE as NATIVE_MEDIA_TYPE
from factcheck.exports.run import NATIVE, prepare

from .common import READ_ERRORS, Refused, form_refused

router = Router(tags=["exports"])


# What each format's body is, for the formats Schemathesis (and any client) reads as JSON
# (application/json and +json); the others are text: CSV, or JSON Lines (one JSON value
# per line, which is not one JSON document).
JSON_SHAPES: dict[str, dict[str, Any]] = {
    "claimreview": {"type": "array", "items": {"type": "object"}},  # ClaimReview objects
    "w3c": {"type": "object"},  # an AnnotationCollection with its first AnnotationPage
    "averitec": {"type": "array", "items": {"type": "object"}},  # AVeriTeC records
}
TEXT = {"type": "string"}


def documented_media_types() -> dict[str, Any]:
    """The 200 answer's media types (a format's Content-Type without its parameters), each
    naming the formats that answer with it and the shapes their bodies take."""
    formats: dict[str, list[str]] = {}
    for name, fmt in [*FORMATS.items(), (NATIVE, None)]:
        media_type = fmt.media_type if fmt is not None else NATIVE_MEDIA_TYPE
        formats.setdefault(media_type.split(";")[0].strip(), []).append(name)
    return {
        media_type: {"schema": body_schema(names) | {"description": "Formats: " + ", ".join(names)}}
        for media_type, names in formats.items()
    }


def body_schema(names: list[str]) -> dict[str, Any]:
    shapes = [JSON_SHAPES.get(name, TEXT) for name in names]
    unique = [shape for index, shape in enumerate(shapes) if shape not in shapes[:index]]
    return unique[0] if len(unique) == 1 else {"anyOf": unique}


@router.get(
    "/exports/{format}",
    response={400: ErrorOut} | READ_ERRORS,
    url_name="export",
    summary="Download an export of claims (editors; the native backup: admins)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The export, streamed: the bytes `manage.py export_claims` "
                "writes for the same format and filters. X-Export-Total: the claims selected.",
                "content": documented_media_types(),
            }
        }
    },
)
def export_claims(request: HttpRequest, format: ExportFormat, params: Query[ExportParams]) -> Any:
    """Formats: claimreview, w3c (JSON-LD), csv, jsonl (JSON Lines), fever (JSON Lines),
    averitec (JSON), native (the full backup restore_backup loads; admins only, no
    filters). The filters are the export page's and the command's; the page's form checks
    them (400 invalid: an unknown article or rating, a status the format does not take,
    dates the wrong way round)."""
    export_access.require_exporter(request.user)
    if format == NATIVE:
        export_access.require_backup_reader(request.user)
        if params.model_dump(exclude_defaults=True, exclude={"bom"}):
            raise Refused(
                400, "native_takes_no_filters", "The native backup holds everything: no filters."
            )
        export = prepare(NATIVE)
    else:
        form = ExportForm(form_data(str(format), params), allow_native=roles.is_admin(request.user))
        if not form.is_valid():
            raise form_refused(form, "The export form refused this.")
        export = prepare(str(format), form.claim_filter(), bom=form.cleaned_data["bom"])
    # As the page's download: streamed, so memory stays flat however many claims.
    response = StreamingHttpResponse(export.chunks(), content_type=export.media_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    if export.context.total is not None:
        response["X-Export-Total"] = str(export.context.total)
    return response


def form_data(format_name: str, params: ExportParams) -> QueryDict:
    """The query as the export page's form reads it."""
    data = QueryDict(mutable=True)
    data["format"] = format_name
    data.setlist("articles", [str(pk) for pk in params.article])
    for name in ("status", "rating", "reviewer", "tag"):
        data[name] = getattr(params, name)
    for name in ("decided_from", "decided_to"):
        value = getattr(params, name)
        data[name] = value.isoformat() if value else ""
    if params.bom:
        data["bom"] = "on"
    return data
