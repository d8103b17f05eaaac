"""Forms for the editor's decisions (templates/decisions/_verdict.html) and what the claim
panel and the reading page show about decisions. The services (services.py) enforce the
rules; these parse input and show errors."""

from collections.abc import Sequence
from typing import Any

from django import forms

from factcheck.claims.forms import VersionedForm
from factcheck.claims.listing import ReadingClaim
from factcheck.claims.models import Claim, Rating, Source, Verdict
from factcheck.core import roles

from . import agreement
from .services import (
    CORRECTABLE,
    DECIDABLE,
    NOTE_MAX,
    PUBLIC_SUMMARY_MAX,
    REASON_MAX,
    REOPENABLE,
)


class VerdictForm(VersionedForm):
    rating = forms.ModelChoiceField(
        queryset=Rating.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Final rating",
    )
    # Not the claim's summary (claims.forms.ClaimForm.summary, the page's headline): this
    # one says what the check found.
    public_summary = forms.CharField(
        max_length=PUBLIC_SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Verdict summary for readers",
        help_text="One or two sentences on what we found. On the public fact-check page it "
        "opens “What we found”, under the rating; the rating is shown beside it, so there "
        "is no need to repeat it.",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How we know: published on the public fact-check page under the verdict summary.",
    )
    sources = forms.ModelMultipleChoiceField(
        queryset=Source.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Sources that count",
    )

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = Rating.objects.of_default_scale()
        self.fields["sources"].queryset = countable_sources(claim)


class CorrectionForm(VerdictForm):
    note = forms.CharField(
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Public note",
        help_text="Shown with the corrected verdict: what changed and why.",
    )


class ConfirmForm(VersionedForm):
    note = forms.CharField(
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Public note (optional)",
        help_text="Shown with the verdict; by default it says the claim was rechecked "
        "against the new revision and the verdict stands.",
    )

    def __init__(self, *args: Any, claim: Claim | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ReasonForm(VersionedForm):
    reason = forms.CharField(max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, claim: Claim | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class BlindReviewForm(forms.Form):
    blind_review = forms.TypedChoiceField(
        choices=[("on", "on"), ("off", "off")], coerce=lambda value: value == "on"
    )


def countable_sources(claim: Claim) -> Any:
    """The sources a verdict may count: the claim's own, neither removed nor hidden."""
    return Source.objects.visible().filter(claim=claim, hidden_at__isnull=True).order_by("pk")


def decision_context(
    user: Any,
    claim: Claim,
    sources: list[Source],
    *,
    ratings: Sequence[Rating],
    forms: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The verdict section of the claim panel: the current verdict and the earlier ones
    (everyone), and for editors the forms that fit the claim's state. `forms` holds a bound
    form (errors, or a stale decision) under its key: verdict, correct, dismiss, reopen.
    `ratings`: the default scale, in its order, as the panel loaded it for the review form
    (views.panel_context), so the verdict forms' buttons cost no read of their own."""
    forms = forms or {}
    verdicts = list(
        Verdict.objects.filter(claim=claim)
        .select_related("rating", "decided_by", "replaced_by", "revision")
        .defer("revision__text")
        .prefetch_related("sources")
        .order_by("decided_at", "pk")
    )
    current = next((verdict for verdict in verdicts if verdict.pk == claim.verdict_id), None)
    earlier = [verdict for verdict in reversed(verdicts) if verdict is not current]
    context: dict[str, Any] = {
        "verdict": current,
        "earlier_verdicts": earlier,
        "can_decide": roles.is_editor(user),
        "decision_forms": {},
    }
    if not context["can_decide"]:
        return context
    countable = [source for source in sources if source.hidden_at is None]
    version = {"version": claim.version}
    shown: dict[str, Any] = {}
    if claim.status in DECIDABLE and current is None:
        shown["verdict"] = VerdictForm(initial=version, claim=claim, prefix="verdict")
        shown["dismiss"] = ReasonForm(initial=version, prefix="dismiss")
    if claim.status == Claim.Status.NEEDS_RECHECK and current is not None:
        shown["confirm"] = ConfirmForm(initial=version, prefix="confirm")
    if claim.status in CORRECTABLE and current is not None:
        initial = version | {
            "rating": current.rating_id,
            "public_summary": current.public_summary,
            "rationale": current.rationale,
            "sources": [source.pk for source in current.sources.all()],
        }
        shown["correct"] = CorrectionForm(initial=initial, claim=claim, prefix="correct")
    if claim.status in REOPENABLE:
        shown["reopen"] = ReasonForm(initial=version, prefix="reopen")
    shown.update(forms)
    for form in shown.values():
        if "sources" in form.fields:
            form.source_choices = source_choices(form, countable)
    context["decision_forms"] = shown
    context["verdict_ratings"] = list(ratings)
    return context


def source_choices(form: forms.Form, countable: list[Source]) -> list[tuple[Source, bool]]:
    """(source, ticked) for the checkboxes, from the sources already loaded for the panel."""
    value = form["sources"].value() or []
    ticked = {str(item) for item in value}
    return [(source, str(source.pk) in ticked) for source in countable]


def article_decisions_context(
    user: Any, article: Any, claims: Sequence[ReadingClaim]
) -> dict[str, Any]:
    """The reading page's header line: agreement for the article (editors always; reviewers
    only when blind review is off, since even the share of agreeing claims tells a blind
    reviewer something about ratings they have not seen) and the blind-review switch."""
    is_editor = roles.is_editor(user)
    return {
        "can_decide": is_editor,
        "agreement": (
            agreement.measure_claims(claims) if is_editor or not article.blind_review else None
        ),
    }
