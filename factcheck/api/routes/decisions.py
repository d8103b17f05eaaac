"""The editor's decisions on a claim, as the claim panel makes them: the final verdict, its
correction or confirmation, reopening and dismissal (under the claim's optimistic lock);
the article's blind-review switch; publishing the claim's fact-check page.

Each operation fetches through the page's access guard (editorial.access, exports.access),
checks its input with the page's form (editorial.forms), and writes through the page's
service, which records the history event; a refused write records nothing."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from factcheck.api.schemas.claims import ClaimOut
from factcheck.api.schemas.common import ErrorOut
from factcheck.api.schemas.decisions import (
    BlindReviewIn,
    BlindReviewOut,
    ClaimVerdictOut,
    ConfirmationIn,
    CorrectionIn,
    DecisionStaleOut,
    PublicationOut,
    PublishRefusedOut,
    ReasonIn,
    VerdictIn,
    VerdictOut,
)
from factcheck.claims import access as claim_access
from factcheck.claims.locking import StaleVersion
from factcheck.claims.models import Claim, Verdict
from factcheck.editorial import access, services
from factcheck.editorial.forms import ConfirmForm, CorrectionForm, ReasonForm, VerdictForm
from factcheck.exports import access as export_access
from factcheck.exports import services as export_services

from .claims import claim_links
from .common import READ_ERRORS, IfMatch, PathId, Refused, expected_version, form_refused

router = Router(tags=["decisions"])

# Each publishing problem (exports/formats/claimreview.py publishing_problems) names the
# ClaimReview property it breaks as "(the ClaimReview's <property>)": clients get them as
# `fields` without reading the sentences (tests/api/test_decisions.py pins the wording).
NAMED_FIELD = re.compile(r"\(the ClaimReview's ([A-Za-z.]+)\)")

DECISION_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    409: DecisionStaleOut,
    428: ErrorOut,
} | READ_ERRORS


# --- reading ------------------------------------------------------------------------------


def claim_verdicts(claim_id: int) -> dict[str, Any]:
    """The claim's decision state as the claim panel shows it: the current verdict and every
    verdict given, oldest first (three queries: claim, verdicts, their sources)."""
    claim = Claim.objects.only("pk", "status", "version", "verdict_id").get(pk=claim_id)
    verdicts = list(
        Verdict.objects.filter(claim_id=claim_id)
        .select_related("rating", "decided_by")
        .prefetch_related("sources")
        .order_by("decided_at", "pk")
    )
    current = next((verdict for verdict in verdicts if verdict.pk == claim.verdict_id), None)
    return {
        "claim": claim.pk,
        "status": claim.status,
        "version": claim.version,
        "verdict": current,
        "history": verdicts,
    }


@router.get(
    "/claims/{claim_id}/verdict",
    response={200: ClaimVerdictOut, 400: ErrorOut} | READ_ERRORS,
    url_name="claim-verdict",
    summary="Read a claim's verdict and the verdicts before it",
)
def read_verdict(request: HttpRequest, claim_id: PathId) -> Any:
    """For anyone who may read the claim: its page shows the verdicts to everyone."""
    claim = claim_access.claim_for_reading(request.user, claim_id)
    return claim_verdicts(claim.pk)


# --- deciding -----------------------------------------------------------------------------


@contextmanager
def decision_refusals() -> Iterator[None]:
    """The decision services' refusals, answered as the page answers them: a stale version
    409 with the stored claim and verdict, a decision the claim's state does not allow 409,
    a text the service refuses 400."""
    try:
        yield
    except StaleVersion as error:
        raise stale(error) from error
    except services.DecisionRefused as error:
        raise Refused(409, "decision_refused", str(error)) from error
    except ValidationError as error:
        raise Refused(400, "invalid", " ".join(error.messages)) from error


def stale(error: StaleVersion) -> Refused:
    current = error.current
    if current is None or current.deleted_at is not None:
        return Refused(409, "gone", "Someone else deleted this claim.")
    stored = claim_verdicts(current.pk)
    verdict = stored["verdict"]
    return Refused(
        409,
        "stale_version",
        "The claim changed since you read it: look at the stored claim and verdict, and retry.",
        stored=ClaimOut.from_orm(current).model_dump(mode="json", by_alias=False),
        stored_verdict=VerdictOut.from_orm(verdict).model_dump(mode="json", by_alias=False)
        if verdict
        else None,
    )


def checked(form: Any) -> dict[str, Any]:
    """The page form's cleaned data, or 400 with its errors (the same rules as the page)."""
    if not form.is_valid():
        raise form_refused(form, "The decision form refused this.")
    return form.cleaned_data  # type: ignore[no-any-return]


