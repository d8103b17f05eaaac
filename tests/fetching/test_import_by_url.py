"""Importing an article by URL: erin pastes a URL, the page is fetched as a task, the fetch's
page polls (htmx) until the preview is ready, erin corrects the prefilled import form and
imports; the article keeps the fetched page, which the reading page links to as a download
that never runs as a page of ours. Refusals say why and store nothing."""

import pytest
from django.urls import reverse

from factcheck.articles.models import Article
from factcheck.fetching.models import FetchJob, PageSnapshot
from factcheck.fetching.tasks import run_fetch_job
from factcheck.history.models import Event
from tests.conftest import client_for
from tests.fetching.conftest import PAGES

pytestmark = pytest.mark.django_db


def ask_to_import(client, url: str):
    return client.post(reverse("fetching:import-url"), {"url": url})


def test_the_import_page_offers_a_url_field(erin):
    page = client_for(erin).get(reverse("articles:import"))
    assert page.status_code == 200
    assert reverse("fetching:import-url") in page.text and 'name="url"' in page.text


def test_a_pasted_url_becomes_a_queued_fetch_whose_page_polls(
    erin, fetch_from_local_site, task_queue, django_capture_on_commit_callbacks
):
    client = client_for(erin)
    url = fetch_from_local_site.url("/articles/en.html")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_to_import(client, url)
    job = FetchJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fetching:job", args=[job.pk]
    )
    assert (job.purpose, job.state, job.url, job.requested_by) == ("import", "queued", url, erin)
    assert [result.args for result in task_queue.results] == [[job.pk]]
    page = client.get(response["Location"])
    assert "Queued" in page.text and 'hx-trigger="every 500ms"' in page.text
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="job-status"')
    assert "<html" not in partial.text


def test_the_preview_is_the_import_form_prefilled_and_polling_stops(erin, fetch_from_local_site):
    client = client_for(erin)
    ask_to_import(client, fetch_from_local_site.url("/articles/en.html"))
    job = FetchJob.objects.get()
    run_fetch_job.call(job.pk)
    partial = client.get(reverse("fetching:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert "hx-trigger" not in partial.text  # finished: no more polling
    form = partial.context["form"]
    assert form.initial["title"] == "Flood waters recede in Battambang as farmers count losses"
    assert form.initial["author"] == "Sophea Lim"
    assert form.initial["publisher"] == "Mekong Daily Ledger"
    assert form.initial["published_on"] == "2026-10-14"
    assert form.initial["language"] == "en"
    assert form.initial["text"].startswith("Flood waters in Battambang province began to recede")
    assert reverse("fetching:import-fetched", args=[job.pk]) in partial.text
    assert not Article.objects.exists()  # nothing imported before the editor says so


def preview_data(job: FetchJob, **changes) -> dict:
    data = {
        "title": job.extracted["title"],
        "text": job.snapshot.text,
        "source_url": job.extracted["source_url"],
        "publisher": job.extracted["publisher"],
        "author": job.extracted["author"],
        "published_on": job.extracted["published_on"],
        "language": job.extracted["language"],
    }
    return data | changes


def test_importing_the_corrected_preview_stores_the_article_with_its_page(
    erin, fetch_from_local_site
):
    client = client_for(erin)
    ask_to_import(client, fetch_from_local_site.url("/articles/en.html"))
    job = FetchJob.objects.get()
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    data = preview_data(job, author="Sophea Lim and Dara Chan")
    response = client.post(reverse("fetching:import-fetched", args=[job.pk]), data)
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.author == "Sophea Lim and Dara Chan"
    assert article.title == "Flood waters recede in Battambang as farmers count losses"
    assert article.source_url == fetch_from_local_site.url("/articles/en.html")
    assert article.current_revision.text == job.snapshot.text
    assert article.current_revision.spans.filter(kind="paragraph").count() == 5
    assert PageSnapshot.objects.get().article == article
    assert Event.objects.filter(action="article.imported", article=article).count() == 1
    again = client.post(reverse("fetching:import-fetched", args=[job.pk]), data)
    assert again.status_code == 400 and "This page was imported" in again.text
    assert Article.objects.count() == 1


def test_the_import_rules_apply_to_the_preview(erin, fetch_from_local_site):
    client = client_for(erin)
    ask_to_import(client, fetch_from_local_site.url("/articles/en.html"))
    job = FetchJob.objects.get()
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    url = reverse("fetching:import-fetched", args=[job.pk])
    markup = client.post(url, preview_data(job, text="A <script>x</script> text."))
    assert markup.status_code == 400 and "HTML markup" in markup.text
    no_language = client.post(url, preview_data(job, language="not a tag"))
    assert no_language.status_code == 400 and "BCP 47" in no_language.text
    assert not Article.objects.exists() and PageSnapshot.objects.get().article is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://example.org/a", "only http and https"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http://example.org:6379/", "port"),
        ("http://10.0.0.1/", "The address 10.0.0.1 is in a private range"),
        ("http://169.254.169.254/latest/", "link-local range"),
        ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
        ("not a url", ""),
    ],
)
def test_a_url_refused_before_fetching_says_why_and_stores_nothing(erin, url, reason):
    response = ask_to_import(client_for(erin), url)
    assert response.status_code == 400
    assert reason.lower() in response.text.lower()
    assert 'role="alert"' in response.text
    assert not FetchJob.objects.exists()


def test_a_refused_fetch_shows_its_reason_on_the_fetch_page_and_offers_a_retry(
    erin, fetch_from_local_site
):
    client = client_for(erin)
    ask_to_import(client, fetch_from_local_site.url("/missing"))
    job = FetchJob.objects.get()
    run_fetch_job.call(job.pk)
    page = client.get(reverse("fetching:job", args=[job.pk]))
    assert "The fetch failed." in page.text and "answered HTTP 404 Not Found" in page.text
    assert reverse("fetching:retry", args=[job.pk]) in page.text
    assert not PageSnapshot.objects.exists() and not Article.objects.exists()
    retried = client.post(reverse("fetching:retry", args=[job.pk]))
    assert retried.status_code == 302
    job.refresh_from_db()
    assert job.state == "queued" and job.error == ""


def test_the_kept_page_downloads_as_inert_bytes_from_the_reading_page(
    erin, bob, fetch_from_local_site
):
    client = client_for(erin)
    ask_to_import(client, fetch_from_local_site.url("/articles/en.html"))
    job = FetchJob.objects.get()
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    client.post(reverse("fetching:import-fetched", args=[job.pk]), preview_data(job))
    article = Article.objects.get()
    snapshot = PageSnapshot.objects.get()
    download = reverse("fetching:snapshot", args=[snapshot.pk])
    reading = client_for(bob).get(article.get_absolute_url())
    assert download in reading.text
    response = client_for(bob).get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content == (PAGES / "en.html").read_bytes()


def test_a_page_fetched_for_a_preview_is_for_editors_only(erin, bob, fetch_from_local_site):
    ask_to_import(client_for(erin), fetch_from_local_site.url("/articles/en.html"))
    job = FetchJob.objects.get()
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    download = reverse("fetching:snapshot", args=[job.snapshot.pk])
    assert client_for(bob).get(download).status_code == 403
    assert client_for(erin).get(download).status_code == 200
