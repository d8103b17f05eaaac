"""The export page's form: a format and the claim filters (query.ClaimFilter)."""

from typing import Any

from django import forms

from factcheck.articles.models import Article
from factcheck.claims.models import Claim, Rating
from factcheck.exports.formats import FORMATS
from factcheck.exports.query import STATUS_ALL, ClaimFilter

NATIVE = "native"
# Formats that carry a claim's status and make sense for work in progress; the others
# (ClaimReview, W3C, datasets) are about final verdicts and take verified claims only.
ANY_STATUS_FORMATS = frozenset({"jsonl", "csv"})
FORMAT_LABELS = {
    "claimreview": "ClaimReview JSON-LD (schema.org)",
    "w3c": "W3C Web Annotation JSON-LD",
    "csv": "CSV (spreadsheets)",
    "jsonl": "JSON Lines (one claim a line)",
    "fever": "FEVER-like dataset (JSON Lines)",
    "averitec": "AVeriTeC-like dataset (JSON)",
    NATIVE: "Native backup (everything; admins only)",
}
STATUS_CHOICES = [(Claim.Status.VERIFIED.value, "Verified"), (STATUS_ALL, "All statuses")] + [
    (value, label) for value, label in Claim.Status.choices if value != Claim.Status.VERIFIED
]


def status_error(fmt: str, status: str) -> str | None:
    if status != Claim.Status.VERIFIED and fmt not in ANY_STATUS_FORMATS:
        return f"The {fmt} format exports verified claims only; choose JSON Lines or CSV."
    return None


class ExportForm(forms.Form):
    format = forms.ChoiceField()
    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.order_by("title", "pk"),
        required=False,
        # Rendered beside the list and tied to it by aria-describedby (Django's
        # "<id>_helptext"; templates/exports/page.html gives the hint that id).
        help_text="None picked: every article. To pick several, hold Ctrl (⌘ on a Mac) "
        "and click each; Shift-click picks a run. With the keyboard: Shift and the arrow "
        "keys, or Ctrl and Space on each.",
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, initial=Claim.Status.VERIFIED)
    rating = forms.ChoiceField(required=False, label="Verdict rating")
    reviewer = forms.CharField(required=False, max_length=150, help_text="A username.")
    decided_from = forms.DateField(
        required=False, label="Decided from", widget=forms.DateInput(attrs={"type": "date"})
    )
    decided_to = forms.DateField(
        required=False, label="Decided to", widget=forms.DateInput(attrs={"type": "date"})
    )
    tag = forms.CharField(required=False, max_length=60)
    bom = forms.BooleanField(
        required=False,
        label="UTF-8 byte order mark (CSV for Excel)",
        help_text="CSV only: lets Excel read accented and non-Latin text.",
    )

    def __init__(self, *args: Any, allow_native: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [*FORMATS, NATIVE] if allow_native else list(FORMATS)
        self.fields["format"].choices = [(name, FORMAT_LABELS.get(name, name)) for name in names]
        slugs = Rating.objects.order_by("scale_id", "order").values_list("slug", "label")
        self.fields["rating"].choices = [("", "Any"), *dict(slugs).items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        fmt, status = data.get("format"), data.get("status")
        if fmt and status:
            error = status_error(fmt, status) if fmt != NATIVE else None
            if error:
                self.add_error("status", error)
        since, until = data.get("decided_from"), data.get("decided_to")
        if since and until and since > until:
            self.add_error("decided_to", "The end date is before the start date.")
        return data

    def claim_filter(self) -> ClaimFilter:
        data = self.cleaned_data
        return ClaimFilter(
            articles=tuple(sorted(article.pk for article in data["articles"])),
            status=data["status"],
            rating=data["rating"],
            reviewer=data["reviewer"].strip(),
            decided_from=data["decided_from"],
            decided_to=data["decided_to"],
            tag=data["tag"].strip(),
        )
