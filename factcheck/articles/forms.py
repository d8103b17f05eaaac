from django import forms

from factcheck.core.forms import PlainTextForm

from .services import LANGUAGE_TAG, max_import_bytes, read_json_document, too_large

ALLOWED_SUFFIXES = (".txt", ".md", ".json")


class ImportArticleForm(PlainTextForm):
    title = forms.CharField(
        max_length=500,
        required=False,
        help_text="Required unless the file is a JSON document with a title.",
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        strip=False,
        label="Paste the article text",
    )
    file = forms.FileField(required=False, label="…or upload a file (.txt, .md, .json)")
    source_url = forms.URLField(required=False, assume_scheme="https", label="Source URL")
    publisher = forms.CharField(max_length=200, required=False)
    author = forms.CharField(max_length=200, required=False)
    published_on = forms.DateField(
        required=False, label="Published on", widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.CharField(
        max_length=35, initial="en", help_text="BCP 47 tag: en, km, ar, en-GB …"
    )

    def clean_language(self):
        language = self.cleaned_data["language"].strip()
        if not LANGUAGE_TAG.match(language):
            raise forms.ValidationError("Use a BCP 47 language tag such as en, km, ar or en-GB.")
        return language

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError("Wrong file type: upload a .txt, .md or .json file.")
        if upload.size > max_import_bytes():
            raise forms.ValidationError(str(too_large(upload.size)))
        return upload

    def clean(self):
        return text_or_file(self, missing="Paste the article text or choose a file to upload.")


class RevisionForm(PlainTextForm):
    """A new revision of an article's text: pasted or uploaded, with a note. The preview
    (claims/revision_views.py) sends the normalised text back with the plan's
    `fingerprint` to confirm exactly what it showed."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        strip=False,
        label="Paste the corrected text",
    )
    file = forms.FileField(required=False, label="…or upload a file (.txt, .md, .json)")
    note = forms.CharField(
        max_length=500,
        required=False,
        label="Revision note",
        help_text="What changed, e.g. “Correction: 63 cases, not 62”.",
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    clean_file = ImportArticleForm.clean_file

    def clean(self):
        return text_or_file(self, missing="Paste the corrected text or choose a file to upload.")

    def content(self) -> bytes | str:
        """The new text as given: a .json document's "text", a file's bytes, or the paste."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data["text"]
        data = upload.read()
        if upload.name.lower().endswith(".json"):
            return read_json_document(data)["text"]
        return data


def text_or_file(form: PlainTextForm, *, missing: str) -> dict:
    """The import's and the revision's rule: pasted text or an uploaded file, not both."""
    cleaned = PlainTextForm.clean(form)
    has_text = bool((cleaned.get("text") or "").strip())
    upload = cleaned.get("file")
    if "file" in form.errors:
        return cleaned
    if has_text and upload:
        raise forms.ValidationError("Paste text or upload a file, not both.")
    if not has_text and not upload:
        if cleaned.get("text"):
            raise forms.ValidationError("The article is empty: there is no text to import.")
        raise forms.ValidationError(missing)
    return cleaned
