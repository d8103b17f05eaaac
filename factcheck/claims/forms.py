"""Forms for the claim panel. They parse and show errors; the services enforce the rules
(validators.py), so the API and commands get the same checks."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from factcheck.core.forms import PlainTextForm

from .models import SUMMARY_MAX, Rating, Review, Source
from .validators import validate_source_url


class VersionedForm(PlainTextForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ClaimForm(VersionedForm):
    # Not the verdict's summary for readers (editorial.forms.VerdictForm.public_summary):
    # this one says what is claimed, and heads the public page.
    summary = forms.CharField(
        max_length=SUMMARY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Claim summary (the headline)",
        help_text="One short, neutral sentence saying what is claimed, 75 characters or "
        "fewer if you can. It is the headline of the public fact-check page and the "
        "claim named in its ClaimReview; left empty, the quote is used.",
    )
    claimant = forms.CharField(max_length=200, required=False, label="Who made the claim")
    claimed_on = forms.DateField(
        required=False, label="When", widget=forms.DateInput(attrs={"type": "date"})
    )
    tags = forms.CharField(max_length=500, required=False, help_text="Separated by commas.")

    def clean_tags(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class ReviewForm(PlainTextForm):
    rating = forms.TypedChoiceField(widget=forms.RadioSelect, coerce=int)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    confidence = forms.ChoiceField(choices=Review.Confidence.choices, initial="medium")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, ratings: Sequence[Rating], **kwargs: Any) -> None:
        """`ratings`: the scale, already loaded for the radio buttons, so checking the
        choice against it costs no query."""
        super().__init__(*args, **kwargs)
        self.ratings_by_pk = {rating.pk: rating for rating in ratings}
        self.fields["rating"].choices = [(rating.pk, rating.label) for rating in ratings]

    def clean_rating(self) -> Rating:
        return self.ratings_by_pk[self.cleaned_data["rating"]]


class UrlField(forms.CharField):
    def validate(self, value: str) -> None:
        super().validate(value)
        if value:
            validate_source_url(value)


class SourceForm(PlainTextForm):
    url = UrlField(max_length=2000, label="Address (http or https)")
    title = forms.CharField(max_length=500, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    stance = forms.ChoiceField(choices=Source.Stance.choices, initial=Source.Stance.CONTEXT)
    excerpt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Quoted excerpt"
    )
    accessed_on = forms.DateField(
        required=False, label="Accessed", widget=forms.DateInput(attrs={"type": "date"})
    )
    archive_url = UrlField(max_length=2000, required=False, label="Archived copy")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class CommentForm(PlainTextForm):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000, label="Comment"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    form.add_error(None, error)
