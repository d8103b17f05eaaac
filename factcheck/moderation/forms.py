"""Forms for flagging and moderating. They parse and show errors; the services enforce
the rules (a reason is required, one open flag per person and item, ...)."""

from django import forms

from factcheck.core.forms import PlainTextForm

from .services import REASON_MAX


class FlagForm(PlainTextForm):
    reason = forms.CharField(
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What is wrong with it?",
    )


class HideForm(PlainTextForm):
    reason = forms.CharField(
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why hide it? (shown to editors and its author)",
    )


class DismissForm(PlainTextForm):
    note = forms.CharField(
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        label="Note (optional)",
    )
