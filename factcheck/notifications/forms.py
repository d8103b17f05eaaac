from django import forms

from .models import Kind


class EmailSettingsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Email me when",
    )
