import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck.articles.models import Article, Revision, Span
from factcheck.history.models import Event

pytestmark = pytest.mark.django_db
URL = reverse("articles:import")


def nothing_stored() -> bool:
    return not (
        Article.objects.exists()
        or Revision.objects.exists()
        or Span.objects.exists()
        or Event.objects.exists()
    )


def form(**fields):
    return {"title": "Pasted story", "language": "en", "text": "", **fields}


def test_editor_imports_pasted_text_and_lands_on_the_reading_page(erin_client, erin):
    response = erin_client.post(URL, form(text="The report has 35 pages. It lists 62 cases."))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.created_by == erin
    assert Event.objects.get().action == "article.imported"


def test_editor_uploads_a_utf16_file(erin_client):
    upload = SimpleUploadedFile("story.txt", "\ufeffខ្ញុំទៅផ្សារ។ Hello.".encode("utf-16-le"))
    response = erin_client.post(URL, form(file=upload, language="km"))
    assert response.status_code == 302
    assert Article.objects.get().current_revision.text == "ខ្ញុំទៅផ្សារ។ Hello."


def test_editor_uploads_a_json_document(erin_client):
    upload = SimpleUploadedFile("doc.json", b'{"title": "From JSON", "text": "One. Two."}')
    response = erin_client.post(URL, form(file=upload, title=""))
    assert response.status_code == 302
    assert Article.objects.get().title == "From JSON"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "Paste the article text or choose a file"),
        ({"text": "   \n  "}, "The article is empty"),
        ({"file": SimpleUploadedFile("a.txt", b"")}, "The submitted file is empty"),
        (
            {"file": SimpleUploadedFile("a.txt", b"caf\xe9")},
            "not valid UTF-8 or UTF-16 text (byte 3",
        ),
        ({"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}, "Wrong file type"),
        ({"file": SimpleUploadedFile("a.json", b"{nope")}, "The JSON document is invalid"),
        ({"text": "Fine.", "title": ""}, "A title is required"),
        ({"text": "Fine.", "language": "xx-!!"}, "BCP 47"),
        ({"text": "Fine.", "source_url": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(erin_client, fields, message):
    response = erin_client.post(URL, form(**fields))
    assert response.status_code == 400
    assert message in response.text
    assert nothing_stored()


def test_oversized_upload_is_refused(erin_client, settings):
    settings.FACTCHECK_MAX_IMPORT_BYTES = 1024
    upload = SimpleUploadedFile("big.txt", b"x" * 2048)
    response = erin_client.post(URL, form(file=upload))
    assert response.status_code == 400
    assert "The file is too large: 2,048 bytes, and the limit is 1,024 bytes." in response.text
    assert nothing_stored()


def test_oversized_pasted_text_is_refused(erin_client, settings):
    settings.FACTCHECK_MAX_IMPORT_BYTES = 1024
    response = erin_client.post(URL, form(text="y" * 2000))
    assert response.status_code == 400
    assert "too large" in response.text
    assert nothing_stored()


def test_reviewer_and_outsider_may_not_import(alice_client, olga_client, client):
    for who in (alice_client, olga_client):
        assert who.get(URL).status_code == 403
        assert who.post(URL, form(text="Sneaky.")).status_code == 403
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert nothing_stored()


def test_import_page_shows_the_limit(erin_client):
    response = erin_client.get(URL)
    assert response.status_code == 200
    assert "2.0\xa0MB" in response.text
