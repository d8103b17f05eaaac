from django import forms
from django.conf import settings

from factcheck.articles.forms import ImportArticleForm
from factcheck.core.forms import PlainTextForm

from .client import URL_MAX_LENGTH, FetchRefused, parse_target, refuse_internal_literal


class ImportUrlForm(PlainTextForm):
    url = forms.CharField(
        max_length=URL_MAX_LENGTH,
        label="Article URL",
        help_text="An http or https address of the article's page.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    def clean_url(self) -> str:
        """What can be refused without the network is refused here, with the fetcher's own
        reason (scheme, port, user name in the URL, an internal IP literal such as
        http://10.0.0.1/, ...), before anything is stored; the rest (what a name resolves
        to, status, size) is the fetch's, shown on its page."""
        url = self.cleaned_data["url"].strip()
        try:
            target = parse_target(url, settings.FACTCHECK_FETCH_ALLOWED_PORTS)
            refuse_internal_literal(target, settings.FACTCHECK_FETCH_ALLOWED_ADDRESSES)
        except FetchRefused as refusal:
            raise forms.ValidationError(refusal.message, code=str(refusal.code)) from None
        return url


class FetchedImportForm(ImportArticleForm):
    """The import form, prefilled from the fetched page: the editor corrects the text and
    metadata, and the same import rules apply. No file: the text is the page's."""

    file = None  # type: ignore[assignment]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.fields["title"].help_text = ""
        self.fields["text"].label = "Article text"
