"""Check for updates: fetching an imported article's page again compares its text with the
current revision; a changed text is offered as a new revision through the revision preview
(nothing is stored until the editor confirms there), an unchanged one says so."""

import pytest
from django.urls import reverse

from factcheck.articles.models import Revision
from factcheck.fetching import services
from factcheck.fetching.models import FetchJob, PageSnapshot
from factcheck.fetching.tasks import run_fetch_job
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

STORY = b"The ministry counted 62 cases.\nThe report has 35 pages.\n"


@pytest.fixture
def imported(erin, fetch_from_local_site, site_pages):
    site_pages["/pages/story.txt"] = (STORY, "text/plain; charset=utf-8")
    fetched, extracted = services.fetch_article(fetch_from_local_site.url("/pages/story.txt"))
    return services.import_page(
        fetched=fetched, extracted=extracted, created_by=erin, title="Cases"
    )


def check(client, article) -> FetchJob:
    response = client.post(reverse("fetching:check-updates", args=[article.pk]))
    job = FetchJob.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("fetching:job", args=[job.pk])
    assert (job.purpose, job.article, job.url) == ("update", article, article.source_url)
    run_fetch_job.call(job.pk)
    job.refresh_from_db()
    return job


def test_the_reading_page_offers_the_check_to_editors(erin, bob, imported):
    url = reverse("fetching:check-updates", args=[imported.pk])
    assert url in client_for(erin).get(imported.get_absolute_url()).text
    assert url not in client_for(bob).get(imported.get_absolute_url()).text


def test_an_unchanged_page_says_so(erin, imported):
    client = client_for(erin)
    job = check(client, imported)
    assert job.finding == "unchanged"
    page = client.get(reverse("fetching:job", args=[job.pk]))
    assert "No change" in page.text and "revision 1" in page.text
    assert reverse("claims:new-revision", args=[imported.pk]) not in page.text


def test_a_changed_page_is_offered_as_a_new_revision_with_its_preview(erin, imported, site_pages):
    client = client_for(erin)
    site_pages["/pages/story.txt"] = (STORY.replace(b"62", b"63"), "text/plain; charset=utf-8")
    job = check(client, imported)
    assert job.finding == "changed"
    assert job.snapshot.article == imported  # the new copy is kept with the article
    page = client.get(reverse("fetching:job", args=[job.pk]))
    assert "text changed" in page.text
    form_action = reverse("claims:new-revision", args=[imported.pk])
    assert form_action in page.text
    offered = page.context["job"].snapshot.text
    preview = client.post(form_action, {"text": offered, "note": "Updated from the page"})
    assert preview.status_code == 200
    assert "63 cases" in preview.content.decode()
    assert Revision.objects.filter(article=imported).count() == 1  # previewed, not stored
    assert PageSnapshot.objects.filter(article=imported).count() == 2


def test_an_article_without_a_source_url_has_nothing_to_check(erin):
    from tests.factories import make_article

    article = make_article("Text only.", created_by=erin)
    response = client_for(erin).post(reverse("fetching:check-updates", args=[article.pk]))
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert not FetchJob.objects.exists()
