"""Form rules every page shares."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from factcheck.text.markup import Markup, find_markup


def markup_refused(field: str, markup: Markup) -> ValidationError:
    return ValidationError(
        f"The {field} contains HTML markup ({markup.describe()}). Fields take plain text "
        "only: remove the tag, or put a web address in a source.",
        code="markup",
    )


def refuse_markup(value: str, *, field: str) -> str:
    """`value` unchanged, or ValidationError(code="markup") naming the field and the tag."""
    markup = find_markup(value)
    if markup is not None:
        raise markup_refused(field, markup)
    return value


class PlainTextForm(forms.Form):
    """A form whose text fields refuse HTML and script markup, each under its own field.

    The services refuse it as well (factcheck/claims/validators.clean_text and the import
    rules), so the API and the commands get the same answer; this puts the message beside
    the field the person typed it in. Hidden fields carry our own values and are skipped.
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or field.widget.is_hidden:
                continue
            values = cleaned.get(name)
            for value in values if isinstance(values, list) else [values]:
                markup = find_markup(value) if isinstance(value, str) else None
                if markup is not None:
                    label = str(field.label or name.replace("_", " ")).lower()
                    self.add_error(name, markup_refused(label, markup))
                    break
        return cleaned