def verdict_form(form_class: type, claim: Claim, payload: VerdictIn, version: int) -> Any:
    data = payload.model_dump() | {"version": version}
    form = form_class(data, claim=claim)
    # The API names ratings by slug, as the verdict's output does; the form checks it is
    # on the default scale.
    form.fields["rating"].to_field_name = "slug"
    return form


@router.post(
    "/claims/{claim_id}/verdict",
    response={201: ClaimVerdictOut} | DECISION_ERRORS,
    url_name="claim-verdict",
    summary="Decide the claim's final verdict (editors)",
)
def decide(
    request: HttpRequest, claim_id: PathId, payload: VerdictIn, if_match: IfMatch = None
) -> Any:
    """The claim panel's verdict form: a rating of the default scale, a summary for readers,
    a rationale, and which of the claim's own sources count. The claim becomes verified. A
    claim that already has a verdict is corrected (PUT) or confirmed instead (409)."""
    claim = access.claim_for_deciding(request.user, claim_id)
    version = expected_version(if_match, payload.version)
    data = checked(verdict_form(VerdictForm, claim, payload, version))
    with decision_refusals():
        services.decide_verdict(
            claim=claim,
            editor=request.user,
            expected_version=version,
            rating=data["rating"],
            public_summary=data["public_summary"],
            rationale=data["rationale"],
            sources=data["sources"],
        )
    return Status(201, claim_verdicts(claim.pk))


@router.put(
    "/claims/{claim_id}/verdict",
    response={200: ClaimVerdictOut} | DECISION_ERRORS,
    url_name="claim-verdict",
    summary="Correct the claim's verdict, with a public note (editors)",
)
def correct(
    request: HttpRequest, claim_id: PathId, payload: CorrectionIn, if_match: IfMatch = None
) -> Any:
    """A new verdict replaces the current one (which stays in `history`); the note says
    publicly what changed. Only a verified claim, or one a new revision sent back to be
    rechecked, has a verdict to correct (409 decision_refused otherwise)."""
    claim = access.claim_for_deciding(request.user, claim_id)
    version = expected_version(if_match, payload.version)
    data = checked(verdict_form(CorrectionForm, claim, payload, version))
    with decision_refusals():
        services.correct_verdict(
            claim=claim,
            editor=request.user,
            expected_version=version,
            rating=data["rating"],
            public_summary=data["public_summary"],
            rationale=data["rationale"],
            sources=data["sources"],
            note=data["note"],
        )
    return claim_verdicts(claim.pk)


@router.post(
    "/claims/{claim_id}/verdict/confirmation",
    response={200: ClaimVerdictOut} | DECISION_ERRORS,
    url_name="verdict-confirmation",
    summary="Confirm a verdict a new revision put in doubt (editors)",
)
def confirm(
    request: HttpRequest, claim_id: PathId, payload: ConfirmationIn, if_match: IfMatch = None
) -> Any:
    """For a claim in needs_recheck: the verdict stands, given anew on the current revision."""
    claim = access.claim_for_deciding(request.user, claim_id)
    version = expected_version(if_match, payload.version)
    data = checked(ConfirmForm({"note": payload.note, "version": version}))
    with decision_refusals():
        services.confirm_verdict(
            claim=claim, editor=request.user, expected_version=version, note=data["note"]
        )
    return claim_verdicts(claim.pk)


