"""What every part of the API shares: refusals answered as {"error", "message"}, cursor
pages, ids in paths, and the optimistic-lock version a write must send."""

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Header, Path, Schema
from ninja.errors import ValidationError
from ninja.parser import Parser

from factcheck.api.schemas.common import MAX_DB_INT, ErrorOut

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
MAX_LIMIT = 200

# Every id in a path: a row's primary key (or a revision's number), at most the database's
# 64-bit integer, so 2**70 is refused (400) before a query could overflow (a 500).
PathId = Annotated[int, Path(ge=1, le=MAX_DB_INT)]


class BadCursor(ValueError):
    pass


class Refused(Exception):
    """A write refused before its service runs (no version, a form error) or by it (stale
    version): answered as {"error", "message"} plus `extra`."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        self.status, self.code, self.message, self.extra = status, code, message, extra
        super().__init__(message)


class StrictQueryParser(Parser):
    """Query parameters the API refuses (400 invalid) before any operation reads them:
    - one that is not a list, repeated: ninja would keep the last value, but the schema
      allows one (Schemathesis sent ?limit=1&limit=2 and had it accepted);
    - a value with a NUL character: no stored text holds one, and PostgreSQL refuses it
      in a query (a 500 for ?q=%00 on the article list and the history filters).
    Used as NinjaAPI(parser=...)."""

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        issues = [
            issue(key, "repeated", "Send this parameter once.")
            for key in data
            if key not in list_fields and len(data.getlist(key)) > 1
        ] + [
            issue(key, "nul_character", "A NUL character is not allowed.")
            for key in data
            if any("\x00" in value for value in data.getlist(key))
        ]
        if issues:
            raise ValidationError(issues)
        return super().parse_querydict(data, list_fields, request)


def issue(key: str, kind: str, message: str) -> dict[str, Any]:
    """A query parameter's refusal, worded as ninja words a schema's (ErrorOut.detail)."""
    return {"type": kind, "loc": ["query", key], "msg": message}


class ListParams(Schema):
    cursor: str | None = None
    limit: int = 50


def page_size(params: ListParams) -> int:
    """`limit` is clamped to 1..200 rather than refused."""
    return min(max(params.limit, 1), MAX_LIMIT)


def row_int(text: str) -> int:
    """A cursor's or a header's number: decimal digits of at most a 64-bit integer, or
    ValueError (a larger one would overflow the query, a 500)."""
    # isdecimal, not isdigit: int() refuses digits such as "²" that isdigit lets through.
    if not text.isdecimal() or int(text) > MAX_DB_INT:
        raise ValueError(text)
    return int(text)


def one_page(rows: Any, limit: int) -> tuple[list[Any], bool]:
    """The first `limit` rows of an ordered queryset, and whether more follow: one row more
    is read instead of counting them all."""
    page = list(rows[: limit + 1])
    return page[:limit], len(page) > limit


def pk_cursor(cursor: str | None) -> int | None:
    """A cursor that is just the last row's primary key."""
    if not cursor:
        return None
    try:
        return row_int(cursor)
    except ValueError as error:
        raise BadCursor from error


def form_refused(form: Any, message: str) -> Refused:
    """400 invalid with the page form's messages by field, as ErrorOut.detail documents."""
    detail = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
    return Refused(400, "invalid", message, detail=detail)


IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='The item\'s version: "<version>".')
]


def expected_version(if_match: str | None, version: int | None) -> int:
    """The version the client read: If-Match: "<n>" (a weak W/ prefix is allowed) or the
    body's `version`; both, they must agree."""
    header = None
    if if_match is not None:
        value = if_match.strip().removeprefix("W/").strip('"')
        try:
            header = row_int(value)
        except ValueError as error:
            raise Refused(400, "bad_if_match", 'Send If-Match: "<version>", e.g. "3".') from error
    if header is not None and version is not None and header != version:
        raise Refused(400, "version_mismatch", "If-Match and version disagree.")
    found = header if header is not None else version
    if found is None:
        raise Refused(
            428,
            "precondition_required",
            'Send the item\'s version as If-Match: "<version>" or a version field.',
        )
    return found


# --- OpenAPI links ------------------------------------------------------------------------
# Links from a response carrying an item to the operations on it: clients may follow them,
# and Schemathesis's stateful phase chains create -> read -> edit -> delete on real rows
# instead of guessing ids (.ci/schemathesis.sh).


def link(operation: str, **parameters: str) -> dict[str, Any]:
    """A link to the view `operation` ("module.function" under api/routes/), by ninja's
    default operationId, with its parameters as runtime expressions."""
    module, function = operation.split(".")
    return {"operationId": f"factcheck_api_routes_{module}_{function}", "parameters": parameters}


def field(pointer: str, name: str) -> str:
    """The expression for field `name` of the item at `pointer` in the response body."""
    return f"$response.body#{pointer}/{name}"


def version_header(pointer: str) -> dict[str, str]:
    """The item's version as If-Match, so a linked write is not refused for lacking it."""
    return {"header.If-Match": f'"{{{field(pointer, "version")}}}"'}


def with_links(status: int, links: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """openapi_extra for an operation whose `status` response carries these links."""
    return {"responses": {status: {"links": links}}}
