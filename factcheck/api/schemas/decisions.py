"""The editor's decisions on a claim (verdict, correction, confirmation, reopening,
dismissal), the blind-review switch, and publishing the claim's fact-check page."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from factcheck.exports.query import export_context, public_url

from .claims import VERSION, ClaimOut
from .common import BodyIn, ErrorOut, RowId, Version


class PersonRef(Schema):
    id: int
    username: str


class VerdictOut(Schema):
    id: int
    rating: str = Field(description="The rating's slug on the default scale, e.g. true.")
    rating_label: str
    public_summary: str = Field(description="What we found, for readers of the public page.")
    rationale: str
    sources: list[int] = Field(description="Ids of the claim's sources that count, sorted.")
    decided_by: PersonRef
    decided_at: dt.datetime
    revision: int | None = Field(
        alias="revision_id", description="The article revision the verdict was given on."
    )
    replaces: int | None = Field(
        alias="replaces_id", description="The verdict this one corrected or confirmed."
    )
    correction_note: str

    @staticmethod
    def resolve_rating(obj: Any) -> str:
        return obj.rating.slug  # type: ignore[no-any-return]

    @staticmethod
    def resolve_rating_label(obj: Any) -> str:
        return obj.rating.label  # type: ignore[no-any-return]

    @staticmethod
    def resolve_sources(obj: Any) -> list[int]:
        return sorted(source.pk for source in obj.sources.all())

    @staticmethod
    def resolve_decided_by(obj: Any) -> dict[str, Any]:
        return {"id": obj.decided_by_id, "username": obj.decided_by.get_username()}


class ClaimVerdictOut(Schema):
    claim: int
    status: str
    version: int = Field(
        description='The claim\'s version after the decision: send it as If-Match: "<version>" '
        "(or `version`) with the next decision or edit."
    )
    verdict: VerdictOut | None = Field(description="The current verdict; null when none.")
    history: list[VerdictOut] = Field(
        description="Every verdict given on the claim, oldest first, the current one included."
    )


class VerdictIn(BodyIn):
    """Checked by the claim panel's verdict form (editorial.forms.VerdictForm)."""

    rating: str = Field(description="A rating slug of the default scale, e.g. true or false.")
    public_summary: str = Field(description="One or two sentences on what we found, for readers.")
    rationale: str = Field(description="How we know.")
    sources: list[RowId] = Field(
        default_factory=list,
        description="Ids of the claim's own sources (not removed or hidden) that count.",
    )
    version: Version | None = Field(None, description=VERSION)


class CorrectionIn(VerdictIn):
    note: str = Field(description="Public note shown with the corrected verdict: what changed.")


class ConfirmationIn(BodyIn):
    note: str = Field("", description="Public note; by default it says the verdict stands.")
    version: Version | None = Field(None, description=VERSION)


class ReasonIn(BodyIn):
    reason: str
    version: Version | None = Field(None, description=VERSION)


class BlindReviewIn(BodyIn):
    blind_review: bool


class BlindReviewOut(Schema):
    article: int = Field(alias="pk")
    blind_review: bool


class DecisionStaleOut(ErrorOut):
    stored: ClaimOut | None = Field(
        None, description="The claim as stored now (stale_version only): merge and retry."
    )
    stored_verdict: VerdictOut | None = Field(
        None, description="Its current verdict as stored now (stale_version only)."
    )


class PublicationOut(Schema):
    claim: int = Field(alias="pk")
    published_at: dt.datetime | None
    published_by: int | None = Field(alias="published_by_id")
    url: str | None = Field(description="The public fact-check page while published.")

    @staticmethod
    def resolve_url(obj: Any) -> str | None:
        if obj.published_at is None:
            return None
        return public_url(export_context(), obj.pk)


class PublishRefusedOut(ErrorOut):
    problems: list[str] | None = Field(
        None,
        description="claimreview_invalid only: why the page's ClaimReview would be invalid, "
        "one sentence per problem, each naming the ClaimReview field "
        "(e.g. claimReviewed, url, author).",
    )
    fields: list[str] | None = Field(
        None,
        description="claimreview_invalid only: the ClaimReview properties the problems "
        "name, e.g. author, url, claimReviewed, reviewRating.alternateName.",
    )