@router.post(
    "/claims/{claim_id}/reopening",
    response={200: ClaimOut} | DECISION_ERRORS,
    url_name="claim-reopening",
    summary="Reopen a verified or dismissed claim, with a reason (editors)",
    openapi_extra=claim_links(200),
)
def reopen(
    request: HttpRequest, claim_id: PathId, payload: ReasonIn, if_match: IfMatch = None
) -> Any:
    claim = access.claim_for_deciding(request.user, claim_id)
    version = expected_version(if_match, payload.version)
    data = checked(ReasonForm({"reason": payload.reason, "version": version}))
    with decision_refusals():
        return services.reopen_claim(
            claim=claim, editor=request.user, expected_version=version, reason=data["reason"]
        )


@router.post(
    "/claims/{claim_id}/dismissal",
    response={200: ClaimOut} | DECISION_ERRORS,
    url_name="claim-dismissal",
    summary="Dismiss a claim as not checkable, with a reason (editors)",
    openapi_extra=claim_links(200),
)
def dismiss(
    request: HttpRequest, claim_id: PathId, payload: ReasonIn, if_match: IfMatch = None
) -> Any:
    claim = access.claim_for_deciding(request.user, claim_id)
    version = expected_version(if_match, payload.version)
    data = checked(ReasonForm({"reason": payload.reason, "version": version}))
    with decision_refusals():
        return services.dismiss_claim(
            claim=claim, editor=request.user, expected_version=version, reason=data["reason"]
        )


@router.put(
    "/articles/{article_id}/blind-review",
    response={200: BlindReviewOut, 400: ErrorOut, 409: ErrorOut} | READ_ERRORS,
    url_name="article-blind-review",
    summary="Turn an article's blind review on or off (editors)",
)
def blind_review(request: HttpRequest, article_id: PathId, payload: BlindReviewIn) -> Any:
    """Setting what is already set changes nothing and records nothing, as on the page;
    a colleague's switch between this read and the write is 409 decision_refused."""
    article = access.article_for_deciding(request.user, article_id)
    if payload.blind_review != article.blind_review:
        with decision_refusals():
            article = services.set_blind_review(
                article=article, editor=request.user, blind_review=payload.blind_review
            )
    return article


# --- publishing ---------------------------------------------------------------------------


@router.post(
    "/claims/{claim_id}/publication",
    response={200: PublicationOut, 201: PublicationOut, 400: PublishRefusedOut, 409: ErrorOut}
    | READ_ERRORS,
    url_name="claim-publication",
    summary="Publish a verified claim's fact-check page (editors)",
)
def publish(request: HttpRequest, claim_id: PathId) -> Any:
    """201 when the page goes online, 200 when it already was. A claim whose ClaimReview
    would be invalid is refused with 400 claimreview_invalid, the problems naming the
    field; a claim without a final verdict with 409 not_publishable."""
    claim = export_access.claim_for_publishing(request.user, claim_id)
    was_published = claim.published_at is not None
    try:
        claim = export_services.publish_claim(claim=claim, editor=request.user)
    except export_services.PublishRejected as error:
        raise publish_refused(claim, error) from error
    return Status(200 if was_published else 201, claim)


def publish_refused(claim: Claim, error: Exception) -> Refused:
    """Tells an invalid ClaimReview (the client can fix the data: 400) from a claim whose
    state does not allow publishing (409). The problems are read again only on refusal."""
    verified = claim.status == Claim.Status.VERIFIED and claim.verdict_id is not None
    problems = export_services.claimreview_problems(claim) if verified else []
    if problems:
        fields = [found for problem in problems for found in NAMED_FIELD.findall(problem)]
        return Refused(400, "claimreview_invalid", str(error), problems=problems, fields=fields)
    return Refused(409, "not_publishable", str(error))


@router.delete(
    "/claims/{claim_id}/publication",
    response={204: None, 400: ErrorOut} | READ_ERRORS,
    url_name="claim-publication",
    summary="Take a claim's fact-check page down (editors)",
)
def unpublish(request: HttpRequest, claim_id: PathId) -> Any:
    """An unpublished claim is left as it is (204 too, nothing recorded)."""
    claim = export_access.claim_for_publishing(request.user, claim_id)
    export_services.unpublish_claim(claim=claim, editor=request.user)
    return Status(204, None)
