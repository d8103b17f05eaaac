import datetime as dt

from django import forms
from django.utils import timezone

from factcheck.core.forms import PlainTextForm

from .models import ApiToken
from .services import NAME_MAX


class TokenForm(PlainTextForm):
    name = forms.CharField(
        max_length=NAME_MAX, help_text="What it is for, e.g. “CMS import” or “claim model”."
    )
    scope = forms.ChoiceField(choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        help_text="Optional. The token works through this day (UTC).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_expires_on(self) -> dt.date | None:
        day = self.cleaned_data["expires_on"]
        if day is not None and day < timezone.now().date():
            raise forms.ValidationError("The expiry date is in the past.")
        return day
