"""What every part of the API shares: refusals answered as {"error", "message"}, cursor
pages, and the optimistic-lock version a write must send."""

from typing import Annotated, Any

from ninja import Header, Schema

from factcheck.api.schemas.common import ErrorOut

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
MAX_LIMIT = 200


class BadCursor(ValueError):
    pass


class Refused(Exception):
    """A write refused before its service runs (no version, a form error) or by it (stale
    version): answered as {"error", "message"} plus `extra`."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        self.status, self.code, self.message, self.extra = status, code, message, extra
        super().__init__(message)


class ListParams(Schema):
    cursor: str | None = None
    limit: int = 50


def page_size(params: ListParams) -> int:
    """`limit` is clamped to 1..200 rather than refused."""
    return min(max(params.limit, 1), MAX_LIMIT)


def pk_cursor(cursor: str | None) -> int | None:
    """A cursor that is just the last row's primary key."""
    if not cursor:
        return None
    # isdecimal, not isdigit: int() refuses digits such as "²" that isdigit lets through.
    if not cursor.isdecimal():
        raise BadCursor
    return int(cursor)


IfMatch = Annotated[
    str | None, Header(alias="If-Match", description='The item\'s version: "<version>".')
]


def expected_version(if_match: str | None, version: int | None) -> int:
    """The version the client read: If-Match: "<n>" (a weak W/ prefix is allowed) or the
    body's `version`; both, they must agree."""
    header = None
    if if_match is not None:
        value = if_match.strip().removeprefix("W/").strip('"')
        if not value.isdecimal():
            raise Refused(400, "bad_if_match", 'Send If-Match: "<version>", e.g. "3".')
        header = int(value)
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
